//===--- TxnActions.cpp - A function's CFG as transaction actions ---------===//
//
// Event extraction (see TxnActions.h). Branch tests are read once per block:
// a test of a call's result (`if (!db.transaction())`, `rc != SQLITE_OK`,
// `PQresultStatus(res) == PGRES_COMMAND_OK`), through the variables that
// hold it, and tests of local flags (`bool ok`, an int or enum status).
//
//===----------------------------------------------------------------------===//

#include "TxnActions.h"
#include "BodyWalk.h"
#include "CallOperands.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/Analyses/PostOrderCFGView.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/Builtins.h"
#include "llvm/ADT/MapVector.h"

using namespace clang;

namespace txnlint {

/// The call whose result \p E holds, through conversions and a smart
/// pointer's construction.
bool isFlaggedTuple(QualType T) {
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      T.getNonReferenceType()->getAsCXXRecordDecl());
  if (!Spec || !Spec->isInStdNamespace() || !Spec->getIdentifier() ||
      !llvm::is_contained({"tuple", "pair"}, Spec->getName()) ||
      Spec->getTemplateArgs().size() == 0)
    return false;
  TemplateArgument First = Spec->getTemplateArgs()[0];
  if (First.getKind() == TemplateArgument::Pack) {
    if (First.pack_size() == 0)
      return false;
    First = First.pack_begin()[0];
  }
  return First.getKind() == TemplateArgument::Type &&
         First.getAsType()->isBooleanType();
}

const Expr *flagOfTuple(const Expr *E) {
  for (unsigned Depth = 0; Depth < 4; ++Depth) {
    E = E->IgnoreParenImpCasts()->IgnoreImplicit();
    if (!isFlaggedTuple(E->getType()))
      return E;
    if (const auto *Make = dyn_cast<CallExpr>(E);
        Make && Make->getNumArgs() >= 1 && Make->getDirectCallee() &&
        Make->getDirectCallee()->isInStdNamespace() &&
        Make->getDirectCallee()->getIdentifier() &&
        llvm::is_contained({"make_tuple", "make_pair"},
                           Make->getDirectCallee()->getName()))
      E = Make->getArg(0);
    else if (const auto *Construct = dyn_cast<CXXConstructExpr>(E);
             Construct && Construct->getNumArgs() >= 1)
      E = Construct->getArg(0); // `{false, msg}`, or from another tuple
    else
      return E;
  }
  return E->IgnoreParenImpCasts()->IgnoreImplicit();
}

/// The tuple whose flag \p E reads: `std::get<0>(t)`, `std::get<bool>(t)`,
/// `p.first`.
static const Expr *tupleOfFlag(const Expr *E) {
  if (const auto *Get = dyn_cast<CallExpr>(E);
      Get && Get->getNumArgs() == 1 && Get->getDirectCallee() &&
      Get->getDirectCallee()->isInStdNamespace() &&
      Get->getDirectCallee()->getIdentifier() &&
      Get->getDirectCallee()->getName() == "get" &&
      isFlaggedTuple(Get->getArg(0)->getType()))
    if (const TemplateArgumentList *Args =
            Get->getDirectCallee()->getTemplateSpecializationArgs();
        Args && Args->size() >= 1 &&
        ((Args->get(0).getKind() == TemplateArgument::Integral &&
          Args->get(0).getAsIntegral() == 0) ||
         (Args->get(0).getKind() == TemplateArgument::Type &&
          Args->get(0).getAsType()->isBooleanType())))
      return Get->getArg(0);
  if (const auto *Member = dyn_cast<MemberExpr>(E);
      Member && Member->getMemberDecl()->getIdentifier() &&
      Member->getMemberDecl()->getName() == "first" &&
      isFlaggedTuple(Member->getBase()->getType()))
    return Member->getBase();
  return nullptr;
}

const Expr *resultSource(const Expr *E) {
  for (unsigned Depth = 0; Depth < 4; ++Depth) {
    E = E->IgnoreParenImpCasts()->IgnoreImplicit();
    if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(E))
      E = Cast->getSubExpr();
    else if (const Expr *Tuple = tupleOfFlag(E))
      E = Tuple;
    else if (const auto *Assign = dyn_cast<BinaryOperator>(E);
             Assign && Assign->getOpcode() == BO_Assign)
      E = Assign->getRHS(); // `(began = db.transaction())` is its result
    else if (const auto *Construct = dyn_cast<CXXConstructExpr>(E);
             Construct && Construct->getNumArgs() >= 1)
      E = Construct->getArg(0);
    else if (const auto *Conversion = dyn_cast<CXXMemberCallExpr>(E);
             Conversion &&
             isa_and_nonnull<CXXConversionDecl>(Conversion->getMethodDecl()))
      E = Conversion->getImplicitObjectArgument();
    else if (const auto *Get = dyn_cast<CXXMemberCallExpr>(E);
             Get && isSmartPointerGet(Get))
      E = Get->getImplicitObjectArgument(); // `res.get()` of a unique_ptr
    else
      break;
  }
  return E->IgnoreParenImpCasts()->IgnoreImplicit();
}

const Expr *returnedValue(const Stmt *S) {
  if (const auto *Return = dyn_cast<ReturnStmt>(S))
    return Return->getRetValue();
  return cast<CoreturnStmt>(S)->getOperand();
}

namespace {

/// Whether \p E names a local variable that is not a reference: what is
/// stored in it dies with the function.
bool isLocalValue(const Expr *E) {
  const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  const auto *Local = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  return Local && Local->hasLocalStorage() &&
         !Local->getType()->isReferenceType();
}

/// A standard container's method that keeps its argument (`push_back`,
/// `insert`, `emplace`, ...).
bool isContainerInsertion(const CXXMemberCallExpr *Call) {
  const CXXMethodDecl *Method = Call->getMethodDecl();
  if (!Method || !Method->getIdentifier() ||
      !Method->getParent()->isInStdNamespace())
    return false;
  return llvm::is_contained({"push_back", "emplace_back", "push_front",
                             "emplace_front", "insert", "emplace", "push",
                             "try_emplace", "insert_or_assign"},
                            Method->getName());
}

/// The local variable or member of this object that \p E names, if any.
const ValueDecl *assignedVariable(const Expr *E) {
  const ValueDecl *Storage = E ? namedStorage(E) : nullptr;
  if (const auto *Var = dyn_cast_or_null<VarDecl>(Storage))
    return Var->hasLocalStorage() && !Var->getType()->isReferenceType()
               ? Var
               : nullptr;
  return dyn_cast_or_null<FieldDecl>(Storage);
}

/// `p.reset(call)` on a smart pointer: the variable p receives the result.
const ValueDecl *resetTarget(const Stmt *S, const Expr *&Value) {
  const auto *Reset = dyn_cast<CXXMemberCallExpr>(S);
  if (!Reset || Reset->getNumArgs() != 1)
    return nullptr;
  const CXXMethodDecl *Method = Reset->getMethodDecl();
  if (!Method || !Method->getDeclName().isIdentifier() ||
      Method->getName() != "reset" || !Method->getParent()->isInStdNamespace())
    return nullptr;
  const auto *Object = dyn_cast<DeclRefExpr>(
      Reset->getImplicitObjectArgument()->IgnoreParenImpCasts());
  if (!Object)
    return nullptr;
  Value = Reset->getArg(0);
  return Object->getDecl();
}

/// A constant whose name says success (SQLite::OK, kOk, MDB_SUCCESS).
bool namesSuccess(const Expr *Constant) {
  const auto *Ref = dyn_cast<DeclRefExpr>(Constant->IgnoreParenImpCasts());
  if (!Ref || !Ref->getDecl()->getIdentifier())
    return false;
  std::string Name = Ref->getDecl()->getName().lower();
  return Name == "ok" || Name == "kok" || StringRef(Name).ends_with("_ok") ||
         StringRef(Name).ends_with("success");
}

/// Whether \p Constant is one of \p Spec's success codes (with \p
/// FirstOnly, the first, what a statement run to its end returns): an
/// enumerator of that name, or a constant written as a macro of that name
/// (`SQLITE_DONE`).
bool namesSuccessCode(const Expr *Constant, const OperationSpec *Spec,
                      const ASTContext &Ctx, bool FirstOnly = false) {
  if (!Spec || Spec->SuccessValues.empty())
    return false;
  StringRef Name = constantName(Constant, Ctx);
  return !Name.empty() &&
         (FirstOnly ? Spec->SuccessValues.front() == Name
                    : llvm::is_contained(Spec->SuccessValues, Name));
}

/// Whether \p Constant is a code the library's own header names (a macro
/// such as SQLITE_BUSY, an enumerator) other than a success of \p Spec:
/// a failure, unlike a code of the program's, which may be a success by
/// another name.
static bool namesLibraryFailureCode(const Expr *Constant,
                                    const OperationSpec *Spec,
                                    const ASTContext &Ctx) {
  if (namesSuccessCode(Constant, Spec, Ctx))
    return false;
  const SourceManager &SM = Ctx.getSourceManager();
  Constant = Constant->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Constant))
    return isa<EnumConstantDecl>(Ref->getDecl()) &&
           SM.isInSystemHeader(Ref->getDecl()->getLocation());
  SourceLocation Begin = Constant->getBeginLoc();
  return Begin.isMacroID() && SM.isInSystemHeader(SM.getSpellingLoc(Begin));
}

/// The condition of a branch statement that guardOf() returns.
const Expr *conditionOf(const Stmt *Guard) {
  if (const auto *If = dyn_cast<IfStmt>(Guard))
    return If->getCond();
  if (const auto *Switch = dyn_cast<SwitchStmt>(Guard))
    return Switch->getCond();
  if (const auto *While = dyn_cast<WhileStmt>(Guard))
    return While->getCond();
  if (const auto *For = dyn_cast<ForStmt>(Guard))
    return For->getCond();
  if (const auto *Do = dyn_cast<DoStmt>(Guard))
    return Do->getCond();
  if (const auto *Conditional = dyn_cast<ConditionalOperator>(Guard))
    return Conditional->getCond();
  return nullptr;
}

/// The outermost calls in \p E: `!validate(parse(x))` calls validate.
void outermostCalls(const Stmt *E, llvm::SmallVectorImpl<const Stmt *> &Calls) {
  if (!E || isa<LambdaExpr>(E))
    return;
  // A branch hint's calls are those of what it hints at
  // (`PREDICT_FALSE(!s.ok())`).
  if (const auto *Hint = dyn_cast<CallExpr>(E);
      Hint && Hint->getBuiltinCallee() == Builtin::BI__builtin_expect &&
      Hint->getNumArgs() == 2)
    return outermostCalls(Hint->getArg(0), Calls);
  if (isa<CallExpr>(E) && !isa<UserDefinedLiteral>(E)) {
    // An operator's operands are the calls it compares: `q.value(0) > 0`;
    // a member `!` of a named object asks that object (`!summary` of a
    // std::ofstream).
    const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
    if (!Op || Op->getOperator() == OO_Call ||
        Op->getOperator() == OO_LessLess ||
        (Op->getOperator() == OO_Exclaim &&
         isa_and_nonnull<CXXMethodDecl>(Op->getDirectCallee()) &&
         isa<DeclRefExpr, MemberExpr>(Op->getArg(0)->IgnoreParenImpCasts()))) {
      Calls.push_back(E);
      return;
    }
  }
  for (const Stmt *Child : E->children())
    outermostCalls(Child, Calls);
}

bool isLoop(const Stmt *S) {
  return isa<ForStmt>(S) || isa<WhileStmt>(S) || isa<DoStmt>(S) ||
         isa<CXXForRangeStmt>(S);
}

/// The variable \p E names when it is an object of this function's own:
/// local, not a parameter, a reference or a pointer.
const VarDecl *localObject(const Expr *E) {
  const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!Var || !Var->hasLocalStorage() || isa<ParmVarDecl>(Var) ||
      Var->getType()->isReferenceType() || Var->getType()->isPointerType())
    return nullptr;
  return Var;
}

/// The class of the local object whose member \p Handle names (`&g.txn`,
/// `g.txn`) or that converts to the handle (`g` through `operator
/// MDB_txn **()`), or null.
const CXXRecordDecl *localOwnerOf(const Expr *Handle) {
  if (!Handle)
    return nullptr;
  Handle = Handle->IgnoreParenImpCasts();
  if (const auto *AddressOf = dyn_cast<UnaryOperator>(Handle);
      AddressOf && AddressOf->getOpcode() == UO_AddrOf)
    Handle = AddressOf->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *Conversion = dyn_cast<CXXMemberCallExpr>(Handle);
      Conversion && isa_and_nonnull<CXXConversionDecl>(Conversion->getMethodDecl()))
    Handle = Conversion->getImplicitObjectArgument()->IgnoreParenImpCasts();
  else if (const auto *Member = dyn_cast<MemberExpr>(Handle))
    Handle = Member->getBase()->IgnoreParenImpCasts();
  else
    return nullptr;
  const VarDecl *Var = localObject(Handle);
  return Var ? Var->getType()->getAsCXXRecordDecl() : nullptr;
}

/// The local object (not a reference or parameter) whose method \p S
/// calls, or that \p S, a declaration, constructs; or null.
const VarDecl *localObjectOf(const Stmt *S) {
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    const auto *Var =
        DS->isSingleDecl() ? dyn_cast<VarDecl>(DS->getSingleDecl()) : nullptr;
    return Var && Var->hasLocalStorage() && Var->getType()->isRecordType()
               ? Var
               : nullptr;
  }
  const auto *Call = dyn_cast<CXXMemberCallExpr>(S);
  return Call ? localObject(Call->getImplicitObjectArgument()) : nullptr;
}

/// Whether \p S refers to \p D.
bool mentions(const Stmt *S, const ValueDecl *D) {
  if (const auto *Ref = dyn_cast_or_null<DeclRefExpr>(S))
    return Ref->getDecl() == D;
  return S && llvm::any_of(S->children(), [&](const Stmt *Child) {
           return mentions(Child, D);
         });
}

} // namespace

/// The local variables \p E reads.
void readVariables(const Stmt *E,
                   llvm::SmallPtrSetImpl<const VarDecl *> &Vars) {
  if (!E || isa<LambdaExpr>(E))
    return;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
        Var && Var->hasLocalStorage())
      Vars.insert(Var);
  for (const Stmt *Child : E->children())
    readVariables(Child, Vars);
}

bool keepsArgument(const FunctionDecl *Callee, unsigned Index, unsigned Depth) {
  const FunctionDecl *Definition = nullptr;
  if (!Callee || !Callee->hasBody(Definition) ||
      Index >= Definition->getNumParams() ||
      Definition->getASTContext().getSourceManager().isInSystemHeader(
          Definition->getLocation()))
    return false;
  const ParmVarDecl *Param = Definition->getParamDecl(Index);
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Definition))
    for (const CXXCtorInitializer *Init : Ctor->inits())
      if (Init->isMemberInitializer() && mentions(Init->getInit(), Param))
        return true;
  auto Keeps = [&](const Stmt *S, auto &Self) -> bool {
    if (!S)
      return false;
    if (const auto *Assign = dyn_cast<BinaryOperator>(S);
        Assign && Assign->getOpcode() == BO_Assign &&
        !isLocalValue(Assign->getLHS()) && mentions(Assign->getRHS(), Param))
      return true;
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S);
        Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 &&
        !isLocalValue(Op->getArg(0)) && mentions(Op->getArg(1), Param))
      return true;
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S)) {
      const CXXMethodDecl *Method = Call->getMethodDecl();
      bool Takes = Method && Method->getIdentifier() &&
                   (Method->getName() == "reset" || isContainerInsertion(Call));
      if (Takes && !isLocalValue(Call->getImplicitObjectArgument()) &&
          llvm::any_of(Call->arguments(),
                       [&](const Expr *Arg) { return mentions(Arg, Param); }))
        return true;
    }
    if (const auto *Call = dyn_cast<CallExpr>(S); Call && Depth)
      for (unsigned I = 0, N = Call->getNumArgs(); I < N; ++I)
        if (const auto *Ref =
                dyn_cast<DeclRefExpr>(Call->getArg(I)->IgnoreParenImpCasts());
            Ref && Ref->getDecl() == Param &&
            keepsArgument(Call->getDirectCallee(), I, Depth - 1))
          return true;
    return llvm::any_of(S->children(),
                        [&](const Stmt *Child) { return Self(Child, Self); });
  };
  return Keeps(Definition->getBody(), Keeps);
}

/// The assignments of a constant to a variable \p Lambda captures by
/// reference that every call of it makes: statements of its body before
/// anything that may return.
static llvm::SmallVector<const BinaryOperator *, 1>
alwaysAssignedCaptures(const LambdaExpr *Lambda, const ASTContext &Ctx) {
  llvm::SmallVector<const BinaryOperator *, 1> Assignments;
  auto CapturedByReference = [&](const Expr *E) {
    const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    return Ref && llvm::any_of(Lambda->captures(), [&](const LambdaCapture &C) {
             return C.capturesVariable() && C.getCaptureKind() == LCK_ByRef &&
                    C.getCapturedVar() == Ref->getDecl();
           });
  };
  auto MayReturn = [](auto &Self, const Stmt *S) -> bool {
    return S && (isa<ReturnStmt>(S) ||
                 llvm::any_of(S->children(), [&](const Stmt *Child) {
                   return Self(Self, Child);
                 }));
  };
  for (const Stmt *S : Lambda->getBody()->children()) {
    if (const auto *Assign = dyn_cast<BinaryOperator>(S);
        Assign && Assign->getOpcode() == BO_Assign &&
        CapturedByReference(Assign->getLHS()) &&
        !Assign->getRHS()->isValueDependent() &&
        Assign->getRHS()->isIntegerConstantExpr(Ctx))
      Assignments.push_back(Assign);
    if (MayReturn(MayReturn, S))
      break;
  }
  return Assignments;
}

/// Whether the destructor of \p Class, a class of the program, commits the
/// transaction its object holds on every path (digiKam's
/// `~CoreDbTransaction() { m_access->backend()->commitTransaction(); }`),
/// or the transaction of the shared handle \p SharedKey (Mumble's
/// `~TransactionHolder() { ServerDB::db->commit(); }`), also when an
/// exception unwinds it.
static bool destructorCommits(const CXXRecordDecl *Class,
                              TxnAnalysisCache &Cache,
                              StringRef SharedKey = "") {
  const CXXDestructorDecl *Destructor =
      Class && Class->hasDefinition() ? Class->getDefinition()->getDestructor()
                                      : nullptr;
  if (!Destructor || Cache.isLibraryFunction(Destructor))
    return false;
  // Its body here, or its summary from the file that defines it.
  const FunctionDecl *Definition = Destructor;
  Destructor->hasBody(Definition);
  const FunctionSummary *Summary = Cache.summaryOf(Definition);
  return Summary &&
         llvm::any_of(Summary->Events,
                      [&](const SummaryEvent &E) {
                        return E.Event.Op == Operation::Commit &&
                               (E.Kind == SummaryEvent::Object ||
                                (E.Kind == SummaryEvent::Shared &&
                                 !SharedKey.empty() &&
                                 E.Event.HandleKey == SharedKey));
                      }) &&
         llvm::none_of(Summary->Events, [](const SummaryEvent &E) {
           return E.Event.Op == Operation::Rollback;
         });
}

TxnActions::TxnActions(const FunctionDecl *FD, TxnAnalysisCache &Cache,
                       ExceptionFlow &Exceptions, std::vector<TxnEvent> &Events)
    : Events(Events), FD(FD), Cache(Cache), Ctx(Cache.context()),
      Classifier(Cache.classifier()), Exceptions(Exceptions), Errors(FD, Ctx) {
  const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD);
  if (!Ctor)
    return;
  // The events of building a member are the member's, as if the body
  // assigned it: `this->w_`, written out for the handle's key and spelling.
  for (const CXXCtorInitializer *Init : Ctor->inits())
    if (const MemberExpr *Member = initializedMember(Ctx, Ctor, Init))
      InitializedMembers[Init->getInit()->IgnoreImplicit()] = Member;
}

/// Whether \p E is a smart pointer's `->` or `*` (`guard->commit()`).
static bool isDereference(const Stmt *E) {
  const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(E);
  return Op && (Op->getOperator() == OO_Arrow ||
                (Op->getOperator() == OO_Star && Op->getNumArgs() == 1));
}

/// Whether \p Parent (inside \p Grandparent) uses the object \p Ref names
/// where it is, without calling it or handing it on: `g.dismiss()`, `g =
/// finally(...)`, `guards[i]`, `db.handle()` of a const method,
/// `guard->commit()`.
static bool usesObjectInPlace(const DeclRefExpr *Ref, const Stmt *Parent,
                              const Stmt *Grandparent) {
  if (isa<MemberExpr>(Parent) || isDereference(Parent))
    return true;
  if (const auto *Cast = dyn_cast<ImplicitCastExpr>(Parent))
    return Cast->getCastKind() == CK_ArrayToPointerDecay ||
           (Cast->getCastKind() == CK_NoOp &&
            (isa_and_nonnull<MemberExpr>(Grandparent) ||
             isDereference(Grandparent)));
  const auto *Assign = dyn_cast<CXXOperatorCallExpr>(Parent);
  return Assign && Assign->getOperator() == OO_Equal &&
         Assign->getArg(0) == Ref;
}

void TxnActions::mapStatements(const Stmt *S, const CXXTryStmt *Try,
                                     const Stmt *Loop) {
  if (!S)
    return;
  if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
    for (const LambdaCapture &Capture : Lambda->captures())
      if (Capture.capturesVariable())
        PlainlyNamed.insert(Capture.getCapturedVar());
    return;
  }
  if (Try) {
    EnclosingTry[S] = Try;
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      for (const Decl *D : DS->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D))
          TryOfVariable[Var] = Try;
  }
  if (Loop)
    EnclosingLoop[S] = Loop;
  auto Visit = [&](const Stmt *Child, const CXXTryStmt *ChildTry,
                   const Stmt *ChildLoop) {
    if (!Child)
      return;
    Parent[Child] = S;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(Child);
        Ref && !usesObjectInPlace(Ref, S, Parent.lookup(S)))
      PlainlyNamed.insert(Ref->getDecl());
    mapStatements(Child, ChildTry, ChildLoop);
  };
  if (const auto *TryStmt = dyn_cast<CXXTryStmt>(S)) {
    Tries[TryStmt] = TryInfo{TryStmt, Try, nullptr, nullptr};
    Visit(TryStmt->getTryBlock(), TryStmt, Loop);
    for (unsigned I = 0, N = TryStmt->getNumHandlers(); I != N; ++I)
      Visit(TryStmt->getHandler(I), Try, Loop);
    return;
  }
  const Stmt *ChildLoop = isLoop(S) ? S : Loop;
  for (const Stmt *Child : S->children())
    Visit(Child, Try, ChildLoop);
}

