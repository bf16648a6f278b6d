//===--- TxnStateAnalysis.cpp ---------------------------------------------===//

#include "TxnStateAnalysis.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/Analyses/PostOrderCFGView.h"
#include "clang/Analysis/CFG.h"
#include "clang/Analysis/FlowSensitive/DataflowWorklist.h"
#include "llvm/ADT/BitVector.h"

using namespace clang;

namespace txnlint {
namespace {

bool endsTransaction(Operation Op) {
  return Op == Operation::Commit || Op == Operation::Rollback ||
         Op == Operation::Close;
}

/// The variable an expression's handle is stored in, through member chains.
const ValueDecl *rootVariable(const Expr *E) {
  while (E) {
    E = E->IgnoreParenImpCasts()->IgnoreImplicit();
    if (const auto *UO = dyn_cast<UnaryOperator>(E))
      E = UO->getSubExpr();
    else if (const auto *ME = dyn_cast<MemberExpr>(E))
      E = ME->getBase();
    else if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      return DRE->getDecl();
    else
      return nullptr;
  }
  return nullptr;
}

bool isGlobal(const ValueDecl *D) {
  const auto *VD = dyn_cast_or_null<VarDecl>(D);
  return VD && VD->hasGlobalStorage();
}

/// The expressions a call hands to its callee: arguments and the object.
llvm::SmallVector<const Expr *, 4> operandsOf(const Stmt *S) {
  llvm::SmallVector<const Expr *, 4> Operands;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S))
    Operands.push_back(MC->getImplicitObjectArgument());
  if (const auto *Call = dyn_cast<CallExpr>(S))
    Operands.append(Call->arg_begin(), Call->arg_end());
  else if (const auto *Construct = dyn_cast<CXXConstructExpr>(S))
    Operands.append(Construct->arg_begin(), Construct->arg_end());
  return Operands;
}

const FunctionDecl *calleeOf(const Stmt *S) {
  if (const auto *Call = dyn_cast<CallExpr>(S))
    return Call->getDirectCallee();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(S))
    return Construct->getConstructor();
  return nullptr;
}

/// One step of a block's transfer function, in execution order.
struct Action {
  enum Kind {
    /// Events[EventId] happens.
    Event,
    /// A callee that may end transactions receives Keys (and can reach
    /// global handles).
    HandOff,
    /// Site may throw: the state so far flows to the handler or out.
    SideExit,
  } K;
  explicit Action(Kind K) : K(K) {}
  unsigned EventId = 0;
  llvm::SmallVector<std::string, 2> Keys;
  const Stmt *Site = nullptr;
};

/// A `try` statement and the CFG block that dispatches to its handlers.
struct TryInfo {
  const CXXTryStmt *Try = nullptr;
  const CXXTryStmt *Parent = nullptr;
  const CFGBlock *Dispatch = nullptr;
  /// The first statement whose exception gets past all handlers, if any.
  const Stmt *FirstEscape = nullptr;
};

/// Whether a block's branch tests the result of a begin.
struct BeginTest {
  unsigned Begin;
  /// The successor taken when the begin failed (0 = true branch).
  unsigned FailureSucc;
};

class FunctionAnalyzer {
public:
  FunctionAnalyzer(const FunctionDecl *FD, TxnAnalysisCache &Cache,
                   ExceptionFlow &Exceptions, const AnalysisBudget &Budget)
      : FD(FD), Cache(Cache), Ctx(Cache.context()),
        Classifier(Cache.classifier()), Exceptions(Exceptions),
        Budget(Budget) {}

  std::unique_ptr<FunctionTxnResult> run();

private:
  void mapTryStatements(const Stmt *S, const CXXTryStmt *Enclosing);
  void collectActions();
  void collectElement(const CFGElement &Elem, std::vector<Action> &Actions);
  void noteThrowSite(const Stmt *Site, const ExceptionInfo &Info);
  void bindResult(const ValueDecl *Var, const Expr *Value);
  void resolveStatements(llvm::SmallVectorImpl<TxnEvent> &Events);
  std::optional<unsigned> beginOf(const Expr *E) const;
  std::optional<BeginTest> testedBegin(const Expr *Cond) const;
  /// For `status(result) == K`: the begin whose result is read, and whether
  /// K means success.
  std::optional<std::pair<unsigned, bool>>
  testedResultStatus(const Expr *Tested, const Expr *Constant) const;
  void apply(llvm::BitVector &State, const Action &A);
  llvm::BitVector edgeState(const llvm::BitVector &Out, const CFGBlock &B,
                            unsigned SuccIndex) const;
  bool edgeIsLive(const CFGBlock &B, const CFGBlock &Succ) const;
  void joinInto(const CFGBlock *B, const llvm::BitVector &State);
  bool solve();
  void collectExits();
  void recordExit(const llvm::BitVector &State, ExitPoint Exit);
  bool isReportable(unsigned Begin) const;

