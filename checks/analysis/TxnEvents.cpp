//===--- TxnEvents.cpp ----------------------------------------------------===//

#include "TxnEvents.h"
#include "../model/SqlClassifier.h"
#include "BodyWalk.h"
#include "CallOperands.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringSwitch.h"

using namespace clang;

namespace txnlint {
namespace {

/// Whether \p Value is `member_` (or `*member_`, or a copy of it) of the
/// object of the method it is returned from.
bool isOwnMember(const Expr *Value) {
  Value = Value->IgnoreImplicit()->IgnoreParenImpCasts();
  // `QSqlDatabase database() { return m_db; }` returns a copy of it.
  if (const auto *Copy = dyn_cast<CXXConstructExpr>(Value);
      Copy && Copy->getNumArgs() == 1 &&
      Copy->getConstructor()->isCopyOrMoveConstructor())
    Value = Copy->getArg(0)->IgnoreParenImpCasts();
  if (const auto *Deref = dyn_cast<UnaryOperator>(Value);
      Deref && Deref->getOpcode() == UO_Deref)
    Value = Deref->getSubExpr()->IgnoreParenImpCasts();
  const auto *Member = dyn_cast<MemberExpr>(Value);
  return Member && isa<FieldDecl>(Member->getMemberDecl()) &&
         isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts());
}

bool (*LinkedAccessorTest)(const CXXMethodDecl *) = nullptr;

/// Whether \p Method's body is `return T(this);` or `return T(*this);`: an
/// object made on this one, such as mysql++'s `Query Connection::query()`,
/// which runs its statements on the connection.
bool returnsObjectOnSelf(const CXXMethodDecl *Method) {
  const Expr *Value =
      Method->isInstance() && Method->getReturnType()->isRecordType()
          ? soleReturnValue(Method)
          : nullptr;
  if (Value)
    Value = Value->IgnoreImplicit();
  if (const auto *Cast = dyn_cast_or_null<CXXFunctionalCastExpr>(Value))
    Value = Cast->getSubExpr()->IgnoreImplicit();
  const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(Value);
  if (!Construct || Construct->getNumArgs() != 1)
    return false;
  const Expr *Arg = Construct->getArg(0)->IgnoreParenImpCasts();
  if (const auto *Deref = dyn_cast<UnaryOperator>(Arg);
      Deref && Deref->getOpcode() == UO_Deref)
    Arg = Deref->getSubExpr()->IgnoreParenImpCasts();
  return isa<CXXThisExpr>(Arg);
}

} // namespace

void setLinkedAccessorTest(bool (*Test)(const CXXMethodDecl *)) {
  LinkedAccessorTest = Test;
}

bool returnsOwnMember(const CXXMethodDecl *Method) {
  const FunctionDecl *Definition = nullptr;
  if (!Method->isInstance() || !Method->hasBody(Definition))
    return false;
  const auto *Body = dyn_cast<CompoundStmt>(Definition->getBody());
  constexpr unsigned MaxStatements = 4;
  if (!Body || Body->size() == 0 || Body->size() > MaxStatements)
    return false;
  const auto *Last = dyn_cast<ReturnStmt>(Body->body_back());
  if (!Last || !Last->getRetValue() || !isOwnMember(Last->getRetValue()))
    return false;
  return llvm::all_of(llvm::drop_end(Body->body()), [](const Stmt *S) {
    return walkOutsideLambdas(S, [](const Stmt *S) {
      return isa<ReturnStmt>(S) ? WalkNext::Stop : WalkNext::Descend;
    });
  });
}

std::optional<std::pair<unsigned, std::string>>
accessedParameterMember(const FunctionDecl *FD) {
  const FunctionDecl *Definition = nullptr;
  if (isa<CXXMethodDecl>(FD) || !FD->hasBody(Definition))
    return std::nullopt;
  const Expr *Value = soleReturnValue(Definition);
  if (Value)
    Value = Value->IgnoreParenImpCasts();
  // `db ? db->handle : NULL`: a null object has no handle.
  if (const auto *Guarded = dyn_cast_or_null<ConditionalOperator>(Value)) {
    ASTContext &Ctx = Definition->getASTContext();
    auto IsNull = [&](const Expr *E) {
      return E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull);
    };
    Value = IsNull(Guarded->getFalseExpr())  ? Guarded->getTrueExpr()
            : IsNull(Guarded->getTrueExpr()) ? Guarded->getFalseExpr()
                                             : nullptr;
    Value = Value ? Value->IgnoreParenImpCasts() : nullptr;
  }
  std::string Path;
  while (const auto *Member = dyn_cast_or_null<MemberExpr>(Value)) {
    const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
    if (!Field || !Field->getIdentifier())
      return std::nullopt;
    Path = Path.empty() ? Field->getName().str()
                        : Field->getName().str() + "." + Path;
    Value = Member->getBase()->IgnoreParenImpCasts();
  }
  const auto *Ref = dyn_cast_or_null<DeclRefExpr>(Value);
  const auto *Param = Ref ? dyn_cast<ParmVarDecl>(Ref->getDecl()) : nullptr;
  if (Path.empty() || !Param || Param->getDeclContext() != Definition)
    return std::nullopt;
  return std::pair{Param->getFunctionScopeIndex(), std::move(Path)};
}

namespace {
std::optional<std::pair<unsigned, std::string>> (*LinkedMemberAccessor)(
    const FunctionDecl *) = nullptr;
} // namespace

void setLinkedMemberAccessor(std::optional<std::pair<unsigned, std::string>> (
    *Test)(const FunctionDecl *)) {
  LinkedMemberAccessor = Test;
}

std::optional<MemberAccess> memberAccessOf(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || isa<CXXMethodDecl>(Callee))
    return std::nullopt;
  std::optional<std::pair<unsigned, std::string>> Accessed =
      Callee->hasBody()      ? accessedParameterMember(Callee)
      : LinkedMemberAccessor ? LinkedMemberAccessor(Callee)
                             : std::nullopt;
  if (!Accessed || Accessed->first >= Call->getNumArgs())
    return std::nullopt;
  MemberAccess Access{Call->getArg(Accessed->first), {}};
  llvm::SmallVector<StringRef, 2> Names;
  StringRef(Accessed->second).split(Names, '.', -1, false);
  for (StringRef Name : Names)
    Access.Path.push_back(Name.str());
  return Access;
}

bool isEmittedSignal(const Stmt *S, const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation Begin = S->getBeginLoc();
  if (!isa<CXXMemberCallExpr>(S) || !Begin.isFileID())
    return false;
  bool Invalid = false;
  StringRef Text = SM.getBufferData(SM.getFileID(Begin), &Invalid);
  if (Invalid)
    return false;
  StringRef Before = Text.take_front(SM.getFileOffset(Begin)).rtrim();
  for (StringRef Keyword : {"emit", "Q_EMIT"})
    if (Before.ends_with(Keyword) &&
        (Before.size() == Keyword.size() ||
         !isAsciiIdentifierContinue(
             Before[Before.size() - Keyword.size() - 1])))
      return true;
  return false;
}

bool isDeclaredSignal(const CXXMethodDecl *Method) {
  const AccessSpecDecl *Section = nullptr;
  for (const Decl *D : Method->getParent()->decls()) {
    if (const auto *Spec = dyn_cast<AccessSpecDecl>(D))
      Section = Spec;
    else if (D == Method->getCanonicalDecl())
      break;
  }
  if (!Section || !Section->getAccessSpecifierLoc().isMacroID())
    return false;
  const ASTContext &Ctx = Method->getASTContext();
  StringRef Macro =
      Lexer::getImmediateMacroName(Section->getAccessSpecifierLoc(),
                                   Ctx.getSourceManager(), Ctx.getLangOpts());
  return Macro == "Q_SIGNALS" || Macro == "signals";
}

const Expr *castPointer(const Expr *E) {
  const auto *Cast = dyn_cast<ExplicitCastExpr>(E);
  return Cast && Cast->getType()->isPointerType() &&
                 Cast->getSubExpr()->getType()->isPointerType()
             ? Cast->getSubExpr()
             : nullptr;
}

namespace {

/// `p.get()` on a smart pointer, a conversion operator (lmdb::txn to
/// MDB_txn*), a wrapper's accessor of the handle it keeps (`ledger.db()`),
/// or an object it makes on itself (`conn.query()`): the same handle as
/// the object, which a wrapper's own methods act on too.
bool isHandleAccessor(const CXXMemberCallExpr *Call) {
  const CXXMethodDecl *Method = Call->getMethodDecl();
  if (!Method)
    return false;
  if (isa<CXXConversionDecl>(Method))
    return true;
  if (Call->getNumArgs() != 0)
    return false;
  return isSmartPointerGet(Call) || returnsOwnMember(Method) ||
         returnsObjectOnSelf(Method) ||
         (!Method->hasBody() && LinkedAccessorTest &&
          LinkedAccessorTest(Method));
}

const Expr *strip(const Expr *E) {
  while (E) {
    const Expr *Next = E->IgnoreParenImpCasts()->IgnoreImplicit();
    if (const auto *UO = dyn_cast<UnaryOperator>(Next);
        UO && (UO->getOpcode() == UO_AddrOf || UO->getOpcode() == UO_Deref))
      Next = UO->getSubExpr();
    else if (const auto *CE = dyn_cast<CXXConstructExpr>(Next);
             CE && CE->getNumArgs() == 1 &&
             CE->getConstructor()->isCopyOrMoveConstructor())
      Next = CE->getArg(0);
    else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Next);
             Op && (Op->getOperator() == OO_Arrow ||
                    Op->getOperator() == OO_Star) && Op->getNumArgs() == 1)
      Next = Op->getArg(0); // txn->Put(...) on a smart pointer
    else if (const auto *Call = dyn_cast<CXXMemberCallExpr>(Next);
             Call && isHandleAccessor(Call))
      Next = Call->getImplicitObjectArgument(); // txn.get(), (MDB_txn *)txn
    else if (const Expr *Cast = castPointer(Next))
      Next = Cast;
    if (Next == E)
      return E;
    E = Next;
  }
  return E;
}