std::optional<unsigned> TxnActions::testedEventOf(const Expr *E) const {
  E = resultSource(E);
  if (auto It = SiteTested.find(E); It != SiteTested.end())
    return It->second;
  // A variable, or a member of this object, that holds a result; the flag
  // of a tuple that holds one (`auto [ok, error] = db.raw_exec(sql);`).
  const ValueDecl *Holder = namedStorage(E);
  if (const auto *Flag = dyn_cast_or_null<BindingDecl>(Holder))
    if (const auto *Tuple =
            dyn_cast_or_null<DecompositionDecl>(Flag->getDecomposedDecl());
        Tuple && Tuple->bindings().front() == Flag &&
        isFlaggedTuple(Tuple->getType()))
      Holder = Tuple;
  if (Holder)
    if (auto It = ResultVariables.find(Holder); It != ResultVariables.end())
      return It->second;
  return std::nullopt;
}

std::optional<EventTest> TxnActions::blockTest(const CFGBlock &B,
                                               const Expr *Cond) const {
  const auto *Switch = dyn_cast_or_null<SwitchStmt>(B.getTerminatorStmt());
  if (!Switch) {
    std::optional<EventTest> Test = testedEvent(Cond);
    // `!res || PQresultStatus(res) != ...` branches on `!res` first: a null
    // result is a failure; a result may still hold one. (Alone, `if (res)
    // PQclear(res);` is a clean-up, often after the status was tested.)
    const auto *Logical =
        dyn_cast_or_null<BinaryOperator>(B.getTerminatorStmt());
    if (!Test && Logical && Logical->isLogicalOp())
      if (auto Present = resultPresenceTest(Cond))
        if (std::optional<EventTest> Whole = testedEvent(Logical);
            Whole && Whole->Event == Present->first) {
          Test = EventTest{Present->first, ~0u, {}, {0, 0}};
          Test->Cases[Present->second ? 1 : 0] = -1;
          return Test;
        }
    // The left operand of `st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK`
    // (two successes): only the edge that decides the whole condition
    // says how the event went.
    if (!Test || !Test->Others.empty() || !Logical || !Logical->isLogicalOp())
      return Test;
    std::optional<EventTest> Whole = testedEvent(Logical);
    if (!Whole || Whole->Event != Test->Event)
      return Test;
    unsigned Decided = Logical->getOpcode() == BO_LAnd ? 1 : 0;
    Test->Cases.assign(2, 0);
    Test->Cases[Decided] = Whole->failsOn(Decided) ? -1 : 1;
    return Test;
  }
  // `switch (mdb_txn_commit(txn)) { case MDB_SUCCESS: ...; case
  // MDB_MAP_FULL: ...; default: ... }`, `switch (PQresultStatus(r))`: a
  // case of a success code succeeds, one of another code fails when the
  // call reports failure by non-zero or by a result status (a code of
  // another name may be a success of the program's), and the default fails
  // when a case took success.
  std::optional<unsigned> Code = testedEventOf(Switch->getCond());
  if (Code && Events[*Code].Failure != FailureReport::ReturnsZero &&
      Events[*Code].Failure != FailureReport::ReturnsCode)
    Code.reset();
  std::optional<unsigned> Event = Code;
  auto Outcome = [&](const CaseStmt *Case) -> int8_t {
    if (Case->caseStmtIsGNURange())
      return 0;
    if (auto Status = testedResultStatus(Switch->getCond(), Case->getLHS())) {
      if (Event && *Event != Status->first)
        return 0;
      Event = Status->first;
      return Status->second ? 1 : -1;
    }
    if (!Code)
      return 0;
    const TxnEvent &Tested = Events[*Code];
    Expr::EvalResult Value;
    if ((Case->getLHS()->EvaluateAsInt(Value, Ctx) &&
         Value.Val.getInt().isZero()) ||
        namesSuccessCode(Case->getLHS(), Tested.Spec, Ctx) ||
        namesSuccess(Case->getLHS()))
      return 1;
    return Tested.Failure == FailureReport::ReturnsZero ? -1 : 0;
  };
  EventTest Test{0, ~0u, {}, {}};
  std::optional<unsigned> Default;
  for (const CFGBlock::AdjacentBlock &Succ : B.succs()) {
    const CFGBlock *Target = Succ.getReachableBlock();
    const auto *Case =
        dyn_cast_or_null<CaseStmt>(Target ? Target->getLabel() : nullptr);
    if (!Case && Target)
      Default = Test.Cases.size();
    Test.Cases.push_back(Case ? Outcome(Case) : 0);
  }
  if (!Event)
    return std::nullopt;
  Test.Event = *Event;
  if (Default && llvm::is_contained(Test.Cases, 1))
    Test.Cases[*Default] = -1;
  if (llvm::all_of(Test.Cases, [](int8_t Outcome) { return Outcome == 0; }))
    return std::nullopt;
  return Test;
}

/// The pointer that \p Cond tests for null (`p`, `!p`, `p == nullptr`,
/// `p != NULL`), and in \p TrueMeansSet whether true says it is not null;
/// null when \p Cond is no such test.
static const Expr *nullTestedPointer(const Expr *Cond, bool &TrueMeansSet,
                                     ASTContext &Ctx) {
  bool Negated = false;
  Cond = stripNegations(Cond, Negated);
  const Expr *Pointer = Cond;
  if (const auto *BO = dyn_cast<BinaryOperator>(Cond);
      BO && BO->isEqualityOp()) {
    const Expr *LHS = BO->getLHS(), *RHS = BO->getRHS();
    if (LHS->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
      std::swap(LHS, RHS);
    if (!RHS->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
      return nullptr;
    Pointer = LHS->IgnoreParenImpCasts();
    Negated ^= BO->getOpcode() == BO_EQ;
  }
  // `if (!(db = open_db(path)))`: the variable assigned is the one tested.
  if (const auto *Assign = dyn_cast<BinaryOperator>(Pointer->IgnoreParens());
      Assign && Assign->getOpcode() == BO_Assign)
    Pointer = Assign->getLHS()->IgnoreParenImpCasts();
  if (!Pointer->getType()->isPointerType())
    return nullptr;
  TrueMeansSet = !Negated;
  return Pointer;
}

std::optional<std::pair<unsigned, bool>>
TxnActions::resultPresenceTest(const Expr *Cond) const {
  bool TrueMeansSet;
  const Expr *Pointer = nullTestedPointer(Cond, TrueMeansSet, Ctx);
  std::optional<unsigned> Event =
      Pointer ? testedEventOf(Pointer) : std::nullopt;
  if (!Event || Events[*Event].Failure != FailureReport::ReturnsResult)
    return std::nullopt;
  return std::pair{*Event, TrueMeansSet};
}

std::optional<unsigned>
TxnActions::checkedByThrow(const CallExpr *Call,
                           const FunctionSummary &Summary) const {
  if (!Summary.ThrowsOnFailureOf ||
      *Summary.ThrowsOnFailureOf >= Call->getNumArgs())
    return std::nullopt;
  std::optional<unsigned> Event =
      testedEventOf(Call->getArg(*Summary.ThrowsOnFailureOf));
  if (!Event || (Events[*Event].Failure != FailureReport::ReturnsResult &&
                 Events[*Event].Failure != FailureReport::ReturnsZero &&
                 Events[*Event].Failure != FailureReport::ReturnsCode))
    return std::nullopt;
  return Event;
}

std::optional<EventTest> TxnActions::testedEvent(const Expr *Cond) const {
  bool Negated = false;
  Cond = stripNegations(Cond, Negated);
  bool TrueMeansSuccess = !Negated;
  auto Test = [&](unsigned Event, bool TrueIsSuccess) {
    return EventTest{Event, TrueIsSuccess == TrueMeansSuccess ? 1u : 0u, {}};
  };

  // `t == nullptr` on a smart pointer returned null where its event failed.
  if (const auto *Compare = dyn_cast<CXXOperatorCallExpr>(Cond);
      Compare && Compare->getNumArgs() == 2 &&
      (Compare->getOperator() == OO_EqualEqual ||
       Compare->getOperator() == OO_ExclaimEqual))
    for (auto [Tested, Null] :
         {std::pair{Compare->getArg(0), Compare->getArg(1)},
          std::pair{Compare->getArg(1), Compare->getArg(0)}})
      if (Null->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
        if (std::optional<unsigned> Event = testedEventOf(Tested);
            Event && Events[*Event].Failure == FailureReport::ReturnsBool)
          return Test(*Event, Compare->getOperator() == OO_ExclaimEqual);

  // `X == K` / `X != K`: against 0 or null for status codes, booleans and
  // pointers; against a success enumerator for result statuses.
  if (const auto *BO = dyn_cast<BinaryOperator>(Cond);
      BO && BO->isEqualityOp()) {
    bool IsNE = BO->getOpcode() == BO_NE;
    for (auto [Tested, Constant] : {std::pair{BO->getLHS(), BO->getRHS()},
                                    std::pair{BO->getRHS(), BO->getLHS()}}) {
      if (auto Status = testedResultStatus(Tested, Constant))
        return Test(Status->first, Status->second != IsNE);
      // `mysql_errno(&self->handle) != 0`: whether the handle's last
      // statement failed.
      if (std::optional<unsigned> Last = lastEventReportedBy(Tested)) {
        Expr::EvalResult Code;
        if (!Constant->isValueDependent() &&
            Constant->EvaluateAsInt(Code, Ctx) && Code.Val.getInt().isZero())
          return Test(*Last, !IsNE);
        return std::nullopt;
      }
      std::optional<unsigned> Event = testedEventOf(Tested);
      if (!Event)
        continue;
      // rc == SQLITE_DONE is success, and so is 0: no code the call
      // returns, it is what success was turned into (`if (rc == SQLITE_DONE)
      // rc = SQLITE_OK; if (rc == SQLITE_OK) ...COMMIT...`). Another code
      // may be a success by another name (a macro of the program's): the
      // test says nothing; a failure code it names is testedCode's.
      if (Events[*Event].Failure == FailureReport::ReturnsCode) {
        Expr::EvalResult Code;
        // A success that is not the first listed (sqlite3_step's SQLITE_ROW
        // beside SQLITE_DONE) is a step on the way: the branch where the
        // code is another says nothing (FlightGear's `if (rc == SQLITE_ROW)
        // return true; if (rc == SQLITE_DONE) return false; throw ...;`).
        bool Success = namesSuccessCode(Constant, Events[*Event].Spec, Ctx);
        if (Success && !namesSuccessCode(Constant, Events[*Event].Spec, Ctx,
                                         /*FirstOnly=*/true)) {
          EventTest Succeeded = Test(*Event, !IsNE);
          Succeeded.Cases.assign(2, 0);
          Succeeded.Cases[1 - Succeeded.FailureSucc] = 1;
          return Succeeded;
        }
        if (Success ||
            (Constant->EvaluateAsInt(Code, Ctx) && Code.Val.getInt().isZero()))
          return Test(*Event, !IsNE);
        // `rc == SQLITE_BUSY` failed; `rc != SQLITE_BUSY` says nothing, nor
        // does the other branch (`while (rc == SQLITE_BUSY || rc ==
        // SQLITE_LOCKED)` is left with any other code).
        if (namesLibraryFailureCode(Constant, Events[*Event].Spec, Ctx)) {
          EventTest Failed = Test(*Event, IsNE);
          Failed.Cases.assign(2, 0);
          Failed.Cases[Failed.FailureSucc] = -1;
          return Failed;
        }
        return std::nullopt;
      }
      bool IsZero;
      Expr::EvalResult Value;
      // `rc == -1` failed; `rc != -1` says nothing of the other branch, nor
      // does a test against zero or a count.
      if (Events[*Event].Failure == FailureReport::ReturnsNegative) {
        if (Constant->isValueDependent() ||
            !Constant->EvaluateAsInt(Value, Ctx) ||
            !Value.Val.getInt().isNegative())
          return std::nullopt;
        EventTest Failed = Test(*Event, IsNE);
        Failed.Cases.assign(2, 0);
        Failed.Cases[Failed.FailureSucc] = -1;
        return Failed;
      }
      if (Constant->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
        IsZero = true;
      else if (Constant->EvaluateAsInt(Value, Ctx))
        IsZero = Value.Val.getInt().isZero();
      else if (namesSuccess(Constant))
        IsZero = true; // SQLite::OK: an extern constant named for success
      else
        return std::nullopt;
      FailureReport Failure = Events[*Event].Failure;
      // -1 is how C helpers fail, as for `rc <= -1` below: `rc != -1`
      // (LandSandBoat's `Query(...) != SQL_ERROR`) succeeded.
      bool MinusOne = !IsZero && Value.Val.isInt() && Value.Val.getInt() == -1;
      if (Failure == FailureReport::ReturnsZero)
        // rc == 0 is success; rc == SQLITE_BUSY (non-zero) is a failure,
        // while rc != SQLITE_BUSY says nothing.
        return IsZero     ? std::optional<EventTest>(Test(*Event, !IsNE))
               : MinusOne ? std::optional<EventTest>(Test(*Event, IsNE))
               : IsNE     ? std::nullopt
                          : std::optional<EventTest>(Test(*Event, false));
      if (Failure == FailureReport::ReturnsBool)
        return Test(*Event, IsZero == IsNE); // ok != false, txn != nullptr
      return std::nullopt;
    }
    return std::nullopt;
  }

  // `rc < 0`, `rc >= 0` (also `0 > rc`, `rc <= -1`, `rc > -1`) on a status
  // that is zero on success: C helpers fail with -1 (Seafile's `if
  // (sqlite_begin_transaction (db) < 0) return -1;`); likewise on a count
  // that is negative on failure.
  if (const auto *BO = dyn_cast<BinaryOperator>(Cond);
      BO && BO->isRelationalOp()) {
    BinaryOperatorKind Op = BO->getOpcode();
    const Expr *Tested = BO->getLHS(), *Constant = BO->getRHS();
    Expr::EvalResult Value;
    if (!Tested->isValueDependent() && Tested->EvaluateAsInt(Value, Ctx)) {
      std::swap(Tested, Constant);
      Op = BinaryOperator::reverseComparisonOp(Op);
    }
    std::optional<unsigned> Event = testedEventOf(Tested);
    if (!Event ||
        (Events[*Event].Failure != FailureReport::ReturnsZero &&
         Events[*Event].Failure != FailureReport::ReturnsNegative) ||
        Constant->isValueDependent() || !Constant->EvaluateAsInt(Value, Ctx))
      return std::nullopt;
    int64_t K = Value.Val.getInt().getSExtValue();
    if ((Op == BO_LT && K == 0) || (Op == BO_LE && K == -1))
      return Test(*Event, false);
    if ((Op == BO_GE && K == 0) || (Op == BO_GT && K == -1))
      return Test(*Event, true);
    return std::nullopt;
  }

  // `st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK`: either of two
  // successes; `st != A && st != B`: neither.
  if (const auto *Logical = dyn_cast<BinaryOperator>(Cond);
      Logical && Logical->isLogicalOp()) {
    std::optional<EventTest> Left = testedEvent(Logical->getLHS());
    std::optional<EventTest> Right = testedEvent(Logical->getRHS());
    // `r && PQresultStatus(r) == PGRES_COMMAND_OK`: a null result failed
    // too; `!r || PQresultStatus(r) != ...` likewise.
    bool IsAnd = Logical->getOpcode() == BO_LAnd;
    if (auto Present = resultPresenceTest(Logical->getLHS());
        Present && Right && Present->first == Right->Event &&
        Right->Others.empty() && Present->second == IsAnd &&
        (Right->FailureSucc == 1) == IsAnd)
      return Test(Right->Event, IsAnd);
    if (!Left || !Right || Left->Event != Right->Event ||
        Left->FailureSucc != Right->FailureSucc || !Left->Others.empty() ||
        !Right->Others.empty())
      return std::nullopt;
    bool TrueIsSuccess = Left->FailureSucc == 1;
    if (TrueIsSuccess != (Logical->getOpcode() == BO_LOr))
      return std::nullopt;
    return Test(Left->Event, TrueIsSuccess);
  }

  // `status.ok()`, `status.is_error()` on a returned status object, also
  // through a smart pointer (`results->isError()`).
  // Or its `operator bool()` or `operator!()` (`if (err)`, `if (!err)`).
  const Expr *Status = nullptr;
  const CXXMethodDecl *StatusTest = nullptr;
  if (const auto *OkCall = dyn_cast<CXXMemberCallExpr>(Cond)) {
    Status = OkCall->getImplicitObjectArgument();
    StatusTest = OkCall->getMethodDecl();
  } else if (const auto *Not = dyn_cast<CXXOperatorCallExpr>(Cond);
             Not && Not->getOperator() == OO_Exclaim &&
             Not->getNumArgs() == 1) {
    Status = Not->getArg(0);
    StatusTest = dyn_cast_or_null<CXXMethodDecl>(Not->getDirectCallee());
  }
  if (std::optional<bool> TrueIsSuccess = statusTestSense(StatusTest))
    if (auto Event = testedEventOf(throughArrow(Status));
        Event && Events[*Event].Failure == FailureReport::ReturnsStatus)
      return Test(*Event, *TrueIsSuccess);

  // `q.lastError().isValid()`: the error of the statement's last run.
  std::optional<ErrorTest> Error = errorObjectTest(
      Cond,
      [&](const CallExpr *Call) { return Classifier.returnsRunError(Call); },
      Ctx);
  if (Error)
    if (auto Run = SiteTested.find(Error->ErrorCall); Run != SiteTested.end())
      return Test(Run->second, !Error->TrueMeansFailure);

  // `trans.isNull()`, `trans.isValid()` on a variable holding a handle
  // returned empty where its event failed (KDb's beginTransaction). Not a
  // pointee's (a pointer is tested by comparing it with null), nor another
  // call's result, nor an error's (`err.isValid()` says it failed).
  if (std::optional<bool> Present = presenceTestSense(StatusTest);
      Present && !Error && !Status->getType()->isPointerType() &&
      isa<DeclRefExpr>(Status->IgnoreParenImpCasts()))
    if (auto Event = testedEventOf(Status);
        Event && Events[*Event].Failure == FailureReport::ReturnsBool)
      return Test(*Event, *Present);

  // ok(PQexec(c, "BEGIN")): a helper that tests its argument's result, or
  // its statement's last run (`if (!watchQuery(q))`).
  if (const auto *Call = dyn_cast<CallExpr>(Cond))
    if (const FunctionSummary *Summary = Cache.summaryOfCall(Call);
        Summary && Summary->ChecksResultOf) {
      if (auto Run = StatementChecks.find(Call); Run != StatementChecks.end())
        return Test(Run->second, Summary->TrueMeansSuccess);
      if (const Expr *Result = resultOperand(Call, *Summary->ChecksResultOf))
        if (auto Event = testedEventOf(Result);
            Event &&
            (Summary->ChecksCode
                 ? Events[*Event].Failure == FailureReport::ReturnsZero ||
                       Events[*Event].Failure == FailureReport::ReturnsCode
                 : Events[*Event].Failure == FailureReport::ReturnsResult))
          return Test(*Event, Summary->TrueMeansSuccess);
    }

  if (const auto *Ref = dyn_cast<DeclRefExpr>(Cond->IgnoreParenImpCasts()))
    if (auto It = SuccessVariables.find(Ref->getDecl());
        It != SuccessVariables.end())
      return Test(It->second, true);
  std::optional<unsigned> Event = testedEventOf(Cond);
  if (!Event)
    return std::nullopt;
  switch (Events[*Event].Failure) {
  case FailureReport::ReturnsBool:
    return Test(*Event, true);
  case FailureReport::ReturnsZero: // a non-zero status is truthy: failure
    return Test(*Event, false);
  default:
    return std::nullopt;
  }
}

bool TxnActions::errorTested(const CallExpr *Call) const {
  // Up through the expression that uses it, to its statement.
  for (const auto *E = dyn_cast_or_null<Expr>(Parent.lookup(Call)); E;
       E = dyn_cast_or_null<Expr>(Parent.lookup(E)))
    if (errorObjectTest(
            E, [&](const CallExpr *Error) { return Error == Call; }, Ctx))
      return true;
  return false;
}

std::optional<unsigned>
TxnActions::lastEventReportedBy(const Expr *ErrorCode) const {
  const auto *Call = dyn_cast<CallExpr>(ErrorCode->IgnoreParenImpCasts());
  const OperationSpec *Spec = Call ? Classifier.specOfCall(Call) : nullptr;
  if (!Spec || Spec->Op != Operation::ErrorCode)
    return std::nullopt;
  const Expr *Handle = Classifier.handleOperandOf(Call, *Spec);
  auto Last = Handle ? LastReportingEventOn.find(Classifier.handleKeyOf(Handle))
                     : LastReportingEventOn.end();
  if (Last == LastReportingEventOn.end())
    return std::nullopt;
  return Last->second;
}

std::optional<CodeTest> TxnActions::testedCode(const Expr *Cond) const {
  bool Negated = false;
  Cond = stripNegations(Cond, Negated);
  // `s.IsNotFound()`: a question of a write's or a commit's status object
  // other than whether it succeeded names a failure (`while
  // (s.IsTryAgain()) s = db->Write(opts, &batch);` retries a failed one).
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(Cond)) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    std::optional<unsigned> Event =
        testedEventOf(Call->getImplicitObjectArgument());
    if (Event &&
        (Events[*Event].Op == Operation::Write ||
         Events[*Event].Op == Operation::Commit) &&
        Events[*Event].Failure == FailureReport::ReturnsStatus && Method &&
        Method->getNumParams() == 0 &&
        Method->getReturnType()->isBooleanType() && !statusTestSense(Method) &&
        Method->getDeclName().isIdentifier() &&
        Method->getName().starts_with_insensitive("is"))
      return CodeTest{*Event, "", Negated ? 1u : 0u};
    return std::nullopt;
  }
  // The last failure on a handle handed to a predicate of the program
  // (MaxScale's `is_json_error(errnum)`): where it says yes, a code it
  // names.
  // Also kept in a local that nothing assigns again (`auto errnum =
  // mysql_errno(db);`); the body is walked only for such a local.
  auto LastFailureKey = [&](const Expr *E) -> std::string {
    auto HandleOf = [&](const Expr *Code) -> const Expr * {
      const auto *Call = dyn_cast<CallExpr>(Code->IgnoreParenImpCasts());
      const OperationSpec *Spec = Call ? Classifier.specOfCall(Call) : nullptr;
      return Spec && Spec->Op == Operation::ErrorCode
                 ? Classifier.handleOperandOf(Call, *Spec)
                 : nullptr;
    };
    const Expr *Handle = HandleOf(E);
    const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    if (!Handle && Var && Var->hasLocalStorage() && !isa<ParmVarDecl>(Var) &&
        Var->getInit() && FD->getBody() && HandleOf(Var->getInit()) &&
        !mayHoldOtherThanInit(Var))
      Handle = HandleOf(Var->getInit());
    return Handle ? Classifier.handleKeyOf(Handle) : "";
  };
  if (const auto *Predicate = dyn_cast<CallExpr>(Cond);
      Predicate && !isa<CXXMemberCallExpr>(Predicate) &&
      Predicate->getDirectCallee() &&
      Predicate->getDirectCallee()->getReturnType()->isBooleanType() &&
      !Classifier.specOfCall(Predicate))
    for (const Expr *Arg : Predicate->arguments())
      if (std::string Key = LastFailureKey(Arg); !Key.empty())
        return CodeTest{std::nullopt, std::move(Key), Negated ? 1u : 0u};
  const auto *BO = dyn_cast<BinaryOperator>(Cond);
  if (!BO || !BO->isEqualityOp())
    return std::nullopt;
  bool TrueIfEqual = (BO->getOpcode() == BO_EQ) != Negated;
  for (auto [Tested, Constant] : {std::pair{BO->getLHS(), BO->getRHS()},
                                  std::pair{BO->getRHS(), BO->getLHS()}}) {
    Expr::EvalResult Value;
    if (Constant->isValueDependent() || !Constant->EvaluateAsInt(Value, Ctx))
      continue;
    // `mysql_errno(db) != ER_DUP_ENTRY`: the last failure on the handle.
    if (std::string Key = LastFailureKey(Tested); !Key.empty()) {
      if (Value.Val.getInt().isZero())
        return std::nullopt;
      return CodeTest{std::nullopt, std::move(Key), TrueIfEqual ? 0u : 1u};
    }
    std::optional<unsigned> Event = testedEventOf(Tested);
    if (!Event || Events[*Event].Op != Operation::Write)
      continue;
    // A failure code: not 0 (SQLITE_OK), nor one that means success
    // (sqlite3_step's SQLITE_DONE).
    FailureReport Failure = Events[*Event].Failure;
    if (Failure == FailureReport::ReturnsZero ? Value.Val.getInt().isZero()
        : Failure == FailureReport::ReturnsCode
            ? namesSuccessCode(Constant, Events[*Event].Spec, Ctx)
            : true)
      continue;
    return CodeTest{*Event, "", TrueIfEqual ? 0u : 1u};
  }
  return std::nullopt;
}

std::optional<std::pair<unsigned, bool>>
TxnActions::testedResultStatus(const Expr *Tested,
                                     const Expr *Constant) const {
  // PQresultStatus(res) == PGRES_COMMAND_OK, or st == PGRES_COMMAND_OK
  // where st holds that status.
  const auto *Enumerator = dyn_cast<DeclRefExpr>(Constant->IgnoreParenImpCasts());
  if (const ValueDecl *Held = namedStorage(Tested);
      Held && Enumerator && isa<EnumConstantDecl>(Enumerator->getDecl()))
    if (auto It = StatusVariables.find(Held); It != StatusVariables.end())
      return std::pair{It->second.first,
                       llvm::is_contained(It->second.second->SuccessValues,
                                          Enumerator->getDecl()->getName())};
  auto Read = statusRead(Tested);
  if (!Read || !Enumerator || !isa<EnumConstantDecl>(Enumerator->getDecl()))
    return std::nullopt;
  auto [Result, Spec] = *Read;
  std::optional<unsigned> Event = testedEventOf(Result);
  if (!Event || Events[*Event].Failure != FailureReport::ReturnsResult)
    return std::nullopt;
  return std::pair{*Event, llvm::is_contained(Spec->SuccessValues,
                                              Enumerator->getDecl()->getName())};
}

const Expr *TxnActions::resultOperand(const CallExpr *Call, unsigned Operand) {
  if (Operand == FunctionSummary::HeldByObject) {
    const auto *MemberCall = dyn_cast<CXXMemberCallExpr>(Call);
    return MemberCall ? throughArrow(MemberCall->getImplicitObjectArgument())
                      : nullptr;
  }
  return Operand < Call->getNumArgs() ? Call->getArg(Operand) : nullptr;
}

std::optional<std::pair<const Expr *, const OperationSpec *>>
TxnActions::statusRead(const Expr *E) const {
  const auto *Call = dyn_cast<CallExpr>(E->IgnoreParenImpCasts());
  if (!Call)
    return std::nullopt;
  if (const OperationSpec *Spec = Classifier.specOfCall(Call)) {
    if (Spec->Op != Operation::ResultStatus || Call->getNumArgs() < 1)
      return std::nullopt;
    return std::pair{Call->getArg(0), Spec};
  }
  const FunctionSummary *Summary = Cache.summaryOfCall(Call);
  if (!Summary || !Summary->StatusOf)
    return std::nullopt;
  if (const Expr *Result = resultOperand(Call, *Summary->StatusOf))
    return std::pair{Result, Summary->StatusSpec};
  return std::nullopt;
}

/// The local variable whose callable \p S calls (`fail("x")` of `auto fail
/// = [&](...) {...};`), if any.
static const VarDecl *calledVariable(const Stmt *S) {
  const auto *Call = dyn_cast<CXXOperatorCallExpr>(S);
  const auto *Callee =
      Call && Call->getOperator() == OO_Call
          ? dyn_cast<DeclRefExpr>(Call->getArg(0)->IgnoreImpCasts())
          : nullptr;
  return Callee ? dyn_cast<VarDecl>(Callee->getDecl()) : nullptr;
}

void TxnActions::findFlagSettingLambdas() {
  llvm::DenseSet<const VarDecl *> UsedOtherwise;
  auto Walk = [&](auto &Self, const Stmt *S) -> void {
    if (!S)
      return;
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      for (const Decl *D : DS->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D);
            Var && Var->hasLocalStorage() && Var->getInit())
          if (const auto *Lambda =
                  dyn_cast<LambdaExpr>(Var->getInit()->IgnoreImplicit()))
            FlagSettingLambdas[Var] = alwaysAssignedCaptures(Lambda, Ctx);
    // A call of the variable is no other use of it.
    const Stmt *Called =
        calledVariable(S) ? cast<CXXOperatorCallExpr>(S)->getArg(0) : nullptr;
    for (const Stmt *Child : S->children())
      if (Child != Called)
        Self(Self, Child);
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
      if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
        UsedOtherwise.insert(Var);
  };
  Walk(Walk, FD->getBody());
  // A lambda copied or handed on may run where the analysis cannot see.
  llvm::SmallVector<const VarDecl *, 4> Dropped;
  for (const auto &[Var, Assignments] : FlagSettingLambdas)
    if (Assignments.empty() || UsedOtherwise.contains(Var))
      Dropped.push_back(Var);
  for (const VarDecl *Var : Dropped)
    FlagSettingLambdas.erase(Var);
}

void TxnActions::findFlags() {
  findFlagSettingLambdas();
  // Their captures by reference are no uses: their assignments are.
  llvm::DenseSet<const Stmt *> LambdaAssignments, FlagSetters;
  for (const auto &[Var, Assignments] : FlagSettingLambdas) {
    LambdaAssignments.insert(Assignments.begin(), Assignments.end());
    FlagSetters.insert(Var->getInit()->IgnoreImplicit());
  }
  // Candidates in declaration order. Any use but a read or a plain `=`
  // assignment (an address or reference taken, ++, +=, a use inside a
  // lambda) lets the flag change where the analysis cannot see it.
  llvm::MapVector<const ValueDecl *, TrackedFlag> Candidates;
  llvm::DenseSet<const ValueDecl *> Disqualified, AssignedFields;
  auto AddConstant = [&](const ValueDecl *Var, const llvm::APSInt &V) {
    auto It = Candidates.find(Var);
    if (It == Candidates.end())
      return;
    llvm::SmallVectorImpl<llvm::APSInt> &Constants = It->second.Constants;
    if (Constants.size() < UnknownSlot &&
        llvm::none_of(Constants, [&](const llvm::APSInt &Known) {
          return llvm::APSInt::isSameValue(Known, V);
        }))
      Constants.push_back(V);
  };
  auto NoteValue = [&](const ValueDecl *Var, const Expr *Value) {
    if (!Value)
      return;
    // `rc = ok ? SQLITE_OK : SQLITE_ERROR`: either arm's constant.
    if (const auto *Choice =
            dyn_cast<ConditionalOperator>(Value->IgnoreParenImpCasts())) {
      for (const Expr *Arm : {Choice->getTrueExpr(), Choice->getFalseExpr()})
        if (Expr::EvalResult Constant;
            !Arm->isValueDependent() && Arm->EvaluateAsInt(Constant, Ctx))
          AddConstant(Var, Constant.Val.getInt());
        else
          return; // a computed arm: the values below
    }
    Expr::EvalResult Constant;
    if (!Value->isValueDependent() && Value->EvaluateAsInt(Constant, Ctx)) {
      AddConstant(Var, Constant.Val.getInt());
    } else if (Var->getType()->isBooleanType()) {
      // A bool that holds a call's result (`began = db.transaction()`) is
      // one of its two values: both get a slot for the branches to tell.
      AddConstant(Var, Ctx.MakeIntValue(0, Var->getType()));
      AddConstant(Var, Ctx.MakeIntValue(1, Var->getType()));
    }
  };
  // A status variable compared with constants (`rc == SQLITE_OK`, `if
  // (rc)`) gets a slot for each: the branches on the call results it holds
  // agree (`if (rc == OK) rc = commit(); if (rc != OK) rollback();`).
  auto NoteCompared = [&](const Stmt *S) {
    const auto *E = dyn_cast<Expr>(S);
    if (!E)
      return;
    auto VarOf = [](const Expr *E) {
      const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
      return Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    };
    if (const auto *BO = dyn_cast<BinaryOperator>(E);
        BO && BO->isEqualityOp()) {
      for (auto [Tested, Other] : {std::pair{BO->getLHS(), BO->getRHS()},
                                   std::pair{BO->getRHS(), BO->getLHS()}}) {
        Expr::EvalResult Constant;
        if (const VarDecl *Var = VarOf(Tested);
            Var && !Other->isValueDependent() &&
            Other->EvaluateAsInt(Constant, Ctx))
          AddConstant(Var, Constant.Val.getInt());
      }
    } else if (const auto *Cast = dyn_cast<ImplicitCastExpr>(E);
               Cast && Cast->getCastKind() == CK_IntegralToBoolean) {
      if (const VarDecl *Var = VarOf(Cast->getSubExpr()))
        AddConstant(Var, Ctx.MakeIntValue(0, Var->getType()));
    }
  };
  // A bool parameter is one of its two values from the entry on: the
  // branches on it agree (`if (doTransaction) begin(); ... if
  // (doTransaction) commit();`).
  for (const ParmVarDecl *Param : FD->parameters())
    if (Param->getType()->isBooleanType() &&
        !Param->getType().isVolatileQualified()) {
      TrackedFlag Flag{Param, {}, 0b11};
      Flag.Constants.push_back(Ctx.MakeIntValue(0, Param->getType()));
      Flag.Constants.push_back(Ctx.MakeIntValue(1, Param->getType()));
      Candidates.insert({Param, std::move(Flag)});
    }
  auto Walk = [&](auto &Self, const Stmt *S, const Stmt *Parent,
                  bool InLambda) -> void {
    if (!S)
      return;
    if (const auto *DS = dyn_cast<DeclStmt>(S); DS && !InLambda)
      for (const Decl *D : DS->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D);
            Var && Var->hasLocalStorage() && !isa<ParmVarDecl>(Var) &&
            Var->getType()->isIntegralOrEnumerationType() &&
            !Var->getType().isVolatileQualified()) {
          Candidates.insert({Var, TrackedFlag{Var, {}}});
          NoteValue(Var, Var->getInit());
        }
    if (!InLambda)
      NoteCompared(S);
    // A bool member of this object that the function sets and tests
    // (`m_bError = true; ... if (m_bError) ROLLBACK else COMMIT`), its
    // value at the entry unknown.
    const auto *Member = dyn_cast<MemberExpr>(S);
    const auto *Field =
        Member ? dyn_cast_or_null<FieldDecl>(namedStorage(Member)) : nullptr;
    if (Field && Field->getType()->isBooleanType() &&
        !Field->getType().isVolatileQualified() && !InLambda &&
        !Candidates.count(Field)) {
      TrackedFlag Flag{Field, {}, 0b11};
      Flag.Constants.push_back(Ctx.MakeIntValue(0, Field->getType()));
      Flag.Constants.push_back(Ctx.MakeIntValue(1, Field->getType()));
      Candidates.insert({Field, std::move(Flag)});
    }
    if (FlagSetters.contains(S)) {
      Self(Self, cast<LambdaExpr>(S)->getBody(), S, true);
      return;
    }
    if (isa<DeclRefExpr>(S) || Field) {
      const ValueDecl *Var = Field;
      if (!Var)
        Var = dyn_cast<VarDecl>(cast<DeclRefExpr>(S)->getDecl());
      const auto *Read = dyn_cast_or_null<ImplicitCastExpr>(Parent);
      const auto *Assign = dyn_cast_or_null<BinaryOperator>(Parent);
      if (!Var || (!InLambda && Read &&
                   Read->getCastKind() == CK_LValueToRValue))
        return;
      if (Assign && Assign->getOpcode() == BO_Assign &&
          Assign->getLHS()->IgnoreParens() == S &&
          (!InLambda || LambdaAssignments.contains(Assign))) {
        NoteValue(Var, Assign->getRHS());
        if (Field)
          AssignedFields.insert(Field);
      } else if (Assign && Assign->getLHS()->IgnoreParens() == S &&
                 (Assign->getOpcode() == BO_AndAssign ||
                  Assign->getOpcode() == BO_OrAssign) &&
                 Var->getType()->isBooleanType() && !InLambda) {
        // `ok &= q.exec()` (accumulateFlag).
        NoteValue(Var, Assign->getRHS());
        if (Field)
          AssignedFields.insert(Field);
      } else
        Disqualified.insert(Var);
      return;
    }
    for (const Stmt *Child : S->children())
      Self(Self, Child, isa<ParenExpr>(S) ? Parent : S,
           InLambda || isa<LambdaExpr>(S));
  };
  Walk(Walk, FD->getBody(), nullptr, false);
  // A flag never assigned or compared with a constant has no value a
  // branch could tell; a member only read here is its object's state.
  for (auto &[Var, Flag] : Candidates)
    if (!Disqualified.contains(Var) && !Flag.Constants.empty() &&
        (!isa<FieldDecl>(Var) || AssignedFields.contains(Var)) &&
        Flags.size() < MaxFlags)
      Flags.push_back(std::move(Flag));
  findCounters();
}

