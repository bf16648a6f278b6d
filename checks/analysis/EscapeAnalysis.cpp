//===--- EscapeAnalysis.cpp -----------------------------------------------===//

#include "EscapeAnalysis.h"
#include "../model/TransactionModel.h"
#include "BodyWalk.h"
#include "CallOperands.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Analysis/CFG.h"
#include "clang/Lex/Lexer.h"

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
  /// It reaches work that runs on another thread (for thread affinity).
  bool OnOtherThread = false;
  /// It is returned (alone or inside a returned object): for a parameter,
  /// it goes back to the caller, where the call's result goes.
  bool Returned = false;
};

/// Whether \p T is a std::unique_ptr or std::shared_ptr.
bool isSmartPointer(QualType T) {
  const auto *RD = T->getAsCXXRecordDecl();
  return RD && RD->isInStdNamespace() && RD->getIdentifier() &&
         llvm::is_contained({"unique_ptr", "shared_ptr"}, RD->getName());
}

bool isStdCall(const Stmt *S, std::initializer_list<StringRef> Names) {
  const auto *Call = dyn_cast<CallExpr>(S);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  return Callee && Callee->isInStdNamespace() &&
         Callee->getDeclName().isIdentifier() &&
         llvm::is_contained(Names, Callee->getName());
}

bool isMethodNamed(const CXXMethodDecl *Method, ArrayRef<std::string> Names) {
  return Method && Method->getDeclName().isIdentifier() &&
         llvm::is_contained(Names, Method->getName());
}

class EscapeFinder {
public:
  EscapeFinder(TxnAnalysisCache &Cache, ArrayRef<const AsyncSink *> AsyncSinks)
      : Cache(Cache), Ctx(Cache.context()), Parents(Cache.bodyParents()),
        AsyncSinks(AsyncSinks) {}

  std::vector<HandleEscape> run(const FunctionDecl *FD,
                                const FunctionTxnResult *Analysis);

private:
  /// A local handle and what the check says about it.
  struct Handle {
    StringRef What;
    bool ThreadAffine = false;
    /// A smart pointer owning the modelled object.
    bool Owner = false;
  };

  /// Each function's CFG, and the block and position of each statement.
  struct FunctionGraph {
    std::unique_ptr<CFG> Graph;
    llvm::DenseMap<const Stmt *, std::pair<const CFGBlock *, unsigned>> Where;
  };

  /// How the value \p E escapes, if it does. \p IsReference: E is a pointer
  /// or reference to the handle, as opposed to the handle itself, which
  /// only escapes where a reference to it binds.
  std::optional<Escape> escapeOf(const Expr *E, bool IsReference,
                                 unsigned Depth);
  /// Parents of statements in the functions the walk has entered (each
  /// entry point indexes the function it starts in).
  const Stmt *parentStmt(const Stmt *S) const { return Parents.parentStmt(S); }
  const VarDecl *parentVar(const Stmt *S) const { return Parents.parentVar(S); }
  void index(const FunctionDecl *FD);
  const FunctionDecl *enclosingFunction(const Stmt *S) const;
  std::optional<Escape> storageOf(const Expr *Target) const;
  /// The sink \p Call runs its callable in, and the name to show.
  std::optional<std::pair<const AsyncSink *, std::string>>
  sinkOf(const Stmt *Call) const;
  bool sinkWaited(const Stmt *Call, const AsyncSink &Sink);
  bool waitedOnEveryPath(const FunctionDecl *Function, const Stmt *Call,
                         ArrayRef<const Stmt *> Waits);
  bool clearedBeforeLeaving(const BinaryOperator *Store);
  /// \p Function's CFG (null when it cannot be built), and where \p S, or
  /// the statement around it that the CFG names, is in it.
  FunctionGraph *graphOf(const FunctionDecl *Function);
  std::pair<const CFGBlock *, unsigned> locate(const FunctionGraph &G,
                                               const Stmt *S) const;
  std::optional<Escape> argumentEscape(const Stmt *Call, const Expr *Arg,
                                       bool IsReference, unsigned Depth,
                                       bool &CarriedByObject);
  std::optional<Escape> lambdaEscape(const Expr *Lambda, unsigned Depth);
  std::optional<Escape> localEscape(const VarDecl *Var, bool IsReference,
                                    unsigned Depth);
  ParameterUse useOfParameter(const FunctionDecl *Callee, unsigned Index,
                              unsigned Depth);
  std::optional<Handle> handleOf(const VarDecl *Var,
                                 const FunctionTxnResult *Analysis,
                                 ArrayRef<const CallExpr *> Calls);
  /// Whether \p E counts in the current mode.
  bool accepted(const Escape &E) const {
    return !AffinityOnly || E.OnOtherThread;
  }