std::optional<std::string> literalText(const StringLiteral *SL) {
  if (SL->getCharByteWidth() == 1)
    return SL->getString().str();
  // Wide and UTF-16 literals (QStringLiteral): SQL keywords are ASCII.
  std::string Text;
  for (unsigned I = 0, N = SL->getLength(); I != N; ++I) {
    uint32_t Unit = SL->getCodeUnit(I);
    Text += Unit < 0x80 ? char(Unit) : '?';
  }
  return Text;
}

/// The first string literal in a lambda's body: Qt 5's QStringLiteral
/// expands to a lambda that returns its literal.
const StringLiteral *literalInLambda(const CXXMethodDecl *CallOperator) {
  struct Finder : RecursiveASTVisitor<Finder> {
    const StringLiteral *Found = nullptr;
    bool VisitStringLiteral(StringLiteral *SL) {
      Found = SL;
      return false;
    }
  } F;
  F.TraverseStmt(CallOperator->getBody());
  return F.Found;
}

bool isLocalCharBuffer(const VarDecl *VD);

/// What local character buffer or string \p Buffer may hold where \p Use
/// reads it: the format of the call that fills it (asprintf(&buf, "..."),
/// snprintf(buf, n, "...")), the value a string is initialized with or
/// assigned (`std::string q = "SELECT ..."; ...; q = "UPDATE ...";`), else
/// a buffer's initializer; a null source when something else fills it. A
/// buffer filled more than once (`char sql[256]` reused for a SELECT, then
/// an UPDATE) holds what the last fill before the use put there, when that
/// fill is a statement of a block the use is in and no fill in a loop
/// around the use comes after it; or, when that fill ends one arm of an
/// `if`/`else` that is such a statement and every other arm ends with a
/// fill too, one of those arms' fills (SAGA's `if (SavePoint.is_Empty())
/// Command = "BEGIN"; else Command = "SAVEPOINT " + SavePoint;`).
llvm::SmallVector<const Expr *, 2> bufferSources(const VarDecl *Buffer,
                                                 const Expr *Use) {
  const auto *Function =
      dyn_cast_or_null<FunctionDecl>(Buffer->getParentFunctionOrMethod());
  if (!Function || !Function->getBody())
    return {nullptr};
  struct Fill {
    /// The format, or null for an assignment or a copy.
    const Expr *Format;
    const Stmt *Site;
    /// The block whose statement the fill is, and the loops around it.
    const Stmt *Block;
    llvm::SmallVector<const Stmt *, 2> Loops;
    /// The statements around it, outermost first.
    llvm::SmallVector<const Stmt *, 8> Ancestors;
  };
  llvm::SmallVector<Fill, 2> Fills;
  llvm::SmallVector<const Stmt *, 16> Path;
  llvm::SmallVector<const Stmt *, 16> UsePath;
  auto Names = [&](const Expr *E) {
    const auto *Ref = dyn_cast<DeclRefExpr>(strip(E));
    return Ref && Ref->getDecl() == Buffer;
  };
  bool IsBuffer = isLocalCharBuffer(Buffer);
  // A pointer initialized with text is filled there too (GDAL's `char
  // *pszSQL = sqlite3_mprintf("SELECT ...");`, later set to an UPDATE).
  const Expr *Init = Buffer->getInit();
  bool PointsToText =
      IsBuffer && Buffer->getType()->isPointerType() && Init &&
      !Init->isNullPointerConstant(Buffer->getASTContext(),
                                   Expr::NPC_ValueDependentIsNotNull);
  auto Record = [&](const Stmt *Site, const Expr *Format) {
    Fill F{Format, Site, nullptr, {}, {Path.begin(), Path.end()}};
    // A fill in an arm without braces (`if (sp.empty()) cmd = "COMMIT";`)
    // is no statement of the block around the `if`.
    bool InArm = false;
    for (const Stmt *Ancestor : llvm::reverse(Path)) {
      InArm |=
          !F.Block && isa<IfStmt, SwitchStmt, ConditionalOperator>(Ancestor);
      if (!F.Block && !InArm && isa<CompoundStmt>(Ancestor))
        F.Block = Ancestor;
      if (isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(Ancestor))
        F.Loops.push_back(Ancestor);
    }
    Fills.push_back(std::move(F));
  };
  auto Walk = [&](const Stmt *S, auto &Self) -> void {
    if (!S || isa<LambdaExpr>(S))
      return;
    if (S == Use)
      UsePath = Path;
    if (const auto *Assign = dyn_cast<CXXOperatorCallExpr>(S);
        Assign && Assign->getOperator() == OO_Equal &&
        Assign->getNumArgs() == 2 && Names(Assign->getArg(0))) {
      Record(S, Assign->getArg(1));
    } else if (const auto *Call = dyn_cast<CallExpr>(S)) {
      if (auto Filled = formattedBuffer(Call); Filled && Names(Filled->first))
        Record(S, Call->getArg(Filled->second));
      else if (const FunctionDecl *Callee = Call->getDirectCallee();
               Callee && Callee->getDeclName().isIdentifier() &&
               Call->getNumArgs() >= 1 && Names(Call->getArg(0)) &&
               llvm::is_contained({"strcpy", "strncpy", "strcat", "strncat",
                                   "strlcpy", "strlcat", "memcpy", "memmove"},
                                  Callee->getName()))
        Record(S, nullptr);
    } else if (const auto *Op = dyn_cast<BinaryOperator>(S);
               Op && Op->isAssignmentOp() && Names(Op->getLHS())) {
      // `sql = sqlite3_mprintf("DELETE ...", id)`: what the pointer is set
      // to.
      Record(S, Op->getOpcode() == BO_Assign ? Op->getRHS() : nullptr);
    } else if (const auto *Declared = dyn_cast<DeclStmt>(S);
               Declared && (!IsBuffer || PointsToText) &&
               llvm::is_contained(Declared->decls(), Buffer)) {
      Record(S, Buffer->getInit());
    }
    Path.push_back(S);
    for (const Stmt *Child : S->children())
      Self(Child, Self);
    Path.pop_back();
  };
  Walk(Function->getBody(), Walk);
  if (Fills.empty())
    return {IsBuffer ? Buffer->getInit() : nullptr};
  if (Fills.size() == 1)
    return {Fills.front().Format};
  if (!Use || UsePath.empty())
    return {nullptr};
  const SourceManager &SM = Function->getASTContext().getSourceManager();
  auto Before = [&](const Stmt *A, const Stmt *B) {
    return SM.isBeforeInTranslationUnit(A->getBeginLoc(), B->getBeginLoc());
  };
  auto LastIn = [&](auto Where) {
    const Fill *Last = nullptr;
    for (const Fill &F : Fills)
      if (Before(F.Site, Use) && Where(F) &&
          (!Last || Before(Last->Site, F.Site)))
        Last = &F;
    return Last;
  };
  const Fill *Last = LastIn([](const Fill &) { return true; });
  // A later fill in a loop around the use reaches it on the next turn.
  if (!Last || llvm::any_of(Fills, [&](const Fill &F) {
        return Before(Use, F.Site) &&
               llvm::any_of(F.Loops, [&](const Stmt *Loop) {
                 return llvm::is_contained(UsePath, Loop);
               });
      }))
    return {nullptr};
  if (llvm::is_contained(UsePath, Last->Block))
    return {Last->Format};
  // The `if` that is a statement of the innermost block around both.
  const auto *Top = [&]() -> const IfStmt * {
    for (unsigned I = 0; I + 1 < Last->Ancestors.size(); ++I)
      if (isa<CompoundStmt>(Last->Ancestors[I]) &&
          llvm::is_contained(UsePath, Last->Ancestors[I]) &&
          !llvm::is_contained(UsePath, Last->Ancestors[I + 1]))
        return dyn_cast<IfStmt>(Last->Ancestors[I + 1]);
    return nullptr;
  }();
  // Each arm's last fill, a statement of the arm itself; an `else if`
  // chain's arms in turn.
  llvm::SmallVector<const Expr *, 2> Sources;
  auto AddArm = [&](const Stmt *Arm, auto &Self) -> bool {
    if (const auto *Nested = dyn_cast_or_null<IfStmt>(Arm))
      return Self(Nested->getThen(), Self) && Self(Nested->getElse(), Self);
    if (!Arm)
      return false;
    const Fill *ArmLast = LastIn([&](const Fill &F) {
      return F.Site == Arm || llvm::is_contained(F.Ancestors, Arm);
    });
    if (!ArmLast || !ArmLast->Format ||
        !(ArmLast->Block == Arm || ArmLast->Site == Arm->IgnoreContainers() ||
          (isa<Expr>(Arm) &&
           ArmLast->Site == cast<Expr>(Arm)->IgnoreImplicit())))
      return false;
    Sources.push_back(ArmLast->Format);
    return true;
  };
  if (!Top || !AddArm(Top, AddArm))
    return {nullptr};
  return Sources;
}

const Expr *bufferSource(const VarDecl *Buffer, const Expr *Use) {
  llvm::SmallVector<const Expr *, 2> Sources = bufferSources(Buffer, Use);
  return Sources.size() == 1 ? Sources.front() : nullptr;
}