/// The slot of a counter whose value is \p Offset from the entry's, the
/// entry value zero or (\p EntryPositive) positive.
static unsigned counterSlot(int Offset, bool EntryPositive) {
  return unsigned(Offset + 1) * 2 + EntryPositive;
}
constexpr unsigned CounterSlots = 6;

/// The member of this object that \p E names, if it is an integer.
static const FieldDecl *counterMember(const Expr *E) {
  const auto *Field = dyn_cast_or_null<FieldDecl>(namedStorage(E));
  return Field && Field->getType()->isIntegerType() &&
                 !Field->getType()->isBooleanType() &&
                 !Field->getType().isVolatileQualified()
             ? Field
             : nullptr;
}

/// The constant \p E evaluates to, if it does.
static std::optional<llvm::APSInt> constantOf(const Expr *E,
                                              const ASTContext &Ctx) {
  Expr::EvalResult Result;
  if (E->isValueDependent() || !E->EvaluateAsInt(Result, Ctx))
    return std::nullopt;
  return Result.Val.getInt();
}

bool TxnActions::isCounterStep(const UnaryOperator *Step) const {
  const Stmt *Up = Parent.lookup(Step);
  if (!isa_and_nonnull<Expr>(Up))
    return true;
  // `if (--depth_ == 0)`, `if (depth_++ == 0)`, `if (!--depth_)`: the
  // whole condition.
  const Stmt *Tested = Step;
  while (isa_and_nonnull<ParenExpr, ImplicitCastExpr>(Up) ||
         (isa_and_nonnull<UnaryOperator>(Up) &&
          cast<UnaryOperator>(Up)->getOpcode() == UO_LNot) ||
         (isa_and_nonnull<BinaryOperator>(Up) &&
          cast<BinaryOperator>(Up)->isComparisonOp())) {
    Tested = Up;
    Up = Parent.lookup(Up);
  }
  return Up && conditionOf(Up) == Tested;
}

/// The local integer variable that \p E names, if it may count.
static const VarDecl *counterLocal(const Expr *E) {
  const auto *Ref = dyn_cast<DeclRefExpr>(E);
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  return Var && Var->hasLocalStorage() && !isa<ParmVarDecl>(Var) &&
                 Var->getType()->isIntegerType() &&
                 !Var->getType()->isBooleanType() &&
                 !Var->getType().isVolatileQualified()
             ? Var
             : nullptr;
}

void TxnActions::findCounters() {
  // Every use of a counter is a read, a step by a constant (a statement of
  // its own, or what a condition compares) or an assignment in a statement
  // of its own: it changes nowhere else in the function. What a call does
  // to a member counter is taken to be undone before the call returns, as
  // a nested call of a depth-counting method does. A local counter (`++
  // errors` on a failure, `if (errors == 0) commit`) counts only when a
  // condition compares it with a constant or tests it.
  llvm::MapVector<const ValueDecl *, bool> Stepped;
  llvm::DenseSet<const ValueDecl *> Disqualified, Tested;
  auto Walk = [&](auto &Self, const Stmt *S, bool InLambda) -> void {
    if (!S)
      return;
    const auto *Member = dyn_cast<MemberExpr>(S);
    const ValueDecl *Counter = nullptr;
    if (Member) {
      Counter = counterMember(Member);
      if (!Counter)
        return Self(Self, Member->getBase(), InLambda);
    } else if (const auto *E = dyn_cast<Expr>(S)) {
      Counter = counterLocal(E);
    }
    if (Counter) {
      const Stmt *Use = Parent.lookup(S);
      while (isa_and_nonnull<ParenExpr>(Use))
        Use = Parent.lookup(Use);
      const auto *Cast = dyn_cast_or_null<ImplicitCastExpr>(Use);
      const auto *Step = dyn_cast_or_null<UnaryOperator>(Use);
      const auto *Assign = dyn_cast_or_null<BinaryOperator>(Use);
      bool Reads = Cast && Cast->getCastKind() == CK_LValueToRValue;
      bool Steps =
          Step && Step->isIncrementDecrementOp() && isCounterStep(Step);
      bool Adds = Assign && Assign->isCompoundAssignmentOp() &&
                  (Assign->getOpcode() == BO_AddAssign ||
                   Assign->getOpcode() == BO_SubAssign) &&
                  !isa_and_nonnull<Expr>(Parent.lookup(Assign)) &&
                  constantOf(Assign->getRHS(), Ctx);
      bool Sets = Assign && Assign->getOpcode() == BO_Assign &&
                  Assign->getLHS()->IgnoreParens() == S &&
                  !isa_and_nonnull<Expr>(Parent.lookup(Assign));
      Stepped.insert({Counter, false});
      if (InLambda || !(Reads || Steps || Adds || Sets))
        Disqualified.insert(Counter);
      else if (Steps || Adds)
        Stepped[Counter] = true;
      // `while (--retries > 0)` tests the value it steps.
      if (Reads || (Steps && isa_and_nonnull<Expr>(Parent.lookup(Step)))) {
        const Expr *Read = Reads ? static_cast<const Expr *>(Cast) : Step;
        const Stmt *Up = Parent.lookup(Read);
        while (
            isa_and_nonnull<ParenExpr>(Up) ||
            (isa_and_nonnull<ImplicitCastExpr>(Up) &&
             cast<ImplicitCastExpr>(Up)->getCastKind() == CK_LValueToRValue)) {
          Read = cast<Expr>(Up);
          Up = Parent.lookup(Up);
        }
        const auto *Compare = dyn_cast_or_null<BinaryOperator>(Up);
        const auto *Truth = dyn_cast_or_null<ImplicitCastExpr>(Up);
        if ((Compare && Compare->isComparisonOp() &&
             constantOf(Compare->getLHS() == Read ? Compare->getRHS()
                                                  : Compare->getLHS(),
                        Ctx)) ||
            (Truth && Truth->getCastKind() == CK_IntegralToBoolean))
          Tested.insert(Counter);
      }
      return;
    }
    for (const Stmt *Child : S->children())
      Self(Self, Child, InLambda || isa<LambdaExpr>(S));
  };
  Walk(Walk, FD->getBody(), false);
  for (auto [Counter, Steps] : Stepped)
    if (Steps && !Disqualified.contains(Counter) &&
        (isa<FieldDecl>(Counter) || Tested.contains(Counter)) &&
        Flags.size() < MaxFlags) {
      TrackedFlag Flag{Counter, {}};
      Flag.Counter = true;
      // A member's value at the entry is its caller's: zero or more.
      if (isa<FieldDecl>(Counter))
        Flag.EntryValue =
            (1u << counterSlot(0, false)) | (1u << counterSlot(0, true));
      Flags.push_back(std::move(Flag));
    }
}

std::optional<unsigned> TxnActions::flagOf(const Decl *Var) const {
  for (unsigned F = 0; F < Flags.size(); ++F)
    if (Flags[F].Var == Var)
      return F;
  return std::nullopt;
}

