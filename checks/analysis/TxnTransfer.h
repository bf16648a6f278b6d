//===--- TxnTransfer.h - The transaction domain of the solver ---*- C++ -*-===//
//
// The second layer of the engine: what the actions of TxnActions.h do to
// the transactions that may be open, as a domain for ForwardSolver. It keeps
// the state (FlowState), the transfer function, the join and what a branch
// on a begin's result or on a flag says on each edge. What the checks need
// to know is not kept here: the transfer function tells fact observers
// (TxnFacts.h) what happens, in the state it happens in.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_ANALYSIS_TXNTRANSFER_H
#define TXNLINT_ANALYSIS_TXNTRANSFER_H

#include "ForwardSolver.h"
#include "TxnActions.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <memory>

namespace txnlint {

/// The facts at a program point (see TxnTransfer.cpp).
struct FlowState {
  llvm::BitVector May;
  /// Ends of handles that every path has ended, by one of these ends.
  llvm::BitVector MustEnded;
  /// Begins handed to a callee that may have ended them: perhaps open.
  llvm::BitVector HandedOff;
  /// Calls made inside a transaction not yet ended (by call index).
  llvm::BitVector CallsSinceBegin;
  /// Events that happened on every path (joined by intersection).
  llvm::BitVector Happened;
  /// Events that happened, or whose handle a branch found null, on every
  /// path: nothing is done on a connection that is not there, so a helper
  /// whose BEGIN runs only where its handle exists (`if (db && exec(db,
  /// "BEGIN") != OK) throw ...;`) begins wherever it can.
  llvm::BitVector Done;
  /// Begins after which something happened on some path: a call, a branch,
  /// an event. A begin with nothing after it was begun for the caller.
  llvm::BitVector Worked;
  /// Begins after which a statement ran (or a callee that may write was
  /// handed the handle) on some path.
  llvm::BitVector Queried;
  /// Begins whose transaction may hold locks: on some path since the
  /// begin, a write of it ran (of recognized SQL), a locking read (SELECT
  /// ... FOR UPDATE, LOCK TABLE), or a callee that may write was handed it.
  llvm::BitVector Locking;
  /// Writes inside a transaction that may have failed with nothing handling
  /// it: the result was dropped, or a branch took its failure edge. Cleared
  /// by a test's success edge and by an end or savepoint rollback.
  llvm::BitVector Unhandled;
  /// Writes, inside a transaction or not, that may have failed with nothing
  /// handling it, cleared as Unhandled is: at a normal return, the function
  /// swallowed their failure (a helper's `if (!q.exec()) qWarning();`).
  llvm::BitVector Unreported;
  /// Unhandled writes whose result variable was assigned something else on
  /// some path while the failure was unhandled: a later test of the
  /// variable does not decide them (akonadi's `success = q.exec(s)` in a
  /// loop).
  llvm::BitVector Overwritten;
  /// Statements inside a transaction that may have failed where the
  /// function goes on: their exception was caught, or a branch took their
  /// failure edge. Cleared by an end of the transaction or a savepoint
  /// rollback in it; whether the failure hurts the transaction is the
  /// database's business (txn-use-after-error).
  llvm::BitVector Failed;
  /// Joining begins that joined a transaction open on their handle and
  /// whose participation has not ended yet (a nesting depth per begin).
  llvm::BitVector Joined;
  /// Begins open on every path (joined by intersection; a subset of May).
  llvm::BitVector MustOpen;
  /// A callee whose summary says it begins a transaction on some paths
  /// (such a begin is not replayed) was called, and nothing ended since: a
  /// write may run inside its transaction, not in autocommit mode.
  bool CalleeMayBegin = false;
  /// On a branch no path takes (see TxnDomain::edgeState): nothing flows.
  bool Unreachable = false;
  /// With tracked flags: row R, column F holds the value slots flag F may
  /// hold on the paths where May, Unhandled or Unreported bit R is set; row
  /// N (the number of events), on all paths; row N + 1 + R, on the paths
  /// where Failed bit R is set (a write retried after a failure succeeds
  /// with its earlier failure behind it, on other paths than its failure).
  /// Rows of bits not set are empty. No storage without flags.
  llvm::SmallVector<uint8_t, 0> FlagValues;
  bool operator==(const FlowState &O) const {
    return May == O.May && MustEnded == O.MustEnded &&
           HandedOff == O.HandedOff && CallsSinceBegin == O.CallsSinceBegin &&
           Happened == O.Happened && Done == O.Done && Worked == O.Worked &&
           Queried == O.Queried && Locking == O.Locking &&
           Unhandled == O.Unhandled && Unreported == O.Unreported &&
           Overwritten == O.Overwritten && Failed == O.Failed &&
           Joined == O.Joined && MustOpen == O.MustOpen &&
           CalleeMayBegin == O.CalleeMayBegin && Unreachable == O.Unreachable &&
           FlagValues == O.FlagValues;
  }
};

/// What the transfer function reports while solving, and the exits after
/// it. An observer records the union of what it is told over every visit,
/// which is sound because states only grow; collect() then turns that into
/// one family of facts of FunctionTxnResult. Each hook does nothing unless
/// an observer needs it.
class TxnFactObserver {
public:
  virtual ~TxnFactObserver();