  TxnAnalysisCache &Cache;
  ASTContext &Ctx;
  BodyParents &Parents;
  ArrayRef<const AsyncSink *> AsyncSinks;
  /// The indexed functions by body, to find the function of a statement.
  llvm::DenseMap<const Stmt *, const FunctionDecl *> Bodies;
  llvm::DenseMap<const FunctionDecl *, FunctionGraph> Graphs;
  /// Looking only for work on another thread that uses a thread-affine
  /// connection, waited for or not.
  bool AffinityOnly = false;
};

void EscapeFinder::index(const FunctionDecl *FD) {
  Parents.index(FD);
  if (FD->getBody())
    Bodies.try_emplace(FD->getBody(), FD);
}

const FunctionDecl *EscapeFinder::enclosingFunction(const Stmt *S) const {
  for (const Stmt *Child = S;;) {
    if (const VarDecl *Var = parentVar(Child))
      return dyn_cast<FunctionDecl>(Var->getDeclContext());
    const Stmt *P = parentStmt(Child);
    if (!P)
      return Bodies.lookup(Child);
    if (const auto *Lambda = dyn_cast<LambdaExpr>(P);
        Lambda && Lambda->getBody() == Child)
      return Lambda->getCallOperator();
    Child = P;
  }
}

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

std::optional<std::pair<const AsyncSink *, std::string>>
EscapeFinder::sinkOf(const Stmt *Call) const {
  std::string Qualified, Unqualified;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Call)) {
    Qualified = Construct->getConstructor()->getParent()->getQualifiedNameAsString();
    Unqualified = nameOf(Construct->getConstructor()->getParent()).str();
  } else if (const auto *CE = dyn_cast<CallExpr>(Call);
             CE && CE->getDirectCallee()) {
    Qualified = CE->getDirectCallee()->getQualifiedNameAsString();
    Unqualified = CE->getDirectCallee()->getNameAsString();
  }
  if (Qualified.empty())
    return std::nullopt;
  for (const AsyncSink *Sink : AsyncSinks) {
    StringRef Name = Sink->Name;
    if (Name == Qualified || Name == Unqualified ||
        (Name.contains("::") && StringRef(Qualified).ends_with("::" + Name.str())))
      return std::make_pair(Sink, Qualified);
  }
  return std::nullopt;
}

