//===--- EscapeAnalysis.cpp -----------------------------------------------===//

#include "EscapeAnalysis.h"
#include "clang/AST/RecursiveASTVisitor.h"

using namespace clang;

namespace txnlint {
namespace {

/// Appends the references to \p Var under \p Root to \p Refs.
void collectReferences(const VarDecl *Var, const Stmt *Root,
                       llvm::SmallVectorImpl<const DeclRefExpr *> &Refs) {
  struct Finder : RecursiveASTVisitor<Finder> {
    const VarDecl *Var;
    llvm::SmallVectorImpl<const DeclRefExpr *> &Refs;
    Finder(const VarDecl *Var, llvm::SmallVectorImpl<const DeclRefExpr *> &Refs)
        : Var(Var), Refs(Refs) {}
    bool VisitDeclRefExpr(DeclRefExpr *Ref) {
      if (Ref->getDecl() == Var)
        Refs.push_back(Ref);
      return true;
    }
  };
  Finder(Var, Refs).TraverseStmt(const_cast<Stmt *>(Root));
}

StringRef nameOf(const NamedDecl *D) {
  return D->getIdentifier() ? D->getName() : StringRef("?");
}

/// Methods that put their argument into the container they are called on.
bool isContainerInsert(const CXXMethodDecl *Method) {
  if (!Method->getDeclName().isIdentifier())
    return Method->getOverloadedOperator() == OO_Subscript;
  return llvm::is_contained({"push_back", "emplace_back", "push_front",
                             "emplace_front", "push", "emplace", "insert",
                             "try_emplace", "insert_or_assign", "assign",
                             "append", "prepend", "enqueue"},
                            Method->getName());
}

/// How a reference escapes.
struct Escape {
  std::string How;
  /// It is stored into a member of `this`: whether that outlives the
  /// handle depends on the object the method was called on.
  bool IntoThis = false;
};

/// What a callee does with a reference parameter.
enum class ParameterUse { Kept, StoredInObject, StoredElsewhere };

class EscapeFinder {
public:
  EscapeFinder(TxnAnalysisCache &Cache, ArrayRef<std::string> AsyncSinks)
      : Cache(Cache), Ctx(Cache.context()),
        Parents(Cache.bodyParents()), AsyncSinks(AsyncSinks) {}

  std::vector<HandleEscape> run(const FunctionTxnResult &Analysis);

private:
  /// How the value \p E escapes, if it does. \p IsReference: E is a pointer
  /// or reference to the handle, as opposed to the handle itself, which
  /// only escapes where a reference to it binds.
  std::optional<Escape> escapeOf(const Expr *E, bool IsReference,
                                 unsigned Depth);
  /// Parents of statements in the functions the walk has entered (each
  /// entry point indexes the function it starts in).
  const Stmt *parentStmt(const Stmt *S) const { return Parents.parentStmt(S); }
  const VarDecl *parentVar(const Stmt *S) const { return Parents.parentVar(S); }
  std::optional<Escape> storageOf(const Expr *Target) const;
  std::optional<std::string> sinkName(const Stmt *Call) const;
  bool isJoinedThread(const Stmt *Call) const;
  std::optional<Escape> argumentEscape(const Stmt *Call, const Expr *Arg,
                                       bool IsReference, unsigned Depth,
                                       bool &CarriedByObject);
  std::optional<Escape> lambdaEscape(const Expr *Lambda, unsigned Depth);
  std::optional<Escape> localEscape(const VarDecl *Var, bool IsReference,
                                    unsigned Depth);
  ParameterUse useOfParameter(const FunctionDecl *Callee, unsigned Index,
                              unsigned Depth);