  /// Event \p Id happens; \p Before is the state just before it.
  virtual void event(const FlowState &Before, unsigned Id) {}
  /// The end event \p End ended the transaction begun by \p Begin.
  virtual void transactionEnded(unsigned Begin, unsigned End) {}
  /// \p Write runs outside every transaction (autocommit mode).
  virtual void autocommitWrite(const FlowState &Before, unsigned Write) {}
  /// A call that may write to a database runs.
  virtual void callMayWrite(const FlowState &State) {}
  /// An exception is raised at \p Site: a call that may throw, or a throw
  /// expression.
  virtual void exceptionRaised(const FlowState &State,
                               const clang::Stmt *Site) {}
  /// \p Site, a call, runs after a callee that may have begun a
  /// transaction (FlowState::CalleeMayBegin).
  virtual void callAfterCalleeBegin(const clang::Stmt *Site) {}
  /// \p Site, a call, runs in \p State while the begins \p Open may be
  /// open.
  virtual void callInTransaction(const FlowState &State,
                                 const clang::Stmt *Site,
                                 const llvm::BitVector &Open) {}
  /// \p Point can fail after the commits in \p May; \p Write is the event
  /// of a Write point.
  virtual void failurePoint(const llvm::BitVector &May,
                            const FailurePoint &Point, const TxnEvent *Write) {}
  /// \p Branch (an if, switch, loop or ?:) evaluates its condition after
  /// the commits in \p May.
  /// Tracked flag \p Flag is given the value slots \p Values; \p Before
  /// is the state just before.
  virtual void flagSet(const FlowState &Before, unsigned Flag, uint8_t Values) {
  }
  virtual void conditionEvaluated(const llvm::BitVector &May,
                                  const clang::Stmt *Branch) {}
  /// An exception from \p Site leaves the function in \p Thrown.
  virtual void exceptionalExit(const clang::Stmt *Site,
                               const FlowState &Thrown) {}
  /// After solving: control leaves the function at \p Exit with \p State;
  /// \p Return is the return statement, if any.
  virtual void functionExit(const FlowState &State, const ExitPoint &Exit,
                            const clang::Stmt *Return) {}
  /// After solving and the exits: adds the facts to \p Result.
  virtual void collect(FunctionTxnResult &Result) {}
};

using TxnFactObservers = llvm::ArrayRef<std::unique_ptr<TxnFactObserver>>;

/// The transaction domain (see ForwardSolver.h for the interface).
class TxnDomain {
public:
  using State = FlowState;
  using Solver = ForwardSolver<TxnDomain>;

  TxnDomain(const TxnActions &Actions, TxnFactObservers Observers);

  /// No bit set; each flag's value unknown.
  FlowState entryState() const;