/// A character array or pointer local to a function (not a parameter,
/// which its callers fill).
bool isLocalCharBuffer(const VarDecl *VD) {
  QualType T = VD->getType();
  const Type *Element = T->isPointerType() ? T->getPointeeType().getTypePtr()
                        : T->isArrayType() ? T->getArrayElementTypeNoTypeQual()
                                           : nullptr;
  return Element && Element->isCharType() && VD->hasLocalStorage() &&
         !isa<ParmVarDecl>(VD);
}

/// A local string object of the function that is not const: a later
/// assignment may replace the text it was initialized with.
bool isReassignableString(const VarDecl *VD) {
  QualType T = VD->getType();
  return VD->hasLocalStorage() && !isa<ParmVarDecl>(VD) &&
         !T.isConstQualified() && T->isRecordType() && VD->getInit();
}

/// Methods whose result begins with their object's text: QString::arg
/// fills placeholders, append adds to the end.
bool keepsLeadingText(const CXXMethodDecl *Method) {
  return Method && Method->getDeclName().isIdentifier() &&
         (Method->getName() == "arg" || Method->getName() == "append");
}

std::optional<std::string> sqlText(const Expr *E, const ASTContext &Ctx,
                                   unsigned Depth) {
  if (!E || Depth > 8)
    return std::nullopt;
  E = E->IgnoreParenImpCasts()->IgnoreImplicit();
  if (const auto *SL = dyn_cast<StringLiteral>(E))
    return literalText(SL);
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    // A constant, a local string initialized once from a literal, or a
    // local buffer filled once from a format.
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    if (!VD)
      return std::nullopt;
    return sqlText(localTextSource(VD, DRE), Ctx, Depth + 1);
  }
  auto IsPlus = [](const Expr *Operand) {
    const auto *Op = dyn_cast<CXXOperatorCallExpr>(Operand);
    return Op && Op->getOperator() == OO_Plus && Op->getNumArgs() == 2
               ? Op
               : nullptr;
  };
  if (IsPlus(E)) {
    // `std::string("INSERT INTO ") + db + "." + table + ...`: however long
    // the chain, its text starts with its leftmost operand's.
    llvm::SmallVector<const Expr *, 8> Rights;
    const Expr *Left = E;
    while (const CXXOperatorCallExpr *Op = IsPlus(Left)) {
      Rights.push_back(Op->getArg(1));
      Left = Op->getArg(0)->IgnoreParenImpCasts()->IgnoreImplicit();
    }
    std::optional<std::string> Text = sqlText(Left, Ctx, Depth + 1);
    if (!Text)
      return std::nullopt;
    for (const Expr *Right : llvm::reverse(Rights))
      *Text += sqlText(Right, Ctx, Depth + 1).value_or("?");
    return Text;
  }
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E))
    return Construct->getNumArgs() >= 1
               ? sqlText(Construct->getArg(0), Ctx, Depth + 1)
               : std::nullopt;
  if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E))
    return sqlText(Cast->getSubExpr(), Ctx, Depth + 1);
  // `const char TABLE_NODE_DELETE[]{"DELETE ..."}`.
  if (const auto *List = dyn_cast<InitListExpr>(E))
    return List->getNumInits() == 1 ? sqlText(List->getInit(0), Ctx, Depth + 1)
                                    : std::nullopt;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    // s.c_str(), q.toStdString(), b.constData(): the object's text;
    // QString("... %1").arg(x): the object's text comes first.
    if (MC->getNumArgs() == 0 || keepsLeadingText(MC->getMethodDecl()))
      return sqlText(MC->getImplicitObjectArgument(), Ctx, Depth + 1);
    // A printf-like method formats its first argument (Kodi's
    // `PrepareSQL("DELETE FROM movie WHERE idMovie=%i", id)`).
    if (const CXXMethodDecl *Method = MC->getMethodDecl();
        Method && Method->isVariadic() && Method->getNumParams() == 1)
      return sqlText(MC->getArg(0), Ctx, Depth + 1);
    return std::nullopt;
  }
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    if (const auto *MD = dyn_cast_or_null<CXXMethodDecl>(Call->getDirectCallee());
        MD && MD->getParent()->isLambda())
      if (const StringLiteral *SL = literalInLambda(MD))
        return literalText(SL);
    if (const Expr *Format = formatArgument(Call))
      return sqlText(Format, Ctx, Depth + 1);
    // QString::fromUtf8("..."), QLatin1String("..."): a conversion.
    if (Call->getNumArgs() >= 1)
      return sqlText(Call->getArg(0), Ctx, Depth + 1);
  }
  return std::nullopt;
}

Operation operationOf(SqlStatement::Kind K) {
  switch (K) {
  case SqlStatement::Begin: return Operation::Begin;
  case SqlStatement::Commit: return Operation::Commit;
  case SqlStatement::Rollback: return Operation::Rollback;
  case SqlStatement::Savepoint: return Operation::SavepointOpen;
  case SqlStatement::Release: return Operation::SavepointRelease;
  case SqlStatement::RollbackTo: return Operation::SavepointRollback;
  case SqlStatement::Read:
  case SqlStatement::SetTransaction: return Operation::Read;
  case SqlStatement::Write:
  case SqlStatement::Unknown: return Operation::Write; // see SqlUnknown
  }
  return Operation::Write;
}

/// The arguments of a call as the callee sees them: for a member operator
/// call, argument 0 is the object.
struct CallShape {
  const Expr *Object = nullptr;
  llvm::SmallVector<const Expr *, 4> Args;
};

CallShape shapeOf(const CallExpr *Call) {
  CallShape Shape;
  unsigned First = 0;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call)) {
    Shape.Object = MC->getImplicitObjectArgument();
  } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
             Op && isa_and_nonnull<CXXMethodDecl>(Op->getDirectCallee())) {
    Shape.Object = Op->getArg(0);
    First = 1;
  }
  for (unsigned I = First, N = Call->getNumArgs(); I < N; ++I)
    Shape.Args.push_back(Call->getArg(I));
  return Shape;
}

/// Whether the flags \p Spec names are set in a constant argument
/// (`mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn)`).
bool readOnlyByFlag(const OperationSpec &Spec,
                    llvm::ArrayRef<const Expr *> Args, const ASTContext &Ctx) {
  if (!Spec.ReadOnlyFlag || Spec.ReadOnlyFlag->Argument >= Args.size())
    return false;
  Expr::EvalResult Value;
  const Expr *Flags = Args[Spec.ReadOnlyFlag->Argument];
  return !Flags->isValueDependent() && Flags->EvaluateAsInt(Value, Ctx) &&
         (Value.Val.getInt().getZExtValue() & Spec.ReadOnlyFlag->Flag);
}

bool isSmartPointer(const CXXRecordDecl *RD) {
  if (!RD->isInStdNamespace() || !RD->getIdentifier())
    return false;
  StringRef Name = RD->getName();
  return Name == "unique_ptr" || Name == "shared_ptr";
}

} // namespace

const CXXRecordDecl *recordOf(QualType T) {
  if (T.isNull())
    return nullptr;
  T = T.getNonReferenceType();
  if (const auto *PT = T->getAs<PointerType>())
    T = PT->getPointeeType();
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(RD);
      Spec && isSmartPointer(Spec) && Spec->getTemplateArgs().size() >= 1 &&
      Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type)
    return Spec->getTemplateArgs()[0].getAsType()->getAsCXXRecordDecl();
  return RD;
}

namespace {

const CXXRecordDecl *objectRecord(const Expr *Object) {
  // The object's own type, before the conversion to the method's class.
  return Object ? recordOf(Object->IgnoreParenImpCasts()->getType()) : nullptr;
}

/// T for std::make_unique<T> and std::make_shared<T>.
const CXXRecordDecl *madeType(const FunctionDecl *Callee) {
  if (!Callee->isInStdNamespace() || !Callee->getDeclName().isIdentifier() ||
      (Callee->getName() != "make_unique" && Callee->getName() != "make_shared"))
    return nullptr;
  const TemplateArgumentList *Args = Callee->getTemplateSpecializationArgs();
  if (!Args || Args->size() < 1 || Args->get(0).getKind() != TemplateArgument::Type)
    return nullptr;
  return Args->get(0).getAsType()->getAsCXXRecordDecl();
}

/// Whether \p Callee is an overload \p Spec names: the one with its
/// "arguments" count, or any.
bool matchesArguments(const OperationSpec &Spec, const FunctionDecl *Callee) {
  return !Spec.ArgumentCount || *Spec.ArgumentCount == Callee->getNumParams();
}

std::string calleeName(const FunctionDecl *FD) {
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD))
    return Ctor->getParent()->getName().str();
  return FD->getDeclName().getAsString();
}

} // namespace

bool reconnects(llvm::ArrayRef<TxnEvent> Events) {
  auto Has = [&](Operation Op) {
    return llvm::any_of(Events, [&](const TxnEvent &E) { return E.Op == Op; });
  };
  return Has(Operation::Close) && Has(Operation::Open);
}

bool takesRowLocks(const TxnEvent &E) {
  return (E.Op == Operation::Write && !E.SqlUnknown) ||
         (E.Op == Operation::Read && !E.Access.Locked.empty());
}

bool mayShareTransaction(const TxnEvent &Write, const TxnEvent &End) {
  if (Write.HandleKey.empty() || End.HandleKey.empty() ||
      Write.HandleKey == End.HandleKey)
    return true;
  auto ConnectionIs = [](const TxnEvent &E, const std::string &Key) {
    return !E.ConnectionKey.empty() && E.ConnectionKey == Key;
  };
  return ConnectionIs(Write, End.HandleKey) ||
         ConnectionIs(Write, End.ConnectionKey) ||
         ConnectionIs(End, Write.HandleKey);
}