  TxnAnalysisCache &Cache;
  ASTContext &Ctx;
  BodyParents &Parents;
  ArrayRef<std::string> AsyncSinks;
  llvm::DenseMap<std::pair<const FunctionDecl *, unsigned>, ParameterUse> Uses;
};

std::optional<Escape> EscapeFinder::storageOf(const Expr *Target) const {
  Target = Target->IgnoreParenImpCasts();
  if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(Target))
    return storageOf(Subscript->getBase());
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Target);
      Op && Op->getOperator() == OO_Subscript)
    return storageOf(Op->getArg(0));
  if (const auto *Deref = dyn_cast<UnaryOperator>(Target);
      Deref && Deref->getOpcode() == UO_Deref)
    return storageOf(Deref->getSubExpr()); // *slot = &tx
  if (const auto *Member = dyn_cast<MemberExpr>(Target)) {
    const Expr *Base = Member->getBase()->IgnoreParenImpCasts();
    if (isa<CXXThisExpr>(Base))
      return Escape{"member '" + nameOf(Member->getMemberDecl()).str() + "'",
                    /*IntoThis=*/true};
    if (Member->isArrow()) {
      if (const auto *Ref = dyn_cast<DeclRefExpr>(Base))
        return Escape{"an object reached through '" +
                      nameOf(Ref->getDecl()).str() + "'"};
      return Escape{"an object reached through a pointer"};
    }
    return storageOf(Base);
  }
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Target)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (!Var)
      return std::nullopt;
    if (Var->isStaticLocal())
      return Escape{"static '" + nameOf(Var).str() + "'"};
    if (Var->hasGlobalStorage())
      return Escape{"global '" + nameOf(Var).str() + "'"};
    // The caller's object, through a reference or pointer parameter.
    if (isa<ParmVarDecl>(Var) &&
        (Var->getType()->isReferenceType() || Var->getType()->isPointerType()))
      return Escape{"the caller's '" + nameOf(Var).str() + "'"};
    return std::nullopt; // a local: it dies with the handle
  }
  return std::nullopt;
}

std::optional<std::string> EscapeFinder::sinkName(const Stmt *Call) const {
  std::string Qualified, Unqualified;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Call)) {
    Qualified = Construct->getConstructor()->getParent()->getQualifiedNameAsString();
    Unqualified = nameOf(Construct->getConstructor()->getParent()).str();
  } else if (const auto *CE = dyn_cast<CallExpr>(Call);
             CE && CE->getDirectCallee()) {
    Qualified = CE->getDirectCallee()->getQualifiedNameAsString();
    Unqualified = CE->getDirectCallee()->getNameAsString();
  }
  for (const std::string &Sink : AsyncSinks)
    if (Sink == Qualified || Sink == Unqualified ||
        (StringRef(Sink).contains("::") && StringRef(Qualified).ends_with("::" + Sink)))
      return Qualified.empty() ? Sink : Qualified;
  return std::nullopt;
}

bool EscapeFinder::isJoinedThread(const Stmt *Call) const {
  // A std::jthread joins when destroyed; a local std::thread that is joined
  // and never detached ends before the function does.
  const auto *Construct = dyn_cast<CXXConstructExpr>(Call);
  if (!Construct)
    return false;
  const CXXRecordDecl *Thread = Construct->getConstructor()->getParent();
  if (!Thread->isInStdNamespace() || !Thread->getIdentifier())
    return false;
  if (Thread->getName() == "jthread")
    return true;
  const Stmt *Init = Construct;
  while (const Stmt *P = parentStmt(Init))
    if (isa<ExprWithCleanups>(P) || isa<MaterializeTemporaryExpr>(P) ||
        isa<CXXBindTemporaryExpr>(P))
      Init = P;
    else
      break;
  const VarDecl *Var = parentVar(Init);
  const auto *Function =
      Var ? dyn_cast<FunctionDecl>(Var->getDeclContext()) : nullptr;
  if (!Function || Thread->getName() != "thread")
    return false;
  struct Calls : RecursiveASTVisitor<Calls> {
    const VarDecl *Var;
    bool Joined = false, Detached = false;
    bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
      const auto *Object = dyn_cast<DeclRefExpr>(
          Call->getImplicitObjectArgument()->IgnoreParenImpCasts());
      const CXXMethodDecl *Method = Call->getMethodDecl();
      if (Object && Object->getDecl() == Var && Method &&
          Method->getDeclName().isIdentifier()) {
        Joined |= Method->getName() == "join";
        Detached |= Method->getName() == "detach";
      }
      return true;
    }
  } Finder;
  Finder.Var = Var;
  Finder.TraverseStmt(Function->getBody());
  return Finder.Joined && !Finder.Detached;
}