  const FunctionDecl *FD;
  TxnAnalysisCache &Cache;
  ASTContext &Ctx;
  TxnEventClassifier &Classifier;
  ExceptionFlow &Exceptions;
  const AnalysisBudget &Budget;

  std::unique_ptr<CFG> Cfg;
  std::unique_ptr<FunctionTxnResult> Result;
  std::vector<std::vector<Action>> BlockActions;
  std::vector<std::optional<BeginTest>> BlockTests;
  /// The events of each call, and the first begin among them.
  llvm::DenseMap<const Stmt *, llvm::SmallVector<unsigned, 1>> SiteEvents;
  llvm::DenseMap<const Stmt *, unsigned> SiteBegin;
  /// Prepared statements: their connection and what their SQL does.
  struct PreparedStatement {
    std::string ConnectionKey;
    const Expr *Connection = nullptr;
    std::vector<SqlEffect> Effects;
    bool SqlKnown = false;
  };
  llvm::StringMap<PreparedStatement> Statements;
  llvm::DenseMap<const ValueDecl *, unsigned> ResultVariables;
  llvm::DenseMap<const Stmt *, const CXXTryStmt *> EnclosingTry;
  llvm::DenseMap<const CXXTryStmt *, TryInfo> Tries;
  llvm::DenseMap<const CFGBlock *, const CXXTryStmt *> DispatchTry;
  /// Begins handed back to the caller (`return db.transaction();`).
  llvm::SmallPtrSet<const Stmt *, 2> ReturnedSites;

  std::vector<llvm::BitVector> In, Out;
  std::vector<bool> Reached;
  std::unique_ptr<PostOrderCFGView> PostOrder;
  std::unique_ptr<ForwardDataflowWorklist> Worklist;
  llvm::DenseMap<const Stmt *, llvm::BitVector> ExceptionalExits;
  llvm::DenseMap<unsigned, unsigned> LeftOpenIndex;
};

void FunctionAnalyzer::mapTryStatements(const Stmt *S,
                                        const CXXTryStmt *Enclosing) {
  if (!S || isa<LambdaExpr>(S))
    return;
  if (const auto *Try = dyn_cast<CXXTryStmt>(S)) {
    Tries[Try] = TryInfo{Try, Enclosing, nullptr, nullptr};
    mapTryStatements(Try->getTryBlock(), Try);
    for (unsigned I = 0, N = Try->getNumHandlers(); I != N; ++I)
      mapTryStatements(Try->getHandler(I)->getHandlerBlock(), Enclosing);
    return;
  }
  if (Enclosing)
    EnclosingTry[S] = Enclosing;
  for (const Stmt *Child : S->children())
    mapTryStatements(Child, Enclosing);
}

/// The call whose result \p E holds, through conversions and a smart
/// pointer's construction (`std::unique_ptr<Transaction> t(db->Begin...)`).
const Expr *resultSource(const Expr *E) {
  E = E->IgnoreParenImpCasts()->IgnoreImplicit();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E);
      Construct && Construct->getNumArgs() >= 1)
    E = Construct->getArg(0)->IgnoreParenImpCasts()->IgnoreImplicit();
  return E;
}

std::optional<unsigned> FunctionAnalyzer::beginOf(const Expr *E) const {
  E = resultSource(E);
  if (auto It = SiteBegin.find(E); It != SiteBegin.end())
    return It->second;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (auto It = ResultVariables.find(DRE->getDecl());
        It != ResultVariables.end())
      return It->second;
  return std::nullopt;
}