std::string modelNameOf(const NamedDecl *D) {
  std::string Name = D->getDeclName().getAsString();
  if (Name.empty())
    return "";
  // Template arguments are left out at every level ("Outer<int>::Txn" is
  // "Outer::Txn"), and so are the namespaces a user does not write: inline
  // (std::__1) and anonymous ones.
  for (const DeclContext *DC = D->getDeclContext(); !DC->isTranslationUnit();
       DC = DC->getParent()) {
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC)) {
      if (!NS->isAnonymousNamespace() && !NS->isInline())
        Name = NS->getName().str() + "::" + Name;
    } else if (const auto *RD = dyn_cast<RecordDecl>(DC)) {
      if (!RD->getIdentifier())
        return "";
      Name = RD->getName().str() + "::" + Name;
    } else if (!DC->isTransparentContext()) {
      return ""; // local to a function: no model can name it
    }
  }
  return Name;
}

SourceLocation eventLocation(const TxnEvent &E) {
  if (!E.Site)
    return {};
  if (const auto *Scope = dyn_cast<CompoundStmt>(E.Site); Scope && E.Destructor)
    return Scope->getRBracLoc();
  return E.Site->getBeginLoc();
}

bool happensBefore(const std::vector<TxnEvent> &Events, unsigned A, unsigned B,
                   const SourceManager &SM) {
  SourceLocation First = eventLocation(Events[A]),
                 Second = eventLocation(Events[B]);
  return First == Second ? A < B : SM.isBeforeInTranslationUnit(First, Second);
}

std::string declId(const Decl *D) {
  return std::to_string(uintptr_t(D->getCanonicalDecl()));
}

std::string varKey(const ValueDecl *D) { return "v" + declId(D); }

std::string memberKey(llvm::StringRef MemberId, llvm::StringRef BaseKey) {
  return ("m" + MemberId + "(" + BaseKey + ")").str();
}

const Expr *accessedObject(const ValueDecl *D) {
  const auto *Var = dyn_cast<VarDecl>(D);
  if (!Var || !Var->hasLocalStorage() || isa<ParmVarDecl>(Var) ||
      !Var->getInit())
    return nullptr;
  bool Reference = Var->getType()->isReferenceType();
  if (Reference || Var->getType()->isPointerType())
    if (const auto *Member = dyn_cast<MemberExpr>(strip(Var->getInit()));
        Member && !mayHoldOtherThanInit(Var))
      return Member;
  const auto *Call = dyn_cast<CXXMemberCallExpr>(
      Var->getInit()->IgnoreParenImpCasts()->IgnoreImplicit());
  if (!Call || !isHandleAccessor(Call) ||
      isa<CXXConversionDecl>(Call->getMethodDecl()))
    return nullptr;
  // `wxSQLite3Database *Db = db->GetDb();`, kept: the connection the
  // wrapper's own methods run on.
  if (Var->getType()->isPointerType())
    return returnsOwnMember(Call->getMethodDecl()) && !mayHoldOtherThanInit(Var)
               ? Call->getImplicitObjectArgument()
               : nullptr;
  if (!Reference && (!Var->getType()->isRecordType() ||
                     !returnsObjectOnSelf(Call->getMethodDecl())))
    return nullptr;
  return Call->getImplicitObjectArgument();
}

namespace {

/// A local reference or pointer initialized from a call whose result the
/// model names (`auto &db = DataStore::self();`): that call.
const CallExpr *aliasedCall(const ValueDecl *D) {
  const auto *Var = dyn_cast<VarDecl>(D);
  if (!Var || !Var->hasLocalStorage() || isa<ParmVarDecl>(Var) ||
      !(Var->getType()->isReferenceType() || Var->getType()->isPointerType()) ||
      !Var->getInit())
    return nullptr;
  return dyn_cast<CallExpr>(strip(Var->getInit()));
}

/// Whether \p Call, which initializes the local \p D, names the same object
/// each time it is called alike: a reference bound to what a free or static
/// function returns by reference (`Database &db = Database::getInstance();`),
/// as the same call written out again does.
bool returnsSameObject(const CallExpr *Call, const ValueDecl *D) {
  return D->getType()->isReferenceType() && Call->isLValue() &&
         !isa<CXXMemberCallExpr, CXXOperatorCallExpr>(Call);
}

/// handleKeyOf, with declarations named by \p NameOf, looking through what
/// \p Model (when given) says calls return: the object itself, or the one
/// shared connection.
std::string keyOf(const Expr *E, TxnEventClassifier *Model,
                  llvm::function_ref<std::string(const Decl *)> NameOf,
                  unsigned Depth) {
  E = strip(E);
  if (!E || Depth > 16)
    return "";
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (const CallExpr *Call = aliasedCall(DRE->getDecl());
        Call &&
        (returnsSameObject(Call, DRE->getDecl()) || memberAccessOf(Call) ||
         (Model && Model->returnedHandleOf(Call) != ReturnedHandle::Unknown)))
      return keyOf(Call, Model, NameOf, Depth + 1);
    // `soci::session &sql = repo.session();`: the accessor's object.
    if (const Expr *Object = accessedObject(DRE->getDecl()))
      return keyOf(Object, Model, NameOf, Depth + 1);
    return "v" + NameOf(DRE->getDecl());
  }
  if (isa<CXXThisExpr>(E))
    return "this";
  // `QSqlQuery q;`: a connection left to its default is the one the model
  // names, as if `QSqlDatabase::database()` were written.
  if (const auto *Default = dyn_cast<CXXDefaultArgExpr>(E); Default && Model)
    if (const CXXMethodDecl *Accessor =
            Model->defaultConnectionOf(Default->getType()))
      return "c" + NameOf(Accessor) + "(" +
             std::string(Accessor->getNumParams(), ',') + ")";
  // A statement named by a string (PQprepare(conn, "insert_order", ...)),
  // also as a string object built from it (pqxx's prepare(std::string)).
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E);
      Construct && Construct->getNumArgs() >= 1 &&
      isa<StringLiteral>(Construct->getArg(0)->IgnoreParenImpCasts()))
    E = Construct->getArg(0)->IgnoreParenImpCasts();
  if (const auto *SL = dyn_cast<StringLiteral>(E))
    return "'" + literalText(SL).value_or("") + "'";
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    std::string Base = keyOf(ME->getBase(), Model, NameOf, Depth + 1);
    return Base.empty() ? "" : memberKey(NameOf(ME->getMemberDecl()), Base);
  }
  // The elements of an array of handles (`MDB_txn *txn[2]; ... &txn[i]`)
  // are one handle, whatever the index: a loop begins each, another ends
  // each.
  if (const auto *Element = dyn_cast<ArraySubscriptExpr>(E)) {
    std::string Base = keyOf(Element->getBase(), Model, NameOf, Depth + 1);
    return Base.empty() ? "" : Base + "[]";
  }
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    // A factory such as QSqlDatabase::database("main"): same callee and
    // same arguments name the same connection.
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee)
      return "";
    // Qt 5's QStringLiteral("main"), a lambda that returns the literal.
    if (const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
        Method && Method->getParent()->isLambda())
      if (const StringLiteral *SL = literalInLambda(Method))
        return "'" + literalText(SL).value_or("") + "'";
    // `dt_database_get(db)`, which returns `db->handle`, is that member: of
    // the object when its type is not in view (then the caller's events on
    // the member are keyed on the object too, parameterMemberKey).
    if (std::optional<MemberAccess> Access = memberAccessOf(Call)) {
      std::string Object = keyOf(Access->Object, Model, NameOf, Depth + 1);
      std::string Key = Object;
      const Type *T = Access->Object->getType()->getPointeeOrArrayElementType();
      for (StringRef Name : Access->Path) {
        const RecordDecl *Record = T->getAsRecordDecl();
        const FieldDecl *Field = nullptr;
        if (Record && (Record = Record->getDefinition()))
          for (const FieldDecl *Candidate : Record->fields())
            if (Candidate->getIdentifier() && Candidate->getName() == Name)
              Field = Candidate;
        if (!Field || Object.empty())
          return Object;
        Key = memberKey(NameOf(Field), Key);
        T = Field->getType()->getPointeeOrArrayElementType();
      }
      return Key;
    }
    // std::move(tr) is tr.
    if (Callee->isInStdNamespace() && Callee->getIdentifier() &&
        (Callee->getName() == "move" || Callee->getName() == "forward") &&
        Call->getNumArgs() == 1)
      return keyOf(Call->getArg(0), Model, NameOf, Depth + 1);
    switch (Model ? Model->returnedHandleOf(Call) : ReturnedHandle::Unknown) {
    case ReturnedHandle::Self:
      // The method's object, or the function's handle argument
      // (`m_mysql = mysql_real_connect(m, ...)` is `m`).
      return keyOf(Model->handleOperandOf(Call, *Model->specOfCall(Call)),
                   Model, NameOf, Depth + 1);
    case ReturnedHandle::Shared:
      // Every call, whatever its arguments, in every function.
      return "shared:" + modelNameOf(Callee);
    case ReturnedHandle::Unknown:
      break;
    }
    std::string Key = "c" + NameOf(Callee) + "(";
    for (const Expr *Arg : Call->arguments()) {
      const Expr *A = Arg->IgnoreParenImpCasts()->IgnoreImplicit();
      if (const auto *SL = dyn_cast<StringLiteral>(A))
        Key += "'" + literalText(SL).value_or("") + "'";
      else if (!isa<CXXDefaultArgExpr>(A))
        Key += keyOf(A, Model, NameOf, Depth + 1);
      Key += ",";
    }
    return Key + ")";
  }
  return "";
}

} // namespace