std::optional<unsigned> TxnActions::flagOf(const Expr *E) const {
  E = E->IgnoreParenImpCasts();
  // `if ((began = db.transaction()))` tests the flag as assigned.
  if (const auto *Assign = dyn_cast<BinaryOperator>(E);
      Assign && Assign->getOpcode() == BO_Assign)
    E = Assign->getLHS()->IgnoreParenImpCasts();
  // `--depth_ == 0` tests the counter as stepped, `depth_++ == 0` as it
  // was (testedFlag shifts the constant).
  if (const auto *Step = dyn_cast<UnaryOperator>(E);
      Step && Step->isIncrementDecrementOp())
    E = Step->getSubExpr()->IgnoreParenImpCasts();
  if (const FieldDecl *Field = counterMember(E))
    return flagOf(Field);
  if (const auto *Field = dyn_cast_or_null<FieldDecl>(namedStorage(E)))
    return flagOf(Field);
  const auto *Ref = dyn_cast<DeclRefExpr>(E);
  return Ref ? flagOf(Ref->getDecl()) : std::nullopt;
}

uint8_t TxnActions::flagValue(const TrackedFlag &Flag,
                                    const Expr *Value) const {
  if (!Value)
    return UnknownValue;
  if (Flag.Counter) {
    // A constant from -1 to 1 is exactly that offset from a zero; a larger
    // one (a retry budget: `int sane = 300; while (--sane > 0)`) is at
    // least two, one above a positive value.
    std::optional<llvm::APSInt> Constant = constantOf(Value, Ctx);
    if (!Constant || Constant->getSExtValue() < -1)
      return UnknownValue;
    return Constant->getSExtValue() <= 1
               ? 1u << counterSlot(Constant->getSExtValue(), false)
               : 1u << counterSlot(1, true);
  }
  Expr::EvalResult Constant;
  if (Value->isValueDependent() || !Value->EvaluateAsInt(Constant, Ctx)) {
    // Any constant's value, or (but for a bool, whose two values have
    // slots) another.
    uint8_t Slots = (1u << Flag.Constants.size()) - 1;
    return Flag.Var->getType()->isBooleanType() ? Slots : Slots | UnknownValue;
  }
  for (unsigned Slot = 0; Slot < Flag.Constants.size(); ++Slot)
    if (llvm::APSInt::isSameValue(Flag.Constants[Slot], Constant.Val.getInt()))
      return 1u << Slot;
  return UnknownValue;
}

std::optional<unsigned>
TxnActions::returnedStatementRun(const Expr *Statement) const {
  // `helper(sql).lastError()`, or a local that keeps what it returned.
  const Expr *Source = resultSource(Statement);
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Source))
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
        Var && Var->hasLocalStorage() && Var->getInit() &&
        !mayHoldOtherThanInit(Var))
      Source = resultSource(Var->getInit());
  auto Site = SiteEvents.find(Source);
  if (Site == SiteEvents.end())
    return std::nullopt;
  for (unsigned Id : Site->second)
    if (Events[Id].Failure == FailureReport::ReturnsStatement)
      return Id;
  return std::nullopt;
}

std::optional<IdleTest> TxnActions::testedIdle(const Expr *Cond) const {
  bool Negated = false;
  Cond = stripNegations(Cond, Negated);
  // `if (!backend->commitTransaction())` where false says the backend
  // holds no transaction.
  if (std::optional<EventTest> Test = testedEvent(Cond);
      Test && Events[Test->Event].FalseMeansIdle &&
      !Events[Test->Event].HandleKey.empty())
    return IdleTest{Events[Test->Event].HandleKey,
                    Test->FailureSucc ^ unsigned(Negated), true};
  // `session.isTransaction()`, `sqlite3_get_autocommit(db)`: the library
  // says whether one is open.
  if (const auto *Call = dyn_cast<CallExpr>(Cond->IgnoreParenImpCasts()))
    if (const OperationSpec *Spec = Classifier.specOfCall(Call);
        Spec &&
        (Spec->Op == Operation::TellsOpen || Spec->Op == Operation::TellsIdle))
      if (const Expr *Handle = Classifier.handleOperandOf(Call, *Spec))
        if (std::string Key = handleKeyOf(Handle); !Key.empty())
          return IdleTest{std::move(Key),
                          (Spec->Op == Operation::TellsOpen) != Negated ? 1u
                                                                        : 0u,
                          true, true};
  // `store.inTransaction()`: true where it says one is open.
  if (const auto *Call =
          dyn_cast<CXXMemberCallExpr>(Cond->IgnoreParenImpCasts()))
    if (const FunctionSummary *Summary = Cache.summaryOfCall(Call);
        Summary && Summary->TellsOpen)
      if (std::string Key = handleKeyOf(Call->getImplicitObjectArgument());
          !Key.empty())
        return IdleTest{std::move(Key),
                        *Summary->TellsOpen != Negated ? 1u : 0u, true, true};
  // `if (!m_runningTransaction)`: the object's own flag of its open
  // transaction.
  if (const auto *Flag = dyn_cast_or_null<FieldDecl>(namedStorage(Cond)))
    if (TransactionFlag Known = Cache.transactionFlag(Flag);
        !Known.HandleKey.empty())
      return IdleTest{std::move(Known.HandleKey), Negated ? 0u : 1u, true, true,
                      std::move(Known.ClearedBy)};
  // `p`, `!p`, `p == nullptr`, `p != NULL` on a pointer-typed handle.
  bool TrueMeansSet;
  const Expr *Pointer = nullTestedPointer(Cond, TrueMeansSet, Ctx);
  if (!Pointer)
    return std::nullopt;
  bool TrueMeansNull = TrueMeansSet == Negated;
  std::string Key = handleKeyOf(Pointer);
  if (Key.empty())
    return std::nullopt;
  return IdleTest{std::move(Key), TrueMeansNull ? 0u : 1u};
}

uint8_t TxnActions::truthySlots(const TrackedFlag &Flag) {
  uint8_t Slots = 0;
  for (unsigned Slot = 0; Slot < Flag.Constants.size(); ++Slot)
    if (!Flag.Constants[Slot].isZero())
      Slots |= 1u << Slot;
  return Slots;
}

std::optional<unsigned> TxnActions::begunBy(const Expr *Value) const {
  if (!Value)
    return std::nullopt;
  auto It = SiteEvents.find(resultSource(Value));
  if (It == SiteEvents.end())
    return std::nullopt;
  // A bool that a begin returns says whether it began, even when no body
  // shows how it fails (a virtual whose overriders disagree).
  for (unsigned Id : It->second)
    if (Events[Id].Op == Operation::Begin &&
        (Events[Id].Failure == FailureReport::ReturnsBool ||
         (Events[Id].Failure == FailureReport::None &&
          resultSource(Value)->getType()->isBooleanType())))
      return Id;
  return std::nullopt;
}

std::optional<FlagTest> TxnActions::testedFlag(const Expr *Cond) const {
  if (Flags.empty())
    return std::nullopt;
  bool Negated = false;
  Cond = stripNegations(Cond, Negated);
  // `F` (non-zero), `F == K`, `F != K`: which constants make it true.
  std::optional<unsigned> Flag = flagOf(Cond);
  Expr::EvalResult Compared;
  bool Equality = false, IsNE = false;
  if (const auto *BO = dyn_cast<BinaryOperator>(Cond);
      !Flag && BO && BO->isEqualityOp())
    for (auto [Tested, Constant] : {std::pair{BO->getLHS(), BO->getRHS()},
                                    std::pair{BO->getRHS(), BO->getLHS()}})
      if ((Flag = flagOf(Tested)) && !Constant->isValueDependent() &&
          Constant->EvaluateAsInt(Compared, Ctx)) {
        Equality = true;
        IsNE = BO->getOpcode() == BO_NE;
        break;
      }
  if (const auto *BO = dyn_cast<BinaryOperator>(Cond);
      !Flag && BO && BO->isRelationalOp())
    Flag = flagOf(BO->getLHS());
  if (Flag && Flags[*Flag].Counter) {
    // The branch runs after the step: `depth_++ == 0` is `depth_ == 1`.
    auto ShiftOf = [](const Expr *Tested) -> int64_t {
      const auto *Step = dyn_cast<UnaryOperator>(Tested->IgnoreParenImpCasts());
      if (!Step || !Step->isPostfix())
        return 0;
      return Step->isIncrementOp() ? 1 : -1;
    };
    const auto *BO = dyn_cast<BinaryOperator>(Cond);
    if (!BO || !BO->isComparisonOp())
      return testedCounter(*Flag, BO_NE, ShiftOf(Cond), Negated);
    bool Left = flagOf(BO->getLHS()) == Flag;
    std::optional<llvm::APSInt> Constant =
        constantOf(Left ? BO->getRHS() : BO->getLHS(), Ctx);
    if (!Constant)
      return std::nullopt;
    return testedCounter(
        *Flag,
        Left ? BO->getOpcode()
             : BinaryOperator::reverseComparisonOp(BO->getOpcode()),
        Constant->getSExtValue() + ShiftOf(Left ? BO->getLHS() : BO->getRHS()),
        Negated);
  }
  if (!Flag || (isa<BinaryOperator>(Cond) && !Equality &&
                cast<BinaryOperator>(Cond)->getOpcode() != BO_Assign))
    return std::nullopt;
  auto Holds = [&](const llvm::APSInt &V) {
    return Equality ? llvm::APSInt::isSameValue(V, Compared.Val.getInt()) != IsNE
                    : !V.isZero();
  };
  // A value other than the slots' differs from the constant compared
  // when it has a slot (for a truth test, zero); else it may take either
  // branch.
  const TrackedFlag &Tracked = Flags[*Flag];
  llvm::APSInt Zero = Ctx.MakeIntValue(0, Tracked.Var->getType());
  const llvm::APSInt &Decisive = Equality ? Compared.Val.getInt() : Zero;
  FlagTest Test{*Flag, {UnknownValue, UnknownValue}};
  if (llvm::any_of(Tracked.Constants, [&](const llvm::APSInt &V) {
        return llvm::APSInt::isSameValue(V, Decisive);
      }))
    Test.Takes[Holds(Decisive) == Negated ? 1 : 0] = 0;
  for (unsigned Slot = 0; Slot < Tracked.Constants.size(); ++Slot)
    Test.Takes[Holds(Tracked.Constants[Slot]) == Negated ? 1 : 0] |= 1u << Slot;
  return Test;
}

FlagTest TxnActions::testedCounter(unsigned Flag, BinaryOperatorKind Op,
                                   int64_t K, bool Negated) const {
  auto Holds = [&](int64_t V) {
    switch (Op) {
    case BO_EQ:
      return V == K;
    case BO_NE:
      return V != K;
    case BO_LT:
      return V < K;
    case BO_LE:
      return V <= K;
    case BO_GT:
      return V > K;
    default:
      return V >= K;
    }
  };
  FlagTest Test{Flag, {UnknownValue, UnknownValue}};
  for (unsigned Slot = 0; Slot < CounterSlots; ++Slot) {
    // The values the slot stands for: its offset from a zero, or from a
    // positive entry value, where past K every comparison says the same.
    int64_t Offset = int64_t(Slot / 2) - 1;
    bool EntryPositive = Slot % 2;
    int64_t Lowest = Offset + EntryPositive;
    int64_t Highest = EntryPositive ? std::max(Lowest, K + 1) : Lowest;
    if (Highest - Lowest > 8)
      Highest = Lowest + 8, Test.Takes[0] |= 1u << Slot,
      Test.Takes[1] |= 1u << Slot;
    for (int64_t V = Lowest; V <= Highest; ++V)
      Test.Takes[Holds(V) == Negated ? 1 : 0] |= 1u << Slot;
  }
  return Test;
}

void TxnActions::noteThrowSite(const Stmt *Site,
                                     const ExceptionInfo &Info) {
  // Walk out through the enclosing tries while the exception gets past
  // their handlers; remember the first escaping site of each.
  auto It = EnclosingTry.find(Site);
  for (const CXXTryStmt *Try = It == EnclosingTry.end() ? nullptr : It->second;
       Try; Try = Tries[Try].Parent) {
    if (const CXXCatchStmt *Handler = Exceptions.handlerFor(Info, Try, Ctx)) {
      // A type no handler catches gets past them all the same (Jami's
      // `catch (QueryInsertError &)` around an update() that throws
      // QueryUpdateError): the dispatch then goes both ways.
      bool Escapes = Exceptions.escapesHandlers(Info, Try, Ctx);
      if (Try == It->second && !Info.containsUnknownElements() && !Escapes)
        if (const CFGBlock *Block = CatchBlocks.lookup(Handler))
          HandlerBlock[Site] = Block;
      if (!Escapes)
        return;
    }
    if (!Tries[Try].FirstEscape)
      Tries[Try].FirstEscape = Site;
  }
}

// Tracked flags: a declaration without an initializer, or an assignment
// of what is not a constant, leaves the value unknown.
void TxnActions::setFlag(std::optional<unsigned> Flag, const Expr *Value,
                         std::vector<Action> &Actions) {
  if (!Flag)
    return;
  Action A(Action::SetFlag);
  A.Flag = *Flag;
  A.FlagValues = flagValue(Flags[*Flag], Value);
  if (Flags[*Flag].Counter) {
    Actions.push_back(std::move(A));
    return;
  }
  // `bool ok = errors == 0;`: the flag says what that test of another one
  // would.
  if (std::optional<FlagTest> Test =
          Value && Flags[*Flag].Var->getType()->isBooleanType()
              ? testedFlag(Value)
              : std::nullopt;
      Test && Test->Flag != *Flag) {
    uint8_t Truthy = truthySlots(Flags[*Flag]);
    uint8_t Falsy =
        uint8_t(((1u << Flags[*Flag].Constants.size()) - 1) & ~Truthy);
    Action Derived(Action::MapFlag);
    Derived.Flag = *Flag;
    Derived.SourceFlag = Test->Flag;
    for (unsigned Slot = 0; Slot < MaxFlags; ++Slot)
      Derived.FlagMap[Slot] =
          (Test->Takes[0] & (1u << Slot) ? (Truthy ? Truthy : UnknownValue)
                                         : 0) |
          (Test->Takes[1] & (1u << Slot) ? (Falsy ? Falsy : UnknownValue) : 0);
    Actions.push_back(std::move(Derived));
    return;
  }
  // `rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;`:
  // each arm's block gives the flag its value, so that the branch on the
  // step decides it.
  if (const auto *Choice = dyn_cast_or_null<ConditionalOperator>(
          Value ? Value->IgnoreParenImpCasts() : nullptr))
    if (auto Arms = choiceArms(Choice)) {
      for (unsigned Arm : {0u, 1u}) {
        Action Chosen(Action::SetFlag);
        Chosen.Flag = *Flag;
        Chosen.FlagValues =
            flagValue(Flags[*Flag], Arm == 0 ? Choice->getTrueExpr()
                                             : Choice->getFalseExpr());
        BlockActions[(*Arms)[Arm]->getBlockID()].push_back(std::move(Chosen));
      }
      return;
    }
  if (auto Begin = begunBy(Value)) {
    A.SuccessOf = *Begin;
    A.FlagValuesIfBegun = truthySlots(Flags[*Flag]);
  }
  // `ok = insert() && update()`: the branch on insert()'s failure has
  // already been taken where it failed, and there ok is false. Each
  // operand but the last is tested before the value is computed.
  llvm::SmallVector<const Expr *, 4> Operands;
  auto Flatten = [&](auto &Self, const Expr *E) -> void {
    E = E->IgnoreParenImpCasts()->IgnoreImplicit();
    if (const auto *And = dyn_cast<BinaryOperator>(E);
        And && And->getOpcode() == BO_LAnd) {
      Self(Self, And->getLHS());
      Self(Self, And->getRHS());
      return;
    }
    Operands.push_back(E);
  };
  uint8_t FalseSlots = uint8_t(((1u << Flags[*Flag].Constants.size()) - 1) &
                               ~truthySlots(Flags[*Flag]));
  if (Value && FalseSlots)
    Flatten(Flatten, Value);
  if (!Operands.empty())
    Operands.pop_back();
  for (const Expr *Operand : Operands)
    if (std::optional<EventTest> Test = testedEvent(Operand);
        Test && Test->FailureSucc == 1 &&
        Events[Test->Event].Op == Operation::Write)
      A.FalseIfFailed.push_back(Test->Event);
  A.FlagValuesIfFailed = FalseSlots;
  Actions.push_back(std::move(A));
}

void TxnActions::accumulateFlag(const Stmt *S, std::vector<Action> &Actions) {
  // `ok &= q.exec()`: false stays false and true may become either; `|=`
  // the other way round.
  const auto *Op = dyn_cast<CompoundAssignOperator>(S);
  if (!Op ||
      (Op->getOpcode() != BO_AndAssign && Op->getOpcode() != BO_OrAssign))
    return;
  std::optional<unsigned> Flag = flagOf(Op->getLHS());
  if (!Flag || Flags[*Flag].Counter)
    return;
  const TrackedFlag &Tracked = Flags[*Flag];
  uint8_t Truthy = truthySlots(Tracked);
  uint8_t Every = uint8_t((1u << Tracked.Constants.size()) - 1);
  bool And = Op->getOpcode() == BO_AndAssign;
  Action A(Action::MapFlag);
  A.Flag = *Flag;
  A.FlagMap.fill(UnknownValue);
  for (unsigned Slot = 0; Slot < Tracked.Constants.size(); ++Slot)
    A.FlagMap[Slot] =
        bool(Truthy & (1u << Slot)) == And ? Every : uint8_t(1u << Slot);
  Actions.push_back(std::move(A));
}

void TxnActions::stepCounter(const Stmt *S, std::vector<Action> &Actions) {
  const Expr *Counter = nullptr;
  std::optional<llvm::APSInt> Delta;
  if (const auto *Step = dyn_cast<UnaryOperator>(S);
      Step && Step->isIncrementDecrementOp()) {
    Counter = Step->getSubExpr();
    Delta = Ctx.MakeIntValue(Step->isIncrementOp() ? 1 : -1, Ctx.IntTy);
  } else if (const auto *Add = dyn_cast<CompoundAssignOperator>(S);
             Add && (Add->getOpcode() == BO_AddAssign ||
                     Add->getOpcode() == BO_SubAssign)) {
    Counter = Add->getLHS();
    Delta = constantOf(Add->getRHS(), Ctx);
    if (Delta && Add->getOpcode() == BO_SubAssign)
      Delta = -*Delta;
  }
  std::optional<unsigned> Flag = Counter ? flagOf(Counter) : std::nullopt;
  if (!Flag || !Delta || !Flags[*Flag].Counter ||
      !CounterSteps.insert(S).second)
    return;
  Action A(Action::MapFlag);
  A.Flag = *Flag;
  A.FlagMap.fill(UnknownValue);
  // Counted up past the slots, a value is still at least two: at least one
  // above a positive entry.
  for (unsigned Slot = 0; Slot < CounterSlots; ++Slot) {
    int64_t Offset = int64_t(Slot / 2) - 1 + Delta->getSExtValue();
    if (Offset >= -1 && Offset <= 1)
      A.FlagMap[Slot] = 1u << counterSlot(Offset, Slot % 2);
    else if (Offset > 1 && Slot / 2 >= 1)
      A.FlagMap[Slot] = 1u << counterSlot(1, true);
  }
  Actions.push_back(std::move(A));
}

/// Whether \p S builds the object a throw expression throws.
bool TxnActions::isThrownObject(const Stmt *S) const {
  const Stmt *Up = Parent.lookup(S);
  while (Up &&
         isa<ImplicitCastExpr, CXXBindTemporaryExpr, MaterializeTemporaryExpr,
             ExprWithCleanups, CXXFunctionalCastExpr, ParenExpr>(Up))
    Up = Parent.lookup(Up);
  return isa_and_nonnull<CXXThrowExpr>(Up);
}

/// The variable whose address call \p S passes as \p Spec's error-message
/// argument (`&errmsg`), if any.
static const ValueDecl *errorMessageVariable(const Stmt *S,
                                             const OperationSpec *Spec) {
  const auto *Call = dyn_cast<CallExpr>(S);
  if (!Call || !Spec || !Spec->ErrorArgument ||
      *Spec->ErrorArgument >= Call->getNumArgs())
    return nullptr;
  const auto *Address = dyn_cast<UnaryOperator>(
      Call->getArg(*Spec->ErrorArgument)->IgnoreParenImpCasts());
  if (!Address || Address->getOpcode() != UO_AddrOf)
    return nullptr;
  const auto *Message =
      dyn_cast<DeclRefExpr>(Address->getSubExpr()->IgnoreParens());
  return Message ? Message->getDecl() : nullptr;
}

/// A thread, or the future of a callable started on one (`std::async`,
/// `QtConcurrent::run`): the callable runs elsewhere, now.
static bool startsThread(QualType T) {
  static const llvm::StringSet<> Names = {
      "std::thread",        "std::jthread",  "boost::thread", "std::future",
      "std::shared_future", "boost::future", "QFuture"};
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  return RD && Names.contains(RD->getQualifiedNameAsString());
}