ParameterUse EscapeFinder::useOfParameter(const FunctionDecl *Callee,
                                          unsigned Index, unsigned Depth) {
  const FunctionDecl *Definition = nullptr;
  // Library internals (std::function keeping its callable) are not stores
  // of ours; their async entry points are named by AsyncSinks instead.
  if (Depth > 2 || !Callee->hasBody(Definition) ||
      Index >= Definition->getNumParams() ||
      Ctx.getSourceManager().isInSystemHeader(Definition->getLocation()))
    return ParameterUse::Kept;
  auto Key = std::make_pair(Definition, Index);
  if (auto It = Uses.find(Key); It != Uses.end())
    return It->second;
  Uses[Key] = ParameterUse::Kept; // recursion stores nothing new
  Parents.index(Definition);
  const ParmVarDecl *Param = Definition->getParamDecl(Index);
  llvm::SmallVector<const DeclRefExpr *, 4> Refs;
  collectReferences(Param, Definition->getBody(), Refs);
  ParameterUse Use = ParameterUse::Kept;
  // A constructor's member initializers keep it in the object too.
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Definition))
    for (const CXXCtorInitializer *Init : Ctor->inits())
      if (Init->isMemberInitializer() && Init->getInit()) {
        size_t Before = Refs.size();
        collectReferences(Param, Init->getInit(), Refs);
        if (Refs.size() != Before)
          Use = ParameterUse::StoredInObject;
      }
  // A reference parameter names the caller's object itself, as the handle
  // does in its own function: assigning to it or copying from it stores no
  // reference. A pointer (or a by-value copy of one) holds its address.
  QualType ParamType = Param->getType();
  bool HoldsAddress = !ParamType->isReferenceType() ||
                      ParamType.getNonReferenceType()->isPointerType();
  for (const DeclRefExpr *Ref : Refs)
    if (auto E = escapeOf(Ref, HoldsAddress, Depth + 1)) {
      if (!E->IntoThis)
        return Uses[Key] = ParameterUse::StoredElsewhere;
      Use = ParameterUse::StoredInObject;
    }
  return Uses[Key] = Use;
}

std::optional<Escape>
EscapeFinder::argumentEscape(const Stmt *Call, const Expr *Arg,
                             bool IsReference, unsigned Depth,
                             bool &CarriedByObject) {
  CarriedByObject = false;
  if (auto Sink = sinkName(Call)) {
    if (isJoinedThread(Call))
      return std::nullopt;
    return Escape{"it is passed to '" + *Sink + "'"};
  }
  // A container keeps what is inserted as long as it lives itself.
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call))
    if (const CXXMethodDecl *Method = MC->getMethodDecl();
        Method && isContainerInsert(Method)) {
      if (auto Where = storageOf(MC->getImplicitObjectArgument()))
        return Escape{"it is stored in a container in " + Where->How,
                      Where->IntoThis};
      return std::nullopt;
    }
  const FunctionDecl *Callee = nullptr;
  const Expr *Object = nullptr;
  llvm::SmallVector<const Expr *, 4> Args;
  if (const auto *CE = dyn_cast<CallExpr>(Call)) {
    Callee = CE->getDirectCallee();
    Args.append(CE->arg_begin(), CE->arg_end());
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(CE))
      Object = MC->getImplicitObjectArgument();
    // A member operator's first argument is the object, not a parameter.
    if (isa<CXXOperatorCallExpr>(CE) && isa_and_nonnull<CXXMethodDecl>(Callee)) {
      Object = Args.front();
      Args.erase(Args.begin());
    }
  } else if (const auto *Construct = dyn_cast<CXXConstructExpr>(Call)) {
    Callee = Construct->getConstructor();
    Args.append(Construct->arg_begin(), Construct->arg_end());
  }
  if (!Callee)
    return std::nullopt;
  for (unsigned I = 0; I < Args.size(); ++I) {
    if (Args[I]->IgnoreParenImpCasts()->IgnoreImplicit() !=
        Arg->IgnoreParenImpCasts()->IgnoreImplicit())
      continue;
    if (I >= Callee->getNumParams())
      return std::nullopt;
    // The handle itself only escapes where a reference to it binds.
    if (!IsReference && !Callee->getParamDecl(I)->getType()->isReferenceType())
      return std::nullopt;
    std::string Stores = "it is passed to '" +
                         Callee->getQualifiedNameAsString() + "', which stores it";
    switch (useOfParameter(Callee, I, Depth)) {
    case ParameterUse::Kept:
      return std::nullopt;
    case ParameterUse::StoredElsewhere:
      return Escape{Stores};
    case ParameterUse::StoredInObject:
      // A constructed object carries it on; a method's object keeps it
      // as long as that object lives.
      if (isa<CXXConstructExpr>(Call)) {
        CarriedByObject = true;
        return std::nullopt;
      }
      if (!Object)
        return std::nullopt;
      if (isa<CXXThisExpr>(Object->IgnoreParenImpCasts()))
        return Escape{Stores, /*IntoThis=*/true};
      if (auto Where = storageOf(Object))
        return Escape{Stores, Where->IntoThis};
      return std::nullopt;
    }
  }
  return std::nullopt;
}