std::string handleKeyOf(const Expr *E) { return keyOf(E, nullptr, declId, 0); }

std::string handleKeyOf(const Expr *E,
                        llvm::function_ref<std::string(const Decl *)> NameOf) {
  return keyOf(E, nullptr, NameOf, 0);
}

const Expr *TxnEventClassifier::handleOperandOf(const CallExpr *Call,
                                                const OperationSpec &Spec) {
  CallShape Shape = shapeOf(Call);
  HandleSource Handle =
      Spec.HandleGiven || !Shape.Object ? Spec.Handle : HandleSource();
  switch (Handle.K) {
  case HandleSource::Object:
    return Shape.Object;
  case HandleSource::Argument:
    return Handle.Index < Shape.Args.size() ? Shape.Args[Handle.Index]
                                            : nullptr;
  default:
    return nullptr;
  }
}

std::string TxnEventClassifier::handleKeyOf(const Expr *E) {
  return keyOf(E, this, declId, 0);
}

ReturnedHandle TxnEventClassifier::returnedHandleOf(const CallExpr *Call) {
  const OperationSpec *Spec = specOfCall(Call);
  if (!Spec ||
      (Spec->Returns == ReturnedHandle::Self && !handleOperandOf(Call, *Spec)))
    return ReturnedHandle::Unknown;
  return Spec->Returns;
}

std::string handleSpelling(const TxnEvent &Event, const ASTContext &Ctx) {
  // A transaction object, or a returned handle stored in a variable.
  if (Event.BoundVariable && Event.HandleKey == varKey(Event.BoundVariable))
    return Event.BoundVariable->getNameAsString();
  const Expr *E = strip(Event.Handle);
  if (!E)
    return "the connection";
  // An implicit `this` has the source range of the member it calls; an
  // explicit one, `*this` and `(*this)` all name the same object. A method
  // of the object that acts on one of its members acts on that member.
  if (isa<CXXThisExpr>(E))
    return Event.ObjectMember.empty() ? "this" : Event.ObjectMember;
  // `QSqlQuery q;`: no text names the connection.
  if (isa<CXXDefaultArgExpr>(E))
    return "the default connection";
  StringRef Text = Lexer::getSourceText(
      CharSourceRange::getTokenRange(E->getSourceRange()),
      Ctx.getSourceManager(), Ctx.getLangOpts());
  if (Text.empty() || Text.size() > 60)
    return "the connection";
  return Text.str();
}

std::string transactionSpelling(const TxnEvent &E, const ASTContext &Ctx) {
  bool IsObject = (E.BoundVariable && E.HandleKey == varKey(E.BoundVariable)) ||
                  E.HandleRole == Role::Transaction ||
                  E.HandleRole == Role::Savepoint;
  return (IsObject ? "transaction '" : "transaction on '") +
         handleSpelling(E, Ctx) + "'";
}

std::string savepointSpelling(const TxnEvent &E, const ASTContext &Ctx) {
  if (!E.SavepointName.empty())
    return "'" + E.SavepointName + "'";
  if (E.BoundVariable)
    return "'" + E.BoundVariable->getNameAsString() + "'";
  return "on '" + handleSpelling(E, Ctx) + "'";
}

std::optional<std::string> sqlTextOf(const Expr *E, const ASTContext &Ctx) {
  return sqlText(E, Ctx, 0);
}

const ConditionalOperator *sqlChoiceOf(const Expr *E) {
  // The choice may be made into a local first, followed as sqlText follows
  // initializers.
  if (!E)
    return nullptr;
  // Through the text a helper's `const std::string &` parameter makes of it
  // (pgAdmin's `ExecuteVoid(done ? "COMMIT" : "ROLLBACK")`).
  auto Text = [](const Expr *E) {
    E = E->IgnoreParenImpCasts()->IgnoreImplicit();
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(E);
        Construct && Construct->getNumArgs() >= 1 &&
        isText(Construct->getType()))
      E = Construct->getArg(0)->IgnoreParenImpCasts();
    return E;
  };
  E = Text(E);
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
        Var && Var->getAnyInitializer())
      E = Text(Var->getAnyInitializer());
  return dyn_cast<ConditionalOperator>(E);
}

/// The texts the SQL argument \p E may be: the arms of a `?:` that chooses
/// it, or the fills of a local string assigned in each arm of an `if`
/// (bufferSources); empty when it is one text or unknown.
static llvm::SmallVector<const Expr *, 2> sqlAlternativesOf(const Expr *E) {
  if (const ConditionalOperator *Choice = sqlChoiceOf(E))
    return {Choice->getTrueExpr(), Choice->getFalseExpr()};
  // Through `command.c_str()`, as sqlText reads it.
  E = E->IgnoreParenImpCasts()->IgnoreImplicit();
  while (const auto *Text = dyn_cast<CXXMemberCallExpr>(E))
    if (Text->getNumArgs() == 0 && Text->getImplicitObjectArgument())
      E = Text->getImplicitObjectArgument()
              ->IgnoreParenImpCasts()
              ->IgnoreImplicit();
    else
      break;
  const auto *Ref = dyn_cast<DeclRefExpr>(strip(E));
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!Var || !(isLocalCharBuffer(Var) || isReassignableString(Var)))
    return {};
  llvm::SmallVector<const Expr *, 2> Sources = bufferSources(Var, Ref);
  if (Sources.size() < 2)
    return {};
  return Sources;
}

Operation transactionLevelOf(Operation Op) {
  switch (Op) {
  case Operation::SavepointOpen:
    return Operation::Begin;
  case Operation::SavepointRelease:
    return Operation::Commit;
  case Operation::SavepointRollback:
    return Operation::Rollback;
  default:
    return Op;
  }
}

std::optional<std::vector<SqlEffect>>
sqlEffectsOfArgument(const Expr *E, const ASTContext &Ctx) {
  if (std::optional<std::string> Sql = sqlTextOf(E, Ctx))
    return sqlEffectsOf(*Sql);
  // One transaction control statement whichever text runs: the same one
  // (`BEGIN` or `BEGIN IMMEDIATE`), the transaction's own where the other is
  // the savepoint that stands for it in a nested level (`COMMIT` or `RELEASE
  // x`; such a begin joins an open transaction), or an end (`ok ? "COMMIT" :
  // "ROLLBACK"`), a commit when either arm commits.
  std::optional<SqlEffect> Chosen;
  for (const Expr *Alternative : sqlAlternativesOf(E)) {
    std::optional<std::string> Text = sqlTextOf(Alternative, Ctx);
    if (!Text)
      return std::nullopt;
    std::vector<SqlEffect> Effects = sqlEffectsOf(*Text);
    if (Effects.size() != 1 ||
        !llvm::is_contained({Operation::Begin, Operation::Commit,
                             Operation::Rollback, Operation::SavepointOpen,
                             Operation::SavepointRelease,
                             Operation::SavepointRollback},
                            Effects.front().Op))
      return std::nullopt;
    SqlEffect &Effect = Effects.front();
    if (!Chosen) {
      Chosen = std::move(Effect);
      continue;
    }
    Operation Was = transactionLevelOf(Chosen->Op),
              Is = transactionLevelOf(Effect.Op);
    bool BothEnd = endsTransaction(Was) && endsTransaction(Is);
    if (Was != Is && !BothEnd)
      return std::nullopt;
    bool Nests = Chosen->Op != Effect.Op && Was == Is;
    if ((Was == Is && Effect.Op == Is && Chosen->Op != Was) ||
        (BothEnd && Was != Is && Is == Operation::Commit))
      Chosen = std::move(Effect);
    // Its end then ends only its participation (TxnDomain's joined
    // begins), as a RELEASE ends a savepoint.
    Chosen->Joins |= Nests && Was == Operation::Begin;
  }
  if (!Chosen)
    return std::nullopt;
  return std::vector<SqlEffect>{std::move(*Chosen)};
}

const TypeSpec *TxnEventClassifier::typeSpecOf(QualType T) {
  const CXXRecordDecl *RD = recordOf(T);
  return RD ? typeSpecOf(RD) : nullptr;
}

const CXXMethodDecl *TxnEventClassifier::defaultConnectionOf(QualType T) {
  const TypeSpec *Spec = typeSpecOf(T);
  const CXXRecordDecl *RD = recordOf(T);
  if (!Spec || Spec->DefaultConnection.empty() || !RD || !RD->hasDefinition())
    return nullptr;
  for (const CXXMethodDecl *Method : RD->getDefinition()->methods())
    if (Method->isStatic() && Method->getIdentifier() &&
        Method->getName() == Spec->DefaultConnection &&
        Method->getMinRequiredArguments() == 0)
      return Method;
  return nullptr;
}

bool TxnEventClassifier::ownsTransaction(QualType T) {
  // References and raw pointers leave the object to someone else.
  if (T->isReferenceType() || T->isPointerType())
    return false;
  const TypeSpec *Spec = typeSpecOf(T);
  return Spec && Spec->Destructor != DestructorAction::Nothing;
}

const TypeSpec *TxnEventClassifier::typeSpecOf(const CXXRecordDecl *RD) {
  RD = RD->getCanonicalDecl();
  auto [It, Inserted] = TypeCache.try_emplace(RD, nullptr);
  if (!Inserted)
    return It->second;
  const TypeSpec *Found = Model.findType(modelNameOf(RD));
  // A user class derived from a modelled type is that type.
  if (!Found && RD->hasDefinition())
    for (const CXXBaseSpecifier &Base : RD->getDefinition()->bases())
      if (const CXXRecordDecl *BaseRD = recordOf(Base.getType()))
        if ((Found = typeSpecOf(BaseRD)))
          break;
  TypeCache[RD] = Found;
  return Found;
}

