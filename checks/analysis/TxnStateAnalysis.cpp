//===--- TxnStateAnalysis.cpp - The per-function transaction engine -------===//
//
// Runs the engine's layers on one function, in order:
//   1. event extraction (TxnActions.h): the CFG's elements become events
//      and the actions a block's transfer function replays;
//   2. solving: ForwardSolver.h runs the transaction domain
//      (TxnTransfer.h) to its fixpoint over the CFG;
//   3. fact collection (TxnFacts.h): collectors observe the transfer
//      function while it runs, then the exits, and fill the result the
//      checks read.
//
//===----------------------------------------------------------------------===//

#include "TxnStateAnalysis.h"
#include "ForwardSolver.h"
#include "TxnActions.h"
#include "TxnFacts.h"
#include "TxnTransfer.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/Analyses/PostOrderCFGView.h"
#include "clang/Analysis/CFG.h"

using namespace clang;

namespace txnlint {
namespace {

using TxnSolver = ForwardSolver<TxnDomain>;

/// Tells \p Observers how control leaves the function: by each live edge
/// into the exit block, with the state on that edge.
void observeExits(const FunctionDecl *FD, const CFG &Cfg,
                  const TxnActions &Actions, const TxnDomain &Domain,
                  const TxnSolver &Solver, TxnFactObservers Observers) {
  const CFGBlock &Exit = Cfg.getExit();
  SourceLocation EndOfBody = FD->getBody()->getEndLoc();
  for (const CFGBlock *P : Exit.preds()) {
    if (!P || !Solver.reached(*P) || P->hasNoReturnElement() ||
        Actions.NeverReturningBlocks.contains(P))
      continue;
    unsigned Index = 0;
    for (const CFGBlock::AdjacentBlock &Succ : P->succs()) {
      if (Succ.getReachableBlock() == &Exit && Domain.edgeIsLive(*P, Exit)) {
        ExitPoint Point{ExitPoint::EndOfFunction, EndOfBody};
        const Stmt *Ret = nullptr;
        if (auto It = Actions.DispatchTry.find(P);
            It != Actions.DispatchTry.end()) {
          Point = {ExitPoint::Exception,
                   Actions.Tries.lookup(It->second).FirstEscape->getBeginLoc()};
        } else {
          for (const CFGElement &Elem : llvm::reverse(*P))
            if (auto CS = Elem.getAs<CFGStmt>()) {
              if (isa<ReturnStmt, CoreturnStmt>(CS->getStmt())) {
                Ret = CS->getStmt();
                Point = {ExitPoint::Return, Ret->getBeginLoc()};
                break;
              }
              if (isa<CXXThrowExpr>(CS->getStmt())) {
                Point = {ExitPoint::Exception, CS->getStmt()->getBeginLoc()};
                break;
              }
            }
        }
        FlowState State = Domain.edgeState(Solver.out(*P), *P, Index);
        if (Domain.feasible(State))
          for (const std::unique_ptr<TxnFactObserver> &O : Observers)
            O->functionExit(State, Point, Ret);
      }
      ++Index;
    }
  }
}

} // namespace

bool endsOnlyReadOnly(const FunctionTxnResult &Analysis, unsigned Commit) {
  bool EndsOne = false;
  for (const TransactionScope &Scope : Analysis.Scopes) {
    if (!llvm::is_contained(Scope.Ends, Commit))
      continue;
    // Begun and ended inside one call (a runner's `begin; fn(); commit;`):
    // what ran in between is the callee's, not in view.
    const TxnEvent &Begin = Analysis.Events[Scope.Begin];
    if ((Scope.MayWrite || Begin.Site == Analysis.Events[Commit].Site) &&
        !Begin.ReadOnly)
      return false;
    EndsOne = true;
  }
  if (EndsOne)
    return true;
  // A transaction handed to a callee in between may have been ended there;
  // its handle's begins here all being read-only says the same.
  const std::string &Key = Analysis.Events[Commit].HandleKey;
  bool BegunHere = false;
  for (const TxnEvent &Begin : Analysis.Events) {
    if (Begin.Op != Operation::Begin || Key.empty() || Begin.HandleKey != Key)
      continue;
    if (!Begin.ReadOnly)
      return false;
    BegunHere = true;
  }
  return BegunHere;
}

std::unique_ptr<FunctionTxnResult>
analyzeTransactions(const FunctionDecl *FD, TxnAnalysisCache &Cache,
                    ExceptionFlow &Exceptions, const AnalysisBudget &Budget) {
  ASTContext &Ctx = Cache.context();
  auto Result = std::make_unique<FunctionTxnResult>();
  Result->Function = FD;
  CFG::BuildOptions Options;
  Options.AddImplicitDtors = true;
  Options.AddInitializers = true;
  std::unique_ptr<CFG> Cfg = CFG::buildCFG(FD, FD->getBody(), &Ctx, Options);
  if (!Cfg)
    return nullptr;
  Result->CfgBlocks = Cfg->getNumBlockIDs();
  if (Result->CfgBlocks > Budget.MaxBlocks) {
    Result->BudgetExceeded = true;
    return Result;
  }
  PostOrderCFGView PostOrder(Cfg.get());
  TxnActions Actions(FD, Cache, Exceptions, Result->Events);
  Actions.extract(*Cfg, PostOrder);
  Result->ReturnedMadeStatement = std::move(Actions.ReturnedMadeStatement);
  for (const std::vector<Action> &Block : Actions.BlockActions)
    for (const Action &A : Block)
      if (A.K == Action::HandOff && A.BeginsOnSomePath)
        for (const std::string &Key : A.Keys)
          Result->BegunByCalleesOnSomePath.insert(Key);
  if (Result->Events.empty()) {
    // Nothing to solve; a callee that may begin may have, for all this
    // function ends.
    Result->CalleeMayBeginAtReturn = !Result->BegunByCalleesOnSomePath.empty();
    return Result;
  }

  std::vector<std::unique_ptr<TxnFactObserver>> Collectors =
      makeFactCollectors(Actions, Exceptions, Ctx);
  TxnDomain Domain(Actions, Collectors);
  TxnSolver Solver(*Cfg, PostOrder, Domain);
  if (!Solver.solve(Domain.entryState(),
                    Budget.VisitsPerBlock * Cfg->getNumBlockIDs() + 64)) {
    Result->BudgetExceeded = true;
    return Result;
  }
  observeExits(FD, *Cfg, Actions, Domain, Solver, Collectors);
  for (const std::unique_ptr<TxnFactObserver> &C : Collectors)
    C->collect(*Result);
  return Result;
}

} // namespace txnlint
