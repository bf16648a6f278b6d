//===--- EscapeAnalysis.cpp -----------------------------------------------===//

#include "EscapeAnalysis.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"

using namespace clang;

namespace txnlint {
namespace {

StringRef nameOf(const NamedDecl *D) {
  return D->getIdentifier() ? D->getName() : StringRef("?");
}

/// Methods that put their argument into the container they are called on.
bool isContainerInsert(const CXXMethodDecl *Method) {
  if (!Method->getDeclName().isIdentifier())
    return Method->getOverloadedOperator() == OO_Subscript;
  return llvm::is_contained({"push_back", "emplace_back", "push_front",
                             "emplace_front", "push", "emplace", "insert",
                             "try_emplace", "insert_or_assign", "assign"},
                            Method->getName());
}

class EscapeFinder {
public:
  EscapeFinder(TxnAnalysisCache &Cache, ArrayRef<std::string> AsyncSinks)
      : Cache(Cache), Ctx(Cache.context()), AsyncSinks(AsyncSinks) {}

  std::vector<HandleEscape> run(const FunctionTxnResult &Analysis);

  /// How the reference or pointer value \p E escapes, if it does.
  /// \p IsReference: E is a pointer or reference to the object (as opposed
  /// to the object itself, which only escapes where a reference binds).
  std::optional<std::string> escapeOf(const Expr *E, bool IsReference,
                                      unsigned Depth);

private:
  const Stmt *parentStmt(const Stmt *S) const {
    for (const DynTypedNode &P : Ctx.getParents(*S))
      if (const auto *PS = P.get<Stmt>())
        return PS;
    return nullptr;
  }
  const VarDecl *parentVar(const Stmt *S) const {
    for (const DynTypedNode &P : Ctx.getParents(*S))
      if (const auto *Var = P.get<VarDecl>())
        return Var;
    return nullptr;
  }
  std::optional<std::string> storageOf(const Expr *Target) const;
  std::optional<std::string> sinkName(const Stmt *Call) const;
  bool isJoinedThread(const Stmt *Call) const;
  std::optional<std::string> argumentEscape(const Stmt *Call, const Expr *Arg,
                                            bool IsReference, unsigned Depth);
  std::optional<std::string> lambdaEscape(const Expr *Lambda, unsigned Depth);
  std::optional<std::string> localEscape(const VarDecl *Var, bool IsReference,
                                         unsigned Depth);
  bool storesParameter(const FunctionDecl *Callee, unsigned Index,
                       unsigned Depth);

  TxnAnalysisCache &Cache;
  ASTContext &Ctx;
  ArrayRef<std::string> AsyncSinks;
  llvm::DenseMap<std::pair<const FunctionDecl *, unsigned>, bool> Stores;
};

std::optional<std::string> EscapeFinder::storageOf(const Expr *Target) const {
  Target = Target->IgnoreParenImpCasts();
  if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(Target))
    return storageOf(Subscript->getBase());
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Target);
      Op && Op->getOperator() == OO_Subscript)
    return storageOf(Op->getArg(0));
  if (const auto *Member = dyn_cast<MemberExpr>(Target)) {
    const Expr *Base = Member->getBase()->IgnoreParenImpCasts();
    if (isa<CXXThisExpr>(Base))
      return "member '" + nameOf(Member->getMemberDecl()).str() + "'";
    if (Member->isArrow())
      return "an object reached through '" +
             std::string(isa<DeclRefExpr>(Base)
                             ? nameOf(cast<DeclRefExpr>(Base)->getDecl())
                             : StringRef("a pointer")) +
             "'";
    return storageOf(Base);
  }
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Target)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (!Var)
      return std::nullopt;
    if (Var->isStaticLocal())
      return "static '" + nameOf(Var).str() + "'";
    if (Var->hasGlobalStorage())
      return "global '" + nameOf(Var).str() + "'";
    // The caller's object, through a reference or pointer parameter.
    if (isa<ParmVarDecl>(Var) &&
        (Var->getType()->isReferenceType() || Var->getType()->isPointerType()))
      return "the caller's '" + nameOf(Var).str() + "'";
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