const OperationSpec *TxnEventClassifier::specOf(const FunctionDecl *Callee,
                                                const CXXRecordDecl *Object) {
  Callee = Callee->getCanonicalDecl();
  const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
  if (!Method || Method->isStatic() || isa<CXXConstructorDecl>(Method))
    Object = nullptr;
  else if (!Object)
    Object = Method->getParent();
  auto [It, Inserted] = SpecCache.try_emplace({Callee, Object}, nullptr);
  if (!Inserted)
    return It->second;
  // Constructors are found through their class (which may derive from a
  // modelled one), everything else by name first.
  std::string Name = calleeName(Callee);
  if (!isa<CXXConstructorDecl>(Callee) &&
      (Name.empty() || !Model.mayBeModelled(Name)))
    return nullptr;

  const OperationSpec *Found = nullptr;
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Callee)) {
    if (const TypeSpec *T = typeSpecOf(Ctor->getParent()))
      Found = T->constructorFor(Ctor->getNumParams());
  } else if (Object) {
    // The most derived modelled class that has the method wins, so that
    // pqxx::subtransaction::commit releases a savepoint while
    // transaction_base::commit commits. Overloads share an entry unless the
    // model names an argument count.
    llvm::SmallVector<const CXXRecordDecl *, 4> Work{Object};
    for (unsigned I = 0; I < Work.size() && !Found; ++I) {
      const CXXRecordDecl *RD = Work[I];
      if (const TypeSpec *T = Model.findType(modelNameOf(RD)))
        for (const MethodSpec &M : T->Methods)
          if (M.Name == Name && matchesArguments(M.Spec, Callee)) {
            Found = &M.Spec;
            break;
          }
      if (RD->hasDefinition())
        for (const CXXBaseSpecifier &Base : RD->getDefinition()->bases())
          if (const CXXRecordDecl *BaseRD = recordOf(Base.getType()))
            Work.push_back(BaseRD);
    }
  }
  // A member function listed under "functions" matches as well, on any
  // object (implicit 'this' included).
  if (!Found && !isa<CXXConstructorDecl>(Callee))
    if (const FunctionSpec *F = Model.findFunction(modelNameOf(Callee));
        F && matchesArguments(F->Spec, Callee))
      Found = &F->Spec;
  SpecCache[{Callee, Object}] = Found;
  // The library declares it, unless a class of the program that derives
  // from a modelled one does (Tomahawk's `TomahawkSqlQuery : QSqlQuery`,
  // whose file is the program's).
  const auto *Owner = dyn_cast<CXXMethodDecl>(Callee);
  if (Found && (!Owner || Model.findType(modelNameOf(Owner->getParent())))) {
    const SourceManager &SM = Callee->getASTContext().getSourceManager();
    LibraryFiles.insert(SM.getFileID(SM.getExpansionLoc(Callee->getLocation())));
    if (const auto *Namespace = dyn_cast_or_null<NamespaceDecl>(
            Callee->getDeclContext()->getEnclosingNamespaceContext()))
      LibraryNamespaces.insert(Namespace->getCanonicalDecl());
  }
  return Found;
}

bool TxnEventClassifier::isLibraryCode(const Decl *D,
                                       SourceLocation Loc) const {
  const SourceManager &SM = D->getASTContext().getSourceManager();
  FileID File = SM.getFileID(Loc);
  if (!LibraryFiles.contains(File))
    return false;
  if (File != SM.getMainFileID())
    return true;
  for (const DeclContext *Context = D->getDeclContext(); Context;
       Context = Context->getParent())
    if (const auto *Namespace = dyn_cast<NamespaceDecl>(Context);
        Namespace && LibraryNamespaces.contains(Namespace->getCanonicalDecl()))
      return true;
  return false;
}

bool TxnEventClassifier::isLibraryCode(const Decl *D) const {
  const SourceManager &SM = D->getASTContext().getSourceManager();
  return isLibraryCode(D, SM.getExpansionLoc(D->getLocation()));
}

const OperationSpec *TxnEventClassifier::specOfCall(const Stmt *S) {
  if (const auto *Call = dyn_cast<CallExpr>(S)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    return Callee ? specOf(Callee, objectRecord(shapeOf(Call).Object)) : nullptr;
  }
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(S))
    return specOf(Construct->getConstructor());
  return nullptr;
}

const MemberExpr *initializedMember(ASTContext &Ctx,
                                    const CXXConstructorDecl *Ctor,
                                    const CXXCtorInitializer *Init) {
  FieldDecl *Field = Init->getMember();
  if (!Field || !Init->isWritten() || !Field->getIdentifier())
    return nullptr;
  auto *This = CXXThisExpr::Create(Ctx, Init->getMemberLocation(),
                                   Ctor->getThisType(), /*IsImplicit=*/true);
  return MemberExpr::Create(
      Ctx, This, /*IsArrow=*/true, SourceLocation(), NestedNameSpecifierLoc(),
      SourceLocation(), Field, DeclAccessPair::make(Field, Field->getAccess()),
      DeclarationNameInfo(Field->getDeclName(), Init->getMemberLocation()),
      nullptr, Field->getType(), VK_LValue, OK_Ordinary, NOUR_None);
}

bool TxnEventClassifier::returnsRunError(const CallExpr *Call) {
  const OperationSpec *Spec = specOfCall(Call);
  return Spec && Spec->Op == Operation::StatementResult &&
         Spec->Failure == FailureReport::ReturnsError;
}

namespace {

/// What destroying an object of \p T does on a normal path, where "commits
/// unless unwinding" commits (implicit destructors in the CFG, and delete,
/// run on normal paths).
Operation destructorOperation(const TypeSpec &T) {
  bool Commits = T.Destructor != DestructorAction::RollsBack;
  if (T.TypeRole == Role::Savepoint)
    return Commits ? Operation::SavepointRelease : Operation::SavepointRollback;
  return Commits ? Operation::Commit : Operation::Rollback;
}

/// The isolation level or SQLite begin mode that an enumerator names
/// (pqxx::serializable, SQLite::TransactionBehavior::IMMEDIATE, also after
/// a prefix of C-style names: wxSQLite3's WXSQLITE_TRANSACTION_IMMEDIATE),
/// in SQL's words: "SERIALIZABLE", "IMMEDIATE"; "" for any other.
std::string sqlWordsOf(const EnumConstantDecl *Enumerator) {
  if (!Enumerator || !Enumerator->getIdentifier())
    return "";
  std::string Words = StringRef(Enumerator->getName()).upper();
  std::replace(Words.begin(), Words.end(), '_', ' ');
  for (StringRef Named :
       {"SERIALIZABLE", "REPEATABLE READ", "READ COMMITTED", "READ UNCOMMITTED",
        "SNAPSHOT", "DEFERRED", "IMMEDIATE", "EXCLUSIVE"})
    if (Words == Named || StringRef(Words).ends_with((" " + Named).str()))
      return Named.str();
  return "";
}

bool isBeginMode(StringRef Words) {
  return Words == "DEFERRED" || Words == "IMMEDIATE" || Words == "EXCLUSIVE";
}

/// What a library's begin says in its type and arguments: the isolation
/// level of `pqxx::transaction<pqxx::serializable>` (a template argument),
/// the mode of `SQLite::Transaction t(db, TransactionBehavior::IMMEDIATE)`
/// (a constructor argument).
void readBeginSettings(const CXXRecordDecl *Made, ArrayRef<const Expr *> Args,
                       TxnEvent &E) {
  if (std::string Level = isolationOfType(Made); !Level.empty())
    E.Access.Isolation = std::move(Level);
  for (const Expr *Arg : Args)
    if (const auto *Ref = dyn_cast<DeclRefExpr>(Arg->IgnoreParenImpCasts()))
      if (std::string Words = sqlWordsOf(dyn_cast<EnumConstantDecl>(Ref->getDecl()));
          isBeginMode(Words))
        E.Modifier = Words;
}

} // namespace

std::optional<std::pair<const Expr *, unsigned>>
formattedBuffer(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || !Callee->getDeclName().isIdentifier() ||
      !(Callee->getDeclContext()->getRedeclContext()->isTranslationUnit() ||
        Callee->isInStdNamespace()))
    return std::nullopt;
  std::optional<unsigned> Format =
      llvm::StringSwitch<std::optional<unsigned>>(Callee->getName())
          .Cases("asprintf", "vasprintf", "sprintf", "vsprintf", 1)
          .Cases("snprintf", "vsnprintf", 2)
          .Default(std::nullopt);
  // The program's own (DDNet's `str_format(char *buffer, int size, const
  // char *format, ...)`): the buffer first, the format last before `...`.
  unsigned Params = Callee->getNumParams();
  auto IsText = [&](unsigned I, bool Const) {
    QualType T = Callee->getParamDecl(I)->getType();
    return T->isPointerType() && T->getPointeeType()->isCharType() &&
           T->getPointeeType().isConstQualified() == Const;
  };
  if (!Format && Callee->isVariadic() && Params >= 2 && IsText(0, false) &&
      IsText(Params - 1, true))
    Format = Params - 1;
  if (!Format || Call->getNumArgs() <= *Format)
    return std::nullopt;
  return std::make_pair(Call->getArg(0), *Format);
}

const Expr *localTextSource(const VarDecl *Var, const Expr *Use) {
  return isLocalCharBuffer(Var) || isReassignableString(Var)
             ? bufferSource(Var, Use)
             : Var->getAnyInitializer();
}