  void transfer(const clang::CFGBlock &B, FlowState &State, Solver &S);
  void enterNextIteration(const clang::Stmt *Loop, FlowState &State) const;
  void normalize(FlowState &State) const;
  bool join(FlowState &Into, const FlowState &From) const;
  llvm::SmallVector<const clang::CFGBlock *, 2>
  successors(const clang::CFGBlock &B) const {
    return Actions.successors(B);
  }
  FlowState edgeState(const FlowState &Out, const clang::CFGBlock &B,
                      unsigned SuccIndex) const;
  bool edgeIsLive(const clang::CFGBlock &B, const clang::CFGBlock &Succ) const;
  /// Whether a path can be in \p State: false where a branch on a flag
  /// left it no value (`bool retry = true; if (retry) ...` never takes the
  /// else edge).
  bool feasible(const FlowState &State) const;
  /// Whether on every path to \p State a method that clears the flag \p
  /// Idle tests ended its transaction, and nothing began since.
  bool clearedFlag(const FlowState &State, const IdleTest &Idle) const;

private:
  void apply(FlowState &State, const Action &A, Solver &S);
  void applyEvent(FlowState &State, unsigned Id);
  bool beginMayBeOpenOn(const FlowState &State, llvm::StringRef Key) const;
  std::optional<unsigned> joinedParticipation(const FlowState &State,
                                              const TxnEvent &End) const;
  void endTransactions(llvm::BitVector &State, const TxnEvent &End);
  void endSavepoints(llvm::BitVector &State, const TxnEvent &End);
  /// Clears the opened connections on the handles \p OnHandle accepts: they
  /// are closed, or someone else's now.
  void closeConnections(FlowState &State,
                        llvm::function_ref<bool(const TxnEvent &)> OnHandle);
  void forgetEnds(FlowState &State,
                  llvm::function_ref<bool(const TxnEvent &)> OnHandle) const;
  void recordCallInTransaction(FlowState &State, const clang::Stmt *Site);
  void noteWork(FlowState &State, const clang::Stmt *Call,
                bool RunsStatement) const;
  void noteLocks(FlowState &State, const TxnEvent &E) const;
  /// A new vector: name it before a range-for over its set_bits(), which
  /// would otherwise outlive it.
  llvm::BitVector flagRows(const FlowState &State) const;
  unsigned failedRow(unsigned Bit) const { return Events.size() + 1 + Bit; }
  void forgetFailures(FlowState &State, const TxnEvent &End) const;
  /// An exception leaving \p Try's block destroys the transaction objects
  /// declared in it before a handler runs: their transactions (and what
  /// nests in them) end there, rolled back or, for a type whose destructor
  /// commits, committed.
  void unwindTryBlock(FlowState &Thrown, const clang::CXXTryStmt *Try) const;
  bool insideTransaction(const FlowState &State) const;
  void markFailedStatements(FlowState &Thrown, const clang::Stmt *Site) const;
  void markFailed(FlowState &State, unsigned Id) const;
  /// Events[Id] failed, or succeeded, on the path to \p State (a test of
  /// its result).
  void eventFailed(FlowState &State, unsigned Id) const;
  void eventSucceeded(FlowState &State, unsigned Id) const;
  void narrowFlags(FlowState &State, const FlagTest &Test, unsigned Succ) const;
  void joinFlags(FlowState &Into, const FlowState &From) const;
  /// Whether \p Idle, where nothing happened, is a nested level's path
  /// beside \p Other, a path of the level that does something.
  bool isNestedLevelPath(const FlowState &Idle, const FlowState &Other) const;
  template <typename Hook> void notify(Hook H) {
    for (const std::unique_ptr<TxnFactObserver> &O : Observers)
      H(*O);
  }

  const TxnActions &Actions;
  const std::vector<TxnEvent> &Events;
  TxnFactObservers Observers;
  /// The function acts only on some nesting levels: it counts the depth in
  /// a member, or asks whether its handle is in a transaction already.
  bool ActsOnSomeLevels;
};

} // namespace txnlint

#endif