std::optional<BeginTest> FunctionAnalyzer::testedBegin(const Expr *Cond) const {
  bool TrueMeansSuccess = true;
  while (true) {
    Cond = Cond->IgnoreParenImpCasts()->IgnoreImplicit();
    const auto *Not = dyn_cast<UnaryOperator>(Cond);
    if (!Not || Not->getOpcode() != UO_LNot)
      break;
    TrueMeansSuccess = !TrueMeansSuccess;
    Cond = Not->getSubExpr();
  }
  auto Test = [&](unsigned Begin, bool TrueIsSuccess) {
    return BeginTest{Begin, TrueIsSuccess == TrueMeansSuccess ? 1u : 0u};
  };

  // `X == K` / `X != K`: against 0 or null for status codes, booleans and
  // pointers; against a success enumerator for result statuses.
  if (const auto *BO = dyn_cast<BinaryOperator>(Cond);
      BO && BO->isEqualityOp()) {
    bool IsNE = BO->getOpcode() == BO_NE;
    for (auto [Tested, Constant] : {std::pair{BO->getLHS(), BO->getRHS()},
                                    std::pair{BO->getRHS(), BO->getLHS()}}) {
      if (auto Status = testedResultStatus(Tested, Constant))
        return Test(Status->first, Status->second != IsNE);
      std::optional<unsigned> Begin = beginOf(Tested);
      if (!Begin)
        continue;
      bool IsZero;
      Expr::EvalResult Value;
      if (Constant->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
        IsZero = true;
      else if (Constant->EvaluateAsInt(Value, Ctx))
        IsZero = Value.Val.getInt().isZero();
      else
        return std::nullopt;
      FailureReport Failure = Result->Events[*Begin].Failure;
      if (Failure == FailureReport::ReturnsZero && IsZero)
        return Test(*Begin, !IsNE); // rc == 0 is success
      if (Failure == FailureReport::ReturnsBool)
        return Test(*Begin, IsZero == IsNE); // ok != false, txn != nullptr
      return std::nullopt; // e.g. rc == SQLITE_BUSY says nothing of success
    }
    return std::nullopt;
  }

  // `status.ok()` on a returned status object.
  if (const auto *OkCall = dyn_cast<CXXMemberCallExpr>(Cond))
    if (const CXXMethodDecl *Method = OkCall->getMethodDecl();
        Method && Method->getDeclName().isIdentifier() &&
        Method->getName() == "ok")
      if (auto Begin = beginOf(OkCall->getImplicitObjectArgument());
          Begin && Result->Events[*Begin].Failure == FailureReport::ReturnsStatus)
        return Test(*Begin, true);

  std::optional<unsigned> Begin = beginOf(Cond);
  if (!Begin)
    return std::nullopt;
  switch (Result->Events[*Begin].Failure) {
  case FailureReport::ReturnsBool:
    return Test(*Begin, true);
  case FailureReport::ReturnsZero: // a non-zero status is truthy: failure
    return Test(*Begin, false);
  default:
    return std::nullopt;
  }
}

std::optional<std::pair<unsigned, bool>>
FunctionAnalyzer::testedResultStatus(const Expr *Tested,
                                     const Expr *Constant) const {
  // PQresultStatus(res) == PGRES_COMMAND_OK
  const auto *Call = dyn_cast<CallExpr>(Tested->IgnoreParenImpCasts());
  const auto *Enumerator = dyn_cast<DeclRefExpr>(Constant->IgnoreParenImpCasts());
  if (!Call || !Enumerator || Call->getNumArgs() < 1 ||
      !isa<EnumConstantDecl>(Enumerator->getDecl()) || !Call->getDirectCallee())
    return std::nullopt;
  const OperationSpec *Spec = Classifier.specOf(Call->getDirectCallee());
  if (!Spec || Spec->Op != Operation::ResultStatus)
    return std::nullopt;
  std::optional<unsigned> Begin = beginOf(Call->getArg(0));
  if (!Begin || Result->Events[*Begin].Failure != FailureReport::ReturnsResult)
    return std::nullopt;
  return std::pair{*Begin, llvm::is_contained(Spec->SuccessValues,
                                              Enumerator->getDecl()->getName())};
}

void FunctionAnalyzer::noteThrowSite(const Stmt *Site,
                                     const ExceptionInfo &Info) {
  // Walk out through the enclosing tries while the exception gets past
  // their handlers; remember the first escaping site of each.
  auto It = EnclosingTry.find(Site);
  for (const CXXTryStmt *Try = It == EnclosingTry.end() ? nullptr : It->second;
       Try; Try = Tries[Try].Parent) {
    if (!Exceptions.escapes(Info, Try, Ctx))
      return;
    if (!Tries[Try].FirstEscape)
      Tries[Try].FirstEscape = Site;
  }
}

void FunctionAnalyzer::collectElement(const CFGElement &Elem,
                                      std::vector<Action> &Actions) {
  auto AddEvent = [&](TxnEvent E) {
    unsigned Id = Result->Events.size();
    SiteEvents[E.Site].push_back(Id);
    if (E.Op == Operation::Begin)
      SiteBegin.try_emplace(E.Site, Id);
    Result->Events.push_back(std::move(E));
    Action A(Action::Event);
    A.EventId = Id;
    Actions.push_back(std::move(A));
  };

  if (auto Dtor = Elem.getAs<CFGAutomaticObjDtor>()) {
    if (auto E = Classifier.classifyDestructor(Dtor->getVarDecl(),
                                               Dtor->getTriggerStmt()))
      AddEvent(std::move(*E));
    return;
  }
  auto CS = Elem.getAs<CFGStmt>();
  if (!CS)
    return;
  const Stmt *S = CS->getStmt();

  if (const auto *Throw = dyn_cast<CXXThrowExpr>(S)) {
    if (auto Info = Exceptions.mayThrow(Throw))
      noteThrowSite(Throw, *Info);
    return;
  }
  if (const auto *Ret = dyn_cast<ReturnStmt>(S)) {
    if (const Expr *Value = Ret->getRetValue())
      ReturnedSites.insert(Value->IgnoreParenImpCasts()->IgnoreImplicit());
    return;
  }
  // Variables that receive a call's result: a returned handle, or the
  // status a branch will test.
  if (const auto *DS = dyn_cast<DeclStmt>(S); DS && DS->isSingleDecl())
    if (const auto *Var = dyn_cast<VarDecl>(DS->getSingleDecl()))
      if (const Expr *Init = Var->getInit())
        bindResult(Var, Init);
  if (const auto *Assign = dyn_cast<BinaryOperator>(S);
      Assign && Assign->getOpcode() == BO_Assign)
    if (const auto *LHS = dyn_cast<DeclRefExpr>(
            Assign->getLHS()->IgnoreParenImpCasts()))
      bindResult(LHS->getDecl(), Assign->getRHS());

  if (!isa<CallExpr>(S) && !isa<CXXConstructExpr>(S) && !isa<DeclStmt>(S) &&
      !isa<CXXDeleteExpr>(S))
    return;

  // An exception from the call leaves before the call's own effect.
  if (isa<CallExpr>(S) || isa<CXXConstructExpr>(S))
    if (auto Info = Exceptions.mayThrow(S)) {
      noteThrowSite(S, *Info);
      Action A(Action::SideExit);
      A.Site = S;
      Actions.push_back(std::move(A));
    }

  auto Events = Classifier.classify(S, Ctx);
  if (!Events.empty()) {
    resolveStatements(Events);
    for (TxnEvent &E : Events)
      AddEvent(std::move(E));
    return;
  }
  if (isa<DeclStmt>(S) || isa<CXXDeleteExpr>(S))
    return;
  const FunctionDecl *Callee = calleeOf(S);
  // An unmodelled method of a modelled type (db.lastError()) is neutral.
  if (const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Callee);
      Method && Classifier.typeSpecOf(Ctx.getRecordType(Method->getParent())))
    return;
  if (Callee && !Cache.mayEndTransaction(Callee))
    return;
  Action A(Action::HandOff);
  for (const Expr *Operand : operandsOf(S)) {
    std::string Key = handleKeyOf(Operand);
    if (!Key.empty())
      A.Keys.push_back(std::move(Key));
  }
  Actions.push_back(std::move(A));
}