bool EscapeFinder::sinkWaited(const Stmt *Call, const AsyncSink &Sink) {
  // Follow the sink's result (a future, a thread object) to where it is
  // kept.
  const Stmt *Result = Call;
  const Stmt *P = parentStmt(Result);
  while (P && (isa<ExprWithCleanups>(P) || isa<MaterializeTemporaryExpr>(P) ||
               isa<CXXBindTemporaryExpr>(P) || isa<ImplicitCastExpr>(P) ||
               isa<CXXFunctionalCastExpr>(P) || isa<ParenExpr>(P))) {
    Result = P;
    P = parentStmt(P);
  }
  const VarDecl *Var = parentVar(Result);
  if (const auto *Member = dyn_cast_or_null<MemberExpr>(P)) {
    // Waited for on the spot: std::async(...).get().
    const auto *Wait = dyn_cast_or_null<CXXMemberCallExpr>(parentStmt(Member));
    return Wait && isMethodNamed(Wait->getMethodDecl(), Sink.WaitedBy);
  }
  const FunctionDecl *Function = enclosingFunction(Call);
  if (!Function || !Function->getBody())
    return false;
  // Work queued to this thread's event loop (QTimer::singleShot) runs only
  // while the loop runs; in main, that is while main's locals live (`return
  // app.exec();`).
  if (!Sink.OtherThread && Function->isMain())
    return true;
  if (const auto *Insert = dyn_cast_or_null<CXXMemberCallExpr>(P);
      Insert && Insert->getMethodDecl() &&
      isContainerInsert(Insert->getMethodDecl()) &&
      !storageOf(Insert->getImplicitObjectArgument())) {
    // A local container of futures or threads is waited for as a whole:
    // by its destructor, or by a loop that waits for each element.
    if (Sink.WaitsWhenDestroyed)
      return true;
    struct WaitFinder : RecursiveASTVisitor<WaitFinder> {
      ArrayRef<std::string> WaitedBy;
      bool Found = false;
      bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
        Found |= isMethodNamed(Call->getMethodDecl(), WaitedBy);
        return !Found;
      }
    } Waits;
    Waits.WaitedBy = Sink.WaitedBy;
    Waits.TraverseStmt(Function->getBody());
    return Waits.Found;
  }
  const ValueDecl *Target = nullptr;
  if (Var) {
    if (!Var->hasLocalStorage() || Var->getType()->isReferenceType())
      return false;
    Target = Var;
  } else if (const auto *Assign = dyn_cast_or_null<CXXOperatorCallExpr>(P);
             Assign && Assign->getOperator() == OO_Equal &&
             Assign->getNumArgs() == 2 && Assign->getArg(1) == Result) {
    Target = namedStorage(Assign->getArg(0));
    const auto *Local = dyn_cast_or_null<VarDecl>(Target);
    if (!Target || (Local && !Local->hasLocalStorage()))
      return false;
  } else {
    // A discarded temporary is destroyed at the end of its statement; a
    // returned one is the caller's.
    return P && !isa<Expr>(P) && !isa<ReturnStmt>(P) &&
           !isa<CoreturnStmt>(P) && Sink.WaitsWhenDestroyed;
  }
  struct Uses : RecursiveASTVisitor<Uses> {
    const ValueDecl *Target;
    ArrayRef<std::string> WaitedBy;
    llvm::SmallVector<const Stmt *, 4> Waits;
    unsigned MemberCalls = 0, References = 0;
    bool Detached = false;
    bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
      if (namedStorage(Call->getImplicitObjectArgument()) != Target)
        return true;
      ++MemberCalls;
      const CXXMethodDecl *Method = Call->getMethodDecl();
      Detached |= isMethodNamed(Method, {"detach"});
      if (isMethodNamed(Method, WaitedBy))
        Waits.push_back(Call);
      return true;
    }
    bool VisitDeclRefExpr(DeclRefExpr *Ref) {
      References += Ref->getDecl() == Target;
      return true;
    }
  } Finder;
  Finder.Target = Target;
  Finder.WaitedBy = Sink.WaitedBy;
  Finder.TraverseStmt(Function->getBody());
  if (Finder.Detached)
    return false;
  // A local result that is only called on (not moved out, returned or
  // handed on) is destroyed, and waits, before the function returns.
  if (Var && Sink.WaitsWhenDestroyed && Finder.References == Finder.MemberCalls)
    return true;
  return waitedOnEveryPath(Function, Call, Finder.Waits);
}

EscapeFinder::FunctionGraph *
EscapeFinder::graphOf(const FunctionDecl *Function) {
  FunctionGraph &G = Graphs[Function];
  if (!G.Graph) {
    CFG::BuildOptions Options;
    Options.setAllAlwaysAdd();
    G.Graph = CFG::buildCFG(Function, Function->getBody(), &Ctx, Options);
    if (!G.Graph)
      return nullptr;
    for (const CFGBlock *Block : *G.Graph) {
      unsigned Position = 0;
      for (const CFGElement &Element : *Block) {
        if (auto S = Element.getAs<CFGStmt>())
          G.Where.try_emplace(S->getStmt(), Block, Position);
        ++Position;
      }
    }
  }
  return &G;
}