std::optional<Escape> EscapeFinder::localEscape(const VarDecl *Var,
                                                bool IsReference,
                                                unsigned Depth) {
  // A local that holds the pointer (or a lambda): where do its uses go?
  if (Depth > 3)
    return std::nullopt;
  const auto *Function = dyn_cast<FunctionDecl>(Var->getDeclContext());
  if (!Function || !Function->getBody())
    return std::nullopt;
  Parents.index(Function);
  llvm::SmallVector<const DeclRefExpr *, 4> Refs;
  collectReferences(Var, Function->getBody(), Refs);
  for (const DeclRefExpr *Use : Refs)
    if (auto E = escapeOf(Use, IsReference, Depth + 1))
      return E;
  return std::nullopt;
}

bool isStdCall(const Stmt *S, std::initializer_list<StringRef> Names) {
  const auto *Call = dyn_cast<CallExpr>(S);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  return Callee && Callee->isInStdNamespace() &&
         Callee->getDeclName().isIdentifier() &&
         llvm::is_contained(Names, Callee->getName());
}

std::optional<Escape> EscapeFinder::escapeOf(const Expr *E, bool IsReference,
                                             unsigned Depth) {
  if (Depth > 6)
    return std::nullopt;
  const Stmt *Child = E;
  for (const Stmt *P = parentStmt(E); P; Child = P, P = parentStmt(P)) {
    if (const auto *Cast = dyn_cast<ImplicitCastExpr>(P)) {
      // Reading the value of the handle itself copies it: no escape.
      if (!IsReference && Cast->getCastKind() == CK_LValueToRValue)
        return std::nullopt;
      continue;
    }
    if (isa<ParenExpr>(P) || isa<MaterializeTemporaryExpr>(P) ||
        isa<CXXBindTemporaryExpr>(P) || isa<ExprWithCleanups>(P) ||
        isa<CXXFunctionalCastExpr>(P) || isa<CStyleCastExpr>(P) ||
        isa<CXXStaticCastExpr>(P) || isa<InitListExpr>(P))
      continue;
    if (const auto *UO = dyn_cast<UnaryOperator>(P)) {
      if (UO->getOpcode() != UO_AddrOf)
        return std::nullopt;
      IsReference = true;
      continue;
    }
    if (isStdCall(P, {"ref", "cref", "addressof"})) {
      IsReference = true;
      continue;
    }
    if (isStdCall(P, {"move", "forward"})) {
      // Moving the handle itself hands its ownership on (sanctioned);
      // moving a pointer or lambda passes the same reference on.
      if (!IsReference)
        return std::nullopt;
      continue;
    }
    if (isa<ReturnStmt>(P)) {
      // A pointer, or the handle itself bound to a reference return type.
      if (IsReference || cast<Expr>(Child)->isGLValue())
        return Escape{"it is returned"};
      return std::nullopt;
    }
    if (const auto *Assign = dyn_cast<BinaryOperator>(P)) {
      if (Assign->getOpcode() != BO_Assign || Assign->getRHS() != Child ||
          !IsReference)
        return std::nullopt;
      if (auto Where = storageOf(Assign->getLHS()))
        return Escape{"it is stored in " + Where->How, Where->IntoThis};
      if (const auto *Local = dyn_cast<DeclRefExpr>(
              Assign->getLHS()->IgnoreParenImpCasts()))
        if (const auto *Var = dyn_cast<VarDecl>(Local->getDecl()))
          return localEscape(Var, IsReference, Depth);
      return std::nullopt;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(P);
        Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2) {
      // Copying the handle object (a shared connection handle) is no
      // escape; assigning a pointer, reference wrapper or lambda is.
      if (!IsReference ||
          Op->getArg(1)->IgnoreParenImpCasts()->IgnoreImplicit() !=
              cast<Expr>(Child)->IgnoreParenImpCasts()->IgnoreImplicit())
        return std::nullopt;
      if (auto Where = storageOf(Op->getArg(0)))
        return Escape{"it is stored in " + Where->How, Where->IntoThis};
      return std::nullopt;
    }
    if (isa<CXXNewExpr>(P))
      return IsReference ? std::optional<Escape>(
                               Escape{"it is stored in a heap object"})
                         : std::nullopt;
    if (isa<CallExpr>(P) || isa<CXXConstructExpr>(P)) {
      bool Carried = false;
      if (auto How = argumentEscape(P, cast<Expr>(Child), IsReference, Depth,
                                    Carried))
        return How;
      // An object built around the reference carries it on.
      if (isa<CXXConstructExpr>(P) && (IsReference || Carried)) {
        IsReference = true;
        continue;
      }
      return std::nullopt;
    }
    if (isa<DeclStmt>(P))
      break;
    return std::nullopt;
  }
  // The pointer or lambda initializes a variable.
  if (const VarDecl *Var = parentVar(Child)) {
    if (Var->isStaticLocal() || Var->hasGlobalStorage())
      return IsReference ? std::optional<Escape>(Escape{
                               "it is stored in " +
                               std::string(Var->isStaticLocal() ? "static '"
                                                                : "global '") +
                               nameOf(Var).str() + "'"})
                         : std::nullopt;
    if (IsReference || Var->getType()->isReferenceType())
      return localEscape(Var, /*IsReference=*/true, Depth);
  }
  return std::nullopt;
}