void FunctionAnalyzer::bindResult(const ValueDecl *Var, const Expr *Value) {
  auto It = SiteEvents.find(resultSource(Value));
  if (It == SiteEvents.end())
    return;
  for (unsigned Id : It->second) {
    TxnEvent &E = Result->Events[Id];
    if (E.HandleKey.empty() && E.Handle == It->first) {
      E.HandleKey = varKey(Var);
      E.BoundVariable = Var;
      E.Scoped = Classifier.ownsTransaction(Var->getType());
    }
  }
  if (auto Begin = SiteBegin.find(It->first); Begin != SiteBegin.end())
    ResultVariables[Var] = Begin->second;
}

void FunctionAnalyzer::resolveStatements(llvm::SmallVectorImpl<TxnEvent> &Events) {
  llvm::SmallVector<TxnEvent, 1> Resolved;
  for (TxnEvent &E : Events) {
    if (E.Op == Operation::PrepareSql && E.StatementKey.empty()) {
      Resolved.push_back(std::move(E));
      continue;
    }
    if (E.Op == Operation::PrepareSql) {
      PreparedStatement &Stmt = Statements[E.StatementKey];
      if (!E.HandleKey.empty() && E.HandleKey != E.StatementKey) {
        Stmt.ConnectionKey = E.HandleKey;
        Stmt.Connection = E.Handle;
      }
      if (E.PreparedSqlKnown) {
        Stmt.Effects = E.PreparedEffects;
        Stmt.SqlKnown = true;
      }
      Resolved.push_back(std::move(E));
      continue;
    }
    auto It = E.HandleKey.empty() ? Statements.end()
                                  : Statements.find(E.HandleKey);
    const PreparedStatement *Stmt = It == Statements.end() ? nullptr : &It->second;
    // Work on a statement is work on its connection.
    auto OnConnection = [&](TxnEvent Event) {
      if (Stmt && !Stmt->ConnectionKey.empty()) {
        Event.HandleKey = Stmt->ConnectionKey;
        Event.Handle = Stmt->Connection;
      }
      return Event;
    };
    if (E.Op != Operation::ExecutePrepared) {
      Resolved.push_back(OnConnection(std::move(E)));
      continue;
    }
    if (!Stmt || !Stmt->SqlKnown) {
      E.Op = Operation::Write; // unknown SQL: most likely data manipulation
      Resolved.push_back(OnConnection(std::move(E)));
      continue;
    }
    for (const SqlEffect &Effect : Stmt->Effects) {
      TxnEvent Run = OnConnection(E);
      Run.Op = Effect.Op;
      Run.SavepointName = Effect.SavepointName;
      Resolved.push_back(std::move(Run));
    }
  }
  Events = std::move(Resolved);
}