std::pair<const CFGBlock *, unsigned>
EscapeFinder::locate(const FunctionGraph &G, const Stmt *S) const {
  for (; S; S = parentStmt(S))
    if (auto It = G.Where.find(S); It != G.Where.end())
      return It->second;
  return {nullptr, 0};
}

bool EscapeFinder::waitedOnEveryPath(const FunctionDecl *Function,
                                     const Stmt *Call,
                                     ArrayRef<const Stmt *> Waits) {
  FunctionGraph *G = Waits.empty() ? nullptr : graphOf(Function);
  if (!G)
    return false;
  auto [Start, StartPosition] = locate(*G, Call);
  if (!Start)
    return false;
  llvm::DenseSet<const CFGBlock *> Waiting;
  for (const Stmt *Wait : Waits) {
    auto [Block, Position] = locate(*G, Wait);
    if (Block == Start && Position > StartPosition)
      return true;
    Waiting.insert(Block);
  }
  // Every path from the sink to the exit passes a wait.
  llvm::SmallVector<const CFGBlock *, 16> Work(Start->succ_begin(),
                                               Start->succ_end());
  llvm::DenseSet<const CFGBlock *> Seen;
  while (!Work.empty()) {
    const CFGBlock *Block = Work.pop_back_val();
    if (!Block || Waiting.contains(Block) || !Seen.insert(Block).second)
      continue;
    if (Block == &G->Graph->getExit())
      return false;
    Work.append(Block->succ_begin(), Block->succ_end());
  }
  return true;
}

bool EscapeFinder::clearedBeforeLeaving(const BinaryOperator *Store) {
  const auto *Member =
      dyn_cast<MemberExpr>(Store->getLHS()->IgnoreParenImpCasts());
  // `cur_txn_ = txn.get();` stores what the smart pointer txn holds.
  auto StoredVariable = [](const Expr *Value) {
    Value = Value->IgnoreParenImpCasts();
    if (const auto *Get = dyn_cast<CXXMemberCallExpr>(Value);
        Get && isSmartPointerGet(Get))
      Value = Get->getImplicitObjectArgument();
    return rootVariable(Value);
  };
  const auto *Stored =
      dyn_cast_or_null<VarDecl>(StoredVariable(Store->getRHS()));
  const FunctionDecl *Function = enclosingFunction(Store);
  if (!Member || !Stored || !Function || !Function->getBody())
    return false;
  // The member assigned something else: `activeTxn_ = nullptr;`.
  llvm::SmallVector<const Stmt *, 2> Clears;
  forEachOutsideLambdas(Function->getBody(), [&](const Stmt *S) {
    if (const auto *Assign = dyn_cast<BinaryOperator>(S);
        Assign && Assign != Store && Assign->getOpcode() == BO_Assign)
      if (const auto *Cleared =
              dyn_cast<MemberExpr>(Assign->getLHS()->IgnoreParenImpCasts());
          Cleared && Cleared->getMemberDecl() == Member->getMemberDecl() &&
          isa<CXXThisExpr>(Cleared->getBase()->IgnoreParenImpCasts()) &&
          StoredVariable(Assign->getRHS()) != Stored)
        Clears.push_back(Assign);
  });
  if (!waitedOnEveryPath(Function, Store, Clears))
    return false;
  // An exception on the way leaves the address behind, unless a catch (...)
  // around the throwing statement clears it too.
  auto ClearedByHandler = [&](const Stmt *S) {
    for (const Stmt *P = Parents.enclosingStmt(S); P;
         P = Parents.enclosingStmt(P))
      if (const auto *Try = dyn_cast<CXXTryStmt>(P))
        for (unsigned I = 0, N = Try->getNumHandlers(); I != N; ++I)
          if (const CXXCatchStmt *Handler = Try->getHandler(I);
              !Handler->getExceptionDecl() &&
              llvm::any_of(Clears, [&](const Stmt *Clear) {
                for (const Stmt *A = Clear; A; A = parentStmt(A))
                  if (A == Handler)
                    return true;
                return false;
              }))
            return true;
    return false;
  };
  FunctionGraph *G = graphOf(Function);
  auto [Start, StartPosition] = locate(*G, Store);
  llvm::DenseSet<const CFGBlock *> Clearing;
  for (const Stmt *Clear : Clears)
    Clearing.insert(locate(*G, Clear).first);
  llvm::SmallVector<std::pair<const CFGBlock *, unsigned>, 16> Blocks{
      {Start, StartPosition + 1}};
  llvm::DenseSet<const CFGBlock *> Seen{Start};
  while (!Blocks.empty()) {
    auto [Block, From] = Blocks.pop_back_val();
    unsigned Position = 0;
    bool Cleared = false;
    for (const CFGElement &Element : *Block) {
      auto S = Element.getAs<CFGStmt>();
      if (Position++ < From || !S)
        continue;
      if (llvm::is_contained(Clears, S->getStmt())) {
        Cleared = true;
        break;
      }
      if (Cache.exceptions().mayThrow(S->getStmt()) &&
          !ClearedByHandler(S->getStmt()))
        return false;
    }
    if (Cleared)
      continue;
    for (const CFGBlock *Succ : Block->succs())
      if (Succ && Seen.insert(Succ).second)
        Blocks.push_back({Succ, 0});
  }
  return true;
}