void TxnActions::collectElement(const CFGElement &Elem, const CFGBlock &Block) {
  std::vector<Action> &Actions = BlockActions[Block.getBlockID()];
  auto Record = [&](TxnEvent E, std::vector<Action> &Actions) {
    unsigned Id = Events.size();
    SiteEvents[E.Site].push_back(Id);
    // SQL not known here may be a begin or commit in a caller.
    if ((E.Op == Operation::Begin && !E.Implicit) ||
        E.Op == Operation::Commit || E.Op == Operation::Rollback ||
        E.Op == Operation::Open || E.Op == Operation::SavepointOpen ||
        E.Op == Operation::SavepointRelease ||
        (E.Op == Operation::Write && E.Sql))
      SiteTested.try_emplace(E.Site, Id);
    // What a transaction object's constructor said about its connection
    // holds for every later event on it (txn.commit() ends the connection's
    // savepoints).
    // A wrapper method's event on its own connection member is, on the
    // caller's transaction object, an event of that object on its
    // connection (`t.commit()` of `auto t = db.begin();`).
    if (auto Known = ConnectionOf.find(E.HandleKey);
        Known != ConnectionOf.end() &&
        (E.ConnectionKey.empty() || E.ConnectionKey == E.HandleKey ||
         E.ConnectionKey == Known->second)) {
      if (E.HandleRole == Role::Session && Known->second != E.HandleKey)
        E.HandleRole = Role::Transaction;
      E.ConnectionKey = Known->second;
    } else if (!E.ConnectionKey.empty() && !E.HandleKey.empty())
      ConnectionOf.try_emplace(E.HandleKey, E.ConnectionKey);
    if (auto Run = StatementRunAt.find(E.Site); Run != StatementRunAt.end())
      LastRunOf[Run->second] = Id;
    if (!E.HandleKey.empty() && !E.Destructor &&
        E.Failure != FailureReport::None)
      LastReportingEventOn[E.HandleKey] = Id;
    Events.push_back(std::move(E));
    Action A(Action::Event);
    A.EventId = Id;
    Actions.push_back(std::move(A));
  };
  auto AddEvent = [&](TxnEvent E) {
    // A commit chosen by `?:` against a rollback: each arm's block runs its
    // own end, so that the paths choosing the rollback never commit.
    if (std::optional<std::array<const CFGBlock *, 2>> Arms =
            chosenEndBlocks(E, Block)) {
      for (unsigned Arm : {0u, 1u}) {
        TxnEvent End = E;
        End.ChosenBy = nullptr;
        End.Op = *sqlEndOf(Arm == 0 ? E.ChosenBy->getTrueExpr()
                                    : E.ChosenBy->getFalseExpr());
        Record(std::move(End), BlockActions[(*Arms)[Arm]->getBlockID()]);
      }
      return;
    }
    Record(std::move(E), Actions);
  };

  if (auto Dtor = Elem.getAs<CFGAutomaticObjDtor>()) {
    const VarDecl *Var = Dtor->getVarDecl();
    if (auto E = Classifier.classifyDestructor(Var, Dtor->getTriggerStmt())) {
      AddEvent(std::move(*E));
    } else if (destructorCommits(Var->getType()->getAsCXXRecordDecl(), Cache)) {
      // A class of the program whose destructor commits: its scope's end
      // commits what the object holds, as a modelled type's does.
      TxnEvent End;
      End.Op = Operation::Commit;
      End.Site = Dtor->getTriggerStmt();
      End.Destructor = true;
      End.HandleKey = varKey(Var);
      End.BoundVariable = Var;
      End.HandleRole = Role::Transaction;
      AddEvent(std::move(End));
    }
    return;
  }
  // `w_(std::make_unique<pqxx::work>(c))`: the member holds what the
  // construction began, as `w_ = ...` would.
  if (auto Init = Elem.getAs<CFGInitializer>()) {
    const Expr *Value = Init->getInitializer()->getInit()->IgnoreImplicit();
    if (const MemberExpr *Member = InitializedMembers.lookup(Value);
        Member && !isa<CXXConstructExpr>(Value))
      bindMember(Member, Value);
    return;
  }
  auto CS = Elem.getAs<CFGStmt>();
  if (!CS)
    return;
  const Stmt *S = CS->getStmt();

  if (const auto *Throw = dyn_cast<CXXThrowExpr>(S)) {
    if (auto Info = Exceptions.mayThrow(Throw))
      noteThrowSite(Throw, *Info);
    Action A(Action::Throw);
    A.Site = Throw;
    Actions.push_back(std::move(A));
    return;
  }
  if (const auto *Call = dyn_cast<CallExpr>(S); Call && !resultDropped(Call)) {
    // `rc = sqlite3_finalize(st); if (rc != SQLITE_OK)`, `if
    // (q.lastError().isValid())`: a test of the statement's last run. Also
    // through a helper that tests it (`if (!watchQuery(q))`).
    const OperationSpec *Spec = Classifier.specOfCall(Call);
    const FunctionSummary *Summary = Spec ? nullptr : Cache.summaryOfCall(Call);
    const Expr *Statement = Spec && Spec->Op == Operation::StatementResult
                                ? Classifier.handleOperandOf(Call, *Spec)
                            : Summary && Summary->ChecksResultOf
                                ? resultOperand(Call, *Summary->ChecksResultOf)
                                : nullptr;
    std::string Key = Statement ? handleKeyOf(Statement) : "";
    if (auto Run = Key.empty() ? LastRunOf.end() : LastRunOf.find(Key);
        Run != LastRunOf.end()) {
      if (Spec)
        SiteTested.try_emplace(Call, Run->second);
      else
        StatementChecks.try_emplace(Call, Run->second);
    } else if (std::optional<unsigned> Ran =
                   Spec && Statement ? returnedStatementRun(Statement)
                                     : std::nullopt) {
      SiteTested.try_emplace(Call, *Ran);
    }
    // An error only logged (`qWarning() << q.lastError().text()`) reports
    // nothing to the code.
    bool Reports =
        Spec ? Spec->Failure != FailureReport::ReturnsError || errorTested(Call)
             : StatementChecks.contains(Call);
    if (Reports && !Key.empty())
      StatementsReported.insert(std::move(Key));
  }
  if (isa<ReturnStmt, CoreturnStmt>(S)) {
    const Expr *Value = returnedValue(S);
    if (!Value)
      return;
    Action HandOver(Action::Adopt);
    HandOver.Site = S;
    noteReturned(Value, 0, HandOver);
    if (!HandOver.Keys.empty())
      Actions.push_back(std::move(HandOver));
    if (Errors.isFailure(Value)) {
      Action A(Action::Failure);
      A.Site = S;
      A.FailureKind = FailurePoint::ErrorReturn;
      Actions.push_back(std::move(A));
    }
    return;
  }
  // Variables that receive a call's result: a returned handle, or the
  // status a branch will test.
  if (const auto *DS = dyn_cast<DeclStmt>(S); DS && DS->isSingleDecl())
    if (const auto *Var = dyn_cast<VarDecl>(DS->getSingleDecl()))
      if (const Expr *Init = Var->getInit()) {
        bindResultAt(S, Var, Init, Actions);
        bindStatus(Var, Init);
        adoptOwnership(Var, Init);
        noteScopeGuard(Var, Init);
      }
  // txn = lmdb::txn::begin(env) on a class-type variable; guard =
  // finally(...), guards[i] = finally(...).
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S);
      Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2) {
    const Expr *Target = Op->getArg(0)->IgnoreParenImpCasts();
    if (const auto *LHS = dyn_cast<DeclRefExpr>(Target))
      bindResultAt(S, LHS->getDecl(), Op->getArg(1), Actions);
    else if (isa<MemberExpr>(Target))
      bindMember(Target, Op->getArg(1));
    if (const auto *Element = dyn_cast<ArraySubscriptExpr>(Target))
      Target = Element->getBase()->IgnoreParenImpCasts();
    if (const auto *Ref = dyn_cast<DeclRefExpr>(Target))
      if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
        noteScopeGuard(Var, Op->getArg(1));
  }
  if (!Flags.empty()) {
    stepCounter(S, Actions);
    accumulateFlag(S, Actions);
  }
  if (const auto *DS = dyn_cast<DeclStmt>(S); DS && !Flags.empty())
    for (const Decl *D : DS->decls())
      if (const auto *Var = dyn_cast<VarDecl>(D))
        setFlag(flagOf(Var), Var->getInit(), Actions);
  if (auto Lambda = FlagSettingLambdas.find(calledVariable(S));
      Lambda != FlagSettingLambdas.end())
    for (const BinaryOperator *Assign : Lambda->second)
      setFlag(flagOf(Assign->getLHS()), Assign->getRHS(), Actions);
  if (const auto *Assign = dyn_cast<BinaryOperator>(S);
      Assign && Assign->getOpcode() == BO_Assign) {
    setFlag(flagOf(Assign->getLHS()), Assign->getRHS(), Actions);
    const auto *LHS =
        dyn_cast<DeclRefExpr>(Assign->getLHS()->IgnoreParenImpCasts());
    // `st = PQresultStatus(res);` into a local, or into a member
    // (pgAdmin's `lastResultStatus`), as an initializer would.
    if (const ValueDecl *Held = namedStorage(Assign->getLHS()))
      bindStatus(Held, Assign->getRHS());
    if (LHS)
      bindResultAt(S, LHS->getDecl(), Assign->getRHS(), Actions);
    else if (const ValueDecl *Member = assignedVariable(Assign->getLHS())) {
      noteResultAssignment(S, Member, Assign->getRHS());
      if (isa<MemberExpr>(Assign->getLHS()->IgnoreParenImpCasts()))
        bindMember(Assign->getLHS(), Assign->getRHS());
      // `_errId = sqlite3_exec(...); ...; return _errId == SQLITE_OK;`: a
      // member of this object holds the result as a local would.
      if (namedStorage(Assign->getLHS()) == Member) {
        bindResult(Member, Assign->getRHS());
        bindChosenResult(Member, Assign->getRHS());
      }
    }
  }
  // txn.m_txn = other: the local object holds another transaction now; what
  // ended on it is behind (a new one may be open).
  if (const auto *Assign = dyn_cast<BinaryOperator>(S);
      Assign && Assign->getOpcode() == BO_Assign)
    if (const auto *Member =
            dyn_cast<MemberExpr>(Assign->getLHS()->IgnoreParenImpCasts());
        Member && Cache.mayCarryHandle(Member->getType()))
      if (const auto *Object =
              dyn_cast<DeclRefExpr>(Member->getBase()->IgnoreParenImpCasts());
          Object && isa<VarDecl>(Object->getDecl()) &&
          cast<VarDecl>(Object->getDecl())->hasLocalStorage()) {
        Action Rebind(Action::HandOff);
        Rebind.Site = S;
        Rebind.MayBegin = true;
        Rebind.Keys.push_back(handleKeyOf(Object));
        Actions.push_back(std::move(Rebind));
      }
  // m_txn = txn, g_db = db, *out = db, m_txn = db->BeginTransaction():
  // someone else ends it, from here on. A local variable (not a reference)
  // is ours.
  Action HandOver(Action::Adopt);
  HandOver.Site = S;
  if (const auto *Assign = dyn_cast<BinaryOperator>(S);
      Assign && Assign->getOpcode() == BO_Assign &&
      !isLocalValue(Assign->getLHS()))
    noteStored(Assign->getRHS(), HandOver);
  // m_queue.push_back(txn): kept in a container that outlives the call.
  if (const auto *Insert = dyn_cast<CXXMemberCallExpr>(S);
      Insert && isContainerInsertion(Insert) &&
      !isLocalValue(Insert->getImplicitObjectArgument()))
    for (const Expr *Arg : Insert->arguments())
      noteStored(Arg, HandOver);
  if (!HandOver.Keys.empty())
    Actions.push_back(std::move(HandOver));

  const Expr *ResetValue = nullptr;
  if (const ValueDecl *Target = resetTarget(S, ResetValue))
    bindResultAt(S, Target, ResetValue, Actions);
  else if (const auto *Reset = dyn_cast<CXXMemberCallExpr>(S);
           Reset && Reset->getNumArgs() == 1 &&
           isa<MemberExpr>(
               Reset->getImplicitObjectArgument()->IgnoreParenImpCasts()))
    if (const CXXMethodDecl *Method = Reset->getMethodDecl();
        Method && Method->getIdentifier() && Method->getName() == "reset" &&
        Method->getParent()->isInStdNamespace())
      bindMember(Reset->getImplicitObjectArgument(), Reset->getArg(0));
  noteAdoption(S, Actions);

  if (!isa<CallExpr>(S) && !isa<CXXConstructExpr>(S) && !isa<DeclStmt>(S) &&
      !isa<CXXDeleteExpr>(S) && !isa<CXXNewExpr>(S))
    return;

  bool IsCall = isa<CallExpr>(S) || isa<CXXConstructExpr>(S);
  std::optional<ExceptionInfo> Throws;
  if (IsCall && (Throws = Exceptions.mayThrow(S)))
    noteThrowSite(S, *Throws);
  auto SideExit = [&](std::optional<unsigned> FailureOf = std::nullopt) {
    CallSites.try_emplace(S, CallSites.size());
    Action A(Action::SideExit);
    A.Site = S;
    A.SuccessOf = FailureOf;
    Actions.push_back(std::move(A));
  };
  const FunctionDecl *Callee = IsCall ? calleeOf(S) : nullptr;
  // A call in a try block not known to throw may throw all the same: the
  // try is its author's evidence. Not a library's, whose exceptions are
  // known (the standard library's data), unless it calls the program's
  // callable (std::function), nor the construction of what a throw throws.
  bool ThrowsAllTheSame = false;
  const auto *Invoke = dyn_cast<CXXOperatorCallExpr>(S);
  bool RunsCallable = Invoke && Invoke->getOperator() == OO_Call;
  if (!Throws && IsCall && EnclosingTry.count(S) && !Classifier.specOfCall(S) &&
      !(Callee && Cache.isLibraryFunction(Callee) && !RunsCallable) &&
      !isThrownObject(S)) {
    const auto *Proto =
        Callee ? Callee->getType()->getAs<FunctionProtoType>() : nullptr;
    ThrowsAllTheSame = !Proto || !Proto->isNothrow();
  }
  auto HandlerEntry = [&] {
    Action A(Action::HandlerEntry);
    A.Site = S;
    Actions.push_back(std::move(A));
    ThrowsAllTheSame = false;
  };

  const MemberExpr *InitializedMember =
      isa<CXXConstructExpr>(S) ? InitializedMembers.lookup(cast<Expr>(S))
                               : nullptr;
  const OperationSpec *Spec = IsCall ? Classifier.specOfCall(S) : nullptr;
  auto CallEvents = Classifier.classify(
      S, Ctx, InitializedMember, ReturnedConstructions.contains(S),
      Spec && Spec->RunsUnlessKept && keepsResult(cast<Expr>(S)));
  if (CallEvents.empty() && isa<CallExpr>(S))
    CallEvents = libraryConstruction(cast<CallExpr>(S));
  // A helper, wrapper or lambda with a body here: what it does to the
  // caller's handles.
  // A variable that a summarized constructor initializes is the object of
  // its events; when its class's destructor may end them, it owns them.
  const FunctionSummary *Summary = nullptr;
  bool ScopedObject = false;
  if (CallEvents.empty() && isa<CallExpr>(S))
    Summary = Cache.summaryOfCall(S);
  // `delete c;` runs the destructor of a class of the program's on c.
  if (const auto *Delete = dyn_cast<CXXDeleteExpr>(S);
      CallEvents.empty() && Delete)
    if (const CXXRecordDecl *Class =
            Delete->getDestroyedType()->getAsCXXRecordDecl();
        Class && Class->hasDefinition())
      if (const CXXDestructorDecl *Destructor =
              Class->getDefinition()->getDestructor())
        Summary = Cache.summaryOf(Destructor);
  if (CallEvents.empty() && !Summary) {
    // `Txn t(db);`, `auto t = std::make_unique<Txn>(db);`, `return
    // Transaction(db_);` (`return new Transaction(db_);`) whose object the
    // caller receives, or `m_txn.reset(new Txn(db_))`, which bindMember
    // gives to the member. A plain new's destructor runs at a delete.
    std::optional<Construction> Built;
    const VarDecl *Owner = nullptr;
    if (const auto *DS = dyn_cast<DeclStmt>(S); DS && DS->isSingleDecl())
      if (const auto *Var = dyn_cast<VarDecl>(DS->getSingleDecl());
          Var && Var->getInit()) {
        Built = constructionIn(Var->getInit());
        Owner = Var;
      }
    if (isa<CXXConstructExpr, CXXNewExpr, CallExpr>(S) &&
        (isReturned(cast<Expr>(S)) || isStoredInMember(cast<Expr>(S))))
      Built = constructionIn(cast<Expr>(S));
    // A statement object built only to run (`sqlite::execute(db, "BEGIN",
    // true);`); not a guard, which ends at once what it began.
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(S);
        Construct && isDiscarded(Construct) &&
        !Cache.destructorMayEnd(Construct->getConstructor()->getParent()))
      Built = constructionIn(Construct);
    if (Built && (Summary = Cache.summaryOfCall(Built->Construct))) {
      const CXXRecordDecl *Class =
          Built->Construct->getConstructor()->getParent();
      // A static local (a singleton's instance) is not destroyed at the
      // scope's end.
      ScopedObject = !Built->RawNew && Cache.destructorMayEnd(Class) &&
                     (!Owner || (Owner->hasLocalStorage() &&
                                 scopedClassOf(Owner->getType()) == Class));
    }
  }
  // An exception leaves the callee from inside its savepoint, also when
  // only its summary from another file says so.
  if (Summary && Summary->SavepointThrow && !Throws) {
    Throws = ExceptionInfo::createUnknown();
    noteThrowSite(S, *Throws);
  }
  if (Summary)
    CallEvents = instantiateSummary(
        *Summary, S, Ctx,
        [&](const FunctionDecl *FD) { return Cache.summaryOf(FD); },
        ScopedObject);
  // A begin on a handle shared with the caller (a singleton connection)
  // through the constructor or a method of a local guard whose destructor
  // ends that handle's transaction (TFS's `DBTransaction t; if
  // (!t.begin()) ...`, Mumble's `TransactionHolder th;`): the guard owns it.
  if (const VarDecl *Guard = Summary ? localObjectOf(S) : nullptr)
    for (TxnEvent &E : CallEvents)
      if (const CXXRecordDecl *Class = Guard->getType()->getAsCXXRecordDecl();
          E.Op == Operation::Begin && !E.Scoped &&
          Cache.destructorEndsShared(Class, E.HandleKey)) {
        E.Scoped = true;
        E.BoundVariable = Guard;
        E.CommitsOnUnwind = destructorCommits(Class, Cache, E.HandleKey);
      }
  // A transaction handed to a method of a local guard whose destructor
  // ends what it holds (KDb's `KDbTransactionGuard tg;
  // tg.setTransaction(conn->beginTransaction());`): the guard owns it.
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S))
    if (const VarDecl *Guard = localObjectOf(Call);
        Guard && Cache.destructorMayEnd(scopedClassOf(Guard->getType())))
      for (const Expr *Argument : Call->arguments())
        if (auto Began = SiteEvents.find(resultSource(Argument));
            Began != SiteEvents.end())
          for (unsigned Id : Began->second)
            if (Events[Id].Op == Operation::Begin && !Events[Id].Scoped) {
              Events[Id].Scoped = true;
              Events[Id].BoundVariable = Guard;
            }
  // An object whose destructor commits what it began commits it when an
  // exception unwinds it too.
  if (ScopedObject && isa<DeclStmt>(S))
    for (TxnEvent &E : CallEvents)
      if (E.Op == Operation::Begin && E.Scoped)
        E.CommitsOnUnwind =
            destructorCommits(cast<VarDecl>(cast<DeclStmt>(S)->getSingleDecl())
                                  ->getType()
                                  ->getAsCXXRecordDecl(),
                              Cache);
  // A delete ends what the object still holds, as a scope's end does: a
  // guard's `if (active_) rollback();` after its commit is no use.
  if (isa<CXXDeleteExpr>(S))
    for (TxnEvent &E : CallEvents)
      E.Destructor |= endsTransaction(E.Op);
  // A destructor that ends what its object holds on some path (`if
  // (!done_) rollback();`) ends it at a delete, as at a scope's end.
  if (const auto *Delete = dyn_cast<CXXDeleteExpr>(S);
      Delete && CallEvents.empty() && Summary && Summary->MayEndOnObject) {
    TxnEvent End;
    End.Op = Operation::Rollback;
    End.Site = S;
    End.Destructor = true;
    End.HandleRole = Role::Transaction;
    End.Handle = Delete->getArgument();
    End.HandleKey = handleKeyOf(End.Handle);
    CallEvents.push_back(std::move(End));
  }
  bool Summarized = Summary && !CallEvents.empty();
  if (Summarized && Summary->RecoversOnThrow)
    RecoveringSites.insert(S);
  // A begin into a member of a local object whose destructor ends what it
  // holds (`Guard g; mdb_txn_begin(env, 0, 0, &g.txn);`): the object owns it.
  for (TxnEvent &E : CallEvents)
    if (E.Op == Operation::Begin && !E.Scoped)
      if (const CXXRecordDecl *Owner = localOwnerOf(E.Handle))
        E.Scoped = Cache.destructorMayEnd(Owner);
  if (!CallEvents.empty())
    resolveStatements(CallEvents);
  // A helper that ends a transaction and throws reports that end's failure
  // (`execOrThrow(db, "COMMIT")`, `stepSelect(commitStmt)`), or failed
  // before it.
  bool SummarizedEnd =
      Summarized && llvm::any_of(CallEvents, [](const TxnEvent &E) {
        return endsTransaction(E.Op);
      });
  if (!CallEvents.empty()) {
    // An exception from a call leaves before the call's effect, except that
    // a commit or rollback that fails still ends the transaction.
    bool Ends = llvm::any_of(CallEvents, [](const TxnEvent &E) {
      return !E.InCallee && (endsTransaction(E.Op) ||
                             E.Op == Operation::SavepointRelease ||
                             E.Op == Operation::SavepointRollback);
    });
    if (Throws && !Ends)
      SideExit();
    else if (ThrowsAllTheSame && !Ends)
      HandlerEntry();
    for (TxnEvent &E : CallEvents) {
      if (E.StartsManualMode || E.EndsOnlyOpen)
        ManualModeKeys[E.HandleKey] = E.StartsManualMode;
      // A known write on a connection never in autocommit mode, or turned
      // to manual mode earlier in the function, begins a transaction if none
      // is open.
      const TypeSpec *Connection =
          E.HandleRole == Role::Session && E.Handle
              ? Classifier.typeSpecOf(E.Handle->getType())
              : nullptr;
      if (E.Op == Operation::Write && !E.SqlUnknown &&
          ((Connection && Connection->ImplicitTransactions) ||
           inManualMode(E.HandleKey, Connection))) {
        TxnEvent Begin = E;
        Begin.Op = Operation::Begin;
        Begin.Implicit = true;
        Begin.Failure = FailureReport::None;
        AddEvent(std::move(Begin));
      }
      AddEvent(std::move(E));
    }
    // A lone statement that failed wrote nothing: a branch on its result
    // tests it (a retry after SQLITE_BUSY is no second write).
    if (CallEvents.size() == 1 && Events.back().Op == Operation::Write)
      SiteTested.try_emplace(S, Events.size() - 1);
    // `sqlite3_exec(db, sql, nullptr, nullptr, &error); if (error) ...`:
    // the message the call leaves says whether it failed, as its result
    // (not a result assigned: the call's value is still its own).
    if (const ValueDecl *Message =
            errorMessageVariable(S, Classifier.specOfCall(S)))
      bindResult(Message, cast<Expr>(S));
    if (Throws && Ends)
      SideExit();
    // A summarized call may still hand off what it reaches on some paths.
    if (!Summarized)
      return;
  }
  if (Throws && !Summarized)
    SideExit(Summary ? checkedByThrow(cast<CallExpr>(S), *Summary)
                     : std::nullopt);
  else if (ThrowsAllTheSame)
    HandlerEntry();
  if (!IsCall)
    return;
  // Inside a heap construction, the constructor is the new expression's.
  if (isa<CXXConstructExpr>(S) && Classifier.specOf(Callee))
    return;
  // A call that can fail after a commit: checks decide which count.
  if (isa<CallExpr>(S) && Callee) {
    CallSites.try_emplace(S, CallSites.size());
    Action A(Action::Failure);
    A.Site = S;
    A.FailureKind = FailurePoint::Call;
    A.MayThrow = Throws.has_value();
    // A summarized call fails as its events say, unless its body throws
    // more than they do (`if (available < qty) throw ...;` after a read).
    A.Summarized = Summarized && (SummarizedEnd || !Throws ||
                                  !Exceptions.throwsBeyondModel(*Throws));
    Actions.push_back(std::move(A));
  }
  // An unmodelled method of a modelled type (db.lastError()) is neutral.
  if (const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Callee);
      Method && Classifier.typeSpecOf(Ctx.getRecordType(Method->getParent())))
    return;
  CalleeEffect Effect =
      !Callee   ? CalleeEffect{true, true, true}
      : Summary ? Cache.calleeEffect(*Summary, Callee)
      : handsOnlyLibraryCode(S, Callee) || isEmittedSignal(S, Ctx)
          ? CalleeEffect{}
          : Cache.calleeEffect(Callee);
  // A lambda handed to the call that ends a transaction or connection
  // (`QTimer::singleShot(0, [db] { db.commit(); })`) ends it whenever it
  // runs: from here on the callee decides. A call whose result is kept (a
  // scope guard's factory) leaves that to what keeps it, unless it runs the
  // lambda on another thread (`std::thread([db] { ...; sqlite3_close(db);
  // }).detach()`, `std::async`).
  llvm::ArrayRef<const Expr *> Arguments;
  if (const auto *Call = dyn_cast<CallExpr>(S);
      Call && (isa_and_nonnull<CompoundStmt>(consumerOf(Call)) ||
               startsThread(Call->getType())))
    Arguments = llvm::ArrayRef(Call->getArgs(), Call->getNumArgs());
  else if (const auto *Construct = dyn_cast<CXXConstructExpr>(S);
           Construct && startsThread(Construct->getType()))
    Arguments = llvm::ArrayRef(Construct->getArgs(), Construct->getNumArgs());
  if (!Arguments.empty() && !Effect.MayEnd && !Summary) {
    Action Deferred(Action::HandOff);
    Deferred.Site = S;
    Deferred.MayEnd = true;
    for (const Expr *Arg : Arguments)
      for (std::string &Key : keysEndedByLambdas(
               Arg, {Operation::Commit, Operation::Rollback, Operation::Close}))
        Deferred.Keys.push_back(std::move(Key));
    if (!Deferred.Keys.empty())
      Actions.push_back(std::move(Deferred));
  }
  // The SQL a call gives its helper writes as the events replayed from the
  // helper's summary say (`run(db, "SELECT ...")` reads).
  bool MayWrite = Effect.MayWrite || (Effect.WritesGivenSql &&
                                      !(Summary && runsGivenSql(*Summary)));
  // A constructor's summary is the variable's (replayed at its
  // declaration); what it does on some paths only is said here
  // (`Transaction t(store);` that begins unless told not to).
  const FunctionSummary *OnSomePaths = Summary ? Summary
                                       : isa<CXXConstructExpr>(S)
                                           ? Cache.summaryOf(Callee)
                                           : nullptr;
  bool BeginsOnSomePath = OnSomePaths && (OnSomePaths->MayBeginOnSomePath ||
                                          OnSomePaths->MayBeginForCaller);
  if (!Effect.MayEnd && !Effect.MayBegin && !MayWrite && !BeginsOnSomePath)
    return;
  Action A(Action::HandOff);
  A.Site = S;
  A.MayEnd = Effect.MayEnd;
  A.MayBegin = Effect.MayBegin;
  A.MayWrite = MayWrite;
  A.Summarized = Summarized;
  A.BeginsOnSomePath = BeginsOnSomePath;
  A.EndsOnSomePath = OnSomePaths && OnSomePaths->MayEndOnSomePath;
  for (const Expr *Operand : operandsOf(S)) {
    std::string Key = handleKeyOf(Operand);
    if (!Key.empty())
      A.Keys.push_back(std::move(Key));
  }
  Actions.push_back(std::move(A));
}

