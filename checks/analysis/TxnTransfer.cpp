//===--- TxnTransfer.cpp - The transaction domain of the solver -----------===//
//
// A forward may-analysis. Its state is a bit per event:
//   - a Begin's bit: that transaction may still be open;
//   - a Commit's bit: that commit may have happened, and no new workflow
//     (a later begin) has started since;
//   - a SavepointOpen's bit: that savepoint may still be open;
//   - an Open's bit: that connection may still be open;
//   - a Write's bit: that write may have run outside any transaction.
// Unhandled holds a bit per write inside a transaction that may have failed
// with nothing handling the failure yet (its result dropped, or a branch on
// it took the failure edge), and Failed a bit per statement inside a
// transaction whose failure the function saw and went on from.
// A second vector, joined by intersection, holds the end events (commit,
// rollback, close) that happened on every path with no begin on their
// handle since.
// Local flags (`bool ok`, an int or enum status) that a branch tests are
// path conditions: for each event bit, the state keeps the values each flag
// may hold on the paths where that bit is set, and a branch on the flag
// clears the bits whose paths cannot take it.
//
//===----------------------------------------------------------------------===//

#include "TxnTransfer.h"
#include "CallOperands.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/StringSet.h"

using namespace clang;

namespace txnlint {

TxnFactObserver::~TxnFactObserver() = default;

FlowState TxnDomain::entryState() const {
  unsigned NumEvents = Events.size();
  unsigned NumFlags = Actions.Flags.size();
  FlowState Empty{
      llvm::BitVector(NumEvents), llvm::BitVector(NumEvents),
      llvm::BitVector(NumEvents), llvm::BitVector(Actions.CallSites.size()),
      llvm::BitVector(NumEvents), llvm::BitVector(NumEvents),
      llvm::BitVector(NumEvents), llvm::BitVector(NumEvents),
      llvm::BitVector(NumEvents), llvm::BitVector(NumEvents),
      llvm::BitVector(NumEvents), llvm::BitVector(NumEvents),
      llvm::BitVector(NumEvents), llvm::BitVector(NumEvents),
      llvm::BitVector(NumEvents), {}};
  // No bit is set at the entry; each flag has its entry value there.
  Empty.FlagValues.assign((2 * NumEvents + 1) * NumFlags, 0);
  for (unsigned F = 0; F < NumFlags; ++F)
    Empty.FlagValues[NumEvents * NumFlags + F] = Actions.Flags[F].EntryValue;
  return Empty;
}

void TxnDomain::endTransactions(llvm::BitVector &State, const TxnEvent &End) {
  // End the begins on this handle. An end on a handle that no begin of the
  // function names (another spelling of the same connection, such as
  // QSqlDatabase::database() for a local copy) ends them all; a destructor
  // names its own variable exactly.
  bool KnownHandle =
      End.Destructor || llvm::any_of(Events, [&](const TxnEvent &B) {
        return B.Op == Operation::Begin && !End.HandleKey.empty() &&
               B.HandleKey == End.HandleKey;
      });
  unsigned EndId = &End - Events.data();
  for (unsigned B : State.set_bits())
    // Ending a transaction ends the transactions nested in it.
    if (Events[B].Op == Operation::Begin &&
        (!KnownHandle || Events[B].HandleKey == End.HandleKey ||
         (!End.HandleKey.empty() && Events[B].ParentKey == End.HandleKey))) {
      State.reset(B);
      notify([&](TxnFactObserver &O) { O.transactionEnded(B, EndId); });
    }
  // Ending a transaction ends its savepoints.
  for (unsigned S : State.set_bits())
    if (Events[S].Op == Operation::SavepointOpen &&
        (Events[S].HandleKey == End.HandleKey ||
         (!End.HandleKey.empty() && Events[S].ParentKey == End.HandleKey) ||
         (!End.ConnectionKey.empty() &&
          Events[S].ConnectionKey == End.ConnectionKey)))
      State.reset(S);
}

void TxnDomain::endSavepoints(llvm::BitVector &State, const TxnEvent &End) {
  // By name when the savepoint has one (SQL), else every open savepoint on
  // the handle (savepoint objects, RocksDB's savepoint stack).
  for (unsigned S : State.set_bits()) {
    const TxnEvent &Open = Events[S];
    // A savepoint object (pqxx::subtransaction sub(txn)) is ended through
    // its own variable: sub.commit(), its destructor.
    bool SameHandle =
        Open.HandleKey == End.HandleKey ||
        (Open.BoundVariable && varKey(Open.BoundVariable) == End.HandleKey);
    if (Open.Op == Operation::SavepointOpen && SameHandle &&
        (End.SavepointName.empty() || Open.SavepointName == End.SavepointName))
      State.reset(S);
  }
}

void TxnDomain::closeConnections(
    FlowState &State, llvm::function_ref<bool(const TxnEvent &)> OnHandle) {
  for (unsigned O : State.May.set_bits())
    if (Events[O].Op == Operation::Open && OnHandle(Events[O]))
      State.May.reset(O);
}

void TxnDomain::recordCallInTransaction(FlowState &State, const Stmt *Site) {
  // Open begins, and begins a callee had and perhaps left open.
  llvm::BitVector Open = State.HandedOff;
  for (unsigned B : State.May.set_bits())
    if (Events[B].Op == Operation::Begin)
      Open.set(B);
  // A call that ends a transaction begun on this path ran inside it (the
  // runner's `exec(tr)` whose lambda commits `tr`): the state here is the
  // one after its events.
  if (auto Ran = Actions.SiteEvents.find(Site); Ran != Actions.SiteEvents.end())
    for (unsigned End : Ran->second)
      if (endsTransaction(Events[End].Op))
        for (unsigned B : State.Happened.set_bits())
          if (Events[B].Op == Operation::Begin &&
              Events[B].HandleKey == Events[End].HandleKey)
            Open.set(B);
  if (State.CalleeMayBegin)
    notify([&](TxnFactObserver &O) { O.callAfterCalleeBegin(Site); });
  if (Open.none())
    return;
  notify([&](TxnFactObserver &O) { O.callInTransaction(State, Site, Open); });
  State.CallsSinceBegin.set(Actions.CallSites.lookup(Site));
}

void TxnDomain::forgetEnds(
    FlowState &State,
    llvm::function_ref<bool(const TxnEvent &)> OnHandle) const {
  for (unsigned E : State.MustEnded.set_bits())
    if (OnHandle(Events[E]))
      State.MustEnded.reset(E);
}

void TxnDomain::noteLocks(FlowState &State, const TxnEvent &E) const {
  if (!takesRowLocks(E))
    return;
  for (unsigned B : State.May.set_bits())
    if (Events[B].Op == Operation::Begin && mayShareTransaction(E, Events[B]))
      State.Locking.set(B);
}

void TxnDomain::noteWork(FlowState &State, const Stmt *Call,
                         bool RunsStatement) const {
  // The begin's own call (a summarized begin's failure point, its
  // hand-off) is part of beginning; the events it runs after the begin
  // are not.
  for (unsigned B : State.May.set_bits()) {
    const TxnEvent &Begin = Events[B];
    if (Begin.Op != Operation::Begin || (Call && Begin.Site == Call))
      continue;
    State.Worked.set(B);
    if (RunsStatement)
      State.Queried.set(B);
  }
}

bool TxnDomain::beginMayBeOpenOn(const FlowState &State,
                                 StringRef Key) const {
  return !Key.empty() && llvm::any_of(State.May.set_bits(), [&](unsigned B) {
    return Events[B].Op == Operation::Begin && Events[B].HandleKey == Key;
  });
}

std::optional<unsigned>
TxnDomain::joinedParticipation(const FlowState &State,
                               const TxnEvent &End) const {
  // The innermost one: the last joining begin in the function's order.
  std::optional<unsigned> Innermost;
  if (End.Op == Operation::Commit || End.Op == Operation::Rollback)
    for (unsigned B : State.Joined.set_bits())
      if (Events[B].HandleKey == End.HandleKey)
        Innermost = B;
  return Innermost;
}

void TxnDomain::applyEvent(FlowState &State, unsigned Id) {
  const TxnEvent &E = Events[Id];
  // Joining an open transaction, and ending that participation, open and
  // end nothing: the outer transaction goes on, and no check sees either.
  // A write on a connection never in autocommit begins only if nothing is
  // open; turning autocommit back on commits only what is.
  if (E.Op == Operation::Begin && (E.Joins || E.Implicit) &&
      beginMayBeOpenOn(State, E.HandleKey)) {
    if (E.Joins)
      State.Joined.set(Id);
    return;
  }
  if (E.EndsOnlyOpen && !beginMayBeOpenOn(State, E.HandleKey))
    return;
  if (std::optional<unsigned> Inner = joinedParticipation(State, E)) {
    State.Joined.reset(*Inner);
    return;
  }
  notify([&](TxnFactObserver &O) { O.event(State, Id); });
  State.Happened.set(Id);
  State.Done.set(Id);
  if (std::optional<unsigned> First = Actions.SameRunAs[Id]) {
    State.Happened.set(*First);
    State.Done.set(*First);
  }
  noteLocks(State, E);

  switch (E.Op) {
  case Operation::Begin:
    State.May.set(Id);
    State.MustOpen.set(Id);
    State.Worked.reset(Id);
    State.Queried.reset(Id);
    State.Locking.reset(Id);
    // A new transaction starts a new workflow: commits before it are no
    // longer followed by failures of theirs.
    for (unsigned C : State.May.set_bits())
      if (Events[C].Op == Operation::Commit)
        State.May.reset(C);
    [[fallthrough]];
  case Operation::Open:
    // The connection may be open until it is closed. What ended on the
    // handle is behind it: a reopened connection may be closed again.
    State.May.set(Id);
    forgetEnds(State, [&](const TxnEvent &End) {
      return End.HandleKey == E.HandleKey;
    });
    return;
  case Operation::Commit:
  case Operation::Rollback:
  case Operation::Close:
    // Committed or rolled back, a failed statement is behind its
    // transaction.
    forgetFailures(State, E);
    State.CalleeMayBegin = false;
    State.CallsSinceBegin.reset();
    for (unsigned B : State.HandedOff.set_bits())
      if (Events[B].HandleKey == E.HandleKey)
        State.HandedOff.reset(B);
    endTransactions(State.May, E);
    if (E.Op == Operation::Close)
      closeConnections(State, [&](const TxnEvent &Open) {
        return Open.HandleKey == E.HandleKey;
      });
    // Ending the outer transaction (or closing) ends what joined it.
    for (unsigned B : State.Joined.set_bits())
      if (Events[B].HandleKey == E.HandleKey)
        State.Joined.reset(B);
    if (E.Op == Operation::Commit)
      State.May.set(Id);
    if (!E.HandleKey.empty())
      State.MustEnded.set(Id);
    return;
  case Operation::SavepointOpen:
    State.May.set(Id);
    return;
  case Operation::SavepointRollback:
    // Rolled back to a savepoint: a statement that failed is undone, and its
    // transaction usable again.
    forgetFailures(State, E);
    [[fallthrough]];
  case Operation::SavepointRelease:
    endSavepoints(State.May, E);
    return;
  case Operation::Write: {
    notify([&](TxnFactObserver &O) {
      O.failurePoint(State.May,
                     {FailurePoint::Write, E.Site, nullptr, false, Id}, &E);
    });
    // Writes outside every transaction run in autocommit mode, one by one.
    bool InTransaction = insideTransaction(State);
    if (Actions.FallibleWrites.test(Id))
      State.Unreported.set(Id);
    if (InTransaction && Actions.FallibleWrites.test(Id)) {
      // Run again (a loop) while an earlier run's failure is unhandled: a
      // variable given the new result loses the old one, unless the run
      // is a retry that replaces the failed one.
      if (State.Unhandled.test(Id) && Actions.AssignedWrites.test(Id) &&
          !Actions.RetriedWrites.contains(Id))
        State.Overwritten.set(Id);
      State.Unhandled.set(Id);
      // A helper that swallowed its write's failure went on from it.
      if (E.FailureSwallowed)
        markFailed(State, Id);
    }
    // A write through a transaction object is inside that transaction; one
    // after a callee that may have begun a transaction may be inside it.
    if (InTransaction || State.CalleeMayBegin || E.HandleKey.empty() ||
        E.HandleRole != Role::Session)
      return;
    notify([&](TxnFactObserver &O) { O.autocommitWrite(State, Id); });
    State.May.set(Id);
    return;
  }
  default:
    return;
  }
}

void TxnDomain::apply(FlowState &State, const Action &A, Solver &S) {
  unsigned NumFlags = Actions.Flags.size();
  unsigned AllPaths = Events.size() * NumFlags;
  switch (A.K) {
  case Action::Event: {
    const TxnEvent &E = Events[A.EventId];
    if (!E.Destructor)
      noteWork(State, /*Call=*/nullptr,
               E.Op == Operation::Write || E.Op == Operation::Read ||
                   E.Op == Operation::SavepointOpen ||
                   E.Op == Operation::SavepointRelease ||
                   E.Op == Operation::SavepointRollback);
    applyEvent(State, A.EventId);
    // Every path here now has the event's bit set.
    if (NumFlags &&
        (State.May.test(A.EventId) || State.Unhandled.test(A.EventId) ||
         State.Unreported.test(A.EventId)))
      std::copy_n(State.FlagValues.begin() + AllPaths, NumFlags,
                  State.FlagValues.begin() + A.EventId * NumFlags);
    return;
  }
  case Action::SetFlag: {
    notify([&](TxnFactObserver &O) { O.flagSet(State, A.Flag, A.FlagValues); });
    auto ValuesOn = [&](unsigned Bit) {
      return A.SuccessOf == Bit ? A.FlagValuesIfBegun
             : llvm::is_contained(A.FalseIfFailed, Bit) && !State.May.test(Bit)
                 ? A.FlagValuesIfFailed
                 : A.FlagValues;
    };
    llvm::BitVector Rows = flagRows(State);
    for (unsigned Bit : Rows.set_bits())
      State.FlagValues[Bit * NumFlags + A.Flag] = ValuesOn(Bit);
    for (unsigned Bit : State.Failed.set_bits())
      State.FlagValues[failedRow(Bit) * NumFlags + A.Flag] = ValuesOn(Bit);
    State.FlagValues[AllPaths + A.Flag] = A.FlagValues;
    return;
  }
  case Action::MapFlag: {
    unsigned Source = A.SourceFlag.value_or(A.Flag);
    auto Map = [&](unsigned Row) {
      uint8_t Values = State.FlagValues[Row * NumFlags + Source];
      uint8_t Mapped = 0;
      for (unsigned Slot = 0; Slot < MaxFlags; ++Slot)
        if (Values & (1u << Slot))
          Mapped |= A.FlagMap[Slot];
      State.FlagValues[Row * NumFlags + A.Flag] = Mapped;
    };
    llvm::BitVector Rows = flagRows(State);
    for (unsigned Bit : Rows.set_bits())
      Map(Bit);
    for (unsigned Bit : State.Failed.set_bits())
      Map(failedRow(Bit));
    Map(Events.size());
    return;
  }
  case Action::HandOff: {
    auto Reaches = [&](const TxnEvent &E) {
      if (isGlobalVariable(rootVariable(E.Handle)))
        return true;
      return llvm::any_of(A.Keys, [&](const std::string &Key) {
        return !E.HandleKey.empty() &&
               (E.HandleKey == Key ||
                StringRef(E.HandleKey).contains("(" + Key + ")"));
      });
    };
    // A callee that may write through the handle runs statements in its
    // transaction; one that is not handed it does other work.
    noteWork(State, A.Site, false);
    if (A.MayWrite)
      for (unsigned B : State.May.set_bits())
        if (Events[B].Op == Operation::Begin && Events[B].Site != A.Site &&
            Reaches(Events[B])) {
          State.Queried.set(B);
          State.Locking.set(B);
        }
    if (A.MayWrite)
      notify([&](TxnFactObserver &O) { O.callMayWrite(State); });
    // The begin its summary replayed here is what the call leaves: a begin
    // wrapper's end where it fails (autocommit back on after LOCK TABLES
    // failed) is that begin's failure, not an end of it.
    bool KeepsOwnBegin = A.Summarized && !A.EndsOnSomePath;
    if (A.MayEnd)
      for (unsigned B : State.May.set_bits())
        if (Events[B].Op == Operation::Begin && Reaches(Events[B]) &&
            !(KeepsOwnBegin && Events[B].Site == A.Site)) {
          State.May.reset(B);
          State.HandedOff.set(B);
        }
    // A callee that may end what it is handed may close or keep a
    // connection too: it is the callee's now.
    if (A.MayEnd)
      closeConnections(State, Reaches);
    // The callee may begin anew on what it is handed; one that only ends,
    // as its summary's events replayed here say, ended it for good.
    if (A.MayBegin || (A.MayEnd && !A.Summarized))
      forgetEnds(State, Reaches);
    if (A.BeginsOnSomePath)
      State.CalleeMayBegin = true;
    else if (A.EndsOnSomePath)
      State.CalleeMayBegin = false;
    return;
  }
  case Action::SideExit: {
    noteWork(State, A.Site, false);
    // `check(sqlite3_exec(db, "BEGIN", ...))`: the exception is the
    // statement's failure, the return its success.
    FlowState Thrown = State;
    if (A.SuccessOf) {
      eventFailed(Thrown, *A.SuccessOf);
      eventSucceeded(State, *A.SuccessOf);
    }
    notify([&](TxnFactObserver &O) { O.exceptionRaised(Thrown, A.Site); });
    recordCallInTransaction(Thrown, A.Site);
    // A modelled call's failure is what its events say: a write is a
    // failure point as a write, a read or a begin (a new workflow) is none,
    // and a commit that throws did not commit; nor did a helper that
    // commits and throws (its exception came before the commit, or its
    // own scoped transaction rolled back).
    markFailedStatements(Thrown, A.Site);
    auto SiteEvents = Actions.SiteEvents.find(A.Site);
    if (SiteEvents == Actions.SiteEvents.end())
      notify([&](TxnFactObserver &O) {
        O.failurePoint(State.May,
                       {FailurePoint::Call, A.Site, calleeOf(A.Site), true},
                       nullptr);
      });
    else
      for (unsigned Id : SiteEvents->second)
        if (Events[Id].Op == Operation::Commit) {
          Thrown.May.reset(Id);
          Thrown.MustEnded.reset(Id);
        } else if (Events[Id].Op == Operation::Write) {
          // A write that threw its failure ran: a helper's `try {
          // db.execDML(sql); } catch (...) { return false; }` runs its
          // caller's statement on every path, and a handler that returns
          // normally must tell its caller of the failure (`catch (const
          // pqxx::sql_error &) { log(...); }` swallows it).
          Thrown.Happened.set(Id);
          Thrown.Done.set(Id);
          Thrown.Unreported.set(Id);
        }
    auto It = Actions.EnclosingTry.find(A.Site);
    if (It != Actions.EnclosingTry.end()) {
      unwindTryBlock(Thrown, It->second);
      const CFGBlock *Handler = Actions.HandlerBlock.lookup(A.Site);
      S.joinInto(Handler ? Handler : Actions.Tries.lookup(It->second).Dispatch,
                 Thrown);
    } else
      notify([&](TxnFactObserver &O) { O.exceptionalExit(A.Site, Thrown); });
    return;
  }
  case Action::Adopt:
    closeConnections(State, [&](const TxnEvent &Open) {
      return llvm::is_contained(A.Keys, Open.HandleKey);
    });
    return;
  case Action::Throw:
    noteWork(State, A.Site, false);
    notify([&](TxnFactObserver &O) {
      O.exceptionRaised(State, A.Site);
      O.failurePoint(State.May, {FailurePoint::Throw, A.Site, nullptr, true},
                     nullptr);
    });
    return;
  case Action::HandlerEntry: {
    const CXXTryStmt *Try = Actions.EnclosingTry.lookup(A.Site);
    FlowState Thrown = State;
    unwindTryBlock(Thrown, Try);
    S.joinInto(Actions.Tries.lookup(Try).Dispatch, Thrown);
    return;
  }
  case Action::Branch:
    notify([&](TxnFactObserver &O) { O.conditionEvaluated(State.May, A.Site); });
    return;
  case Action::AssignResult:
    if (auto It = Actions.WritesAssignedTo.find(A.Variable);
        It != Actions.WritesAssignedTo.end())
      for (unsigned W : It->second)
        if (W != A.SuccessOf && State.Unhandled.test(W) &&
            !llvm::is_contained(Actions.carriedBy(A.Site), W))
          State.Overwritten.set(W);
    return;
  case Action::Failure:
    noteWork(State, A.Site, false);
    if (A.FailureKind == FailurePoint::Call)
      recordCallInTransaction(State, A.Site);
    if (!A.Summarized)
      notify([&](TxnFactObserver &O) {
        O.failurePoint(State.May,
                       {A.FailureKind, A.Site, calleeOf(A.Site), A.MayThrow},
                       nullptr);
      });
    return;
  }
}

llvm::BitVector TxnDomain::flagRows(const FlowState &State) const {
  llvm::BitVector Rows = State.May;
  Rows |= State.Unhandled;
  Rows |= State.Unreported;
  return Rows;
}

void TxnDomain::forgetFailures(FlowState &State, const TxnEvent &End) const {
  for (llvm::BitVector *Bits :
       {&State.Unhandled, &State.Unreported, &State.Overwritten, &State.Failed})
    for (unsigned W : Bits->set_bits())
      if (mayShareTransaction(Events[W], End))
        Bits->reset(W);
}

void TxnDomain::unwindTryBlock(FlowState &Thrown, const CXXTryStmt *Try) const {
  llvm::BitVector Open = Thrown.May;
  for (unsigned B : Open.set_bits()) {
    const TxnEvent &E = Events[B];
    const auto *Var = dyn_cast_or_null<VarDecl>(E.BoundVariable);
    if (!E.Scoped || !Var || E.HandleKey.empty() ||
        Actions.TryOfVariable.lookup(Var) != Try)
      continue;
    forgetFailures(Thrown, E);
    for (unsigned Inner : Open.set_bits())
      if (Inner == B || Events[Inner].ParentKey == E.HandleKey) {
        Thrown.May.reset(Inner);
        Thrown.Joined.reset(Inner);
      }
  }
}

bool TxnDomain::insideTransaction(const FlowState &State) const {
  // A savepoint outside BEGIN starts a transaction too (SQLite).
  return State.HandedOff.any() ||
         llvm::any_of(State.May.set_bits(), [&](unsigned B) {
           return Events[B].Op == Operation::Begin ||
                  Events[B].Op == Operation::SavepointOpen;
         });
}

void TxnDomain::markFailedStatements(FlowState &Thrown,
                                     const Stmt *Site) const {
  // The statements of a call that throws, inside a transaction. A savepoint
  // object's statement fails the savepoint, which its destructor rolls back.
  auto It = Actions.SiteEvents.find(Site);
  if (It == Actions.SiteEvents.end() || Actions.RecoveringSites.contains(Site))
    return;
  for (unsigned Id : It->second) {
    const TxnEvent &E = Events[Id];
    if ((E.Op != Operation::Write && E.Op != Operation::Read) ||
        E.HandleRole == Role::Savepoint)
      continue;
    if (E.HandleRole == Role::Transaction || insideTransaction(Thrown))
      markFailed(Thrown, Id);
  }
}

void TxnDomain::eventFailed(FlowState &State, unsigned Id) const {
  // The begin or commit did nothing (a failed open may have allocated its
  // handle all the same: sqlite3_open). A write inside a transaction failed.
  const OperationSpec *Spec = Events[Id].Spec;
  if (!Spec || !Spec->AllocatesOnFailure)
    State.May.reset(Id);
  // A callee's end whichever way it went (`commit_or_rollback(db, ok) < 0`
  // rolled back where its commit failed) ended the transaction all the same.
  if (!Events[Id].HandedOver)
    State.MustEnded.reset(Id);
  State.Joined.reset(Id);
  if (State.Unhandled.test(Id) && !State.Overwritten.test(Id))
    markFailed(State, Id);
}

void TxnDomain::eventSucceeded(FlowState &State, unsigned Id) const {
  if (State.Overwritten.test(Id))
    return;
  State.Unhandled.reset(Id);
  State.Unreported.reset(Id);
}

void TxnDomain::markFailed(FlowState &State, unsigned Id) const {
  // The failure may have happened on any path here: their flag values join
  // the event's row.
  unsigned NumFlags = Actions.Flags.size();
  for (unsigned F = 0; F < NumFlags; ++F)
    State.FlagValues[failedRow(Id) * NumFlags + F] |=
        State.FlagValues[Events.size() * NumFlags + F];
  State.Failed.set(Id);
}

void TxnDomain::normalize(FlowState &State) const {
  // Rows of bits the transfer functions cleared: emptied, so that joins
  // and comparisons see only live rows.
  if (unsigned NumFlags = Actions.Flags.size())
    for (unsigned Bit = 0, N = State.May.size(); Bit < N; ++Bit) {
      if (!State.May.test(Bit) && !State.Unhandled.test(Bit) &&
          !State.Unreported.test(Bit))
        std::fill_n(State.FlagValues.begin() + Bit * NumFlags, NumFlags, 0);
      if (!State.Failed.test(Bit))
        std::fill_n(State.FlagValues.begin() + failedRow(Bit) * NumFlags,
                    NumFlags, 0);
    }
}

bool TxnDomain::join(FlowState &Into, const FlowState &From) const {
  FlowState Old = Into;
  Into.May |= From.May;
  // `if (ok) COMMIT; else ROLLBACK;`: each path ended the handle, by a
  // different end; it is ended after the join all the same. Not so for the
  // ends one call chooses between (`run(ok ? "COMMIT" : "ROLLBACK")`): the
  // test of the call's result after the join cannot tell which failed.
  if (Into.MustEnded != From.MustEnded) {
    auto EndedKeys = [&](const llvm::BitVector &Ended) {
      llvm::StringSet<> Keys;
      for (unsigned E : Ended.set_bits())
        Keys.insert(Events[E].HandleKey);
      return Keys;
    };
    llvm::StringSet<> IntoKeys = EndedKeys(Into.MustEnded);
    llvm::StringSet<> FromKeys = EndedKeys(From.MustEnded);
    llvm::BitVector Either = Into.MustEnded;
    Either |= From.MustEnded;
    Into.MustEnded &= From.MustEnded;
    for (unsigned E : Either.set_bits()) {
      auto AtSite = Actions.SiteEvents.find(Events[E].Site);
      bool Chosen =
          AtSite != Actions.SiteEvents.end() && AtSite->second.size() > 1;
      if (!Chosen && IntoKeys.contains(Events[E].HandleKey) &&
          FromKeys.contains(Events[E].HandleKey))
        Into.MustEnded.set(E);
    }
  }
  Into.HandedOff |= From.HandedOff;
  Into.CallsSinceBegin |= From.CallsSinceBegin;
  // `if (depth_ == 0) BEGIN; ++depth_;`: what happened on the level that
  // began happened on every path that counts (see isNestedLevelPath).
  if (isNestedLevelPath(Into, From)) {
    Into.Happened = From.Happened;
    Into.Done = From.Done;
  } else if (!isNestedLevelPath(From, Into)) {
    Into.Happened &= From.Happened;
    Into.Done &= From.Done;
  }
  Into.Worked |= From.Worked;
  Into.Queried |= From.Queried;
  Into.Locking |= From.Locking;
  Into.Unhandled |= From.Unhandled;
  Into.Unreported |= From.Unreported;
  Into.Overwritten |= From.Overwritten;
  Into.Failed |= From.Failed;
  Into.Joined |= From.Joined;
  Into.MustOpen &= From.MustOpen;
  Into.CalleeMayBegin |= From.CalleeMayBegin;
  joinFlags(Into, From);
  return !(Into == Old);
}

TxnDomain::TxnDomain(const TxnActions &Actions, TxnFactObservers Observers)
    : Actions(Actions), Events(Actions.Events), Observers(Observers),
      // A function counting its nesting depth in a member does nothing on
      // a nested level's paths (`if (depth_ == 0) BEGIN;`, `if (--depth_ ==
      // 0) ROLLBACK;`), as at its exits (ReturnedEventCollector); nor does
      // one that begins only where its handle has no transaction open
      // (manaserv's `if (!mDataProvider->inTransaction()) {
      // mDataProvider->beginTransaction(); mTransactionStarted = true; }`).
      ActsOnSomeLevels(llvm::any_of(Actions.Flags,
                                    [](const TrackedFlag &F) {
                                      return F.Counter && isa<FieldDecl>(F.Var);
                                    }) ||
                       Actions.testsTransactionOpen()) {}

bool TxnDomain::isNestedLevelPath(const FlowState &Idle,
                                  const FlowState &Other) const {
  return ActsOnSomeLevels && Idle.Happened.none() && Other.Happened.any();
}

void TxnDomain::joinFlags(FlowState &Into, const FlowState &From) const {
  unsigned NumFlags = Actions.Flags.size();
  auto JoinRow = [&](unsigned Row) {
    for (unsigned F = Row * NumFlags, End = F + NumFlags; F < End; ++F)
      Into.FlagValues[F] |= From.FlagValues[F];
  };
  if (!NumFlags)
    return;
  llvm::BitVector Rows = flagRows(From);
  for (unsigned Bit : Rows.set_bits())
    JoinRow(Bit);
  for (unsigned Bit : From.Failed.set_bits())
    JoinRow(failedRow(Bit));
  JoinRow(From.May.size());
}

void TxnDomain::narrowFlags(FlowState &State, const FlagTest &Test,
                            unsigned Succ) const {
  // Only the paths whose flag value takes this edge continue on it: a bit
  // set on none of them is clear here.
  unsigned NumFlags = Actions.Flags.size();
  State.FlagValues[State.May.size() * NumFlags + Test.Flag] &= Test.Takes[Succ];
  llvm::BitVector Rows = flagRows(State);
  for (unsigned Bit : Rows.set_bits()) {
    uint8_t &Values = State.FlagValues[Bit * NumFlags + Test.Flag];
    Values &= Test.Takes[Succ];
    if (!Values) {
      State.May.reset(Bit);
      State.Unhandled.reset(Bit);
      State.Unreported.reset(Bit);
      std::fill_n(State.FlagValues.begin() + Bit * NumFlags, NumFlags, 0);
    }
  }
  for (unsigned Bit : State.Failed.set_bits()) {
    uint8_t &Values = State.FlagValues[failedRow(Bit) * NumFlags + Test.Flag];
    Values &= Test.Takes[Succ];
    if (!Values) {
      State.Failed.reset(Bit);
      std::fill_n(State.FlagValues.begin() + failedRow(Bit) * NumFlags,
                  NumFlags, 0);
    }
  }
}

FlowState TxnDomain::edgeState(const FlowState &Out, const CFGBlock &B,
                               unsigned SuccIndex) const {
  FlowState State = Out;
  // A throw reaches its try's handlers through the dispatch block.
  llvm::SmallVector<const CFGBlock *, 2> Succs = Actions.successors(B);
  if (const CFGBlock *Succ = Succs[SuccIndex])
    if (const CXXTryStmt *Try = Actions.DispatchTry.lookup(Succ))
      unwindTryBlock(State, Try);
  // A throw sent straight to its handler leaves its try block too.
  if (const CXXThrowExpr *Throw = Actions.throwEnding(B);
      Throw && Actions.HandlerBlock.count(Throw))
    unwindTryBlock(State, Actions.EnclosingTry.lookup(Throw));
  const std::optional<EventTest> &Test = Actions.BlockTests[B.getBlockID()];
  if (Test && Test->failsOn(SuccIndex))
    eventFailed(State, Test->Event);
  else if (Test && Test->succeedsOn(SuccIndex))
    eventSucceeded(State, Test->Event);
  // The variable may hold another write's result here: the same test
  // decides it, unless that result was overwritten while unhandled.
  if (Test)
    for (unsigned Other : Test->Others) {
      // A begin whose result the variable may hold opened nothing where
      // the test says it failed.
      if (Events[Other].Op == Operation::Begin) {
        if (Test->failsOn(SuccIndex)) {
          State.May.reset(Other);
          State.MustEnded.reset(Other);
          State.Joined.reset(Other);
        }
        continue;
      }
      // A commit whose result the variable may hold did not commit where
      // the test says it failed; nor did another run of the same SQL.
      auto FirstRun = [&](unsigned Id) {
        return Actions.SameRunAs[Id].value_or(Id);
      };
      if (Events[Other].Op == Operation::Commit ||
          FirstRun(Other) == FirstRun(Test->Event)) {
        if (Test->failsOn(SuccIndex))
          eventFailed(State, Other);
        else if (Test->succeedsOn(SuccIndex))
          eventSucceeded(State, Other);
        continue;
      }
      if (State.Overwritten.test(Other))
        continue;
      // Where the variable still holds it, its failure takes the other
      // edge: the paths that went on from that failure do not come here.
      if (Test->succeedsOn(SuccIndex)) {
        State.Unhandled.reset(Other);
        State.Unreported.reset(Other);
        State.Failed.reset(Other);
      } else if (Test->failsOn(SuccIndex) && State.Unhandled.test(Other))
        markFailed(State, Other);
    }
  // The write failed with a code the branch names: tolerated on purpose.
  if (const std::optional<CodeTest> &Code =
          Actions.BlockCodeTests[B.getBlockID()];
      Code && Code->EqualSucc == SuccIndex) {
    auto Tolerate = [&](unsigned Write) {
      State.Unhandled.reset(Write);
      State.Unreported.reset(Write);
      State.Failed.reset(Write);
    };
    // A commit that failed so (`while (s.IsTryAgain()) s =
    // db->Write(opts, &batch);`) committed nothing, nor did another commit
    // of the handle whose status the variable may hold by now.
    if (Code->Write && Events[*Code->Write].Op == Operation::Commit) {
      for (unsigned Id = 0, N = Events.size(); Id != N; ++Id)
        if (Events[Id].Op == Operation::Commit &&
            Events[Id].HandleKey == Events[*Code->Write].HandleKey)
          eventFailed(State, Id);
    } else if (Code->Write)
      Tolerate(*Code->Write);
    else
      for (unsigned Id = 0, N = Events.size(); Id != N; ++Id)
        if (Events[Id].Op == Operation::Write &&
            Events[Id].HandleKey == Code->HandleKey)
          Tolerate(Id);
  }
  // A null handle has begun nothing (`if (db && began) db->rollback();`)
  // and has nothing to close, nor has one whose object says it holds no
  // transaction.
  // Where the object says one is still open after an end, that end failed
  // (WebKit's `transaction.commit(); if (transaction.inProgress())
  // transaction.rollback();`): nothing is ended there.
  if (const std::optional<IdleTest> &Idle =
          Actions.BlockIdleTests[B.getBlockID()]) {
    if (Idle->IdleSucc == SuccIndex)
      for (unsigned Begin : State.May.set_bits())
        if ((Events[Begin].Op == Operation::Begin ||
             Events[Begin].Op == Operation::Open) &&
            Events[Begin].HandleKey == Idle->HandleKey)
          State.May.reset(Begin);
    if (Idle->IdleSucc == SuccIndex && !Idle->AsksTransaction &&
        !Idle->AsksState)
      for (unsigned Id = 0, N = Events.size(); Id != N; ++Id)
        if (Events[Id].HandleKey == Idle->HandleKey)
          State.Done.set(Id);
    if (Idle->AsksState && Idle->IdleSucc != SuccIndex)
      forgetEnds(State, [&](const TxnEvent &End) {
        return End.HandleKey == Idle->HandleKey;
      });
    // After a call of the object's end, its flag says idle (Bacula's `if
    // (m_transaction && changes > 500) end(); if (!m_transaction) { BEGIN;
    // m_transaction = true; }`): no path says open, unless it began since.
    if (Idle->IdleSucc != SuccIndex && clearedFlag(State, *Idle))
      State.Unreachable = true;
  }
  // A branch on anything but the begin's own result decides something
  // inside its transaction.
  if (Succs.size() > 1 && !Actions.DispatchTry.count(&B))
    for (unsigned Begin : State.May.set_bits())
      if (Events[Begin].Op == Operation::Begin &&
          (!Test || Test->Event != Begin))
        State.Worked.set(Begin);
  if (const std::optional<FlagTest> &Flag =
          Actions.BlockFlagTests[B.getBlockID()];
      Flag && SuccIndex < 2)
    narrowFlags(State, *Flag, SuccIndex);
  State.MustOpen &= State.May;
  return State;
}

bool TxnDomain::clearedFlag(const FlowState &State,
                            const IdleTest &Idle) const {
  auto Cleared = [&](unsigned Id) {
    const TxnEvent &E = Events[Id];
    const FunctionDecl *Callee =
        E.HandleKey == Idle.HandleKey && endsTransaction(E.Op) && E.Site
            ? calleeOf(E.Site)
            : nullptr;
    return Callee &&
           llvm::is_contained(Idle.ClearedBy, Callee->getCanonicalDecl());
  };
  auto Begun = [&](unsigned Id) {
    return Events[Id].HandleKey == Idle.HandleKey &&
           Events[Id].Op == Operation::Begin;
  };
  return llvm::any_of(State.Happened.set_bits(), Cleared) &&
         llvm::none_of(State.May.set_bits(), Begun);
}

bool TxnDomain::feasible(const FlowState &State) const {
  if (State.Unreachable)
    return false;
  unsigned NumFlags = Actions.Flags.size();
  auto AllPaths = State.FlagValues.begin() + State.May.size() * NumFlags;
  return std::find(AllPaths, AllPaths + NumFlags, 0) == AllPaths + NumFlags;
}

bool TxnDomain::edgeIsLive(const CFGBlock &B, const CFGBlock &Succ) const {
  if (Actions.NeverReturningBlocks.contains(&B))
    return false;
  // From a try's dispatch, the edge that bypasses every handler is taken
  // only if some exception in the try body is not caught by them.
  auto It = Actions.DispatchTry.find(&B);
  if (It == Actions.DispatchTry.end() ||
      isa_and_nonnull<CXXCatchStmt>(Succ.getLabel()))
    return true;
  return Actions.Tries.lookup(It->second).FirstEscape != nullptr;
}

void TxnDomain::transfer(const CFGBlock &B, FlowState &State, Solver &S) {
  for (const Action &A : Actions.BlockActions[B.getBlockID()]) {
    apply(State, A, S);
    // What may no longer be open is not open on every path.
    State.MustOpen &= State.May;
  }
}

void TxnDomain::enterNextIteration(const Stmt *Loop, FlowState &State) const {
  // Going round a loop again starts a new iteration's workflow: the
  // commits made inside the loop are not followed by what comes next.
  for (unsigned C : State.May.set_bits())
    if (Events[C].Op == Operation::Commit &&
        Actions.isInside(Events[C].Site, Loop))
      State.May.reset(C);
}

} // namespace txnlint
