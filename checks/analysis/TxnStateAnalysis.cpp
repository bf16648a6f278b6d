//===--- TxnStateAnalysis.cpp - The per-function transaction engine -------===//
//
// One forward may-analysis over the CFG. Its state is a bit per event:
//   - a Begin's bit: that transaction may still be open;
//   - a Commit's bit: that commit may have happened, and no new workflow
//     (a later begin) has started since;
//   - a SavepointOpen's bit: that savepoint may still be open;
//   - a Write's bit: that write may have run outside any transaction.
// A second vector, joined by intersection, holds the end events (commit,
// rollback, close) that happened on every path with no begin on their
// handle since.
// Local flags (`bool ok`, an int or enum status) that a branch tests are
// path conditions: for each event bit, the state keeps the values each flag
// may hold on the paths where that bit is set, and a branch on the flag
// clears the bits whose paths cannot take it.
// Collection turns each CFG element into actions once; the fixpoint then
// only replays actions. Facts that checks need (exits with open
// transactions, failure points after commits, throws inside savepoints) are
// recorded as unions while solving, which is sound because states only grow.
//
//===----------------------------------------------------------------------===//

#include "TxnStateAnalysis.h"
#include "CallOperands.h"
#include "ForwardSolver.h"
#include "TxnActions.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/Analyses/PostOrderCFGView.h"
#include "clang/Analysis/CFG.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"

using namespace clang;

namespace txnlint {
namespace {

/// The facts at a program point (see the file comment).
struct FlowState {
  llvm::BitVector May;
  llvm::BitVector MustEnded;
  /// Begins handed to a callee that may have ended them: perhaps open.
  llvm::BitVector HandedOff;
  /// Calls made inside a transaction not yet ended (by call index).
  llvm::BitVector CallsSinceBegin;
  /// Events that happened on every path (joined by intersection).
  llvm::BitVector Happened;
  /// With tracked flags: row R, column F holds the value slots flag F may
  /// hold on the paths where May bit R is set; the last row, on all paths.
  /// Rows of bits not set are empty. No storage without flags.
  llvm::SmallVector<uint8_t, 0> FlagValues;
  bool operator==(const FlowState &O) const {
    return May == O.May && MustEnded == O.MustEnded &&
           HandedOff == O.HandedOff && CallsSinceBegin == O.CallsSinceBegin &&
           Happened == O.Happened && FlagValues == O.FlagValues;
  }
};

bool rethrows(const Stmt *S);

class FunctionAnalyzer {
public:
  FunctionAnalyzer(const FunctionDecl *FD, TxnAnalysisCache &Cache,
                   ExceptionFlow &Exceptions, const AnalysisBudget &Budget)
      : FD(FD), Cache(Cache), Ctx(Cache.context()),
        Classifier(Cache.classifier()), Exceptions(Exceptions),
        Budget(Budget) {}

  std::unique_ptr<FunctionTxnResult> run();

  // The solver's domain (see ForwardSolver.h).
  using State = FlowState;
  using Solver = ForwardSolver<FunctionAnalyzer>;
  void transfer(const CFGBlock &B, FlowState &State, Solver &S);
  void enterNextIteration(const Stmt *Loop, FlowState &State) const;
  void normalize(FlowState &State) const;
  bool join(FlowState &Into, const FlowState &From) const;
  FlowState edgeState(const FlowState &Out, const CFGBlock &B,
                      unsigned SuccIndex) const;
  bool edgeIsLive(const CFGBlock &B, const CFGBlock &Succ) const;

private:
  // Solving.
  void apply(FlowState &State, const Action &A);
  void applyEvent(FlowState &State, unsigned Id);
  void noteInScopes(const llvm::BitVector &State, const TxnEvent &E, unsigned Id);
  void endTransactions(llvm::BitVector &State, const TxnEvent &End);
  void endSavepoints(llvm::BitVector &State, const TxnEvent &End);
  void forgetEnds(FlowState &State, llvm::function_ref<bool(const TxnEvent &)> OnHandle);
  void recordFailure(const llvm::BitVector &State, FailurePoint Point,
                     const TxnEvent *Write = nullptr);
  void recordThrow(const llvm::BitVector &State, const Stmt *Site);
  void recordUnwind(const llvm::BitVector &State, const Stmt *Site);
  void recordCallInTransaction(FlowState &State, const Stmt *Site);
  void narrowFlags(FlowState &State, const FlagTest &Test, unsigned Succ) const;
  void joinFlags(FlowState &Into, const FlowState &From) const;
  bool solve();

  // Results.
  void collectExits();
  void recordExit(const llvm::BitVector &State, ExitPoint Exit);
  void inferReturnedEvent(
      llvm::ArrayRef<std::pair<const Stmt *, llvm::BitVector>> Returns);
  bool isReportable(unsigned Begin) const;
  void collectFailures();
  void collectThrowsInSavepoints();
  void collectLifecycleFacts();
  void collectScopes();
  bool isStoredOrReturned(const TxnEvent &Begin) const;
  std::optional<ThrowInSavepoint::Outcome> throwOutcome(const Stmt *Site,
                                                        unsigned Savepoint);
  bool handlerRollsBack(const CXXCatchStmt *Handler, unsigned Savepoint) const;
  bool unwindingRollsBack(const CXXTryStmt *Try, unsigned Savepoint) const;