llvm::SmallVector<TxnEvent, 1>
TxnActions::libraryConstruction(const CallExpr *Call) {
  // std::make_unique<pqxx::work>(conn): the construction in the library's
  // body, on the caller's arguments; the object is the call's result.
  std::optional<Construction> Built = constructionIn(Call);
  if (!Built || !Classifier.specOf(Built->Construct->getConstructor()))
    return {};
  llvm::SmallVector<TxnEvent, 1> Events =
      Classifier.classify(Built->Construct, Ctx);
  auto CallerKey = [&](const std::string &Key) {
    for (unsigned I = 0, N = Built->Construct->getNumArgs();
         I < N && I < Built->Args.size(); ++I)
      if (handleKeyOf(Built->Construct->getArg(I)) == Key)
        return handleKeyOf(Built->Args[I]);
    return std::string();
  };
  for (TxnEvent &E : Events) {
    E.Site = Call;
    E.Handle = Call;
    E.HandleKey.clear();
    if (!E.ConnectionKey.empty())
      E.ConnectionKey = CallerKey(E.ConnectionKey);
    if (!E.ParentKey.empty())
      E.ParentKey = CallerKey(E.ParentKey);
    E.ParentHandle = nullptr;
  }
  return Events;
}

void TxnActions::noteReturned(const Expr *Value, unsigned Depth,
                              Action &HandOver) {
  // An object built for the caller owns what it is built from: `return
  // std::unique_ptr<Transaction>(txn);`, `return Unit{std::move(txn)};`,
  // `return std::make_unique<Unit>(db);`.
  Value = Value->IgnoreParenImpCasts()->IgnoreImplicit();
  llvm::SmallVector<const Expr *, 2> Parts;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Value)) {
    Parts.append(Construct->arg_begin(), Construct->arg_end());
    // The object itself, when its constructor's summary began on it.
    ReturnedSites.insert(Construct);
  } else if (const auto *Init = dyn_cast<InitListExpr>(Value))
    Parts.append(Init->inits().begin(), Init->inits().end());
  else if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(Value))
    Parts.push_back(Cast->getSubExpr());
  else if (const auto *New = dyn_cast<CXXNewExpr>(Value);
           New && New->getInitializer()) {
    Parts.push_back(New->getInitializer());
    ReturnedSites.insert(New);
  } else if (const auto *Call = dyn_cast<CallExpr>(Value)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (Callee && Callee->isInStdNamespace() && Callee->getIdentifier() &&
        (Callee->getName().starts_with("make_") ||
         Callee->getName() == "move" || Callee->getName() == "forward"))
      Parts.append(Call->arg_begin(), Call->arg_end());
    // The object std::make_unique builds, when its constructor's summary
    // began on it.
    if (Callee && Callee->getIdentifier() && Callee->getName() == "make_unique")
      ReturnedSites.insert(Call);
  }
  if (Parts.empty() || Depth > 4) {
    ReturnedSites.insert(Value);
    // A number says something about a handle, it does not hand it over
    // (`return batch.count();`).
    if (Value->getType()->isArithmeticType() ||
        Value->getType()->isEnumeralType())
      return;
    if (std::string Key = handleKeyOf(Value); !Key.empty()) {
      if (auto Made = Statements.find(Key); Made != Statements.end() &&
                                            Made->second.MadeByHelper &&
                                            !ReturnedMadeStatement) {
        const PreparedStatement &Stmt = Made->second;
        TxnEvent Prepare;
        Prepare.Op = Operation::PrepareSql;
        Prepare.Site = Value;
        Prepare.Handle = Stmt.Connection;
        Prepare.HandleKey = Stmt.ConnectionKey;
        Prepare.ObjectMember = Stmt.ConnectionMember;
        Prepare.StatementKey = Key;
        Prepare.PreparedEffects = Stmt.Effects;
        Prepare.PreparedSqlKnown = Stmt.SqlKnown;
        Prepare.Sql = Stmt.Sql;
        ReturnedMadeStatement = std::move(Prepare);
      }
      ReturnedKeys.insert(Key);
      HandOver.Keys.push_back(std::move(Key));
    }
    return;
  }
  for (const Expr *Part : Parts)
    noteReturned(Part, Depth + 1, HandOver);
}

const Stmt *TxnActions::consumerOf(const Expr *E) const {
  for (const Stmt *S = E;;) {
    auto It = Parent.find(S);
    if (It == Parent.end())
      return nullptr;
    S = It->second;
    if (!isa<ExprWithCleanups, CXXBindTemporaryExpr, MaterializeTemporaryExpr,
             ImplicitCastExpr, ParenExpr, CXXFunctionalCastExpr>(S))
      return S;
  }
}

bool TxnActions::isDiscarded(const Expr *E) const {
  const Stmt *Consumer = consumerOf(E);
  if (isa_and_nonnull<CompoundStmt>(Consumer))
    return true;
  // A branch or loop body, not a condition.
  auto Is = [&](const Stmt *Body) {
    const auto *Value = dyn_cast_or_null<Expr>(Body);
    return Value && Value->IgnoreParenImpCasts()->IgnoreImplicit() ==
                        E->IgnoreParenImpCasts()->IgnoreImplicit();
  };
  if (const auto *If = dyn_cast_or_null<IfStmt>(Consumer))
    return Is(If->getThen()) || Is(If->getElse());
  if (const auto *Loop = dyn_cast_or_null<WhileStmt>(Consumer))
    return Is(Loop->getBody());
  if (const auto *Loop = dyn_cast_or_null<ForStmt>(Consumer))
    return Is(Loop->getBody());
  return isa_and_nonnull<SwitchCase>(Consumer);
}

bool TxnActions::isReturned(const Expr *E) const {
  return isa_and_nonnull<ReturnStmt>(consumerOf(E));
}

bool TxnActions::keepsResult(const Expr *Call) const {
  auto Strip = [](const Expr *E) {
    return E->IgnoreImplicit()->IgnoreParens()->IgnoreImplicit();
  };
  const CXXRecordDecl *Class = Call->getType()->getAsCXXRecordDecl();
  const Expr *Value = Call;
  const Stmt *Consumer = consumerOf(Value);
  // Values bound through the statement's own operators (`db << sql << id`)
  // keep or drop the same statement.
  while (const auto *Bind = dyn_cast_or_null<CXXOperatorCallExpr>(Consumer)) {
    const CXXRecordDecl *Result =
        Bind->getType().getNonReferenceType()->getAsCXXRecordDecl();
    if (!Class || !Result ||
        Result->getCanonicalDecl() != Class->getCanonicalDecl() ||
        Bind->getNumArgs() != 2 || Strip(Bind->getArg(0)) != Value)
      break;
    Value = Bind;
    Consumer = consumerOf(Value);
  }
  if (isa_and_nonnull<DeclStmt, ReturnStmt, InitListExpr, CXXNewExpr>(Consumer))
    return true;
  // An argument (`statements.push_back(db << sql)`, `ps = db << sql`), not
  // the object a method or operator runs on (`(db << sql).execute()`, `db
  // << sql >> count`).
  llvm::ArrayRef<const Expr *> Arguments;
  if (const auto *Called = dyn_cast_or_null<CallExpr>(Consumer)) {
    Arguments = llvm::ArrayRef(Called->getArgs(), Called->getNumArgs());
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Called);
        Op && isa_and_nonnull<CXXMethodDecl>(Op->getDirectCallee()))
      Arguments = Arguments.drop_front();
  } else if (const auto *Built = dyn_cast_or_null<CXXConstructExpr>(Consumer)) {
    Arguments = llvm::ArrayRef(Built->getArgs(), Built->getNumArgs());
  }
  return llvm::any_of(Arguments, [&](const Expr *Argument) {
    return Strip(Argument) == Value;
  });
}

bool TxnActions::isStoredInMember(const Expr *E) const {
  const Stmt *Consumer = consumerOf(E);
  auto IsMember = [](const Expr *Target) {
    return isa<MemberExpr>(Target->IgnoreParenImpCasts());
  };
  if (const auto *Assign = dyn_cast_or_null<BinaryOperator>(Consumer))
    return Assign->getOpcode() == BO_Assign && IsMember(Assign->getLHS());
  if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(Consumer))
    return Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 &&
           IsMember(Op->getArg(0));
  const auto *Reset = dyn_cast_or_null<CXXMemberCallExpr>(Consumer);
  const CXXMethodDecl *Method = Reset ? Reset->getMethodDecl() : nullptr;
  return Method && Method->getIdentifier() && Method->getName() == "reset" &&
         IsMember(Reset->getImplicitObjectArgument());
}

void TxnActions::noteStored(const Expr *Value, Action &HandOver) {
  StoredSites.insert(resultSource(Value));
  // Through what the model says calls return: `m_mysql =
  // mysql_real_connect(init, ...)` stores init.
  if (std::string Key = Classifier.handleKeyOf(Value); !Key.empty()) {
    StoredKeys.insert(Key);
    HandOver.Keys.push_back(std::move(Key));
  }
}

void TxnActions::bindStatus(const ValueDecl *Var, const Expr *Value) {
  // ExecStatusType st = PQresultStatus(res): branches on st test the begin
  // whose result res holds.
  auto Read = statusRead(Value);
  if (!Read)
    return;
  if (std::optional<unsigned> Event = testedEventOf(Read->first))
    StatusVariables[Var] = {*Event, Read->second};
}

void TxnActions::adoptOwnership(const ValueDecl *Var, const Expr *Value) {
  // std::unique_ptr<Transaction> owner(raw): the smart pointer now ends the
  // transaction begun into raw.
  if (!Classifier.ownsTransaction(Var->getType()))
    return;
  std::string Key = handleKeyOf(resultSource(Value));
  if (Key.empty())
    return;
  for (TxnEvent &E : Events)
    if (E.Op == Operation::Begin && E.HandleKey == Key)
      E.Scoped = true;
}

bool TxnActions::handsOnlyLibraryCode(const Stmt *S,
                                      const FunctionDecl *Callee) const {
  // Library code does nothing to a transaction it does not model, but runs
  // the callables it is handed: a library function of its own among them
  // (`std::clog << std::endl`) does nothing either.
  const auto *Call = dyn_cast<CallExpr>(S);
  if (!Call || !Cache.isLibraryFunction(Callee))
    return false;
  return llvm::all_of(Call->arguments(), [&](const Expr *Arg) {
    QualType T = Arg->getType();
    if (!T->isFunctionPointerType() && !T->isFunctionReferenceType() &&
        !T->isFunctionType()) {
      // A lambda or a std::function: code of the program, perhaps.
      const CXXRecordDecl *Record = T->getAsCXXRecordDecl();
      return !Record || !Record->hasDefinition() ||
             llvm::none_of(Record->methods(), [](const CXXMethodDecl *M) {
               return M->getOverloadedOperator() == OO_Call;
             });
    }
    const auto *Ref = dyn_cast<DeclRefExpr>(Arg->IgnoreParenImpCasts());
    const auto *Function =
        Ref ? dyn_cast<FunctionDecl>(Ref->getDecl()) : nullptr;
    return Function && Cache.isLibraryFunction(Function);
  });
}

/// Objects that take a lambda to run it elsewhere or on demand, not when
/// they die.
static bool runsCallableElsewhere(const CXXRecordDecl *RD) {
  static const llvm::StringSet<> Names = {"std::function",
                                          "std::move_only_function",
                                          "std::thread",
                                          "std::jthread",
                                          "std::future",
                                          "std::shared_future",
                                          "std::packaged_task",
                                          "boost::function",
                                          "boost::thread",
                                          "QFuture",
                                          "QThread"};
  return Names.contains(RD->getQualifiedNameAsString());
}

void TxnActions::noteScopeGuard(const VarDecl *Var, const Expr *Init) {
  // auto g = finally([&] { if (txn) mdb_txn_abort(txn); }): a local object
  // that is never called nor passed on runs its lambda when it dies, on
  // every exit from its scope, exceptions included.
  // Through a smart pointer (`auto owner = std::make_unique<Database>(db)`),
  // the pointee's destructor runs.
  const CXXRecordDecl *Guard = scopedClassOf(
      Ctx.getBaseElementType(Var->getType().getNonReferenceType()));
  // A reference destroys nothing, unless it extends a temporary's life
  // (`const auto &g = finally(...)`); `Database &db =
  // Database::instance();` names a singleton that outlives the scope.
  const Expr *Bound = Init;
  if (const auto *Cleanups = dyn_cast_or_null<ExprWithCleanups>(Bound))
    Bound = Cleanups->getSubExpr();
  if (Var->getType()->isReferenceType() &&
      !isa_and_nonnull<MaterializeTemporaryExpr>(
          Bound ? Bound->IgnoreParenImpCasts() : nullptr))
    return;
  // A unique_ptr whose deleter is a lambda (Cherrytree's `scope_guard(f)`
  // returning `std::unique_ptr<void, F>{(void*)1, f}`) runs it when it dies.
  const auto *Owner = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      Var->getType().getNonReferenceType()->getAsCXXRecordDecl());
  bool DeletesByLambda = false;
  if (Owner && isStdOwner(Owner) && Owner->getTemplateArgs().size() == 2 &&
      Owner->getTemplateArgs()[1].getKind() == TemplateArgument::Type)
    if (const CXXRecordDecl *Deleter =
            Owner->getTemplateArgs()[1].getAsType()->getAsCXXRecordDecl();
        Deleter && Deleter->isLambda()) {
      Guard = Deleter;
      DeletesByLambda = true;
    }
  if (!Var->hasLocalStorage() || !Guard || !Guard->hasDefinition() ||
      (Guard->hasTrivialDestructor() && !DeletesByLambda) ||
      runsCallableElsewhere(Guard) || PlainlyNamed.contains(Var))
    return;
  SourceLocation Declared = Var->getBeginLoc();
  for (const std::string &Key :
       keysEndedByLambdas(Init, {Operation::Rollback, Operation::Close}))
    GuardedKeys.try_emplace(Key, Declared);
  // A class of the program whose destructor may end what it holds guards
  // its own transactions (`Database db; db.begin();` with `~Database()`
  // closing the connection) and the handles it is built from (`TxnGuard
  // guard{db}` with `~TxnGuard() { if (!done) ROLLBACK; }`).
  if (!Cache.destructorMayEnd(Guard))
    return;
  GuardedKeys.try_emplace(varKey(Var), Declared);
  if (!Init)
    return;
  llvm::SmallVector<const Expr *, 4> Arguments;
  if (std::optional<Construction> Built = constructionIn(Init))
    Arguments = std::move(Built->Args);
  else if (const auto *List = dyn_cast<InitListExpr>(Init->IgnoreImplicit()))
    Arguments.append(List->inits().begin(), List->inits().end());
  else if (std::optional<Construction> Built = factoryConstruction(Init))
    llvm::copy_if(Built->Args, std::back_inserter(Arguments),
                  [](const Expr *Argument) { return Argument; });
  // A handle; or anything else the function begins on (a wrapper of the
  // user's: `Guard guard{db};` over a `Db &db` whose begin() runs BEGIN),
  // known once every event is.
  for (const Expr *Argument : Arguments)
    if (std::string Key = handleKeyOf(Argument); Key.empty())
      continue;
    else if (Cache.mayCarryHandle(Argument->getType()))
      GuardedKeys.try_emplace(Key, Declared);
    else
      GuardedIfBegun.insert(Key);
}

llvm::SmallVector<std::string, 2>
TxnActions::keysEndedByLambdas(const Expr *E,
                               std::initializer_list<Operation> Ends) {
  llvm::SmallVector<std::string, 2> Keys;
  llvm::SmallVector<const LambdaExpr *, 1> Lambdas;
  lambdasPassedIn(E, Lambdas);
  auto NoteEnds = [&](const Stmt *S) {
    if (!isa<CallExpr>(S))
      return;
    auto Ended = Classifier.classify(S, Ctx);
    if (Ended.empty())
      if (const FunctionSummary *Summary = Cache.summaryOfCall(S))
        Ended =
            instantiateSummary(*Summary, S, Ctx, [&](const FunctionDecl *FD) {
              return Cache.summaryOf(FD);
            });
    for (const TxnEvent &Event : Ended)
      if (llvm::is_contained(Ends, Event.Op) && !Event.HandleKey.empty() &&
          !llvm::is_contained(Keys, Event.HandleKey))
        Keys.push_back(Event.HandleKey);
  };
  for (const LambdaExpr *Lambda : Lambdas)
    forEachOutsideLambdas(Lambda->getBody(), NoteEnds);
  return Keys;
}

void TxnActions::noteAdoption(const Stmt *S,
                              std::vector<Action> &Actions) const {
  // std::unique_ptr<sqlite3, decltype(&sqlite3_close)> owner(db, ...),
  // owner.reset(db), Connection c(db): an object whose destructor runs code
  // takes the pointers it is given, to close them when it dies.
  const CXXRecordDecl *Owner = nullptr;
  llvm::SmallVector<const Expr *, 2> Taken;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(S)) {
    Owner = Construct->getConstructor()->getParent();
    Taken.append(Construct->arg_begin(), Construct->arg_end());
  } else if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S)) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    if (Method && Method->getIdentifier() && Method->getName() == "reset") {
      Owner = Method->getParent();
      Taken.append(Call->arg_begin(), Call->arg_end());
    }
  } else if (std::optional<Construction> Built =
                 isa<CallExpr>(S) ? constructionIn(cast<CallExpr>(S))
                                  : std::nullopt) {
    // std::make_unique<Database>(db): Database's constructor runs in the
    // library, on the caller's arguments.
    Owner = Built->Construct->getConstructor()->getParent();
    Taken = std::move(Built->Args);
  }
  Action A(Action::Adopt);
  A.Site = S;
  // A function of the program that keeps what it is handed (`setDB(ptr)`
  // storing it in a member): the pointer is its object's now.
  if (const auto *Call = dyn_cast<CallExpr>(S);
      Call && !Owner && !Classifier.specOfCall(Call))
    for (unsigned I = 0, N = Call->getNumArgs(); I < N; ++I)
      if (Call->getArg(I)->getType()->isPointerType() &&
          (keepsArgument(Call->getDirectCallee(), I, /*Depth=*/1) ||
           Cache.keepsArgumentElsewhere(Call->getDirectCallee(), I)))
        if (std::string Key = handleKeyOf(Call->getArg(I)); !Key.empty())
          A.Keys.push_back(std::move(Key));
  if (!A.Keys.empty()) {
    Actions.push_back(std::move(A));
    return;
  }
  if (!Owner || !Owner->hasDefinition() || Owner->hasTrivialDestructor())
    return;
  for (const Expr *Arg : Taken)
    if (Arg->getType()->isPointerType())
      if (std::string Key = handleKeyOf(Arg); !Key.empty())
        A.Keys.push_back(std::move(Key));
  if (!A.Keys.empty())
    Actions.push_back(std::move(A));
}