bool EscapeFinder::storesParameter(const FunctionDecl *Callee, unsigned Index,
                                   unsigned Depth) {
  const FunctionDecl *Definition = nullptr;
  // Library internals (std::function keeping its callable) are not stores
  // of ours; their async entry points are named by AsyncSinks instead.
  if (Depth > 2 || !Callee->hasBody(Definition) ||
      Index >= Definition->getNumParams() ||
      Ctx.getSourceManager().isInSystemHeader(Definition->getLocation()))
    return false;
  auto Key = std::make_pair(Definition, Index);
  if (auto It = Stores.find(Key); It != Stores.end())
    return It->second;
  Stores[Key] = false; // recursion stores nothing new
  const ParmVarDecl *Param = Definition->getParamDecl(Index);
  struct Uses : RecursiveASTVisitor<Uses> {
    const ParmVarDecl *Param;
    llvm::SmallVector<const DeclRefExpr *, 4> Found;
    bool VisitDeclRefExpr(DeclRefExpr *Ref) {
      if (Ref->getDecl() == Param)
        Found.push_back(Ref);
      return true;
    }
  } Finder;
  Finder.Param = Param;
  Finder.TraverseStmt(Definition->getBody());
  bool Stored = llvm::any_of(Finder.Found, [&](const DeclRefExpr *Use) {
    return escapeOf(Use, /*IsReference=*/true, Depth + 1).has_value();
  });
  return Stores[Key] = Stored;
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

std::optional<std::string>
EscapeFinder::argumentEscape(const Stmt *Call, const Expr *Arg,
                             bool IsReference, unsigned Depth) {
  if (auto Sink = sinkName(Call))
    return isJoinedThread(Call)
               ? std::nullopt
               : std::optional<std::string>("it is passed to '" + *Sink + "'");
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call))
    if (const CXXMethodDecl *Method = MC->getMethodDecl();
        Method && isContainerInsert(Method))
      if (auto Where = storageOf(MC->getImplicitObjectArgument()))
        return "it is stored in a container in " + *Where;
  const FunctionDecl *Callee = nullptr;
  ArrayRef<const Expr *> Args;
  llvm::SmallVector<const Expr *, 4> ArgList;
  if (const auto *CE = dyn_cast<CallExpr>(Call)) {
    Callee = CE->getDirectCallee();
    ArgList.append(CE->arg_begin(), CE->arg_end());
    // A member operator's first argument is the object, not a parameter.
    if (isa<CXXOperatorCallExpr>(CE) && isa_and_nonnull<CXXMethodDecl>(Callee))
      ArgList.erase(ArgList.begin());
  } else if (const auto *Construct = dyn_cast<CXXConstructExpr>(Call)) {
    Callee = Construct->getConstructor();
    ArgList.append(Construct->arg_begin(), Construct->arg_end());
  }
  if (!Callee)
    return std::nullopt;
  for (unsigned I = 0; I < ArgList.size(); ++I) {
    if (ArgList[I]->IgnoreParenImpCasts()->IgnoreImplicit() !=
        Arg->IgnoreParenImpCasts()->IgnoreImplicit())
      continue;
    if (I >= Callee->getNumParams())
      return std::nullopt;
    QualType ParamType = Callee->getParamDecl(I)->getType();
    // The object itself only escapes where a reference to it binds.
    if (!IsReference && !ParamType->isReferenceType())
      return std::nullopt;
    if (storesParameter(Callee, I, Depth))
      return "it is passed to '" + Callee->getQualifiedNameAsString() +
             "', which stores it";
  }
  return std::nullopt;
}

std::optional<std::string> EscapeFinder::localEscape(const VarDecl *Var,
                                                     bool IsReference,
                                                     unsigned Depth) {
  // A local that holds the pointer (or a lambda): where do its uses go?
  if (Depth > 3)
    return std::nullopt;
  struct Uses : RecursiveASTVisitor<Uses> {
    const VarDecl *Var;
    llvm::SmallVector<const DeclRefExpr *, 4> Found;
    bool VisitDeclRefExpr(DeclRefExpr *Ref) {
      if (Ref->getDecl() == Var)
        Found.push_back(Ref);
      return true;
    }
  } Finder;
  Finder.Var = Var;
  const auto *Function = dyn_cast<FunctionDecl>(Var->getDeclContext());
  if (!Function || !Function->getBody())
    return std::nullopt;
  Finder.TraverseStmt(Function->getBody());
  for (const DeclRefExpr *Use : Finder.Found)
    if (auto How = escapeOf(Use, IsReference, Depth + 1))
      return How;
  return std::nullopt;
}