  const FunctionDecl *FD;
  TxnAnalysisCache &Cache;
  ASTContext &Ctx;
  TxnEventClassifier &Classifier;
  ExceptionFlow &Exceptions;
  const AnalysisBudget &Budget;

  std::unique_ptr<CFG> Cfg;
  std::unique_ptr<FunctionTxnResult> Result;
  std::optional<TxnActions> Actions;
  std::unique_ptr<PostOrderCFGView> PostOrder;
  std::unique_ptr<Solver> Flow;

  llvm::DenseMap<const Stmt *, llvm::BitVector> ExceptionalExits;
  llvm::MapVector<const Stmt *, llvm::BitVector> CallsInTransactions;
  /// For each call index, the commits a path from it reaches before the
  /// transaction ends otherwise.
  llvm::DenseMap<unsigned, llvm::SetVector<unsigned>> CommitsAfterCall;
  llvm::MapVector<std::pair<unsigned, unsigned>, bool> UsesAfterEnd;
  llvm::MapVector<unsigned, unsigned> RepeatedWrites;
  llvm::MapVector<std::pair<unsigned, const Stmt *>, bool> Unwinds;
  /// What happens inside each begin's transaction (for the audit).
  struct Scope {
    llvm::SetVector<unsigned> Writes, Savepoints, Ends;
    llvm::SetVector<const Stmt *> Fallible;
    /// A call that may write was made while it was open.
    bool CallMayWrite = false;
  };
  llvm::MapVector<unsigned, Scope> ScopeFacts;
  llvm::DenseMap<unsigned, unsigned> LeftOpenIndex;
  /// For each commit, the failure points that may follow it.
  llvm::MapVector<unsigned, llvm::MapVector<const Stmt *, FailurePoint>>
      Failures;
  /// For each throwing statement, the savepoints that may be open there.
  llvm::MapVector<const Stmt *, llvm::BitVector> ThrowStates;
};

//===-- Collection --------------------------------------------------------===//

//===-- Solving -----------------------------------------------------------===//

void FunctionAnalyzer::endTransactions(llvm::BitVector &State,
                                       const TxnEvent &End) {
  // End the begins on this handle. An end on a handle that no begin of the
  // function names (another spelling of the same connection, such as
  // QSqlDatabase::database() for a local copy) ends them all; a destructor
  // names its own variable exactly.
  const std::vector<TxnEvent> &Events = Result->Events;
  bool KnownHandle =
      End.Destructor || llvm::any_of(Events, [&](const TxnEvent &B) {
        return B.Op == Operation::Begin && !End.HandleKey.empty() &&
               B.HandleKey == End.HandleKey;
      });
  unsigned EndId = &End - Events.data();
  for (unsigned B : State.set_bits())
    if (Events[B].Op == Operation::Begin &&
        (!KnownHandle || Events[B].HandleKey == End.HandleKey)) {
      State.reset(B);
      ScopeFacts[B].Ends.insert(EndId);
    }
  // Ending a transaction ends its savepoints.
  for (unsigned S : State.set_bits())
    if (Events[S].Op == Operation::SavepointOpen &&
        (Events[S].HandleKey == End.HandleKey ||
         (!End.ConnectionKey.empty() &&
          Events[S].ConnectionKey == End.ConnectionKey)))
      State.reset(S);
}

void FunctionAnalyzer::endSavepoints(llvm::BitVector &State,
                                     const TxnEvent &End) {
  // By name when the savepoint has one (SQL), else every open savepoint on
  // the handle (savepoint objects, RocksDB's savepoint stack).
  const std::vector<TxnEvent> &Events = Result->Events;
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

void FunctionAnalyzer::recordFailure(const llvm::BitVector &State,
                                     FailurePoint Point, const TxnEvent *Write) {
  const std::vector<TxnEvent> &Events = Result->Events;
  for (unsigned C : State.set_bits()) {
    const TxnEvent &Commit = Events[C];
    if (Commit.Op != Operation::Commit)
      continue;
    // Further writes of the workflow go to the connection; writing to a
    // committed transaction object again is a use after its end instead.
    if (Write && !((Write->HandleKey == Commit.HandleKey &&
                    Commit.HandleRole == Role::Session) ||
                   (!Commit.ConnectionKey.empty() &&
                    Write->HandleKey == Commit.ConnectionKey)))
      continue;
    // A commit inside a loop is that iteration's workflow: what follows the
    // loop is not part of it.
    auto Loop = Actions->EnclosingLoop.find(Commit.Site);
    if (Loop != Actions->EnclosingLoop.end() && !Actions->isInside(Point.Site, Loop->second))
      continue;
    Failures[C].insert({Point.Site, Point});
  }
}

void FunctionAnalyzer::recordThrow(const llvm::BitVector &State,
                                   const Stmt *Site) {
  llvm::BitVector &Recorded = ThrowStates[Site];
  Recorded.resize(State.size());
  Recorded |= State;
}

void FunctionAnalyzer::recordUnwind(const llvm::BitVector &State,
                                    const Stmt *Site) {
  for (unsigned B : State.set_bits())
    if (Result->Events[B].Op == Operation::Begin &&
        Result->Events[B].CommitsOnUnwind)
      Unwinds.insert({{B, Site}, true});
}

void FunctionAnalyzer::recordCallInTransaction(FlowState &State,
                                               const Stmt *Site) {
  // Open begins, and begins a callee had and perhaps left open.
  llvm::BitVector Open = State.HandedOff;
  for (unsigned B : State.May.set_bits())
    if (Result->Events[B].Op == Operation::Begin)
      Open.set(B);
  if (Open.none())
    return;
  llvm::BitVector &Recorded = CallsInTransactions[Site];
  Recorded.resize(Open.size());
  Recorded |= Open;
  State.CallsSinceBegin.set(Actions->CallSites.lookup(Site));
}

void FunctionAnalyzer::forgetEnds(
    FlowState &State, llvm::function_ref<bool(const TxnEvent &)> OnHandle) {
  for (unsigned E : State.MustEnded.set_bits())
    if (OnHandle(Result->Events[E]))
      State.MustEnded.reset(E);
}

void FunctionAnalyzer::noteInScopes(const llvm::BitVector &State,
                                    const TxnEvent &E, unsigned Id) {
  for (unsigned B : State.set_bits()) {
    if (Result->Events[B].Op != Operation::Begin)
      continue;
    Scope &Facts = ScopeFacts[B];
    if (E.Op == Operation::Write)
      Facts.Writes.insert(Id);
    else if (E.Op == Operation::SavepointOpen)
      Facts.Savepoints.insert(Id);
    if (E.Failure != FailureReport::None && E.Op != Operation::Begin)
      Facts.Fallible.insert(E.Site);
  }
}

void FunctionAnalyzer::applyEvent(FlowState &State, unsigned Id) {
  const TxnEvent &E = Result->Events[Id];
  const std::vector<TxnEvent> &Events = Result->Events;
  noteInScopes(State.May, E, Id);
  State.Happened.set(Id);
  // A use of a handle that every path has already ended. Destructors are
  // not uses; for a connection only a second end is (it may begin anew or
  // write in autocommit mode).
  // For a connection only a second end is a use: closing it after its
  // transaction ended is how programs end, closing it twice is not.
  auto IsUseAfter = [&](const TxnEvent &End) {
    if (E.HandleRole != Role::Session)
      return true;
    return E.Op == Operation::Commit || E.Op == Operation::Rollback ||
           (E.Op == Operation::Close && End.Op == Operation::Close);
  };
  if (!E.Destructor && E.Op != Operation::Begin)
    for (unsigned End : State.MustEnded.set_bits())
      if (Events[End].HandleKey == E.HandleKey && !E.HandleKey.empty() &&
          IsUseAfter(Events[End]))
        UsesAfterEnd.insert({{Id, End}, true});

  switch (E.Op) {
  case Operation::Begin:
    State.May.set(Id);
    // A new transaction starts a new workflow: commits before it are no
    // longer followed by failures of theirs.
    for (unsigned C : State.May.set_bits())
      if (Events[C].Op == Operation::Commit)
        State.May.reset(C);
    [[fallthrough]];
  case Operation::Open:
    // What ended on the handle is behind it: a reopened connection may be
    // closed again.
    forgetEnds(State, [&](const TxnEvent &End) {
      return End.HandleKey == E.HandleKey;
    });
    return;
  case Operation::Commit:
  case Operation::Rollback:
  case Operation::Close:
    if (E.Op == Operation::Commit)
      for (unsigned Call : State.CallsSinceBegin.set_bits())
        CommitsAfterCall[Call].insert(Id);
    State.CallsSinceBegin.reset();
    for (unsigned B : State.HandedOff.set_bits())
      if (Events[B].HandleKey == E.HandleKey)
        State.HandedOff.reset(B);
    endTransactions(State.May, E);
    if (E.Op == Operation::Commit)
      State.May.set(Id);
    if (!E.HandleKey.empty())
      State.MustEnded.set(Id);
    return;
  case Operation::SavepointOpen:
    State.May.set(Id);
    return;
  case Operation::SavepointRelease:
  case Operation::SavepointRollback:
    endSavepoints(State.May, E);
    return;
  case Operation::Write: {
    recordFailure(State.May, {FailurePoint::Write, E.Site, nullptr, false, Id},
                  &E);
    // Writes outside every transaction run in autocommit mode, one by one.
    // A savepoint outside BEGIN starts a transaction too (SQLite).
    bool InTransaction =
        State.HandedOff.any() ||
        llvm::any_of(State.May.set_bits(), [&](unsigned B) {
          return Events[B].Op == Operation::Begin ||
                 Events[B].Op == Operation::SavepointOpen;
        });
    // A write through a transaction object is inside that transaction.
    if (InTransaction || E.HandleKey.empty() || E.HandleRole != Role::Session)
      return;
    // A write further down the source reaches this one only round a loop,
    // where the pair is already reported the other way round; the same
    // helper called again runs the same statements again, as in a loop.
    const SourceManager &SM = Ctx.getSourceManager();
    for (unsigned W : State.May.set_bits())
      if (W != Id && Events[W].Op == Operation::Write &&
          Events[W].HandleKey == E.HandleKey &&
          !SM.isBeforeInTranslationUnit(eventLocation(E),
                                        eventLocation(Events[W])) &&
          !(E.Via && Events[W].Via == E.Via)) {
        // Prefer an earlier write of known SQL: checks drop pairs that
        // rest on unknown SQL.
        auto [It, Inserted] = RepeatedWrites.insert({Id, W});
        if (!Inserted && Events[It->second].SqlUnknown &&
            !Events[W].SqlUnknown)
          It->second = W;
      }
    State.May.set(Id);
    return;
  }
  default:
    return;
  }
}

void FunctionAnalyzer::apply(FlowState &State, const Action &A) {
  unsigned NumFlags = Actions->Flags.size();
  unsigned AllPaths = Result->Events.size() * NumFlags;
  switch (A.K) {
  case Action::Event:
    applyEvent(State, A.EventId);
    // Every path here now has the event's bit set.
    if (NumFlags && State.May.test(A.EventId))
      std::copy_n(State.FlagValues.begin() + AllPaths, NumFlags,
                  State.FlagValues.begin() + A.EventId * NumFlags);
    return;
  case Action::SetFlag:
    for (unsigned Bit : State.May.set_bits())
      State.FlagValues[Bit * NumFlags + A.Flag] = A.FlagValues;
    State.FlagValues[AllPaths + A.Flag] = A.FlagValues;
    return;
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
    if (A.MayWrite) {
      for (unsigned B : State.May.set_bits())
        if (Result->Events[B].Op == Operation::Begin)
          ScopeFacts[B].CallMayWrite = true;
      for (unsigned B : State.HandedOff.set_bits())
        ScopeFacts[B].CallMayWrite = true;
    }
    if (A.MayEnd)
      for (unsigned B : State.May.set_bits())
        if (Result->Events[B].Op == Operation::Begin &&
            Reaches(Result->Events[B])) {
          State.May.reset(B);
          State.HandedOff.set(B);
        }
    // The callee may begin anew on what it is handed.
    if (A.MayEnd || A.MayBegin)
      forgetEnds(State, Reaches);
    return;
  }
  case Action::SideExit: {
    for (unsigned B : State.May.set_bits())
      if (Result->Events[B].Op == Operation::Begin)
        ScopeFacts[B].Fallible.insert(A.Site);
    recordThrow(State.May, A.Site);
    recordUnwind(State.May, A.Site);
    recordCallInTransaction(State, A.Site);
    // A modelled call's failure is what its events say: a write is a
    // failure point as a write, a read or a begin (a new workflow) is none,
    // and a commit that throws did not commit.
    FlowState Thrown = State;
    if (!Actions->SiteEvents.count(A.Site))
      recordFailure(State.May,
                    {FailurePoint::Call, A.Site, calleeOf(A.Site), true});
    else if (auto Tested = Actions->SiteTested.find(A.Site);
             Tested != Actions->SiteTested.end() &&
             Result->Events[Tested->second].Op == Operation::Commit) {
      Thrown.May.reset(Tested->second);
      Thrown.MustEnded.reset(Tested->second);
    }
    auto It = Actions->EnclosingTry.find(A.Site);
    if (It != Actions->EnclosingTry.end())
      Flow->joinInto(Actions->Tries[It->second].Dispatch, Thrown);
    else
      ExceptionalExits[A.Site] |= Thrown.May;
    return;
  }
  case Action::Throw:
    recordThrow(State.May, A.Site);
    recordUnwind(State.May, A.Site);
    recordFailure(State.May, {FailurePoint::Throw, A.Site, nullptr, true});
    return;
  case Action::HandlerEntry:
    Flow->joinInto(Actions->Tries[Actions->EnclosingTry.lookup(A.Site)].Dispatch, State);
    return;
  case Action::Failure:
    if (A.FailureKind == FailurePoint::Call)
      recordCallInTransaction(State, A.Site);
    if (!A.Summarized)
      recordFailure(State.May,
                    {A.FailureKind, A.Site, calleeOf(A.Site), A.MayThrow});
    return;
  }
}

void FunctionAnalyzer::normalize(FlowState &State) const {
  // Rows of bits the transfer functions cleared: emptied, so that joins
  // and comparisons see only live rows.
  if (unsigned NumFlags = Actions->Flags.size())
    for (unsigned Bit = 0, N = State.May.size(); Bit < N; ++Bit)
      if (!State.May.test(Bit))
        std::fill_n(State.FlagValues.begin() + Bit * NumFlags, NumFlags, 0);
}

bool FunctionAnalyzer::join(FlowState &Into, const FlowState &From) const {
  FlowState Old = Into;
  Into.May |= From.May;
  Into.MustEnded &= From.MustEnded;
  Into.HandedOff |= From.HandedOff;
  Into.CallsSinceBegin |= From.CallsSinceBegin;
  Into.Happened &= From.Happened;
  joinFlags(Into, From);
  return !(Into == Old);
}

void FunctionAnalyzer::joinFlags(FlowState &Into, const FlowState &From) const {
  unsigned NumFlags = Actions->Flags.size();
  auto JoinRow = [&](unsigned Row) {
    for (unsigned F = Row * NumFlags, End = F + NumFlags; F < End; ++F)
      Into.FlagValues[F] |= From.FlagValues[F];
  };
  if (!NumFlags)
    return;
  for (unsigned Bit : From.May.set_bits())
    JoinRow(Bit);
  JoinRow(From.May.size());
}

void FunctionAnalyzer::narrowFlags(FlowState &State, const FlagTest &Test,
                                   unsigned Succ) const {
  // Only the paths whose flag value takes this edge continue on it: a bit
  // set on none of them is clear here.
  unsigned NumFlags = Actions->Flags.size();
  State.FlagValues[State.May.size() * NumFlags + Test.Flag] &= Test.Takes[Succ];
  for (unsigned Bit : State.May.set_bits()) {
    uint8_t &Values = State.FlagValues[Bit * NumFlags + Test.Flag];
    Values &= Test.Takes[Succ];
    if (!Values) {
      State.May.reset(Bit);
      std::fill_n(State.FlagValues.begin() + Bit * NumFlags, NumFlags, 0);
    }
  }
}

FlowState FunctionAnalyzer::edgeState(const FlowState &Out, const CFGBlock &B,
                                      unsigned SuccIndex) const {
  FlowState State = Out;
  const std::optional<EventTest> &Test = Actions->BlockTests[B.getBlockID()];
  if (Test && Test->FailureSucc == SuccIndex) {
    // The begin or commit failed on this edge: it did nothing.
    State.May.reset(Test->Event);
    State.MustEnded.reset(Test->Event);
  }
  if (const std::optional<FlagTest> &Flag = Actions->BlockFlagTests[B.getBlockID()];
      Flag && SuccIndex < 2)
    narrowFlags(State, *Flag, SuccIndex);
  return State;
}

bool FunctionAnalyzer::edgeIsLive(const CFGBlock &B, const CFGBlock &Succ) const {
  // From a try's dispatch, the edge that bypasses every handler is taken
  // only if some exception in the try body is not caught by them.
  auto It = Actions->DispatchTry.find(&B);
  if (It == Actions->DispatchTry.end() || isa_and_nonnull<CXXCatchStmt>(Succ.getLabel()))
    return true;
  return Actions->Tries.lookup(It->second).FirstEscape != nullptr;
}

void FunctionAnalyzer::transfer(const CFGBlock &B, FlowState &State,
                                Solver &) {
  for (const Action &A : Actions->BlockActions[B.getBlockID()])
    apply(State, A);
}

void FunctionAnalyzer::enterNextIteration(const Stmt *Loop,
                                          FlowState &State) const {
  // Going round a loop again starts a new iteration's workflow: the
  // commits made inside the loop are not followed by what comes next.
  for (unsigned C : State.May.set_bits())
    if (Result->Events[C].Op == Operation::Commit &&
        Actions->isInside(Result->Events[C].Site, Loop))
      State.May.reset(C);
}

bool FunctionAnalyzer::solve() {
  unsigned NumBlocks = Cfg->getNumBlockIDs();
  unsigned NumEvents = Result->Events.size();
  FlowState Empty{llvm::BitVector(NumEvents), llvm::BitVector(NumEvents),
                  llvm::BitVector(NumEvents),
                  llvm::BitVector(Actions->CallSites.size()),
                  llvm::BitVector(NumEvents), {}};
  // No bit is set at the entry; each flag's value is unknown there.
  Empty.FlagValues.assign((NumEvents + 1) * Actions->Flags.size(), 0);
  std::fill(Empty.FlagValues.begin() + NumEvents * Actions->Flags.size(),
            Empty.FlagValues.end(), UnknownValue);
  return Flow->solve(Empty, Budget.VisitsPerBlock * NumBlocks + 64);
}

//===-- Results -----------------------------------------------------------===//

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

void FunctionAnalyzer::inferReturnedEvent(
    llvm::ArrayRef<std::pair<const Stmt *, llvm::BitVector>> Returns) {
  // The value returned says how an event went: the event's own result
  // (`return sqlite3_exec(...)`), a test of it (`return q.exec() == OK`),
  // or constants that agree with it (`if (!db.commit()) return false;
  // return true;`).
  std::optional<std::pair<unsigned, FailureReport>> Reported;
  llvm::SmallVector<std::pair<bool, const llvm::BitVector *>, 4> Constants;
  for (const auto &[Ret, May] : Returns) {
    const Expr *Value = returnedValue(Ret);
    std::optional<std::pair<unsigned, FailureReport>> This;
    if (const auto *Bool = dyn_cast<CXXBoolLiteralExpr>(
            Value->IgnoreParenImpCasts()->IgnoreImplicit())) {
      Constants.push_back({Bool->getValue(), &May});
      continue;
    }
    if (auto It = Actions->SiteTested.find(resultSource(Value)); It != Actions->SiteTested.end())
      This = {It->second, Result->Events[It->second].Failure};
    else if (std::optional<EventTest> Test = Actions->testedEvent(Value);
             Test && Test->FailureSucc == 1)
      This = {Test->Event, FailureReport::ReturnsBool};
    if (!This || This->second == FailureReport::None ||
        (Reported && *Reported != *This))
      return;
    Reported = This;
  }
  if (Constants.empty() && !Reported)
    return;
  // Constants say true where the event may have succeeded, false where it
  // did not happen or failed; at least one false, or they report nothing.
  auto Agrees = [&](unsigned Event) {
    return llvm::all_of(Constants, [&](const auto &Constant) {
             return Constant.first == Constant.second->test(Event);
           }) &&
           (Reported || llvm::any_of(Constants, [](const auto &Constant) {
              return !Constant.first;
            }));
  };
  if (Reported) {
    if (Constants.empty() || (Reported->second == FailureReport::ReturnsBool &&
                              Agrees(Reported->first))) {
      Result->ReturnedEvent = Reported->first;
      Result->ReturnedAs = Reported->second;
    }
    return;
  }
  for (const auto &[Site, Event] : Actions->SiteTested)
    if (Result->Events[Event].Failure != FailureReport::None && Agrees(Event) &&
        (!Result->ReturnedEvent || Event < *Result->ReturnedEvent)) {
      Result->ReturnedEvent = Event;
      Result->ReturnedAs = FailureReport::ReturnsBool;
    }
}

bool FunctionAnalyzer::isReportable(unsigned Begin) const {
  const std::vector<TxnEvent> &Events = Result->Events;
  const TxnEvent &E = Events[Begin];
  if (E.Scoped || Actions->ReturnedSites.contains(E.Site) ||
      Actions->StoredKeys.contains(E.HandleKey) || Actions->ReturnedKeys.contains(E.HandleKey))
    return false;
  // A transaction object held in a local variable (RocksDB's Transaction*,
  // LMDB's MDB_txn*) belongs to this function: left alone, it leaks.
  const auto *Local = dyn_cast_or_null<VarDecl>(
      E.BoundVariable ? E.BoundVariable : rootVariable(E.Handle));
  if (E.HandleRole == Role::Transaction && Local && Local->hasLocalStorage() &&
      !isa<ParmVarDecl>(Local))
    return true;
  // A function that never ends the transaction on any path began it for its
  // caller (a begin() wrapper): that is a hand-off, not a leak.
  for (const TxnEvent &Other : Events) {
    if (!endsTransaction(Other.Op))
      continue;
    if (Other.HandleKey == E.HandleKey ||
        (!Other.Destructor && llvm::none_of(Events, [&](const TxnEvent &B) {
          return B.Op == Operation::Begin && B.HandleKey == Other.HandleKey;
        })))
      return true;
  }
  return false;
}

void FunctionAnalyzer::collectExits() {
  const CFGBlock &Exit = Cfg->getExit();
  SourceLocation EndOfBody = FD->getBody()->getEndLoc();
  std::optional<llvm::BitVector> OnEveryPath;
  std::vector<std::pair<const Stmt *, llvm::BitVector>> Returns;
  for (const CFGBlock *P : Exit.preds()) {
    if (!P || !Flow->reached(*P) || P->hasNoReturnElement())
      continue;
    unsigned Index = 0;
    for (const CFGBlock::AdjacentBlock &Succ : P->succs()) {
      if (Succ.getReachableBlock() == &Exit && edgeIsLive(*P, Exit)) {
        ExitPoint Point{ExitPoint::EndOfFunction, EndOfBody};
        const Stmt *Ret = nullptr;
        if (auto It = Actions->DispatchTry.find(P); It != Actions->DispatchTry.end()) {
          Point = {ExitPoint::Exception,
                   Actions->Tries[It->second].FirstEscape->getBeginLoc()};
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
        FlowState State = edgeState(Flow->out(*P), *P, Index);
        recordExit(State.May, Point);
        if (Point.K != ExitPoint::Exception) {
          if (OnEveryPath)
            *OnEveryPath &= State.Happened;
          else
            OnEveryPath = State.Happened;
          if (Ret && returnedValue(Ret))
            Returns.push_back({Ret, std::move(State.May)});
        }
      }
      ++Index;
    }
  }
  for (const auto &[Site, State] : ExceptionalExits)
    recordExit(State, {ExitPoint::Exception, Site->getBeginLoc()});
  Result->OnEveryPath =
      OnEveryPath ? std::move(*OnEveryPath) : llvm::BitVector(Result->Events.size());
  inferReturnedEvent(Returns);

  const SourceManager &SM = Ctx.getSourceManager();
  for (LeftOpenTransaction &L : Result->LeftOpen)
    llvm::sort(L.Exits, [&](const ExitPoint &A, const ExitPoint &B) {
      return SM.isBeforeInTranslationUnit(A.Loc, B.Loc);
    });
  llvm::sort(Result->LeftOpen,
             [](const LeftOpenTransaction &A, const LeftOpenTransaction &B) {
               return A.Begin < B.Begin;
             });
}

void FunctionAnalyzer::collectFailures() {
  const SourceManager &SM = Ctx.getSourceManager();
  for (auto &[Commit, Points] : Failures) {
    CommitThenFailure Entry{Commit, {}};
    for (auto &[Site, Point] : Points)
      Entry.Points.push_back(Point);
    llvm::sort(Entry.Points, [&](const FailurePoint &A, const FailurePoint &B) {
      return SM.isBeforeInTranslationUnit(A.Site->getBeginLoc(),
                                          B.Site->getBeginLoc());
    });
    Result->CommitsThenFailures.push_back(std::move(Entry));
  }
  llvm::sort(Result->CommitsThenFailures,
             [](const CommitThenFailure &A, const CommitThenFailure &B) {
               return A.Commit < B.Commit;
             });
}

bool FunctionAnalyzer::handlerRollsBack(const CXXCatchStmt *Handler,
                                        unsigned Savepoint) const {
  const TxnEvent &Open = Result->Events[Savepoint];
  for (const auto &[Site, Ids] : Actions->SiteEvents) {
    if (!Actions->isInside(Site, Handler))
      continue;
    for (unsigned Id : Ids) {
      const TxnEvent &E = Result->Events[Id];
      // Rolling back the whole transaction is a deliberate decision too.
      if ((E.Op == Operation::SavepointRollback &&
           E.HandleKey == Open.HandleKey &&
           (E.SavepointName.empty() || E.SavepointName == Open.SavepointName)) ||
          E.Op == Operation::Rollback)
        return true;
    }
  }
  return false;
}

/// Whether \p Handler throws again (a rethrow or a new exception).
bool rethrows(const Stmt *S) {
  if (!S || isa<LambdaExpr>(S))
    return false;
  if (isa<CXXThrowExpr>(S))
    return true;
  return llvm::any_of(S->children(), rethrows);
}

std::optional<ThrowInSavepoint::Outcome>
FunctionAnalyzer::throwOutcome(const Stmt *Site, unsigned Savepoint) {
  std::optional<ExceptionInfo> Info = Exceptions.mayThrow(Site);
  if (!Info)
    return std::nullopt;
  const TxnEvent &Open = Result->Events[Savepoint];
  auto It = Actions->EnclosingTry.find(Site);
  for (const CXXTryStmt *Try = It == Actions->EnclosingTry.end() ? nullptr : It->second;
       Try; Try = Actions->Tries[Try].Parent) {
    const CXXCatchStmt *Handler = Exceptions.handlerFor(*Info, Try, Ctx);
    if (!Handler)
      continue;
    // Rolled back to the savepoint (or further) before the handler is done:
    // by the handler, or by RAII objects of the try block that unwinding
    // destroys. Then stopping or rethrowing is the author's decision.
    if (handlerRollsBack(Handler, Savepoint) ||
        unwindingRollsBack(Try, Savepoint))
      return std::nullopt;
    if (rethrows(Handler->getHandlerBlock()))
      continue;
    // A try inside the savepoint's scope stops the exception before it
    // reaches the savepoint, which is fine unless what failed was the
    // database itself: then the savepoint's work is in a failed state.
    bool TryInsideSavepoint = !Actions->isInside(Open.Site, Try->getTryBlock());
    if (TryInsideSavepoint && !Actions->SiteEvents.count(Site))
      return std::nullopt;
    return ThrowInSavepoint::CaughtWithoutRollback;
  }
  // Out of the function: an RAII savepoint's destructor rolls back to it
  // while the exception unwinds, and the caller's handler decides what
  // happens next; any other savepoint is left open.
  if (Open.Scoped)
    return std::nullopt;
  return ThrowInSavepoint::Uncaught;
}

bool FunctionAnalyzer::unwindingRollsBack(const CXXTryStmt *Try,
                                          unsigned Savepoint) const {
  const TxnEvent &Open = Result->Events[Savepoint];
  if (Open.Scoped && Actions->isInside(Open.Site, Try->getTryBlock()))
    return true;
  // An RAII transaction of the try block rolls back everything, savepoint
  // included.
  return llvm::any_of(Result->Events, [&](const TxnEvent &Begin) {
    return Begin.Op == Operation::Begin && Begin.Scoped &&
           !Begin.CommitsOnUnwind && Actions->isInside(Begin.Site, Try->getTryBlock()) &&
           (Begin.HandleKey == Open.HandleKey ||
            (!Open.ConnectionKey.empty() &&
             Begin.ConnectionKey == Open.ConnectionKey));
  });
}

void FunctionAnalyzer::collectThrowsInSavepoints() {
  for (const auto &[Site, State] : ThrowStates) {
    // A rethrow continues an exception already reported where it started.
    if (const auto *Throw = dyn_cast<CXXThrowExpr>(Site); Throw && !Throw->getSubExpr())
      continue;
    for (unsigned S : State.set_bits())
      if (Result->Events[S].Op == Operation::SavepointOpen)
        if (auto Outcome = throwOutcome(Site, S))
          Result->ThrowsInSavepoints.push_back({Site, S, *Outcome});
  }
}

void FunctionAnalyzer::collectScopes() {
  const SourceManager &SM = Ctx.getSourceManager();
  auto EventsInOrder = [&](const llvm::SetVector<unsigned> &Ids) {
    std::vector<unsigned> List(Ids.begin(), Ids.end());
    llvm::sort(List, [&](unsigned A, unsigned B) {
      return SM.isBeforeInTranslationUnit(eventLocation(Result->Events[A]),
                                          eventLocation(Result->Events[B]));
    });
    return List;
  };
  for (unsigned B = 0; B < Result->Events.size(); ++B) {
    if (Result->Events[B].Op != Operation::Begin)
      continue;
    const Scope &Facts = ScopeFacts[B];
    TransactionScope Out;
    Out.Begin = B;
    Out.Writes = EventsInOrder(Facts.Writes);
    Out.Savepoints = EventsInOrder(Facts.Savepoints);
    Out.Ends = EventsInOrder(Facts.Ends);
    Out.FailurePoints.assign(Facts.Fallible.begin(), Facts.Fallible.end());
    Out.MayWrite = Facts.CallMayWrite || !Facts.Writes.empty();
    llvm::sort(Out.FailurePoints, [&](const Stmt *X, const Stmt *Y) {
      return SM.isBeforeInTranslationUnit(X->getBeginLoc(), Y->getBeginLoc());
    });
    Out.LeftOpenByException =
        llvm::any_of(Result->LeftOpen, [&](const LeftOpenTransaction &L) {
          return L.Begin == B && llvm::any_of(L.Exits, [](const ExitPoint &E) {
                   return E.K == ExitPoint::Exception;
                 });
        });
    Result->Scopes.push_back(std::move(Out));
  }
}

void FunctionAnalyzer::collectLifecycleFacts() {
  for (const auto &[Pair, _] : UsesAfterEnd)
    Result->UsesAfterEnd.push_back({Pair.first, Pair.second});
  for (const auto &[Write, Earlier] : RepeatedWrites)
    Result->AutocommitWrites.push_back({Write, Earlier});
  for (const auto &[Site, Begins] : CallsInTransactions) {
    CallInTransaction Call{
        Site, std::vector<unsigned>(Begins.set_bits_begin(), Begins.set_bits_end()),
        {}};
    if (auto It = CommitsAfterCall.find(Actions->CallSites.lookup(Site));
        It != CommitsAfterCall.end())
      Call.CommitsAfter.assign(It->second.begin(), It->second.end());
    Result->CallsInTransactions.push_back(std::move(Call));
  }
  // A committing destructor runs during unwinding unless the exception is
  // caught inside the variable's scope (by a try whose try block does not
  // contain the variable).
  for (const auto &[Pair, _] : Unwinds) {
    auto [Begin, Site] = Pair;
    const TxnEvent &E = Result->Events[Begin];
    std::optional<ExceptionInfo> Info = Exceptions.mayThrow(Site);
    if (!Info && !isa<CXXThrowExpr>(Site))
      continue;
    bool Destroyed = true;
    auto It = Actions->EnclosingTry.find(Site);
    for (const CXXTryStmt *Try = It == Actions->EnclosingTry.end() ? nullptr : It->second;
         Try; Try = Actions->Tries[Try].Parent) {
      const CXXCatchStmt *Handler =
          Info ? Exceptions.handlerFor(*Info, Try, Ctx) : nullptr;
      if (!Handler)
        continue;
      // Rolled back in the handler: the destructor has nothing to commit.
      if (llvm::any_of(Actions->SiteEvents, [&](const auto &Site) {
            return Actions->isInside(Site.first, Handler) &&
                   llvm::any_of(Site.second, [&](unsigned Id) {
                     const TxnEvent &End = Result->Events[Id];
                     return End.Op == Operation::Rollback &&
                            End.HandleKey == E.HandleKey;
                   });
          })) {
        Destroyed = false;
        break;
      }
      if (rethrows(Handler->getHandlerBlock()))
        continue;
      Destroyed = Actions->isInside(E.Site, Try->getTryBlock());
      break;
    }
    if (Destroyed)
      Result->CommitsOnUnwind.push_back({Begin, Site});
  }
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
  Flow = std::make_unique<Solver>(*Cfg, *PostOrder, *this);
  Actions.emplace(FD, Cache, Exceptions, Result->Events);
  Actions->extract(*Cfg, *PostOrder);
  if (Result->Events.empty())
    return std::move(Result);
  if (!solve()) {
    Result->BudgetExceeded = true;
    return std::move(Result);
  }
  collectExits();
  collectFailures();
  collectThrowsInSavepoints();
  collectLifecycleFacts();
  collectScopes();
  return std::move(Result);
}

} // namespace

std::unique_ptr<FunctionTxnResult>
analyzeTransactions(const FunctionDecl *FD, TxnAnalysisCache &Cache,
                    ExceptionFlow &Exceptions, const AnalysisBudget &Budget) {
  return FunctionAnalyzer(FD, Cache, Exceptions, Budget).run();
}

} // namespace txnlint