void FunctionAnalyzer::collectActions() {
  BlockActions.resize(Cfg->getNumBlockIDs());
  BlockTests.resize(Cfg->getNumBlockIDs());
  // Every block, including handlers that no CFG edge reaches: exceptions
  // from calls reach them through side exits.
  for (const CFGBlock *B : *Cfg) {
    for (const CFGElement &Elem : *B)
      collectElement(Elem, BlockActions[B->getBlockID()]);
    if (const auto *Try = dyn_cast_or_null<CXXTryStmt>(B->getTerminatorStmt())) {
      Tries[Try].Dispatch = B;
      DispatchTry[B] = Try;
    }
  }
  for (const CFGBlock *B : *Cfg)
    if (const auto *Cond = dyn_cast_or_null<Expr>(B->getTerminatorCondition()))
      BlockTests[B->getBlockID()] = testedBegin(Cond);
}

void FunctionAnalyzer::apply(llvm::BitVector &State, const Action &A) {
  const std::vector<TxnEvent> &Events = Result->Events;
  switch (A.K) {
  case Action::Event: {
    const TxnEvent &E = Events[A.EventId];
    if (E.Op == Operation::Begin) {
      State.set(A.EventId);
    } else if (endsTransaction(E.Op)) {
      // End the begins on this handle; an end on a handle we cannot match
      // (another spelling of the same connection) ends them all.
      bool Matched = false;
      for (unsigned B : State.set_bits())
        if (Events[B].HandleKey == E.HandleKey && !E.HandleKey.empty()) {
          State.reset(B);
          Matched = true;
        }
      if (!Matched)
        State.reset();
    }
    return;
  }
  case Action::HandOff:
    for (unsigned B : State.set_bits()) {
      const TxnEvent &Begin = Events[B];
      bool Reached = isGlobal(rootVariable(Begin.Handle));
      for (const std::string &Key : A.Keys)
        Reached |= !Begin.HandleKey.empty() &&
                   (Begin.HandleKey == Key ||
                    StringRef(Begin.HandleKey).contains("(" + Key + ")"));
      if (Reached)
        State.reset(B);
    }
    return;
  case Action::SideExit: {
    auto It = EnclosingTry.find(A.Site);
    if (It != EnclosingTry.end())
      joinInto(Tries[It->second].Dispatch, State);
    else
      ExceptionalExits[A.Site] |= State;
    return;
  }
  }
}