std::optional<std::string> EscapeFinder::escapeOf(const Expr *E,
                                                   bool IsReference,
                                                   unsigned Depth) {
  if (Depth > 6)
    return std::nullopt;
  const Stmt *Child = E;
  for (const Stmt *P = parentStmt(E); P; Child = P, P = parentStmt(P)) {
    if (const auto *Cast = dyn_cast<ImplicitCastExpr>(P)) {
      // Reading the value of the object itself copies it: no escape.
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
    if (const auto *Call = dyn_cast<CallExpr>(P);
        Call && Call->getDirectCallee() &&
        Call->getDirectCallee()->isInStdNamespace() &&
        llvm::is_contained({"ref", "cref", "addressof"},
                           Call->getDirectCallee()->getName())) {
      IsReference = true;
      continue;
    }
    if (const auto *Ret = dyn_cast<ReturnStmt>(P)) {
      (void)Ret;
      return IsReference ? std::optional<std::string>("it is returned")
                         : std::nullopt;
    }
    if (const auto *Assign = dyn_cast<BinaryOperator>(P)) {
      if (Assign->getOpcode() != BO_Assign || Assign->getRHS() != Child)
        return std::nullopt;
      if (auto Where = storageOf(Assign->getLHS()))
        return "it is stored in " + *Where;
      if (const auto *Local = dyn_cast<DeclRefExpr>(
              Assign->getLHS()->IgnoreParenImpCasts()))
        if (const auto *Var = dyn_cast<VarDecl>(Local->getDecl()))
          return localEscape(Var, IsReference, Depth);
      return std::nullopt;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(P);
        Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2) {
      if (Op->getArg(1)->IgnoreParenImpCasts()->IgnoreImplicit() !=
          cast<Expr>(Child)->IgnoreParenImpCasts()->IgnoreImplicit())
        return std::nullopt;
      if (auto Where = storageOf(Op->getArg(0)))
        return "it is stored in " + *Where;
      return std::nullopt;
    }
    if (isa<CXXNewExpr>(P))
      return IsReference ? std::optional<std::string>(
                               "it is stored in a heap object")
                         : std::nullopt;
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(P)) {
      if (auto How = argumentEscape(Construct, cast<Expr>(Child), IsReference,
                                    Depth))
        return How;
      // An object built around the pointer carries it on.
      if (!IsReference)
        return std::nullopt;
      continue;
    }
    if (isa<CallExpr>(P))
      return argumentEscape(P, cast<Expr>(Child), IsReference, Depth);
    if (isa<DeclStmt>(P))
      break;
    return std::nullopt;
  }
  // The pointer or lambda initializes a variable.
  if (const VarDecl *Var = parentVar(Child)) {
    if (Var->isStaticLocal() || Var->hasGlobalStorage())
      return IsReference ? std::optional<std::string>(
                               "it is stored in " +
                               std::string(Var->isStaticLocal() ? "static '"
                                                                : "global '") +
                               nameOf(Var).str() + "'")
                         : std::nullopt;
    if (IsReference || Var->getType()->isReferenceType())
      return localEscape(Var, /*IsReference=*/true, Depth);
  }
  return std::nullopt;
}

std::optional<std::string> EscapeFinder::lambdaEscape(const Expr *Lambda,
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
    if (auto How = escapeOf(Ref, /*IsReference=*/false, 0))
      Escapes.push_back({Var, It->second, Ref, *How});
  }
  for (const LambdaExpr *Lambda : Finder.Lambdas)
    for (const LambdaCapture &Capture : Lambda->captures()) {
      if (!Capture.capturesVariable())
        continue;
      const auto *Var = dyn_cast<VarDecl>(Capture.getCapturedVar());
      auto It = Var ? Handles.find(Var) : Handles.end();
      if (It == Handles.end() || Capture.getCaptureKind() != LCK_ByRef)
        continue;
      if (auto How = lambdaEscape(Lambda, 0))
        Escapes.push_back({Var, It->second, Lambda,
                           "a lambda capturing it by reference " +
                               StringRef(*How).drop_front(strlen("it ")).str()});
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