void TxnActions::bindResultAt(const Stmt *S, const ValueDecl *Var,
                              const Expr *Value, std::vector<Action> &Actions) {
  // First, while the variable still holds what it held (`ok = ok &&
  // q.exec(b)`).
  noteResultAssignment(S, Var, Value);
  bindResult(Var, Value);
  bindChosenResult(Var, Value);
  Action A(Action::AssignResult);
  A.Site = S;
  A.Variable = Var;
  const ResultAssignment &Assigned = ResultAssignments[S];
  A.SuccessOf = Assigned.Held ? Assigned.Held : Assigned.SuccessOf;
  Actions.push_back(std::move(A));
}

void TxnActions::noteResultAssignment(const Stmt *S, const ValueDecl *Var,
                                      const Expr *Value) {
  ResultAssignment &Assigned = ResultAssignments[S];
  Assigned.Var = Var;
  if (const auto *Choice =
          dyn_cast_or_null<ConditionalOperator>(Value->IgnoreParenImpCasts())) {
    auto TestedIn = [&](const Expr *Arm) -> std::optional<unsigned> {
      auto It = SiteTested.find(resultSource(Arm));
      return It == SiteTested.end() ? std::nullopt
                                    : std::optional<unsigned>(It->second);
    };
    Assigned.Held = TestedIn(Choice->getTrueExpr());
    Assigned.AlsoHeld = TestedIn(Choice->getFalseExpr());
    if (!Assigned.Held)
      std::swap(Assigned.Held, Assigned.AlsoHeld);
  } else if (auto It = SiteTested.find(resultSource(Value));
             It != SiteTested.end()) {
    Assigned.Held = It->second;
  } else if (std::optional<EventTest> Test = testedEvent(Value);
             Test && Test->FailureSucc == 1 && Test->Others.empty()) {
    Assigned.SuccessOf = Test->Event;
  } else if (const auto *And =
                 dyn_cast<BinaryOperator>(Value->IgnoreParenImpCasts());
             And && And->getOpcode() == BO_LAnd) {
    // `ok = ok && q.exec(b)`: true only where every step so far succeeded.
    for (auto [Kept, Step] : {std::pair{And->getLHS(), And->getRHS()},
                              std::pair{And->getRHS(), And->getLHS()}}) {
      const auto *Ref = dyn_cast<DeclRefExpr>(Kept->IgnoreParenImpCasts());
      std::optional<EventTest> Before =
          Ref && Ref->getDecl() == Var ? testedEvent(Ref) : std::nullopt;
      std::optional<EventTest> StepTest = testedEvent(Step);
      if (!Before || Before->FailureSucc != 1 || !Before->Others.empty() ||
          !StepTest || StepTest->FailureSucc != 1 || !StepTest->Others.empty())
        continue;
      Assigned.SuccessOf = StepTest->Event;
      Assigned.Carried = CarriedSuccesses.lookup(Var);
      Assigned.Carried.push_back(Before->Event);
      break;
    }
  }
  if (Assigned.SuccessOf)
    SuccessVariables[Var] = *Assigned.SuccessOf;
  else
    SuccessVariables.erase(Var);
  CarriedSuccesses[Var] = Assigned.Carried;
}

TxnActions::ReachingAssignments
TxnActions::reachingAssignments(const CFGBlock *B, const ValueDecl *Var) const {
  ReachingAssignments Found;
  llvm::DenseSet<const CFGBlock *> Seen;
  llvm::SmallVector<const CFGBlock *, 8> Worklist{B};
  bool AtStart = true; // B itself is scanned again if a loop leads back to it
  while (!Worklist.empty()) {
    const CFGBlock *Current = Worklist.pop_back_val();
    if (!AtStart && !Seen.insert(Current).second)
      continue;
    AtStart = false;
    const Stmt *Assignment = nullptr;
    for (const CFGElement &Elem : llvm::reverse(*Current))
      if (auto CS = Elem.getAs<CFGStmt>())
        if (auto It = ResultAssignments.find(CS->getStmt());
            It != ResultAssignments.end() && It->second.Var == Var) {
          Assignment = CS->getStmt();
          break;
        }
    if (Assignment) {
      if (!llvm::is_contained(Found.Sites, Assignment))
        Found.Sites.push_back(Assignment);
      continue;
    }
    // The entry, or a handler that only exceptions reach.
    if (Current->pred_empty())
      Found.FromEntry = true;
    for (const CFGBlock::AdjacentBlock &Pred : Current->preds())
      if (const CFGBlock *P = Pred.getReachableBlock())
        Worklist.push_back(P);
  }
  return Found;
}

void TxnActions::resolveReturnedVariables(
    llvm::ArrayRef<std::pair<const Stmt *, const CFGBlock *>> Returns) {
  for (const auto &[Return, Block] : Returns) {
    ReachingAssignments Reaching =
        reachingAssignments(Block, assignedVariable(returnedValue(Return)));
    if (Reaching.FromEntry || Reaching.Sites.empty())
      continue;
    // A retry runs the same operation again (`rc = mdb_txn_begin(...); if
    // (rc == MDB_MAP_RESIZED) rc = mdb_txn_begin(...); return rc;`): its
    // result says the same.
    auto Retried = [&](const std::pair<unsigned, FailureReport> &A,
                       const std::pair<unsigned, FailureReport> &B) {
      const TxnEvent &First = Events[A.first], &Again = Events[B.first];
      return A.second == B.second && First.Op == Again.Op &&
             First.HandleKey == Again.HandleKey && !First.HandleKey.empty();
    };
    std::optional<std::pair<unsigned, FailureReport>> Agreed;
    for (const Stmt *Site : Reaching.Sites) {
      const ResultAssignment &Assigned = ResultAssignments.find(Site)->second;
      std::optional<std::pair<unsigned, FailureReport>> This;
      if (Assigned.Held)
        This = {*Assigned.Held, Events[*Assigned.Held].Failure};
      else if (Assigned.SuccessOf)
        This = {*Assigned.SuccessOf, FailureReport::ReturnsBool};
      if (!This || (Agreed && *Agreed != *This && !Retried(*Agreed, *This))) {
        Agreed.reset();
        break;
      }
      if (!Agreed || This->first < Agreed->first)
        Agreed = This;
    }
    if (Agreed)
      ReturnedResults[Return] = *Agreed;
  }
}

const ValueDecl *TxnActions::assignedVariableIn(const Expr *Cond) const {
  if (!Cond)
    return nullptr;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Cond->IgnoreParenImpCasts());
      Ref && (WritesAssignedTo.contains(Ref->getDecl()) ||
              BeginsOrCommitsAssignedTo.contains(Ref->getDecl())))
    return Ref->getDecl();
  for (const Stmt *Child : Cond->children())
    if (const auto *E = dyn_cast_or_null<Expr>(Child))
      if (const ValueDecl *Var = assignedVariableIn(E))
        return Var;
  return nullptr;
}

void TxnActions::testReachingResults(llvm::ArrayRef<const CFGBlock *> Blocks) {
  AssignedWrites.resize(Events.size());
  // A write's result, or whether it succeeded (`done = status == OK`).
  auto WriteOf = [&](const ResultAssignment &Assigned) {
    std::optional<unsigned> Write =
        Assigned.Held ? Assigned.Held : Assigned.SuccessOf;
    return Write && Events[*Write].Op == Operation::Write ? Write
                                                          : std::nullopt;
  };
  for (const auto &[Site, Assigned] : ResultAssignments) {
    for (std::optional<unsigned> Ended : {Assigned.Held, Assigned.AlsoHeld})
      if (Ended && (Events[*Ended].Op == Operation::Begin ||
                    Events[*Ended].Op == Operation::Commit))
        BeginsOrCommitsAssignedTo.insert(Assigned.Var);
    std::optional<unsigned> Write = WriteOf(Assigned);
    if (!Write)
      continue;
    // A declaration's variable is a new one each time it runs (each turn
    // of a loop): the last turn's result is not overwritten, it died.
    if (!isa<DeclStmt>(Site))
      AssignedWrites.set(*Write);
    if (!llvm::is_contained(WritesAssignedTo[Assigned.Var], *Write))
      WritesAssignedTo[Assigned.Var].push_back(*Write);
  }
  for (const CFGBlock *B : Blocks) {
    const Expr *Cond = branchCondition(*B);
    const ValueDecl *Var = assignedVariableIn(Cond);
    if (!Var)
      continue;
    llvm::SmallVector<unsigned, 2> Writes;
    bool HoldsSuccess = false;
    for (const Stmt *Site : reachingAssignments(B, Var).Sites) {
      const ResultAssignment &Assigned = ResultAssignments.find(Site)->second;
      if (std::optional<unsigned> Write = WriteOf(Assigned);
          Write && !llvm::is_contained(Writes, *Write)) {
        Writes.push_back(*Write);
        HoldsSuccess |= Assigned.SuccessOf.has_value();
      }
      for (unsigned Carried : Assigned.Carried)
        if (Events[Carried].Op == Operation::Write &&
            !llvm::is_contained(Writes, Carried))
          Writes.push_back(Carried);
      // A test decides the begins and commits whose results reach it too
      // (`rc = COMMIT; if (rc == SQLITE_BUSY) rc = COMMIT; if (rc !=
      // SQLITE_OK) ...` tests the first commit where it was not retried).
      for (std::optional<unsigned> Ended : {Assigned.Held, Assigned.AlsoHeld})
        if (Ended &&
            (Events[*Ended].Op == Operation::Begin ||
             Events[*Ended].Op == Operation::Commit) &&
            !llvm::is_contained(Writes, *Ended))
          Writes.push_back(*Ended);
    }
    std::optional<EventTest> &Test = BlockTests[B->getBlockID()];
    if (!Test && !Writes.empty()) {
      // The last assignment in the order of extraction holds no tested
      // result (a prepare, a loop's `done = false` before its test), but a
      // write's result may still be there.
      llvm::DenseMap<const ValueDecl *, unsigned> &Holding =
          HoldsSuccess ? SuccessVariables : ResultVariables;
      auto Held = Holding.find(Var);
      std::optional<unsigned> Before;
      if (Held != Holding.end())
        Before = Held->second;
      Holding[Var] = Writes.front();
      Test = blockTest(*B, Cond);
      if (Before)
        Holding[Var] = *Before;
      else
        Holding.erase(Var);
    }
    if (!Test || !llvm::is_contained(Writes, Test->Event))
      continue;
    for (unsigned Other : Writes)
      if (Other != Test->Event)
        Test->Others.push_back(Other);
  }
}

void TxnActions::bindMember(const Expr *Member, const Expr *Value) {
  auto It = SiteEvents.find(resultSource(Value));
  std::string Key = handleKeyOf(Member);
  if (It == SiteEvents.end() || Key.empty())
    return;
  for (unsigned Id : It->second) {
    TxnEvent &E = Events[Id];
    if (!E.HandleKey.empty() || E.Handle != It->first)
      continue;
    E.Handle = Member;
    E.HandleKey = Key;
    if (E.HandleRole == Role::Session)
      E.ConnectionKey = Key;
    if (!E.ConnectionKey.empty())
      ConnectionOf.try_emplace(Key, E.ConnectionKey);
  }
}

void TxnActions::bindResult(const ValueDecl *Var, const Expr *Value) {
  // `TomahawkSqlQuery q = lib->newquery();`: a statement a helper of the
  // program made on one of the caller's connections.
  if (std::optional<TxnAnalysisCache::MadeStatement> Made =
          Cache.madeStatement(Value)) {
    PreparedStatement &Stmt = Statements[varKey(Var)];
    Stmt = PreparedStatement();
    Stmt.ConnectionKey = std::move(Made->Key);
    Stmt.Connection = Made->Connection;
    Stmt.ConnectionMember = std::move(Made->ConnectionMember);
    // Sayonara's `auto q = createGenericQuery(db(), text, bindings);`.
    Stmt.SqlKnown = Made->Effects.has_value();
    Stmt.Effects = Made->Effects.value_or(std::vector<SqlEffect>());
    Stmt.Sql = Made->Sql;
    Stmt.MadeByHelper = true;
  }
  const Expr *Source = resultSource(Value);
  // The variable now holds something else: branches on it test that.
  ResultVariables.erase(Var);
  if (auto Tested = SiteTested.find(Source); Tested != SiteTested.end())
    ResultVariables[Var] = Tested->second;
  auto It = SiteEvents.find(Source);
  if (It == SiteEvents.end())
    return;
  for (unsigned Id : It->second) {
    TxnEvent &E = Events[Id];
    if (E.HandleKey.empty() && E.Handle == It->first) {
      E.HandleKey = varKey(Var);
      E.BoundVariable = Var;
      // A transaction object of a class whose destructor ends it
      // (`auto t = db.begin();` returning a Transaction by value).
      const CXXRecordDecl *Class = scopedClassOf(Var->getType());
      E.Scoped = Classifier.ownsTransaction(Var->getType()) ||
                 (E.Via && Class && Cache.destructorMayEnd(Class));
      if (const TypeSpec *T = Classifier.typeSpecOf(Var->getType())) {
        E.HandleRole = T->TypeRole;
        E.CommitsOnUnwind =
            E.Scoped && T->Destructor == DestructorAction::Commits;
      }
      if (E.HandleRole == Role::Session)
        E.ConnectionKey = E.HandleKey;
      if (!E.ConnectionKey.empty())
        ConnectionOf.try_emplace(E.HandleKey, E.ConnectionKey);
    }
    // A statement returned by a prepare (con->prepareStatement(sql)).
    if (E.Op == Operation::PrepareSql && E.StatementKey.empty()) {
      E.StatementKey = varKey(Var);
      PreparedStatement &Stmt = Statements[E.StatementKey];
      Stmt.ConnectionKey = E.HandleKey;
      Stmt.Connection = E.Handle;
      Stmt.Effects = E.PreparedEffects;
      Stmt.SqlKnown = E.PreparedSqlKnown;
    }
  }
}

void TxnActions::bindChosenResult(const ValueDecl *Var, const Expr *Value) {
  // `rc = txn ? mdb_txn_renew(txn) : mdb_txn_begin(...)`: the variable
  // holds either arm's result, and a test of it decides both
  // (testReachingResults).
  const auto *Choice =
      dyn_cast_or_null<ConditionalOperator>(Value->IgnoreParenImpCasts());
  if (!Choice)
    return;
  for (const Expr *Arm : {Choice->getFalseExpr(), Choice->getTrueExpr()})
    if (auto Tested = SiteTested.find(resultSource(Arm));
        Tested != SiteTested.end())
      ResultVariables[Var] = Tested->second;
}

void TxnActions::resolveStatements(llvm::SmallVectorImpl<TxnEvent> &CallEvents) {
  llvm::SmallVector<TxnEvent, 1> Resolved;
  for (TxnEvent &E : CallEvents) {
    if (E.Op == Operation::PrepareSql) {
      if (!E.StatementKey.empty()) {
        PreparedStatement &Stmt = Statements[E.StatementKey];
        if (!E.HandleKey.empty() && E.HandleKey != E.StatementKey) {
          Stmt.ConnectionKey = E.HandleKey;
          Stmt.Connection = E.Handle;
          Stmt.ConnectionRole = E.HandleRole;
        }
        Stmt.Effects = E.PreparedEffects;
        Stmt.SqlKnown = E.PreparedSqlKnown;
        Stmt.Sql = E.Sql;
      }
      Resolved.push_back(std::move(E));
      continue;
    }
    // A statement run by name on a handle (`w.exec_prepared("find")`) stays
    // work on that handle; the handle that is a statement is work on what
    // it was prepared on.
    bool ByName = E.Op == Operation::ExecutePrepared && !E.StatementKey.empty();
    const std::string &Key = ByName ? E.StatementKey : E.HandleKey;
    auto It = Key.empty() ? Statements.end() : Statements.find(Key);
    const PreparedStatement *Stmt =
        It == Statements.end() ? nullptr : &It->second;
    // A statement a helper of the program made and returned
    // (`stmt(c)->executeUpdate(...)`) runs on the connection it was made on.
    std::optional<TxnAnalysisCache::MadeStatement> MadeOn =
        !Stmt && !ByName && E.Handle ? Cache.madeStatement(E.Handle)
                                     : std::nullopt;
    // A statement the object keeps, prepared by another of its methods on a
    // member connection (`sqlite3_step(_stmt)` in exec(), after prepare()).
    // Also one it owns (`std::unique_ptr<SQLite::Statement> ins_`, run as
    // `ins_->exec()`).
    TxnAnalysisCache::KeptStatement Kept;
    const FieldDecl *KeptOn = nullptr;
    const Expr *Object = nullptr;
    // Also one of another object of the program (FlightGear's
    // `d->stepSelect(d->beginTransactionStmt)`, `d` its private class).
    const auto *KeptMember =
        E.Handle ? dyn_cast<MemberExpr>(
                       throughArrow(E.Handle)->IgnoreParenImpCasts())
                 : nullptr;
    if (const auto *Field =
            !Stmt && !ByName && !MadeOn && KeptMember
                ? dyn_cast<FieldDecl>(KeptMember->getMemberDecl())
                : nullptr;
        Field && (KeptOn = (Kept = Cache.keptStatement(Field)).Connection))
      Object = KeptMember->getBase();
    auto OnConnection = [&](TxnEvent Event) {
      if (Stmt && !ByName && !Stmt->ConnectionKey.empty()) {
        Event.HandleKey = Stmt->ConnectionKey;
        Event.HandleRole = Stmt->ConnectionRole;
        Event.ConnectionKey =
            Event.HandleRole == Role::Session ? Stmt->ConnectionKey : "";
        Event.Handle = Stmt->Connection;
        Event.ObjectMember = Stmt->ConnectionMember;
      } else if (MadeOn) {
        Event.Handle = MadeOn->Connection;
        Event.HandleKey = MadeOn->Key;
        Event.ObjectMember = MadeOn->ConnectionMember;
        Event.HandleRole = Role::Session;
        Event.ConnectionKey = Event.HandleKey;
      } else if (KeptOn) {
        Event.Handle = Object;
        Event.HandleKey = memberKey(declId(KeptOn), handleKeyOf(Object));
        Event.ObjectMember = KeptOn->getName().str();
        Event.HandleRole = Role::Session;
        Event.ConnectionKey = Event.HandleKey;
      } else if (KeptMember && Event.HandleRole == Role::Statement) {
        // A statement the object keeps on a connection not in view (Qt
        // Help's `std::unique_ptr<QSqlQuery> m_query`, made on a local
        // database when the file was opened) runs all its SQL on that one
        // connection, which it stands for.
        Event.HandleRole = Role::Session;
        Event.ConnectionKey = Event.HandleKey;
      }
      return Event;
    };
    if (!ByName && !Key.empty() && (Stmt || MadeOn))
      StatementRunAt[E.Site] = Key;
    // A helper's run of the statement it was given (`stepSelect(st)`
    // calling `sqlite3_step(st)`), whose SQL only the caller can know.
    bool RunsGiven = E.Op == Operation::Write && E.SqlUnknown && E.Via &&
                     (Stmt || KeptOn || MadeOn);
    if (E.Op != Operation::ExecutePrepared && !RunsGiven) {
      Resolved.push_back(OnConnection(std::move(E)));
      continue;
    }
    if (!ByName && !Key.empty())
      StatementRunAt[E.Site] = Key;
    const std::vector<SqlEffect> *Effects =
        Stmt && Stmt->SqlKnown      ? &Stmt->Effects
        : KeptOn && Kept.Effects    ? &*Kept.Effects
        : MadeOn && MadeOn->Effects ? &*MadeOn->Effects
                                    : nullptr;
    if (!Effects) {
      E.Op = Operation::Write;
      E.SqlUnknown = true;
      if (Stmt)
        E.Sql = Stmt->Sql;
      else if (MadeOn)
        E.Sql = MadeOn->Sql;
      else if (KeptOn)
        E.SqlMember = Kept.SqlMember;
      Resolved.push_back(OnConnection(std::move(E)));
      continue;
    }
    for (const SqlEffect &Effect : *Effects) {
      TxnEvent Run = OnConnection(E);
      applySqlEffect(Run, Effect);
      // The helper ran the caller's statement: another call runs another.
      Run.SqlFromCall |= RunsGiven;
      Resolved.push_back(std::move(Run));
    }
  }
  CallEvents = std::move(Resolved);
}