void FunctionAnalyzer::joinInto(const CFGBlock *B, const llvm::BitVector &State) {
  if (!B)
    return;
  unsigned Id = B->getBlockID();
  llvm::BitVector Old = In[Id];
  In[Id] |= State;
  if (!Reached[Id] || In[Id] != Old) {
    Reached[Id] = true;
    Worklist->enqueueBlock(B);
  }
}

llvm::BitVector FunctionAnalyzer::edgeState(const llvm::BitVector &Out,
                                            const CFGBlock &B,
                                            unsigned SuccIndex) const {
  const std::optional<BeginTest> &Test = BlockTests[B.getBlockID()];
  if (!Test || Test->FailureSucc != SuccIndex)
    return Out;
  // The begin failed on this edge: it opened nothing.
  llvm::BitVector State = Out;
  State.reset(Test->Begin);
  return State;
}

bool FunctionAnalyzer::edgeIsLive(const CFGBlock &B, const CFGBlock &Succ) const {
  // From a try's dispatch, the edge that bypasses every handler is taken
  // only if some exception in the try body is not caught by them.
  auto It = DispatchTry.find(&B);
  if (It == DispatchTry.end() || isa_and_nonnull<CXXCatchStmt>(Succ.getLabel()))
    return true;
  return Tries.lookup(It->second).FirstEscape != nullptr;
}

bool FunctionAnalyzer::solve() {
  unsigned NumBlocks = Cfg->getNumBlockIDs();
  unsigned NumEvents = Result->Events.size();
  In.assign(NumBlocks, llvm::BitVector(NumEvents));
  Out.assign(NumBlocks, llvm::BitVector(NumEvents));
  Reached.assign(NumBlocks, false);
  const CFGBlock &Entry = Cfg->getEntry();
  Reached[Entry.getBlockID()] = true;
  Worklist->enqueueBlock(&Entry);

  unsigned MaxVisits = Budget.VisitsPerBlock * NumBlocks + 64;
  unsigned Visits = 0;
  while (const CFGBlock *B = Worklist->dequeue()) {
    if (++Visits > MaxVisits)
      return false;
    llvm::BitVector State = In[B->getBlockID()];
    for (const Action &A : BlockActions[B->getBlockID()])
      apply(State, A);
    Out[B->getBlockID()] = State;
    unsigned Index = 0;
    for (const CFGBlock::AdjacentBlock &Succ : B->succs()) {
      const CFGBlock *S = Succ.getReachableBlock();
      if (S && S != &Cfg->getExit() && edgeIsLive(*B, *S))
        joinInto(S, edgeState(State, *B, Index));
      ++Index;
    }
  }
  return true;
}

void FunctionAnalyzer::recordExit(const llvm::BitVector &State, ExitPoint Exit) {
  for (unsigned B : State.set_bits()) {
    if (Result->Events[B].Op != Operation::Begin || !isReportable(B))
      continue;
    auto [It, Inserted] =
        LeftOpenIndex.try_emplace(B, Result->LeftOpen.size());
    if (Inserted)
      Result->LeftOpen.push_back({B, {}});
    std::vector<ExitPoint> &Exits = Result->LeftOpen[It->second].Exits;
    if (llvm::none_of(Exits, [&](const ExitPoint &E) { return E.Loc == Exit.Loc; }))
      Exits.push_back(Exit);
  }
}