ParameterUse EscapeFinder::useOfParameter(const FunctionDecl *Callee,
                                          unsigned Index, unsigned Depth) {
  const FunctionDecl *Definition = nullptr;
  // Library internals (std::function keeping its callable) are not stores
  // of ours; their async entry points are sinks instead.
  if (Depth > 2 || !Callee->hasBody(Definition) ||
      Index >= Definition->getNumParams() ||
      Ctx.getSourceManager().isInSystemHeader(Definition->getLocation()))
    return ParameterUse::Kept;
  if (auto Known = Cache.parameterUse(Definition, Index))
    return *Known;
  // Recursion stores nothing new.
  Cache.setParameterUse(Definition, Index, ParameterUse::Kept);
  index(Definition);
  const ParmVarDecl *Param = Definition->getParamDecl(Index);
  llvm::SmallVector<const DeclRefExpr *, 4> Refs;
  collectReferences(Param, Definition->getBody(), Refs);
  ParameterUse Use = ParameterUse::Kept;
  // A constructor's member initializers keep it in the object too, unless
  // the member is a copy of the object itself (a QSqlDatabase member
  // initialized from a QSqlDatabase parameter).
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Definition))
    for (const CXXCtorInitializer *Init : Ctor->inits())
      if (Init->isMemberInitializer() && Init->getInit() &&
          (Init->getMember()->getType()->isPointerType() ||
           !Ctx.hasSameUnqualifiedType(
               Init->getMember()->getType(),
               Param->getType().getNonReferenceType()))) {
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
  auto Note = [&](const std::optional<Escape> &E) {
    if (!E)
      return false;
    if (E->Returned) {
      if (Use == ParameterUse::Kept)
        Use = ParameterUse::Returned;
    } else if (!E->IntoThis)
      Use = ParameterUse::StoredElsewhere;
    else if (Use == ParameterUse::Kept || Use == ParameterUse::Returned)
      Use = ParameterUse::StoredInObject;
    return Use == ParameterUse::StoredElsewhere;
  };
  bool Stored = llvm::any_of(Refs, [&](const DeclRefExpr *Ref) {
    return Note(escapeOf(Ref, HoldsAddress, Depth + 1));
  });
  // A lambda that holds the caller's object (by reference, or a copy of a
  // pointer) keeps it where the lambda goes: a thread pool, a member.
  struct Lambdas : RecursiveASTVisitor<Lambdas> {
    llvm::SmallVector<const LambdaExpr *, 2> Found;
    bool VisitLambdaExpr(LambdaExpr *L) {
      Found.push_back(L);
      return true;
    }
  } Finder;
  if (!Stored)
    Finder.TraverseStmt(Definition->getBody());
  for (const LambdaExpr *Lambda : Finder.Found)
    for (const LambdaCapture &Capture : Lambda->captures())
      if (Capture.capturesVariable() && Capture.getCapturedVar() == Param &&
          (Capture.getCaptureKind() == LCK_ByRef || HoldsAddress) &&
          Note(lambdaEscape(Lambda, Depth + 1)))
        break;
  Cache.setParameterUse(Definition, Index, Use);
  return Use;
}