std::optional<Escape> EscapeFinder::lambdaEscape(const Expr *Lambda,
                                                 unsigned Depth) {
  // Called on the spot is fine; everything else follows the lambda like a
  // reference (a std::function built from it carries it on).
  const Stmt *P = parentStmt(Lambda);
  while (P && (isa<ImplicitCastExpr>(P) || isa<MaterializeTemporaryExpr>(P) ||
               isa<CXXBindTemporaryExpr>(P) || isa<ParenExpr>(P)))
    P = parentStmt(P);
  if (const auto *Call = dyn_cast_or_null<CXXOperatorCallExpr>(P);
      Call && Call->getOperator() == OO_Call)
    return std::nullopt;
  return escapeOf(Lambda, /*IsReference=*/true, Depth);
}

std::vector<HandleEscape> EscapeFinder::run(const FunctionTxnResult &Analysis) {
  std::vector<HandleEscape> Escapes;
  TxnEventClassifier &Classifier = Cache.classifier();
  Parents.index(Analysis.Function);
  // The local handles: transactions and savepoints by value, and sessions
  // by value that a transaction is begun on.
  llvm::DenseMap<const VarDecl *, StringRef> Handles;
  struct Locals : RecursiveASTVisitor<Locals> {
    llvm::SmallVector<const VarDecl *, 4> Vars;
    llvm::SmallVector<const LambdaExpr *, 2> Lambdas;
    llvm::SmallVector<const DeclRefExpr *, 8> Refs;
    bool TraverseLambdaExpr(LambdaExpr *L) {
      Lambdas.push_back(L);
      return true; // its body is analyzed as its own function
    }
    bool VisitVarDecl(VarDecl *Var) {
      if (Var->hasLocalStorage() && !isa<ParmVarDecl>(Var))
        Vars.push_back(Var);
      return true;
    }
    bool VisitDeclRefExpr(DeclRefExpr *Ref) {
      Refs.push_back(Ref);
      return true;
    }
  } Finder;
  Finder.TraverseStmt(Analysis.Function->getBody());
  for (const VarDecl *Var : Finder.Vars) {
    QualType T = Var->getType();
    if (T->isReferenceType() || T->isPointerType())
      continue;
    const TypeSpec *Spec = Classifier.typeSpecOf(T);
    if (!Spec)
      continue;
    if (Spec->TypeRole == Role::Transaction)
      Handles[Var] = "transaction";
    else if (Spec->TypeRole == Role::Savepoint)
      Handles[Var] = "savepoint";
    else if (Spec->TypeRole == Role::Session &&
             llvm::any_of(Analysis.Events, [&](const TxnEvent &E) {
               return E.Op == Operation::Begin && E.HandleKey == varKey(Var);
             }))
      Handles[Var] = "session in a transaction";
  }
  if (Handles.empty())
    return Escapes;

  for (const DeclRefExpr *Ref : Finder.Refs) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    auto It = Var ? Handles.find(Var) : Handles.end();
    if (It == Handles.end())
      continue;
    if (auto E = escapeOf(Ref, /*IsReference=*/false, 0))
      Escapes.push_back({Var, It->second, Ref, E->How});
  }
  for (const LambdaExpr *Lambda : Finder.Lambdas)
    for (const LambdaCapture &Capture : Lambda->captures()) {
      if (!Capture.capturesVariable())
        continue;
      const auto *Var = dyn_cast<VarDecl>(Capture.getCapturedVar());
      auto It = Var ? Handles.find(Var) : Handles.end();
      if (It == Handles.end() || Capture.getCaptureKind() != LCK_ByRef)
        continue;
      if (auto E = lambdaEscape(Lambda, 0))
        Escapes.push_back({Var, It->second, Lambda,
                           "a lambda capturing it by reference " +
                               StringRef(E->How).drop_front(strlen("it ")).str()});
    }
  return Escapes;
}

} // namespace

std::vector<HandleEscape> findEscapes(const FunctionTxnResult &Analysis,
                                      TxnAnalysisCache &Cache,
                                      ArrayRef<std::string> AsyncSinks) {
  return EscapeFinder(Cache, AsyncSinks).run(Analysis);
}

} // namespace txnlint