bool FunctionAnalyzer::isReportable(unsigned Begin) const {
  const std::vector<TxnEvent> &Events = Result->Events;
  const TxnEvent &E = Events[Begin];
  if (E.Scoped || ReturnedSites.contains(E.Site))
    return false;
  // A function that never ends the transaction on any path began it for its
  // caller (a begin() wrapper): that is a hand-off, not a leak.
  for (const TxnEvent &Other : Events) {
    if (!endsTransaction(Other.Op))
      continue;
    if (Other.HandleKey == E.HandleKey ||
        llvm::none_of(Events, [&](const TxnEvent &B) {
          return B.Op == Operation::Begin && B.HandleKey == Other.HandleKey;
        }))
      return true;
  }
  return false;
}

void FunctionAnalyzer::collectExits() {
  const SourceManager &SM = Ctx.getSourceManager();
  const CFGBlock &Exit = Cfg->getExit();
  SourceLocation EndOfBody = FD->getBody()->getEndLoc();
  for (const CFGBlock *P : Exit.preds()) {
    if (!P || !Reached[P->getBlockID()] || P->hasNoReturnElement())
      continue;
    unsigned Index = 0;
    for (const CFGBlock::AdjacentBlock &Succ : P->succs()) {
      if (Succ.getReachableBlock() == &Exit && edgeIsLive(*P, Exit)) {
        ExitPoint Point{ExitPoint::EndOfFunction, EndOfBody};
        if (auto It = DispatchTry.find(P); It != DispatchTry.end()) {
          Point = {ExitPoint::Exception,
                   Tries[It->second].FirstEscape->getBeginLoc()};
        } else {
          for (const CFGElement &Elem : llvm::reverse(*P))
            if (auto CS = Elem.getAs<CFGStmt>()) {
              if (isa<ReturnStmt>(CS->getStmt())) {
                Point = {ExitPoint::Return, CS->getStmt()->getBeginLoc()};
                break;
              }
              if (isa<CXXThrowExpr>(CS->getStmt())) {
                Point = {ExitPoint::Exception, CS->getStmt()->getBeginLoc()};
                break;
              }
            }
        }
        recordExit(edgeState(Out[P->getBlockID()], *P, Index), Point);
      }
      ++Index;
    }
  }
  for (const auto &[Site, State] : ExceptionalExits)
    recordExit(State, {ExitPoint::Exception, Site->getBeginLoc()});

  auto Before = [&](const ExitPoint &A, const ExitPoint &B) {
    return SM.isBeforeInTranslationUnit(A.Loc, B.Loc);
  };
  for (LeftOpenTransaction &L : Result->LeftOpen)
    llvm::sort(L.Exits, Before);
  llvm::sort(Result->LeftOpen,
             [&](const LeftOpenTransaction &A, const LeftOpenTransaction &B) {
               return A.Begin < B.Begin;
             });
}

std::unique_ptr<FunctionTxnResult> FunctionAnalyzer::run() {
  Result = std::make_unique<FunctionTxnResult>();
  Result->Function = FD;
  CFG::BuildOptions Options;
  Options.AddImplicitDtors = true;
  Options.AddInitializers = true;
  Cfg = CFG::buildCFG(FD, FD->getBody(), &Ctx, Options);
  if (!Cfg)
    return nullptr;
  Result->CfgBlocks = Cfg->getNumBlockIDs();
  if (Result->CfgBlocks > Budget.MaxBlocks) {
    Result->BudgetExceeded = true;
    return std::move(Result);
  }
  PostOrder = std::make_unique<PostOrderCFGView>(Cfg.get());
  Worklist = std::make_unique<ForwardDataflowWorklist>(*Cfg, PostOrder.get());
  mapTryStatements(FD->getBody(), nullptr);
  collectActions();
  if (Result->Events.empty())
    return std::move(Result);
  if (!solve()) {
    Result->BudgetExceeded = true;
    Result->LeftOpen.clear();
    return std::move(Result);
  }
  collectExits();
  return std::move(Result);
}

/// Finds out cheaply whether a function body has any modelled call, so that
/// the CFG is only built for functions that touch transactions.
class ModelledCallFinder : public RecursiveASTVisitor<ModelledCallFinder> {
public:
  explicit ModelledCallFinder(TxnEventClassifier &Classifier)
      : Classifier(Classifier) {}
  bool Found = false;