std::optional<Escape>
EscapeFinder::argumentEscape(const Stmt *Call, const Expr *Arg,
                             bool IsReference, unsigned Depth,
                             bool &CarriedByObject) {
  CarriedByObject = false;
  if (auto Sink = sinkOf(Call)) {
    std::string How = "it is passed to '" + Sink->second + "'";
    if (AffinityOnly)
      return Sink->first->OtherThread
                 ? std::optional<Escape>(Escape{How, false, true})
                 : std::nullopt;
    // The handle itself is copied into the work; a reference escapes
    // unless the function waits for the work.
    if (!IsReference || sinkWaited(Call, *Sink->first))
      return std::nullopt;
    return Escape{How};
  }
  // Work a callee starts on its own is not followed for thread affinity.
  if (AffinityOnly)
    return std::nullopt;
  // A container keeps what is inserted as long as it lives itself: a
  // pointer or a lambda; the handle itself is copied in (`m_nodes.push_back(
  // node)`).
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call))
    if (const CXXMethodDecl *Method = MC->getMethodDecl();
        Method && isContainerInsert(Method)) {
      if (!IsReference)
        return std::nullopt;
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
    case ParameterUse::Returned:
      // `auto g = finally([&] { ... })`: it is where the result goes.
      return escapeOf(cast<Expr>(Call), IsReference, Depth + 1);
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
  index(Function);
  llvm::SmallVector<const DeclRefExpr *, 4> Refs;
  collectReferences(Var, Function->getBody(), Refs);
  for (const DeclRefExpr *Use : Refs)
    if (auto E = escapeOf(Use, IsReference, Depth + 1); E && accepted(*E))
      return E;
  return std::nullopt;
}