const Expr *formatArgument(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || isa<CXXMethodDecl>(Callee) || Callee->getNumParams() == 0)
    return nullptr;
  auto IsText = [](QualType T) {
    return T->isPointerType() && T->getPointeeType()->isCharType();
  };
  QualType Returned = Callee->getReturnType();
  // A variadic template that returns a string formats the argument before
  // its pack (fmt::sprintf(const S &format, const T &...args),
  // fmt::format(format_string<T...> format, T &&...args)).
  if (const FunctionTemplateDecl *Template = Callee->getPrimaryTemplate()) {
    const FunctionDecl *Pattern = Template->getTemplatedDecl();
    const auto *String = Returned->getAsCXXRecordDecl();
    unsigned Pack = 0;
    while (Pack < Pattern->getNumParams() &&
           !Pattern->getParamDecl(Pack)->isParameterPack())
      ++Pack;
    if (Pack == 0 || Pack == Pattern->getNumParams() || !String ||
        !String->isInStdNamespace() || !String->getIdentifier() ||
        String->getName() != "basic_string" || Pack > Call->getNumArgs())
      return nullptr;
    return Call->getArg(Pack - 1);
  }
  unsigned Format = Callee->getNumParams() - 1;
  if (!Callee->isVariadic()) {
    QualType Last = Callee->getParamDecl(Format)->getType();
    if (Format == 0 || Last.getAsString().find("va_list") == std::string::npos)
      return nullptr;
    --Format;
  }
  if (!IsText(Returned) || !IsText(Callee->getParamDecl(Format)->getType()) ||
      Format >= Call->getNumArgs())
    return nullptr;
  return Call->getArg(Format);
}

std::string isolationOfType(const CXXRecordDecl *Transaction) {
  const auto *Spec =
      dyn_cast_or_null<ClassTemplateSpecializationDecl>(Transaction);
  if (!Spec)
    return "";
  std::string Level;
  for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray()) {
    if (Arg.getKind() != TemplateArgument::Integral)
      continue;
    const auto *Enum = Arg.getIntegralType()->getAs<EnumType>();
    if (!Enum)
      continue;
    for (const EnumConstantDecl *C : Enum->getDecl()->enumerators())
      if (llvm::APSInt::isSameValue(C->getInitVal(), Arg.getAsIntegral()))
        if (std::string Words = sqlWordsOf(C);
            !Words.empty() && !isBeginMode(Words))
          Level = Words;
  }
  return Level;
}

std::vector<SqlEffect> sqlEffectsOf(llvm::StringRef Sql) {
  std::vector<SqlEffect> Effects;
  for (SqlStatement &Stmt : classifySql(Sql))
    Effects.push_back({operationOf(Stmt.K), Stmt.Name,
                       Stmt.Modifier == "SCHEMA",
                       Stmt.Modifier == "SCHEMA" ? "" : Stmt.Modifier,
                       Stmt.K == SqlStatement::Unknown, std::move(Stmt.Access)});
  return Effects;
}

void applySqlEffect(TxnEvent &E, SqlEffect Effect) {
  E.Op = Effect.Op;
  E.SavepointName = std::move(Effect.SavepointName);
  E.Schema = Effect.Schema;
  E.Modifier = std::move(Effect.Modifier);
  E.SqlUnknown = Effect.Unknown;
  E.Access = std::move(Effect.Access);
  E.Joins |= Effect.Joins;
}