void TxnActions::forwardLogicalConditions(const CFG &Cfg) {
  for (const CFGBlock *Join : Cfg) {
    // The block computing the operator: that one element, and a branch on it.
    if (!Join || Join->size() != 1 || Join->succ_size() != 2)
      continue;
    auto Elem = Join->front().getAs<CFGStmt>();
    const auto *Op = Elem ? dyn_cast<BinaryOperator>(Elem->getStmt()) : nullptr;
    if (!Op || !Op->isLogicalOp() || Join->getLastCondition() != Op)
      continue;
    llvm::SmallVector<const CFGBlock *, 2> Branches(Join->succ_begin(),
                                                    Join->succ_end());
    // An edge out of the function is observed from its block: keep those.
    if (llvm::any_of(Branches, [&](const CFGBlock *Succ) {
          return !Succ || Succ == &Cfg.getExit();
        }))
      continue;
    llvm::SmallVector<
        std::pair<const CFGBlock *, llvm::SmallVector<const CFGBlock *, 2>>, 2>
        Redirected;
    bool Understood = true;
    for (const CFGBlock *Pred : Join->preds()) {
      if (!Pred) {
        Understood = false;
        break;
      }
      // Short-circuited: `a && ...` false, `a || ...` true, for the whole.
      if (const auto *Inner =
              dyn_cast_or_null<BinaryOperator>(Pred->getTerminatorStmt());
          Inner && Inner->isLogicalOp() && isInside(Inner, Op)) {
        const CFGBlock *Taken = Branches[Inner->getOpcode() == BO_LAnd];
        llvm::SmallVector<const CFGBlock *, 2> Succs;
        for (const CFGBlock::AdjacentBlock &Succ : Pred->succs())
          Succs.push_back(Succ.getReachableBlock() == Join
                              ? Taken
                              : Succ.getReachableBlock());
        Redirected.push_back({Pred, std::move(Succs)});
        continue;
      }
      // The last operand's value decides.
      auto Last = Pred->empty() ? std::nullopt : Pred->back().getAs<CFGStmt>();
      const auto *Operand = Last ? dyn_cast<Expr>(Last->getStmt()) : nullptr;
      if (Pred->succ_size() != 1 || !Operand || !isInside(Operand, Op)) {
        Understood = false;
        break;
      }
      ForwardedConditions[Pred] = Operand->IgnoreParens();
      Redirected.push_back({Pred, Branches});
    }
    if (!Understood) {
      for (const CFGBlock *Pred : Join->preds())
        ForwardedConditions.erase(Pred);
      continue;
    }
    for (auto &[Pred, Succs] : Redirected)
      ForwardedSuccessors[Pred] = std::move(Succs);
  }
}

std::optional<Operation> TxnActions::sqlEndOf(const Expr *Arm) const {
  std::optional<std::string> Sql = sqlTextOf(Arm, Ctx);
  if (!Sql)
    return std::nullopt;
  std::vector<SqlEffect> Effects = sqlEffectsOf(*Sql);
  if (Effects.size() != 1 || (Effects[0].Op != Operation::Commit &&
                              Effects[0].Op != Operation::Rollback))
    return std::nullopt;
  return Effects[0].Op;
}

std::optional<std::array<const CFGBlock *, 2>>
TxnActions::choiceArms(const ConditionalOperator *Choice) const {
  const CFGBlock *Block = ChoiceBlocks.lookup(Choice);
  if (!Block || Block->succ_size() != 2)
    return std::nullopt;
  std::array<const CFGBlock *, 2> Arms = {
      Block->succ_begin()->getReachableBlock(),
      (Block->succ_begin() + 1)->getReachableBlock()};
  // Each arm a block of its own that only the choice leads to: from its
  // block, or short-circuited from an operand of its condition (`res &&
  // PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : -1`).
  auto DecidedByChoice = [&](const CFGBlock *Pred) {
    if (Pred == Block)
      return true;
    const auto *Logical =
        Pred ? dyn_cast_or_null<BinaryOperator>(Pred->getTerminatorStmt())
             : nullptr;
    return Logical && Logical->isLogicalOp() &&
           isInside(Logical, Choice->getCond());
  };
  for (const CFGBlock *Arm : Arms)
    if (!Arm || !llvm::all_of(Arm->preds(), DecidedByChoice))
      return std::nullopt;
  if (Arms[0] == Arms[1])
    return std::nullopt;
  return Arms;
}

std::optional<std::array<const CFGBlock *, 2>>
TxnActions::chosenEndBlocks(const TxnEvent &E, const CFGBlock &Block) const {
  if (!E.ChosenBy || !sqlEndOf(E.ChosenBy->getTrueExpr()) ||
      !sqlEndOf(E.ChosenBy->getFalseExpr()))
    return std::nullopt;
  std::optional<std::array<const CFGBlock *, 2>> Found = choiceArms(E.ChosenBy);
  if (!Found)
    return std::nullopt;
  std::array<const CFGBlock *, 2> Arms = *Found;
  // Chosen into a local (`const char *end = ...; PQexec(c, end);`): each arm
  // runs the end only if the call follows the choice with no branch or
  // other call between.
  SourceRange Call = E.Site->getSourceRange();
  if (Call.fullyContains(E.ChosenBy->getSourceRange()))
    return Arms;
  if (llvm::any_of(Arms, [&](const CFGBlock *Arm) {
        return Arm->succ_size() != 1 ||
               Arm->succ_begin()->getReachableBlock() != &Block;
      }))
    return std::nullopt;
  bool Chosen = false;
  for (const CFGElement &Elem : Block) {
    std::optional<CFGStmt> S = Elem.getAs<CFGStmt>();
    if (!S)
      continue;
    if (S->getStmt() == E.Site)
      return Chosen ? std::optional(Arms) : std::nullopt;
    if (S->getStmt() == E.ChosenBy)
      Chosen = true;
    else if (Chosen && isa<CallExpr, CXXConstructExpr>(S->getStmt()) &&
             !Call.fullyContains(S->getStmt()->getSourceRange()) &&
             !S->getStmt()->getSourceRange().fullyContains(
                 E.ChosenBy->getSourceRange()))
      return std::nullopt;
  }
  return std::nullopt;
}

llvm::SmallVector<const CFGBlock *, 2>
TxnActions::successors(const CFGBlock &B) const {
  if (auto It = ForwardedSuccessors.find(&B); It != ForwardedSuccessors.end())
    return It->second;
  // A throw goes to the handler that catches what it throws.
  if (const CXXThrowExpr *Throw = throwEnding(B))
    if (const CFGBlock *Handler = HandlerBlock.lookup(Throw))
      return {Handler};
  llvm::SmallVector<const CFGBlock *, 2> Succs;
  for (const CFGBlock::AdjacentBlock &Succ : B.succs())
    Succs.push_back(Succ.getReachableBlock());
  return Succs;
}

const CXXThrowExpr *TxnActions::throwEnding(const CFGBlock &B) const {
  // The throw, then perhaps the destructors of its operand's temporaries.
  for (const CFGElement &Elem : llvm::reverse(B)) {
    std::optional<CFGStmt> S = Elem.getAs<CFGStmt>();
    if (!S)
      continue;
    return dyn_cast<CXXThrowExpr>(S->getStmt());
  }
  return nullptr;
}

const Expr *TxnActions::branchCondition(const CFGBlock &B) const {
  if (const Expr *Cond = B.getLastCondition())
    return Cond;
  return ForwardedConditions.lookup(&B);
}

bool TxnActions::inManualMode(StringRef Key, const TypeSpec *Connection) {
  if (auto Known = ManualModeKeys.find(Key); Known != ManualModeKeys.end())
    return Known->second;
  // No set-autocommit on the handle yet. A connection of a library with a
  // manual-commit mode that the function commits or rolls back without
  // beginning anything on it was put in that mode elsewhere (a constructor,
  // the pool that made it): each end begins the next transaction.
  if (!Connection ||
      llvm::none_of(Connection->Methods, [](const MethodSpec &M) {
        return M.Spec.Op == Operation::SetAutocommit;
      }))
    return false;
  if (!EndedWithoutBegin) {
    EndedWithoutBegin.emplace();
    llvm::StringSet<> Begun;
    forEachOutsideLambdas(FD->getBody(), [&](const Stmt *S) {
      if (!isa<CallExpr>(S))
        return;
      for (const TxnEvent &E : Classifier.classify(S, Ctx))
        if (E.Op == Operation::Begin)
          Begun.insert(E.HandleKey);
        else if (endsTransaction(E.Op) && !E.EndsOnlyOpen)
          EndedWithoutBegin->insert(E.HandleKey);
    });
    for (const auto &Key : Begun)
      EndedWithoutBegin->erase(Key.getKey());
  }
  return EndedWithoutBegin->contains(Key);
}

void TxnActions::extract(const CFG &Cfg, const PostOrderCFGView &PostOrder) {
  mapStatements(FD->getBody(), nullptr, nullptr);
  forwardLogicalConditions(Cfg);
  for (const CFGBlock *B : Cfg) {
    if (const auto *Choice =
            dyn_cast_or_null<ConditionalOperator>(B->getTerminatorStmt()))
      ChoiceBlocks[Choice] = B;
    if (const auto *Catch = dyn_cast_or_null<CXXCatchStmt>(B->getLabel()))
      CatchBlocks[Catch] = B;
  }
  findFlags();
  for (const Expr *Value : returnedValues(FD))
    if (const CXXConstructExpr *Construct = builtInPlace(Value))
      ReturnedConstructions.insert(Construct);
  BlockActions.resize(Cfg.getNumBlockIDs());
  BlockTests.resize(Cfg.getNumBlockIDs());
  BlockFlagTests.resize(Cfg.getNumBlockIDs());
  BlockIdleTests.resize(Cfg.getNumBlockIDs());
  BlockCodeTests.resize(Cfg.getNumBlockIDs());
  // Blocks in reverse post-order, so that a branch tests what its variable
  // held last (`res = PQexec(...BEGIN...); check; res = PQexec(...)`);
  // then the blocks no CFG edge reaches, such as handlers, which exceptions
  // from calls reach through side exits.
  std::vector<const CFGBlock *> Order(PostOrder.begin(), PostOrder.end());
  llvm::DenseSet<const CFGBlock *> Seen(Order.begin(), Order.end());
  for (const CFGBlock *B : Cfg)
    if (!Seen.contains(B))
      Order.push_back(B);
  std::vector<std::pair<const Stmt *, const CFGBlock *>> VariableReturns;
  for (const CFGBlock *B : Order) {
    for (const CFGElement &Elem : *B) {
      collectElement(Elem, *B);
      auto CS = Elem.getAs<CFGStmt>();
      if (!CS)
        continue;
      if (const auto *Call = dyn_cast<CallExpr>(CS->getStmt());
          Call && Exceptions.neverReturns(Call->getDirectCallee()))
        NeverReturningBlocks.insert(B);
      if (isa<ReturnStmt, CoreturnStmt>(CS->getStmt()) &&
          assignedVariable(returnedValue(CS->getStmt())))
        VariableReturns.push_back({CS->getStmt(), B});
    }
    // The CFG has no element for an assignment inside a condition: `if
    // ((began = db.transaction()))` sets the flag, `if (--depth_ == 0)`
    // steps the counter, and `while ((rc = sqlite3_exec(db, "COMMIT", ...))
    // == SQLITE_BUSY)` gives rc the commit's result, when the block ends.
    if (const Expr *Cond = branchCondition(*B)) {
      std::vector<Action> &Into = BlockActions[B->getBlockID()];
      forEachOutsideLambdas(Cond, [&](const Stmt *S) {
        if (!Flags.empty())
          stepCounter(S, Into);
        const auto *Assign = dyn_cast<BinaryOperator>(S);
        if (!Assign || Assign->getOpcode() != BO_Assign)
          return;
        setFlag(flagOf(Assign->getLHS()), Assign->getRHS(), Into);
        if (const auto *Var =
                dyn_cast<DeclRefExpr>(Assign->getLHS()->IgnoreParenImpCasts()))
          bindResultAt(Assign, Var->getDecl(), Assign->getRHS(), Into);
      });
    }
    if (const auto *Try = dyn_cast_or_null<CXXTryStmt>(B->getTerminatorStmt())) {
      Tries[Try].Dispatch = B;
      DispatchTry[B] = Try;
    }
    // The branch whose condition this block evaluates (a part of it, for
    // `a && b`): what is decided after a commit is a step that can fail.
    if (const Stmt *Term = B->getTerminatorStmt())
      for (const Stmt *S = Term; S; S = Parent.lookup(S)) {
        const Expr *Cond = conditionOf(S);
        if (!Cond || (S != Term && !isInside(Term, Cond)))
          continue;
        Action A(Action::Branch);
        A.Site = S;
        BlockActions[B->getBlockID()].push_back(std::move(A));
        break;
      }
    // The part of a condition this block evaluates: for `a || commit() !=
    // OK`, the block of the right operand tests the commit.
    if (const Expr *Cond = branchCondition(*B)) {
      BlockTests[B->getBlockID()] = blockTest(*B, Cond);
      if (const std::optional<EventTest> &Test = BlockTests[B->getBlockID()];
          Test && isRetry(*Test, B->getTerminatorStmt()))
        RetriedWrites.insert(Test->Event);
      BlockFlagTests[B->getBlockID()] = testedFlag(Cond);
      BlockIdleTests[B->getBlockID()] = testedIdle(Cond);
      BlockCodeTests[B->getBlockID()] = testedCode(Cond);
    }
  }
  testReachingResults(Order);
  resolveReturnedVariables(VariableReturns);
  for (TxnEvent &E : Events)
    if (E.Op == Operation::Begin && (GuardedKeys.contains(E.HandleKey) ||
                                     GuardedIfBegun.contains(E.HandleKey)))
      E.Scoped = true;
  findFallibleWrites();
  findSameRuns();
}

void TxnActions::findSameRuns() {
  SameRunAs.assign(Events.size(), std::nullopt);
  auto GivenSql = [&](const TxnEvent &E) -> std::optional<unsigned> {
    if ((E.Op != Operation::Write && E.Op != Operation::Read) || E.Destructor ||
        !E.SqlUnknown || !E.Sql || E.HandleKey.empty())
      return std::nullopt;
    return parameterOf(E.Sql, FD);
  };
  for (unsigned Later = 0, N = Events.size(); Later != N; ++Later) {
    std::optional<unsigned> Param = GivenSql(Events[Later]);
    for (unsigned First = 0; Param && First != Later; ++First)
      if (Events[First].Op == Events[Later].Op &&
          Events[First].HandleKey == Events[Later].HandleKey &&
          GivenSql(Events[First]) == Param) {
        SameRunAs[Later] = First;
        break;
      }
  }
}

bool TxnActions::isRetry(const EventTest &Test, const Stmt *Branch) const {
  if (Events[Test.Event].Op != Operation::Write || !Branch)
    return false;
  // `while ((rc = exec(...)) == SQLITE_BUSY)`: the loop goes on where it
  // failed. `rc = exec(...); if (rc == SQLITE_OK) break;`: it leaves where
  // it succeeded.
  const Stmt *Loop = nullptr;
  if (isLoop(Branch) && Test.FailureSucc == 0) {
    Loop = Branch;
  } else if (const auto *If = dyn_cast<IfStmt>(Branch);
             If && Test.FailureSucc == 1 && !If->getElse()) {
    const Stmt *Then = If->getThen();
    if (const auto *Block = dyn_cast<CompoundStmt>(Then);
        Block && !Block->body_empty())
      Then = Block->body_back();
    if (isa<BreakStmt>(Then))
      Loop = EnclosingLoop.lookup(If);
  }
  return Loop && EnclosingLoop.lookup(Events[Test.Event].Site) == Loop;
}

void TxnActions::findFallibleWrites() {
  FallibleWrites.resize(Events.size());
  for (const std::optional<EventTest> &Test : BlockTests)
    if (Test && Events[Test->Event].Op == Operation::Write)
      FallibleWrites.set(Test->Event);
  for (const std::optional<CodeTest> &Code : BlockCodeTests)
    if (Code && Code->Write)
      FallibleWrites.set(*Code->Write);
  for (unsigned Id = 0, N = Events.size(); Id != N; ++Id) {
    const TxnEvent &E = Events[Id];
    if (E.FailureSwallowed)
      FallibleWrites.set(Id);
    else if (E.Op == Operation::Write && !E.Destructor &&
             reportsByResult(E.Failure) && resultDropped(E.Site) &&
             !StatementsReported.contains(StatementRunAt.lookup(E.Site)))
      FallibleWrites.set(Id);
  }
}

bool TxnActions::resultDropped(const Stmt *Site) const {
  // Up through conversions and temporaries to what takes the value.
  const Stmt *Node = Site;
  const Stmt *Up = Parent.lookup(Node);
  while (Up && (isa<ImplicitCastExpr>(Up) || isa<ParenExpr>(Up) ||
                isa<ExprWithCleanups>(Up) || isa<MaterializeTemporaryExpr>(Up) ||
                isa<CXXBindTemporaryExpr>(Up))) {
    Node = Up;
    Up = Parent.lookup(Node);
  }
  if (!Up)
    return false;
  // PQclear(PQexec(conn, sql)): a library function other than a status one
  // frees the result unread.
  if (const auto *Call = dyn_cast<CallExpr>(Up)) {
    const OperationSpec *Spec = Classifier.specOfCall(Call);
    const FunctionDecl *Callee = Call->getDirectCallee();
    return Callee && Cache.isLibraryFunction(Callee) &&
           !(Spec && Spec->Op == Operation::ResultStatus);
  }
  // A statement of its own, or the body of an if or a loop. `(void)exec()`
  // is an explicit decision and is accepted.
  if (isa<CompoundStmt>(Up) || isa<SwitchCase>(Up) || isa<LabelStmt>(Up))
    return true;
  if (const auto *If = dyn_cast<IfStmt>(Up))
    return Node != If->getCond();
  if (const auto *While = dyn_cast<WhileStmt>(Up))
    return Node != While->getCond();
  if (const auto *Do = dyn_cast<DoStmt>(Up))
    return Node != Do->getCond();
  if (const auto *For = dyn_cast<ForStmt>(Up))
    return Node != For->getCond();
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(Up))
    return Node == Range->getBody();
  // `r = PQexec(conn, sql); PQclear(r);`: kept in a local, then freed.
  const ValueDecl *Holder = nullptr;
  if (const auto *Assign = dyn_cast<BinaryOperator>(Up);
      Assign && Assign->getOpcode() == BO_Assign && Assign->getRHS() == Node)
    Holder = assignedVariable(Assign->getLHS());
  else if (const auto *DS = dyn_cast<DeclStmt>(Up); DS && DS->isSingleDecl())
    Holder = dyn_cast<VarDecl>(DS->getSingleDecl());
  return Holder && freedUnread(Holder, Site);
}

bool TxnActions::freedUnread(const ValueDecl *Holder, const Stmt *Site) const {
  const auto *Var = dyn_cast<VarDecl>(Holder);
  if (!Var || !Var->hasLocalStorage() || isa<ParmVarDecl>(Var))
    return false;
  // The first use after the assignment, in source order. The uses of
  // every local are gathered in one walk of the body, on first need.
  if (!LocalUses) {
    LocalUses.emplace();
    llvm::SmallVector<const Stmt *, 32> Work{FD->getBody()};
    while (!Work.empty()) {
      const Stmt *S = Work.pop_back_val();
      if (!S)
        continue;
      llvm::append_range(Work, S->children());
      if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
        if (const auto *Local = dyn_cast<VarDecl>(Ref->getDecl());
            Local && Local->hasLocalStorage())
          (*LocalUses)[Local].push_back(Ref);
    }
  }
  const SourceManager &SM = Ctx.getSourceManager();
  const DeclRefExpr *First = nullptr;
  for (const DeclRefExpr *Ref : LocalUses->lookup(Var))
    if (SM.isBeforeInTranslationUnit(Site->getEndLoc(), Ref->getLocation()) &&
        (!First || SM.isBeforeInTranslationUnit(Ref->getLocation(),
                                                First->getLocation())))
      First = Ref;
  if (!First)
    return false;
  // Handed to a library function that returns nothing: a free (PQclear),
  // not a reading of the result.
  const Stmt *Node = First;
  const Stmt *Up = Parent.lookup(Node);
  while (Up && isa<ImplicitCastExpr, ParenExpr>(Up)) {
    Node = Up;
    Up = Parent.lookup(Node);
  }
  const auto *Call = dyn_cast_or_null<CallExpr>(Up);
  if (!Call || !llvm::is_contained(Call->arguments(), Node))
    return false;
  const FunctionDecl *Callee = Call->getDirectCallee();
  return Callee && Cache.isLibraryFunction(Callee) &&
         Callee->getReturnType()->isVoidType();
}

const Stmt *TxnActions::guardOf(const Stmt *S) const {
  for (const Stmt *Child = S, *P = Parent.lookup(S); P;
       Child = P, P = Parent.lookup(P)) {
    if (isa<CXXCatchStmt>(P))
      return P;
    if (const Expr *Cond = conditionOf(P);
        Cond && !isInside(Child, Cond) && !isa<DeclStmt>(Child) &&
        !(isa<IfStmt>(P) && cast<IfStmt>(P)->getInit() == Child) &&
        !(isa<ForStmt>(P) && (cast<ForStmt>(P)->getInit() == Child ||
                              cast<ForStmt>(P)->getInc() == Child)))
      return P;
  }
  return nullptr;
}

llvm::SmallVector<const Stmt *, 2>
TxnActions::conditionCalls(const Stmt *Guard) const {
  llvm::SmallVector<const Stmt *, 2> Calls;
  const Expr *Cond = conditionOf(Guard);
  if (!Cond)
    return Calls;
  outermostCalls(Cond, Calls);
  llvm::SmallPtrSet<const VarDecl *, 4> Vars;
  readVariables(Cond, Vars);
  if (const auto *If = dyn_cast<IfStmt>(Guard))
    if (const VarDecl *Var = If->getConditionVariable())
      Vars.insert(Var);
  if (Vars.empty())
    return Calls;
  for (const VarDecl *Var : Vars)
    if (Var->getInit())
      outermostCalls(Var->getInit(), Calls);
  for (const auto &[S, Up] : Parent) {
    const Expr *Value = nullptr;
    if (const auto *Assign = dyn_cast<BinaryOperator>(S);
        Assign && Assign->isAssignmentOp()) {
      const auto *LHS = dyn_cast<DeclRefExpr>(Assign->getLHS()->IgnoreParenImpCasts());
      if (LHS && Vars.count(dyn_cast<VarDecl>(LHS->getDecl())))
        Value = Assign->getRHS();
    } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S);
               Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2) {
      const auto *LHS = dyn_cast<DeclRefExpr>(Op->getArg(0)->IgnoreParenImpCasts());
      if (LHS && Vars.count(dyn_cast<VarDecl>(LHS->getDecl())))
        Value = Op->getArg(1);
    }
    outermostCalls(Value, Calls);
  }
  const SourceManager &SM = Ctx.getSourceManager();
  llvm::sort(Calls, [&](const Stmt *A, const Stmt *B) {
    return SM.isBeforeInTranslationUnit(A->getBeginLoc(), B->getBeginLoc());
  });
  Calls.erase(std::unique(Calls.begin(), Calls.end()), Calls.end());
  return Calls;
}

bool TxnActions::isInside(const Stmt *Inner, const Stmt *Outer) const {
  for (const Stmt *S = Inner; S; S = Parent.lookup(S))
    if (S == Outer)
      return true;
  return false;
}

} // namespace txnlint