std::optional<Escape> EscapeFinder::escapeOf(const Expr *E, bool IsReference,
                                             unsigned Depth) {
  if (Depth > 6)
    return std::nullopt;
  const Stmt *Child = E;
  for (const Stmt *P = parentStmt(E); P; Child = P, P = parentStmt(P)) {
    if (const auto *Cast = dyn_cast<ImplicitCastExpr>(P)) {
      // Reading the value of the handle itself copies it: no escape (but
      // a copied pointer still names the same connection).
      if (!IsReference && Cast->getCastKind() == CK_LValueToRValue &&
          !AffinityOnly)
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
        return Escape{"it is returned", false, false, /*Returned=*/true};
      return std::nullopt;
    }
    if (const auto *Assign = dyn_cast<BinaryOperator>(P)) {
      if (Assign->getOpcode() != BO_Assign || Assign->getRHS() != Child ||
          !IsReference)
        return std::nullopt;
      if (auto Where = storageOf(Assign->getLHS())) {
        // Published only while the function runs (a member set back before
        // every way out).
        if (Where->IntoThis && clearedBeforeLeaving(Assign))
          return std::nullopt;
        return Escape{"it is stored in " + Where->How, Where->IntoThis};
      }
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
    // A copy or move of the handle itself is a handle of its own (`return
    // t;` of a transaction object).
    if (const auto *Copy = dyn_cast<CXXConstructExpr>(P);
        Copy && !IsReference &&
        Copy->getConstructor()->isCopyOrMoveConstructor())
      return std::nullopt;
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

std::optional<EscapeFinder::Handle>
EscapeFinder::handleOf(const VarDecl *Var, const FunctionTxnResult *Analysis,
                       ArrayRef<const CallExpr *> Calls) {
  QualType T = Var->getType();
  if (T->isReferenceType())
    return std::nullopt;
  if (T->isPointerType()) {
    // A C API connection opened here (`sqlite3_open(path, &db)`); its
    // thread affinity depends on how it was opened.
    for (const CallExpr *Call : Calls) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      const ThreadAffineOpener *Opener =
          Callee ? Cache.classifier().model().findThreadAffineOpener(
                       modelNameOf(Callee))
                 : nullptr;
      if (!Opener || Opener->HandleArgument >= Call->getNumArgs())
        continue;
      const auto *Address = dyn_cast<UnaryOperator>(
          Call->getArg(Opener->HandleArgument)->IgnoreParenImpCasts());
      const auto *Ref = Address && Address->getOpcode() == UO_AddrOf
                            ? dyn_cast<DeclRefExpr>(
                                  Address->getSubExpr()->IgnoreParenImpCasts())
                            : nullptr;
      if (!Ref || Ref->getDecl() != Var)
        continue;
      // Flags held in a variable are not known: not taken as affine.
      bool FlagsKnown = llvm::none_of(Call->arguments(), [&](const Expr *Arg) {
        struct Finder : RecursiveASTVisitor<Finder> {
          bool Found = false;
          bool VisitDeclRefExpr(DeclRefExpr *R) {
            const auto *V = dyn_cast<VarDecl>(R->getDecl());
            Found |= V && V->getType()->isIntegerType();
            return true;
          }
        } Variables;
        Variables.TraverseStmt(const_cast<Expr *>(Arg));
        return Variables.Found;
      });
      StringRef Text = Lexer::getSourceText(
          CharSourceRange::getTokenRange(Call->getSourceRange()),
          Ctx.getSourceManager(), Ctx.getLangOpts());
      bool Affine = FlagsKnown && (Opener->UnlessFlag.empty() ||
                                   !Text.contains(Opener->UnlessFlag));
      return Handle{"connection", Affine};
    }
    return std::nullopt;
  }
  const TypeSpec *Spec = Cache.classifier().typeSpecOf(T);
  if (!Spec) {
    // A database wrapper of the user's (`Database db(path);`), bound to the
    // thread of a connection it holds by value.
    // Also one a smart pointer owns (`std::unique_ptr<DbTransaction> tx(new
    // DbTransaction(db))`).
    QualType Owned = T;
    bool Owner = isSmartPointer(T);
    if (const auto *Pointer = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
            T->getAsCXXRecordDecl());
        Owner && Pointer && Pointer->getTemplateArgs().size() > 0 &&
        Pointer->getTemplateArgs()[0].getKind() == TemplateArgument::Type)
      Owned = Pointer->getTemplateArgs()[0].getAsType();
    std::optional<TxnAnalysisCache::Wrapper> Wrapper =
        Cache.wrapperOf(Owned->getAsCXXRecordDecl());
    if (!Wrapper)
      return std::nullopt;
    return Handle{Wrapper->WrapperRole == Role::Transaction ? "transaction"
                                                            : "connection",
                  Wrapper->ThreadAffine, Owner};
  }
  Handle H{"", Spec->ThreadAffine, isSmartPointer(T)};
  switch (Spec->TypeRole) {
  case Role::Transaction:
    H.What = "transaction";
    break;
  case Role::Savepoint:
    H.What = "savepoint";
    break;
  case Role::Statement:
    H.What = "statement";
    break;
  case Role::Session:
    bool Begun = Analysis && llvm::any_of(Analysis->Events, [&](const TxnEvent &E) {
      return E.Op == Operation::Begin && E.HandleKey == varKey(Var);
    });
    H.What = Begun ? "session in a transaction" : "connection";
    break;
  }
  return H;
}

std::vector<HandleEscape>
EscapeFinder::run(const FunctionDecl *FD, const FunctionTxnResult *Analysis) {
  std::vector<HandleEscape> Escapes;
  index(FD);
  struct Locals : RecursiveASTVisitor<Locals> {
    llvm::SmallVector<const VarDecl *, 4> Vars;
    llvm::SmallVector<const LambdaExpr *, 2> Lambdas;
    llvm::SmallVector<const DeclRefExpr *, 8> Refs;
    llvm::SmallVector<const CallExpr *, 8> Calls;
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
    bool VisitCallExpr(CallExpr *Call) {
      Calls.push_back(Call);
      return true;
    }
  } Finder;
  Finder.TraverseStmt(FD->getBody());
  llvm::DenseMap<const VarDecl *, Handle> Handles;
  for (const VarDecl *Var : Finder.Vars)
    if (auto H = handleOf(Var, Analysis, Finder.Calls))
      Handles[Var] = *H;
  if (Handles.empty())
    return Escapes;

  auto Report = [&](const VarDecl *Var, const Stmt *Where, std::string How,
                    bool OnOtherThread) {
    // The escape of a reference says more than the thread it runs on.
    if (OnOtherThread && llvm::any_of(Escapes, [&](const HandleEscape &E) {
          return E.Handle == Var && E.Where == Where;
        }))
      return;
    Escapes.push_back({Var, Handles[Var].What, Where, std::move(How),
                       OnOtherThread});
  };
  for (bool Affinity : {false, true}) {
    AffinityOnly = Affinity;
    for (const DeclRefExpr *Ref : Finder.Refs) {
      const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
      auto It = Var ? Handles.find(Var) : Handles.end();
      if (It == Handles.end() || (Affinity && !It->second.ThreadAffine))
        continue;
      // The raw pointer or the object an owner hands out (`txn.get()`,
      // `*txn`) is a reference to what it owns.
      const Expr *Start = Ref;
      bool IsReference = false;
      if (It->second.Owner) {
        const Stmt *P = parentStmt(Ref);
        while (isa_and_nonnull<ImplicitCastExpr>(P) || isa_and_nonnull<ParenExpr>(P))
          P = parentStmt(P);
        if (const auto *Member = dyn_cast_or_null<MemberExpr>(P);
            Member && Member->getMemberDecl()->getDeclName().isIdentifier() &&
            Member->getMemberDecl()->getName() == "get") {
          Start = dyn_cast_or_null<CXXMemberCallExpr>(parentStmt(Member));
          IsReference = true;
        } else if (const auto *Deref = dyn_cast_or_null<CXXOperatorCallExpr>(P);
                   Deref && Deref->getOperator() == OO_Star) {
          Start = Deref;
        }
      }
      if (!Start)
        continue;
      if (auto E = escapeOf(Start, IsReference, 0); E && accepted(*E))
        Report(Var, Ref, E->How, Affinity);
    }
    for (const LambdaExpr *Lambda : Finder.Lambdas)
      for (const LambdaCapture &Capture : Lambda->captures()) {
        if (!Capture.capturesVariable())
          continue;
        const auto *Var = dyn_cast<VarDecl>(Capture.getCapturedVar());
        auto It = Var ? Handles.find(Var) : Handles.end();
        if (It == Handles.end() ||
            (Affinity ? !It->second.ThreadAffine
                      : Capture.getCaptureKind() != LCK_ByRef))
          continue;
        if (auto E = lambdaEscape(Lambda, 0); E && accepted(*E))
          Report(Var, Lambda,
                 (Affinity ? "a lambda capturing it "
                           : "a lambda capturing it by reference ") +
                     StringRef(E->How).drop_front(strlen("it ")).str(),
                 Affinity);
      }
  }
  return Escapes;
}

} // namespace

std::vector<HandleEscape> findEscapes(const FunctionDecl *FD,
                                      const FunctionTxnResult *Analysis,
                                      TxnAnalysisCache &Cache,
                                      ArrayRef<const AsyncSink *> AsyncSinks) {
  return EscapeFinder(Cache, AsyncSinks).run(FD, Analysis);
}

} // namespace txnlint