llvm::SmallVector<TxnEvent, 1>
TxnEventClassifier::classify(const Stmt *S, const ASTContext &Ctx,
                             const MemberExpr *Member, bool Returned,
                             bool ResultKept) {
  llvm::SmallVector<TxnEvent, 1> Events;
  const OperationSpec *Spec = nullptr;
  CallShape Shape;
  /// For a construction: the variable constructed.
  const VarDecl *Constructed = nullptr;
  /// For a construction, of a variable or a member: its type.
  QualType ConstructedType;

  /// For a heap construction (new T, std::make_unique<T>): the class.
  const CXXRecordDecl *HeapType = nullptr;
  if (const auto *Call = dyn_cast<CallExpr>(S)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee)
      return Events;
    // `work_.reset()` on a smart pointer that owns a transaction destroys
    // it, as its scope's end does for a local (the pointer it is given is
    // the default, null).
    if (const auto *Reset = dyn_cast<CXXMemberCallExpr>(Call);
        Reset &&
        llvm::all_of(
            Reset->arguments(),
            [](const Expr *Arg) { return isa<CXXDefaultArgExpr>(Arg); }) &&
        Callee->getIdentifier() && Callee->getName() == "reset" &&
        Reset->getMethodDecl()->getParent()->isInStdNamespace()) {
      const Expr *Owner = Reset->getImplicitObjectArgument();
      if (std::optional<TxnEvent> E = destruction(Owner->getType(), S)) {
        E->Handle = Owner;
        E->HandleKey = handleKeyOf(Owner);
        E->HandleRole = Role::Transaction;
        Events.push_back(std::move(*E));
      }
      return Events;
    }
    Shape = shapeOf(Call);
    if (const CXXRecordDecl *Made = madeType(Callee)) {
      // std::make_unique<pqxx::work>(c) constructs like `new pqxx::work(c)`.
      const TypeSpec *T = typeSpecOf(Made);
      if (!T || !(Spec = T->constructorFor(Call->getNumArgs())))
        return Events;
      HeapType = Made;
    } else if (!(Spec = specOf(Callee, objectRecord(Shape.Object)))) {
      return Events;
    }
  } else if (const auto *New = dyn_cast<CXXNewExpr>(S)) {
    const auto *Construct = New->getConstructExpr();
    if (!Construct || !(Spec = specOf(Construct->getConstructor())))
      return Events;
    Shape.Args.append(Construct->arg_begin(), Construct->arg_end());
    HeapType = Construct->getConstructor()->getParent();
  } else if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    // RAII and statements: constructing a modelled variable, e.g.
    // `pqxx::work w(conn);` or `SQLite::Statement q(db, "SELECT ...");`.
    Constructed = DS->isSingleDecl() ? dyn_cast<VarDecl>(DS->getSingleDecl())
                                     : nullptr;
    const Expr *Init = Constructed && Constructed->getInit()
                           ? Constructed->getInit()->IgnoreImplicit()
                           : nullptr;
    // `auto q = QSqlQuery(db);` constructs q as `QSqlQuery q(db);` does.
    if (const auto *Cast = dyn_cast_or_null<CXXFunctionalCastExpr>(Init);
        Cast && Cast->getCastKind() == CK_ConstructorConversion)
      Init = Cast->getSubExpr()->IgnoreImplicit();
    const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(Init);
    if (!Construct || !(Spec = specOf(Construct->getConstructor())))
      return Events;
    Shape.Args.append(Construct->arg_begin(), Construct->arg_end());
    ConstructedType = Constructed->getType();
  } else if (const auto *Construct = dyn_cast<CXXConstructExpr>(S);
             Construct && Member) {
    if (!(Spec = specOf(Construct->getConstructor())))
      return Events;
    Shape.Args.append(Construct->arg_begin(), Construct->arg_end());
    ConstructedType = Member->getType();
  } else if (const auto *Construct = dyn_cast<CXXConstructExpr>(S);
             Construct && Returned) {
    // A statement made for the caller (Tomahawk's `TomahawkSqlQuery
    // newquery() { return TomahawkSqlQuery(m_db); }`), keyed, as a heap
    // one, by the variable that receives it.
    const TypeSpec *T = typeSpecOf(Construct->getType());
    if (!T || T->TypeRole != Role::Statement ||
        !(Spec = specOf(Construct->getConstructor())))
      return Events;
    Shape.Args.append(Construct->arg_begin(), Construct->arg_end());
    HeapType = Construct->getConstructor()->getParent();
  } else if (const auto *Delete = dyn_cast<CXXDeleteExpr>(S)) {
    // `delete txn;` runs the destructor of a transaction held by pointer.
    const TypeSpec *T = typeSpecOf(Delete->getArgument()->getType());
    if (!T || T->Destructor == DestructorAction::Nothing)
      return Events;
    TxnEvent E;
    E.Op = destructorOperation(*T);
    E.Site = S;
    E.Destructor = true;
    E.HandleRole = T->TypeRole;
    E.Handle = Delete->getArgument();
    E.HandleKey = handleKeyOf(E.Handle);
    Events.push_back(std::move(E));
    return Events;
  } else {
    return Events;
  }

  // A handle the model leaves out is the object for a member function
  // (listed as a method or as a function), else the first argument.
  const HandleSource Handle =
      Spec->HandleGiven || !Shape.Object ? Spec->Handle : HandleSource();
  auto ExprOf = [&](HandleSource H) -> const Expr * {
    switch (H.K) {
    case HandleSource::Object:
      return HeapType ? cast<Expr>(S) : Member ? Member : Shape.Object;
    case HandleSource::Owner:
      if (const auto *Member = dyn_cast_or_null<MemberExpr>(
              Shape.Object ? Shape.Object->IgnoreParenImpCasts() : nullptr))
        return Member->getBase();
      return Shape.Object;
    case HandleSource::Result:
      return ConstructedType.isNull() ? cast<Expr>(S) : nullptr;
    case HandleSource::Argument: {
      if (H.Index >= Shape.Args.size())
        return nullptr;
      // An overload of a constructor that the model does not list apart
      // may take its connection elsewhere: the argument of a modelled
      // session type.
      const Expr *Arg = Shape.Args[H.Index];
      if (!ConstructedType.isNull() && !typeSpecOf(Arg->getType()))
        for (const Expr *Other : Shape.Args)
          if (const TypeSpec *T = typeSpecOf(Other->getType());
              T && T->TypeRole == Role::Session)
            return Other;
      return Arg;
    }
    }
    return nullptr;
  };
  auto KeyOf = [&](HandleSource H) -> std::string {
    if (Constructed && H.K == HandleSource::Object)
      return varKey(Constructed);
    // A returned or heap-constructed handle is keyed by the variable that
    // receives it.
    if (H.K == HandleSource::Result || (HeapType && H.K == HandleSource::Object))
      return "";
    const Expr *E = ExprOf(H);
    return E ? handleKeyOf(E) : "";
  };
  auto Make = [&](Operation Op, std::optional<HandleSource> Where = {}) {
    HandleSource H = Where.value_or(Handle);
    TxnEvent E;
    E.Op = Op;
    E.Site = Constructed ? Constructed->getInit()->IgnoreImplicit() : S;
    E.Handle = ExprOf(H);
    E.HandleKey = KeyOf(H);
    E.Failure = Spec->Failure;
    E.Spec = Spec;
    E.ReadOnly = Op == Operation::Begin &&
                 (Spec->ReadOnly || readOnlyByFlag(*Spec, Shape.Args, Ctx));
    E.Joins = Op == Operation::Begin && Spec->Joins;
    if ((Op == Operation::Begin || Op == Operation::SavepointOpen) &&
        Spec->Parent)
    {
      E.ParentKey = KeyOf(*Spec->Parent);
      E.ParentHandle = ExprOf(*Spec->Parent);
    }
    if (Op == Operation::Begin)
      readBeginSettings(ConstructedType.isNull() ? HeapType
                                                 : recordOf(ConstructedType),
                        Shape.Args, E);
    if (Constructed) {
      E.BoundVariable = Constructed;
      E.Scoped = ownsTransaction(Constructed->getType());
    } else if (const auto *Ref = dyn_cast_or_null<DeclRefExpr>(strip(E.Handle));
               Op == Operation::Begin && Ref && isa<VarDecl>(Ref->getDecl()) &&
               ownsTransaction(Ref->getDecl()->getType())) {
      // A begin through a method of an RAII object (txn.renew()): its
      // destructor still ends it.
      E.BoundVariable = cast<VarDecl>(Ref->getDecl());
      E.Scoped = true;
    }
    // The handle's modelled type says what it is; a C API's handle is what
    // the operation says (a connection unless stated otherwise).
    const TypeSpec *HandleType =
        !ConstructedType.isNull() && H.K == HandleSource::Object
            ? typeSpecOf(ConstructedType)
        : HeapType && H.K == HandleSource::Object ? typeSpecOf(HeapType)
        : E.Handle ? typeSpecOf(strip(E.Handle)->getType())
                   : nullptr;
    // Reached through a smart pointer of the program's own (Kvrocks's
    // `ObserverOrUniquePtr<rocksdb::WriteBatchBase> batch; batch->Put(...)`):
    // the modelled class of the object the method is called on.
    if (!HandleType && H.K == HandleSource::Object)
      if (const CXXRecordDecl *Object = objectRecord(Shape.Object))
        HandleType = typeSpecOf(Object);
    E.HandleRole = HandleType ? HandleType->TypeRole : Spec->HandleRole;
    if (HandleType && E.Scoped)
      E.CommitsOnUnwind = HandleType->Destructor == DestructorAction::Commits;
    if (E.HandleRole == Role::Session)
      E.ConnectionKey = E.HandleKey;
    if (!ConstructedType.isNull())
      for (const Expr *Arg : Shape.Args)
        if (const TypeSpec *T = typeSpecOf(Arg->getType());
            T && T->TypeRole == Role::Session) {
          E.ConnectionKey = handleKeyOf(Arg);
          break;
        }
    return E;
  };
  std::optional<std::vector<SqlEffect>> Effects;
  if (Spec->SqlArgument && *Spec->SqlArgument < Shape.Args.size())
    Effects = sqlEffectsOfArgument(Shape.Args[*Spec->SqlArgument], Ctx);

  // A statement kept to run later: its SQL is only prepared here.
  Operation Op = Spec->Op;
  if (Op == Operation::ExecuteSql && Spec->RunsUnlessKept && ResultKept)
    Op = Operation::PrepareSql;
  // `QSqlQuery q(sql, db)`: the SQL is prepared into the statement and run
  // on it at once, unless it is left to its default, empty, text.
  bool RunsPrepared = Op == Operation::ExecuteSql && Spec->StatementGiven;
  if (RunsPrepared) {
    Op = Operation::PrepareSql;
    RunsPrepared = Spec->SqlArgument &&
                   *Spec->SqlArgument < Shape.Args.size() &&
                   !isa<CXXDefaultArgExpr>(Shape.Args[*Spec->SqlArgument]) &&
                   !(Effects && Effects->empty());
  }
  switch (Op) {
  case Operation::None:
  case Operation::ResultStatus:
  case Operation::StatementResult:
  case Operation::TellsOpen:
  case Operation::TellsIdle:
  case Operation::ErrorCode:
    break; // does nothing to a transaction, or only reads a result or state
  case Operation::CommitAndBegin:
    Events.push_back(Make(Operation::Commit));
    Events.push_back(Make(Operation::Begin));
    break;
  case Operation::Reopen:
    Events.push_back(Make(Operation::Close));
    Events.push_back(Make(Operation::Open));
    break;
  case Operation::SetAutocommit: {
    // The setting is the first argument that is not the handle
    // (`setAutoCommit(false)`, `mysql_autocommit(conn, 0)`).
    unsigned Setting =
        Spec->Handle.K == HandleSource::Argument && Spec->Handle.Index == 0 ? 1
                                                                            : 0;
    bool AutoCommit;
    if (Setting < Shape.Args.size() &&
        Shape.Args[Setting]->EvaluateAsBooleanCondition(AutoCommit, Ctx)) {
      Events.push_back(Make(AutoCommit ? Operation::Commit : Operation::Begin));
      Events.back().EndsOnlyOpen = AutoCommit;
      Events.back().StartsManualMode = !AutoCommit;
    }
    break;
  }
  case Operation::PrepareSql: {
    TxnEvent E = Make(Operation::PrepareSql);
    // A kept statement is named by what receives it (bindResult).
    if (Spec->Op == Operation::PrepareSql || Spec->StatementGiven)
      E.StatementKey = KeyOf(Spec->Statement);
    if (Effects) {
      E.PreparedEffects = std::move(*Effects);
      E.PreparedSqlKnown = true;
    } else if (Spec->SqlArgument && *Spec->SqlArgument < Shape.Args.size()) {
      E.Sql = Shape.Args[*Spec->SqlArgument];
    }
    Events.push_back(std::move(E));
    if (RunsPrepared)
      Events.push_back(Make(Operation::ExecutePrepared, Spec->Statement));
    break;
  }
  case Operation::ExecuteSql:
    if (!Effects) {
      Events.push_back(Make(Operation::Write));
      Events.back().SqlUnknown = true;
      if (Spec->SqlArgument && *Spec->SqlArgument < Shape.Args.size())
        Events.back().Sql = Shape.Args[*Spec->SqlArgument];
      break;
    }
    for (SqlEffect &Effect : *Effects) {
      Events.push_back(Make(Effect.Op));
      applySqlEffect(Events.back(), std::move(Effect));
      // `ok ? "COMMIT" : "ROLLBACK"`: the commit is chosen on one arm.
      if (Events.back().Op == Operation::Commit)
        Events.back().ChosenBy = sqlChoiceOf(Shape.Args[*Spec->SqlArgument]);
    }
    break;
  case Operation::ExecutePrepared:
    // `(db << sql).execute()`, `db << sql << id >> n`: the statement that
    // runs unless kept ran where it was made.
    if (const auto *Made = dyn_cast_or_null<CallExpr>(
            Shape.Object ? strip(Shape.Object) : nullptr)) {
      while (const auto *Bind = dyn_cast<CXXOperatorCallExpr>(Made))
        if (const auto *Bound = dyn_cast<CallExpr>(strip(Bind->getArg(0)));
            Bound && !specOfCall(Bind))
          Made = Bound;
        else
          break;
      const OperationSpec *MadeBy = specOfCall(Made);
      if (MadeBy && MadeBy->RunsUnlessKept)
        break;
    }
    Events.push_back(Make(Operation::ExecutePrepared));
    // Run by name on the handle (`w.exec_prepared("find", id)`): the name
    // finds the statement.
    if (Spec->StatementGiven)
      Events.back().StatementKey = KeyOf(Spec->Statement);
    break;
  default:
    Events.push_back(Make(Spec->Op));
    break;
  }
  // The callee commits or rolls back the caller's transaction: after the
  // call it is ended, whichever it was.
  if (Spec->Ends) {
    Events.push_back(Make(Operation::Rollback, *Spec->Ends));
    Events.back().HandedOver = true;
  }
  return Events;
}

std::optional<TxnEvent>
TxnEventClassifier::classifyDestructor(const VarDecl *Var,
                                       const Stmt *TriggerStmt) {
  std::optional<TxnEvent> E = destruction(Var->getType(), TriggerStmt);
  if (E) {
    E->HandleKey = varKey(Var);
    E->BoundVariable = Var;
  }
  return E;
}

std::optional<TxnEvent> TxnEventClassifier::destruction(QualType T,
                                                        const Stmt *Site) {
  if (!ownsTransaction(T))
    return std::nullopt;
  TxnEvent E;
  E.Op = destructorOperation(*typeSpecOf(T));
  E.Site = Site;
  E.Destructor = true;
  return E;
}

} // namespace txnlint