  bool TraverseLambdaExpr(LambdaExpr *) { return true; } // analyzed on its own
  bool VisitCallExpr(CallExpr *Call) {
    if (const FunctionDecl *Callee = Call->getDirectCallee())
      Found |= Classifier.specOf(Callee) != nullptr;
    return !Found;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
    Found |= Classifier.specOf(Construct->getConstructor()) != nullptr;
    return !Found;
  }
  bool VisitCXXDeleteExpr(CXXDeleteExpr *Delete) {
    Found |= Classifier.typeSpecOf(Delete->getArgument()->getType()) != nullptr;
    return !Found;
  }

private:
  TxnEventClassifier &Classifier;
};

thread_local std::unique_ptr<TxnAnalysisCache> CurrentCache;

} // namespace

TxnAnalysisCache::TxnAnalysisCache(ASTContext &Ctx,
                                   const TransactionModel &Model)
    : Ctx(Ctx), Classifier(Model), Exceptions(Classifier) {}

TxnAnalysisCache &TxnAnalysisCache::get(ASTContext &Ctx,
                                        const TransactionModel &Model) {
  if (!CurrentCache || &CurrentCache->Ctx != &Ctx ||
      &CurrentCache->Classifier.model() != &Model)
    CurrentCache.reset(new TxnAnalysisCache(Ctx, Model));
  return *CurrentCache;
}

void TxnAnalysisCache::startTranslationUnit() { CurrentCache.reset(); }

FunctionTxnResult *TxnAnalysisCache::analyze(const FunctionDecl *FD) {
  auto [It, Inserted] = Results.try_emplace(FD, nullptr);
  if (!Inserted)
    return It->second.get();
  if (!FD->hasBody() || FD->isDependentContext())
    return nullptr;
  ModelledCallFinder Finder(Classifier);
  Finder.TraverseStmt(FD->getBody());
  if (!Finder.Found)
    return nullptr;
  auto Result = FunctionAnalyzer(FD, *this, Exceptions, Budget).run();
  // The map may have grown meanwhile (callee summaries): look up again.
  return (Results[FD] = std::move(Result)).get();
}

bool TxnAnalysisCache::mayEndTransaction(const FunctionDecl *Callee) {
  return mayEndTransaction(Callee, 0);
}

bool TxnAnalysisCache::mayEndTransaction(const FunctionDecl *Callee,
                                         unsigned Depth) {
  Callee = Callee->getCanonicalDecl();
  if (auto It = EndsTransaction.find(Callee); It != EndsTransaction.end())
    return It->second;
  const FunctionDecl *Definition = nullptr;
  if (!Callee->hasBody(Definition))
    // Library functions do not commit transactions they do not model; user
    // code defined elsewhere might.
    return !Ctx.getSourceManager().isInSystemHeader(Callee->getLocation());
  if (Depth > 4)
    return true;

  EndsTransaction[Callee] = false; // recursion ends nothing new
  struct EndFinder : RecursiveASTVisitor<EndFinder> {
    TxnAnalysisCache &Cache;
    unsigned Depth;
    bool Found = false;
    EndFinder(TxnAnalysisCache &Cache, unsigned Depth)
        : Cache(Cache), Depth(Depth) {}
    bool visitCall(const Stmt *S, const FunctionDecl *Callee) {
      for (const TxnEvent &E : Cache.classifier().classify(S, Cache.context()))
        Found |= endsTransaction(E.Op);
      if (!Found && Callee && !Cache.classifier().specOf(Callee) &&
          llvm::any_of(operandsOf(S), [](const Expr *Operand) {
            const ValueDecl *Root = rootVariable(Operand);
            return isa_and_nonnull<ParmVarDecl>(Root) || isGlobal(Root) ||
                   isa<CXXThisExpr>(Operand->IgnoreParenImpCasts());
          }))
        Found |= Cache.mayEndTransaction(Callee, Depth + 1);
      return !Found;
    }
    bool VisitCallExpr(CallExpr *Call) {
      return visitCall(Call, Call->getDirectCallee());
    }
    bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
      return visitCall(Construct, Construct->getConstructor());
    }
  } Finder(*this, Depth);
  Finder.TraverseStmt(Definition->getBody());
  return EndsTransaction[Callee] = Finder.Found;
}

} // namespace txnlint
