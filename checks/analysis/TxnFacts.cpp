//===--- TxnFacts.cpp - Facts for each family of checks -------------------===//
//
// The third layer of the engine (see TxnFacts.h): one collector per family
// of checks. Each records, while the solver runs, the union of what the
// transfer function tells it (sound, because states only grow), and after
// the exits turns that into its part of FunctionTxnResult, in source order.
//
//===----------------------------------------------------------------------===//

#include "TxnFacts.h"
#include "BodyWalk.h"
#include "CallOperands.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringSet.h"

using namespace clang;

namespace txnlint {
namespace {

/// What every collector reads: the function's events and actions.
class FactCollector : public TxnFactObserver {
public:
  FactCollector(const TxnActions &Actions, ExceptionFlow &Exceptions,
                ASTContext &Ctx)
      : Actions(Actions), Events(Actions.Events), Exceptions(Exceptions),
        Ctx(Ctx) {}

protected:
  const TxnActions &Actions;
  const std::vector<TxnEvent> &Events;
  ExceptionFlow &Exceptions;
  ASTContext &Ctx;
};

/// Whether \p S throws again (a rethrow or a new exception).
bool rethrows(const Stmt *S) {
  return !walkOutsideLambdas(S, [](const Stmt *S) {
    return isa<CXXThrowExpr>(S) ? WalkNext::Stop : WalkNext::Descend;
  });
}

/// Whether \p S throws the exception it caught again (`throw;`).
bool rethrowsCaught(const Stmt *S) {
  return !walkOutsideLambdas(S, [](const Stmt *S) {
    const auto *Throw = dyn_cast<CXXThrowExpr>(S);
    return Throw && !Throw->getSubExpr() ? WalkNext::Stop : WalkNext::Descend;
  });
}

//===-- Transactions left open (txn-missing-rollback) ---------------------===//

/// The begins that reach an exit of the function while open, and were not
/// begun for someone else (a caller, a member).
class LeftOpenCollector : public FactCollector {
public:
  using FactCollector::FactCollector;
  void exceptionalExit(const Stmt *Site, const FlowState &Thrown) override {
    ExceptionalExits[Site] |= Thrown.May;
  }
  void event(const FlowState &Before, unsigned Id) override;
  void functionExit(const FlowState &State, const ExitPoint &Exit,
                    const Stmt *) override;
  void collect(FunctionTxnResult &Result) override;

private:
  /// A begin that may still be open where the function exits, and whether
  /// anything happened in its transaction on the way there.
  struct OpenAtExit {
    unsigned Begin;
    ExitPoint Exit;
    bool Worked;
    bool Queried;
    /// The exit returns a value that says the function failed.
    bool ReturnsFailure;
  };
  bool isHandedOver(const TxnEvent &Begin) const;
  bool isLeftOpenHere(const OpenAtExit &X,
                      const llvm::BitVector &QueriedBegins) const;

  llvm::DenseMap<const Stmt *, llvm::BitVector> ExceptionalExits;
  std::vector<OpenAtExit> OpenExits;
  /// The begins that an end of this function ends on some path, and those
  /// that an end other than restoring autocommit ends (which commits only
  /// what is open: after `mysql_autocommit(db, false)` and a failed `LOCK
  /// TABLES`, it undoes a half-done begin).
  llvm::DenseSet<unsigned> EndedBegins;
  llvm::DenseSet<unsigned> NotOnlyUndone;
  /// The begins that some normal exit finds begun and ended, by a return
  /// that says the function failed, and by one that does not.
  llvm::DenseSet<unsigned> EndedBeforeFailure;
  llvm::DenseSet<unsigned> EndedBeforeSuccess;
  /// The events on every path to a normal exit.
  std::optional<llvm::BitVector> OnEveryPath;
};

void LeftOpenCollector::functionExit(const FlowState &State,
                                     const ExitPoint &Exit,
                                     const Stmt *Return) {
  const auto *Returned = dyn_cast_or_null<ReturnStmt>(Return);
  bool ReturnsFailure = Returned && Returned->getRetValue() &&
                        Actions.errors().isFailure(Returned->getRetValue());
  if (Exit.K != ExitPoint::Exception) {
    if (OnEveryPath)
      *OnEveryPath &= State.Happened;
    else
      OnEveryPath = State.Happened;
    for (unsigned B : State.Happened.set_bits())
      if (Events[B].Op == Operation::Begin && !State.May.test(B))
        (ReturnsFailure ? EndedBeforeFailure : EndedBeforeSuccess).insert(B);
  }
  for (unsigned B : State.May.set_bits())
    if (Events[B].Op == Operation::Begin)
      OpenExits.push_back({B, Exit, State.Worked.test(B), State.Queried.test(B),
                           ReturnsFailure});
}

bool LeftOpenCollector::isHandedOver(const TxnEvent &Begin) const {
  return Begin.Scoped || Actions.ReturnedSites.contains(Begin.Site) ||
         Actions.StoredSites.contains(Begin.Site) ||
         Actions.StoredKeys.contains(Begin.HandleKey) ||
         Actions.ReturnedKeys.contains(Begin.HandleKey);
}

void LeftOpenCollector::event(const FlowState &Before, unsigned Id) {
  const TxnEvent &End = Events[Id];
  if (!endsTransaction(End.Op))
    return;
  // An end on a handle no begin names is another spelling of the same
  // connection, unless the two are kept in different members (LMDB's
  // `mdb_txn_reset(m_tinfo->m_ti_rtxn)` beside a begin of `m_write_txn`); a
  // begin handed to a callee in between may still be open.
  bool KnownHandle = llvm::any_of(Events, [&](const TxnEvent &B) {
    return B.Op == Operation::Begin && B.HandleKey == End.HandleKey;
  });
  const FieldDecl *EndMember = End.Handle ? rootMember(End.Handle) : nullptr;
  auto OtherMember = [&](const TxnEvent &Begin) {
    const FieldDecl *BeginMember =
        Begin.Handle ? rootMember(Begin.Handle) : nullptr;
    return EndMember && BeginMember && EndMember != BeginMember;
  };
  llvm::BitVector Open = Before.May;
  Open |= Before.HandedOff;
  for (unsigned B : Open.set_bits())
    if (Events[B].Op == Operation::Begin &&
        (Events[B].HandleKey == End.HandleKey ||
         (!KnownHandle && !End.Destructor && !OtherMember(Events[B])))) {
      EndedBegins.insert(B);
      if (!End.EndsOnlyOpen)
        NotOnlyUndone.insert(B);
    }
}

bool LeftOpenCollector::isLeftOpenHere(
    const OpenAtExit &X, const llvm::BitVector &QueriedBegins) const {
  const TxnEvent &E = Events[X.Begin];
  if (isHandedOver(E))
    return false;
  // A transaction object held in a local variable (RocksDB's Transaction*,
  // LMDB's MDB_txn*) belongs to this function: left alone, it leaks.
  const auto *Local = dyn_cast_or_null<VarDecl>(
      E.BoundVariable ? E.BoundVariable : rootVariable(E.Handle));
  if (E.HandleRole == Role::Transaction && Local && Local->hasLocalStorage() &&
      !isa<ParmVarDecl>(Local))
    return true;
  bool Exceptional = X.Exit.K == ExitPoint::Exception;
  // A function that ends the transaction on other paths owns it; a path
  // that begins it and returns at once leaves it to the caller on purpose
  // (a BEGIN/COMMIT dispatcher, commit-and-begin-anew). An end that only
  // precedes the begin (LMDB's reset before renew) is no such path.
  // Unless it only undoes it by restoring autocommit, only where it fails,
  // and leaves it open where it says it succeeded: a begin wrapper that
  // undoes its own half-done begin (DDNet's `Lock()`: autocommit off, LOCK
  // TABLES, autocommit back on and `return false` when the lock fails).
  if (EndedBegins.contains(X.Begin))
    return Exceptional ||
           (X.Worked && (X.ReturnsFailure || NotOnlyUndone.contains(X.Begin) ||
                         !EndedBeforeFailure.contains(X.Begin) ||
                         EndedBeforeSuccess.contains(X.Begin)));
  // Never ended here. A transaction kept in the object's members belongs to
  // the object: its users end it (see the summaries of its methods).
  const auto *Method = dyn_cast<CXXMethodDecl>(Actions.function());
  bool InLambda = Method && Method->getParent()->isLambda();
  if (!InLambda && (E.HandleKey == "this" ||
                    StringRef(E.HandleKey).ends_with("(this)")))
    return false;
  // Begun on every path for the caller: the callers in view replay the
  // begin and are judged. With none in view, a begin followed by statements
  // is a unit of work left open, a bare begin a begin() wrapper.
  if (OnEveryPath && OnEveryPath->test(X.Begin) &&
      !Actions.cache().callersOf(Actions.function()).empty())
    return false;
  return X.Queried || (Exceptional && QueriedBegins.test(X.Begin));
}

void LeftOpenCollector::collect(FunctionTxnResult &Result) {
  for (const auto &[Site, State] : ExceptionalExits)
    for (unsigned B : State.set_bits())
      if (Events[B].Op == Operation::Begin)
        OpenExits.push_back({B,
                             {ExitPoint::Exception, Site->getBeginLoc()},
                             /*Worked=*/true,
                             /*Queried=*/false,
                             /*ReturnsFailure=*/false});
  llvm::BitVector QueriedBegins(Events.size());
  for (const OpenAtExit &X : OpenExits)
    if (X.Queried)
      QueriedBegins.set(X.Begin);
  std::vector<LeftOpenTransaction> LeftOpen;
  llvm::DenseMap<unsigned, unsigned> Index;
  for (const OpenAtExit &X : OpenExits) {
    if (!isLeftOpenHere(X, QueriedBegins))
      continue;
    auto [It, Inserted] = Index.try_emplace(X.Begin, LeftOpen.size());
    if (Inserted)
      LeftOpen.push_back({X.Begin, {}});
    std::vector<ExitPoint> &Exits = LeftOpen[It->second].Exits;
    if (llvm::none_of(Exits,
                      [&](const ExitPoint &E) { return E.Loc == X.Exit.Loc; }))
      Exits.push_back(X.Exit);
  }
  const SourceManager &SM = Ctx.getSourceManager();
  for (LeftOpenTransaction &L : LeftOpen)
    llvm::sort(L.Exits, [&](const ExitPoint &A, const ExitPoint &B) {
      return SM.isBeforeInTranslationUnit(A.Loc, B.Loc);
    });
  llvm::sort(LeftOpen,
             [](const LeftOpenTransaction &A, const LeftOpenTransaction &B) {
               return A.Begin < B.Begin;
             });
  Result.LeftOpen = std::move(LeftOpen);
}

//===-- Connections left open (txn-connection-leak) -----------------------===//

/// The connections opened into a local pointer (a C API's handle) that
/// reach an exit of the function neither closed nor handed over.
class ConnectionLeakCollector : public FactCollector {
public:
  using FactCollector::FactCollector;
  void exceptionalExit(const Stmt *Site, const FlowState &Thrown) override {
    for (unsigned O : Thrown.May.set_bits())
      noteExit(O, {ExitPoint::Exception, Site->getBeginLoc()});
  }
  void functionExit(const FlowState &State, const ExitPoint &Exit,
                    const Stmt *) override {
    for (unsigned O : State.May.set_bits())
      noteExit(O, Exit);
  }
  void collect(FunctionTxnResult &Result) override;

private:
  void noteExit(unsigned Open, const ExitPoint &Exit);
  bool mayLeak(const TxnEvent &Open) const;

  llvm::MapVector<unsigned, std::vector<ExitPoint>> Leaks;
};

bool ConnectionLeakCollector::mayLeak(const TxnEvent &Open) const {
  // A handle returned or stored on a path is handed over there (an Adopt
  // action), not on the others: `if (PQstatus(c) != CONNECTION_OK) return
  // nullptr; return c;` leaks it on the first return.
  if (Open.Op != Operation::Open || Actions.ReturnedSites.contains(Open.Site) ||
      Actions.StoredSites.contains(Open.Site))
    return false;
  // A C API's handle (where the call puts it: an argument, its result) of
  // this function's own: a local pointer. An object (a QSqlDatabase, also
  // through a pointer) is opened in place and closes itself; a parameter
  // or a member is someone else's.
  if (Open.Spec && Open.Spec->Handle.K != HandleSource::Argument &&
      Open.Spec->Handle.K != HandleSource::Result)
    return false;
  const auto *Local = dyn_cast_or_null<VarDecl>(
      Open.BoundVariable ? Open.BoundVariable : rootVariable(Open.Handle));
  return Local && Local->hasLocalStorage() && !isa<ParmVarDecl>(Local) &&
         Local->getType()->isPointerType() &&
         varKey(Local) == Open.HandleKey;
}

void ConnectionLeakCollector::noteExit(unsigned Open, const ExitPoint &Exit) {
  if (!mayLeak(Events[Open]))
    return;
  // A scope guard closes it on the exits after the guard is declared
  // (`if (sqlite3_open_v2(...) != SQLITE_OK) return 9; auto closer =
  // make_scope_exit([&] { sqlite3_close(db); });`).
  if (auto Guard = Actions.GuardedKeys.find(Events[Open].HandleKey);
      Guard != Actions.GuardedKeys.end() &&
      !(Guard->second.isValid() && Exit.Loc.isValid() &&
        Ctx.getSourceManager().isBeforeInTranslationUnit(Exit.Loc,
                                                         Guard->second)))
    return;
  std::vector<ExitPoint> &Exits = Leaks[Open];
  if (llvm::none_of(Exits,
                    [&](const ExitPoint &E) { return E.Loc == Exit.Loc; }))
    Exits.push_back(Exit);
}

void ConnectionLeakCollector::collect(FunctionTxnResult &Result) {
  const SourceManager &SM = Ctx.getSourceManager();
  for (auto &[Open, Exits] : Leaks) {
    llvm::sort(Exits, [&](const ExitPoint &A, const ExitPoint &B) {
      return SM.isBeforeInTranslationUnit(A.Loc, B.Loc);
    });
    Result.LeakedConnections.push_back({Open, std::move(Exits)});
  }
  llvm::sort(Result.LeakedConnections,
             [](const LeakedConnection &A, const LeakedConnection &B) {
               return A.Open < B.Open;
             });
}

//===-- What the function's result says (summaries) -----------------------===//

/// The events on every path to a normal return, and the event whose
/// failure the returned value reports.
class ReturnedEventCollector : public FactCollector {
public:
  ReturnedEventCollector(const TxnActions &Actions, ExceptionFlow &Exceptions,
                         ASTContext &Ctx)
      : FactCollector(Actions, Exceptions, Ctx), Nesting(nestingEquivalents()) {
  }
  void functionExit(const FlowState &State, const ExitPoint &Exit,
                    const Stmt *Return) override {
    if (Exit.K == ExitPoint::Exception)
      return;
    // A savepoint where the function could have begun (QGIS's `begin() {
    // if (mTransaction) return exec("SAVEPOINT s"); return exec("BEGIN");
    // }`) is its begin to the caller: a nested one.
    llvm::BitVector Happened = State.Happened;
    for (unsigned Id : State.Happened.set_bits())
      if (Nesting[Id])
        Happened.set(*Nesting[Id]);
    // A nested level's return (below) says nothing of how the events of
    // the level that does them report failure, nor does a return on the
    // object's own state before anything happened (EnergyPlus's `if
    // (!m_writeOutputToSQLite) return SQLITE_OK;`).
    bool Idle =
        Happened.none() && (countsDepth() || Actions.testsTransactionOpen() ||
                            (Return && isStateGuard(Return)));
    if (Return && returnedValue(Return) && !Idle)
      Returns.push_back({Return, State.May, Happened,
                         llvm::BitVector(State.Unreported) |= State.Failed});
    Unreported |= State.Unreported;
    const Expr *Value = Return ? returnedValue(Return) : nullptr;
    if (const auto *Bool = dyn_cast_or_null<CXXBoolLiteralExpr>(
            Value ? Value->IgnoreParenImpCasts() : nullptr);
        Bool && Bool->getValue())
      UnreportedAtTrue |= State.Unreported;
    OpenAtReturn |= State.May;
    OpenAtReturn |= State.HandedOff;
    CalleeMayBeginAtReturn |= State.CalleeMayBegin;
    // `if (!m_active) return false;` before anything happens: the object
    // holds no transaction there, so that path does not count against
    // what the others all do (a wrapper's commit()). Nor does a path where
    // nothing happens in a function that counts a nesting depth: it is a
    // nested level's (`if (--depth_ > 0) return true;`), nor one that
    // returns failure before anything happens: NDOUtils' query helper `if
    // (!idi->dbinfo.connected) return NDO_ERROR;` runs its caller's SQL
    // unless it says it failed.
    if (Idle || (Happened.none() && Value && Actions.errors().isFailure(Value)))
      return;
    OnSomeReturnPath |= Happened;
    llvm::BitVector Done = State.Done;
    Done |= Happened;
    if (OnEveryPath)
      *OnEveryPath &= Done;
    else
      OnEveryPath = std::move(Done);
    llvm::StringSet<> Ended;
    for (unsigned End : State.MustEnded.set_bits())
      Ended.insert(Events[End].HandleKey);
    if (!EndedKeys)
      EndedKeys = std::move(Ended);
    else
      for (const auto &Key : llvm::make_early_inc_range(*EndedKeys))
        if (!Ended.contains(Key.getKey()))
          EndedKeys->erase(Key.getKey());
    EndsAtReturn |= State.MustEnded;
  }
  void collect(FunctionTxnResult &Result) override {
    Result.OnEveryPath =
        OnEveryPath ? std::move(*OnEveryPath) : llvm::BitVector(Events.size());
    Result.OnSomeReturnPath = OnSomeReturnPath;
    Result.StandIns.resize(Events.size());
    Result.RepeatedRuns.resize(Events.size());
    for (unsigned Id = 0, N = Events.size(); Id != N; ++Id)
      if (Actions.SameRunAs[Id])
        Result.RepeatedRuns.set(Id);
    for (unsigned Id = 0, N = Events.size(); Id != N; ++Id)
      if (Events[Id].Op == Operation::Begin && Nesting[Id] &&
          Result.OnEveryPath.test(*Nesting[Id]))
        Result.StandIns.set(Id);
    Result.EndedOnEveryPath.resize(Events.size());
    for (unsigned End : EndsAtReturn.set_bits())
      if (const TxnEvent &E = Events[End];
          (E.Op == Operation::Commit || E.Op == Operation::Rollback) &&
          EndedKeys->contains(E.HandleKey))
        Result.EndedOnEveryPath.set(End);
    // A statement that commits or rolls back as a `?:` chooses, on every
    // path (`execute(commit ? "COMMIT" : "ROLLBACK")`), ends its handle
    // either way, though neither end happens on every path.
    for (const auto &[Site, Ids] : Actions.SiteEvents) {
      const std::string &Key = Events[Ids.front()].HandleKey;
      if (Ids.size() > 1 &&
          llvm::all_of(Ids,
                       [&](unsigned Id) {
                         return (Events[Id].Op == Operation::Commit ||
                                 Events[Id].Op == Operation::Rollback) &&
                                Events[Id].HandleKey == Key;
                       }) &&
          runsUnconditionally(Site, Actions.function()->getBody()))
        for (unsigned Id : Ids)
          Result.EndedOnEveryPath.set(Id);
    }
    // `if (m_pDS) m_pDS->begin_transaction();`: with the object holding its
    // connection, what the guarded block does unconditionally happens on
    // every path (the other path, holding nothing, does nothing).
    if (const Stmt *Guarded = stateGuardedBlock())
      for (unsigned Id = 0, N = Events.size(); Id != N; ++Id)
        if (!Events[Id].Destructor &&
            runsUnconditionally(Events[Id].Site, Guarded))
          Result.OnEveryPath.set(Id);
    if (auto [Guarded, Param] = parameterGuardedBlock(); Guarded) {
      Result.GuardParameter = Param;
      Result.OnEveryPathWhenGuard.resize(Events.size());
      for (unsigned Id = 0, N = Events.size(); Id != N; ++Id)
        if (!Events[Id].Destructor && !Result.OnEveryPath.test(Id) &&
            runsUnconditionally(Events[Id].Site, Guarded))
          Result.OnEveryPathWhenGuard.set(Id);
      if (Result.OnEveryPathWhenGuard.none())
        Result.GuardParameter.reset();
    }
    Result.UnreportedAtReturn = Unreported;
    Result.UnreportedAtTrueReturn = UnreportedAtTrue;
    Result.OpenAtReturn = OpenAtReturn;
    Result.CalleeMayBeginAtReturn = CalleeMayBeginAtReturn;
    Result.OnReturnedHandle.resize(Events.size());
    for (unsigned Id = 0, N = Events.size(); Id != N; ++Id)
      if (const TxnEvent &E = Events[Id];
          Actions.ReturnedSites.contains(E.Site) ||
          Actions.ReturnedKeys.contains(E.HandleKey) ||
          // `sqlite3_prepare_v2(db, sql, -1, &st, nullptr); return st;`
          (E.Op == Operation::PrepareSql && !E.StatementKey.empty() &&
           Actions.ReturnedKeys.contains(E.StatementKey)))
        Result.OnReturnedHandle.set(Id);
    inferReturnedEvent(Result);
    // What a run of the caller's SQL reports, the run that stands for it
    // does.
    if (Result.ReturnedEvent)
      if (std::optional<unsigned> First =
              Actions.SameRunAs[*Result.ReturnedEvent])
        Result.ReturnedEvent = First;
  }

private:
  /// For each savepoint event, the event on the same handle that it stands
  /// for where the object says its transaction is nested: a begin for a
  /// SAVEPOINT, a commit for a RELEASE, a rollback for a ROLLBACK TO, in
  /// the other branch of an `if` on the object's state. For each begin, the
  /// first begin on its handle.
  std::vector<std::optional<unsigned>> nestingEquivalents() const;
  /// Whether \p A and \p B run in the two branches of an `if` whose
  /// condition reads the object's state (`if (mTransaction)`).
  bool inBranchesOnObjectState(const Stmt *A, const Stmt *B) const;
  void inferReturnedEvent(FunctionTxnResult &Result);
  bool isStateGuard(const Stmt *Return) const;
  bool countsDepth() const {
    return llvm::any_of(Actions.Flags,
                        [](const TrackedFlag &F) { return F.Counter; });
  }
  const Stmt *stateGuardedBlock() const;
  std::pair<const Stmt *, unsigned> parameterGuardedBlock() const;
  bool runsUnconditionally(const Stmt *S, const Stmt *Block) const;

  std::vector<std::optional<unsigned>> Nesting;
  std::optional<llvm::BitVector> OnEveryPath;
  llvm::BitVector OnSomeReturnPath{static_cast<unsigned>(Events.size())};
  /// The handles every normal return so far found ended, and the ends at
  /// those returns.
  std::optional<llvm::StringSet<>> EndedKeys;
  llvm::BitVector EndsAtReturn{static_cast<unsigned>(Events.size())};
  llvm::BitVector Unreported{static_cast<unsigned>(Events.size())};
  llvm::BitVector UnreportedAtTrue{static_cast<unsigned>(Events.size())};
  llvm::BitVector OpenAtReturn{static_cast<unsigned>(Events.size())};
  bool CalleeMayBeginAtReturn = false;
  void flagSet(const FlowState &Before, unsigned Flag,
               uint8_t Values) override {
    uint8_t Failures = failureSlots(Flag);
    // A value computed where the event succeeded (MaxScale's `if (rc == 0)
    // rval = result_handler();`) is a later step's: its false, as a
    // constant false after the event's success, says that step failed.
    bool Computed = (Values & Failures) && (Values & ~Failures);
    if ((Values & Failures) && !Computed) {
      llvm::BitVector &Succeeded = MaySucceedWhereFalse[Flag];
      Succeeded.resize(Events.size());
      Succeeded |= Before.May;
    }
    if (Failures && (Values & ~Failures)) {
      llvm::BitVector Sure = Before.Happened;
      Sure &= Before.May;
      Sure.reset(Before.Unreported);
      Sure.reset(Before.Failed);
      auto [It, First] = SucceededWhereTrue.try_emplace(Flag, Sure);
      if (!First)
        It->second &= Sure;
    }
  }

  /// The slots of a tracked flag's values that say the function failed: a
  /// bool's false; in a function that returns a code, a code flag's
  /// non-zero constants (`switch_status_t status = SWITCH_STATUS_FALSE;
  /// ...; if (rc == SQLITE_OK) status = SWITCH_STATUS_SUCCESS; return
  /// status;`). None for any other flag.
  uint8_t failureSlots(unsigned Flag) const;
  /// The tracked bool flag that \p Value reads, if any.
  std::optional<unsigned> returnedFlag(const Expr *Value) const;
  /// The event whose failure the status object that \p Value reads says:
  /// a local replaced only where that event failed (SQLiteStudio's `auto
  /// results = make_shared<SqlQuery>(OK); int res = sqlite3_exec(...); if
  /// (res != SQLITE_OK) results = make_shared<SqlQuery>(res, ...); return
  /// results;`, tested by `results->isError()`).
  std::optional<unsigned> replacedStatusEvent(const Expr *Value) const;

  /// The return statements with a value, and the state at each (the
  /// events that may have happened, those that happened on every path,
  /// those that may have failed unhandled).
  struct ReturnState {
    const Stmt *Return;
    llvm::BitVector May, Happened, MayHaveFailed;
  };
  std::vector<ReturnState> Returns;
  /// A constant returned: whether it says success (true, or zero in a
  /// function that returns codes; a null never does), and in such a
  /// function its code (zero for a null).
  struct ReturnedConstant {
    bool Succeeds;
    std::optional<int64_t> Code;
    const ReturnState *State;
    bool negative() const { return Code && *Code < 0; }
  };
  /// Reports the write or begin that every value return follows with
  /// success: as a bool when every zero or null return follows without it
  /// (the value is what the write produced, an insert id, or what stands
  /// for the transaction), as a count when a negative return does
  /// and no other constant follows its failure (`return failed ? -1 :
  /// rows;`).
  void reportValueOnSuccess(llvm::ArrayRef<const ReturnState *> ValueReturns,
                            llvm::ArrayRef<ReturnedConstant> Constants,
                            FunctionTxnResult &Result) const;
  /// For each bool flag, the events that may have happened where it is
  /// set to false, and those that succeeded on every path where it is set
  /// to true (or to what may be true).
  llvm::DenseMap<unsigned, llvm::BitVector> MaySucceedWhereFalse,
      SucceededWhereTrue;
  /// replacedStatusEvent's answer for each status variable returned.
  mutable llvm::DenseMap<const VarDecl *, std::optional<unsigned>>
      ReplacedStatus;
};

/// Whether \p E reads a member of this object (`mTransaction`, `m_depth >
/// 0`, `isNested()`).
static bool readsObjectState(const Stmt *E) {
  if (!E)
    return false;
  if (const auto *Member = dyn_cast<MemberExpr>(E);
      Member && isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts()))
    return true;
  return llvm::any_of(E->children(), readsObjectState);
}

bool ReturnedEventCollector::inBranchesOnObjectState(const Stmt *A,
                                                     const Stmt *B) const {
  const SourceManager &SM = Ctx.getSourceManager();
  auto Separates = [&](const IfStmt *If, const Stmt *X, const Stmt *Y) {
    const Stmt *Then = If->getThen(), *Else = If->getElse();
    if (!Actions.isInside(X, Then))
      return false;
    if (Else)
      return Actions.isInside(Y, Else);
    // `if (nested) return savepoint(); return begin();` has its other
    // branch after the if.
    const auto *Block = dyn_cast<CompoundStmt>(Then);
    const Stmt *Last =
        Block && !Block->body_empty() ? Block->body_back() : Then;
    return isa<ReturnStmt>(Last) && !Actions.isInside(Y, If) &&
           SM.isBeforeInTranslationUnit(If->getEndLoc(), Y->getBeginLoc());
  };
  return !walkOutsideLambdas(Actions.function()->getBody(), [&](const Stmt *S) {
    const auto *If = dyn_cast<IfStmt>(S);
    return If && readsObjectState(If->getCond()) &&
                   (Separates(If, A, B) || Separates(If, B, A))
               ? WalkNext::Stop
               : WalkNext::Descend;
  });
}

std::vector<std::optional<unsigned>>
ReturnedEventCollector::nestingEquivalents() const {
  std::vector<std::optional<unsigned>> Nesting(Events.size());
  for (unsigned Id = 0, N = Events.size(); Id != N; ++Id) {
    Operation Outer = transactionLevelOf(Events[Id].Op);
    if (Outer == Events[Id].Op)
      continue;
    for (unsigned Other = 0; Other != N; ++Other)
      if (Events[Other].Op == Outer && !Events[Id].HandleKey.empty() &&
          Events[Other].HandleKey == Events[Id].HandleKey &&
          inBranchesOnObjectState(Events[Id].Site, Events[Other].Site)) {
        Nesting[Id] = Other;
        break;
      }
  }
  // Begins on one handle stand for the first of them: the function begins
  // whichever runs (wxSQLite3's `switch (type) { case DEFERRED:
  // ExecuteUpdate("begin deferred transaction"); ... default:
  // ExecuteUpdate("begin transaction"); }`).
  for (unsigned Id = 0, N = Events.size(); Id != N; ++Id) {
    auto IsBegin = [&](unsigned Other) {
      return Events[Other].Op == Operation::Begin && !Nesting[Other] &&
             !Events[Other].Destructor && !Events[Other].HandleKey.empty();
    };
    if (!IsBegin(Id))
      continue;
    for (unsigned First = 0; First != Id; ++First)
      if (IsBegin(First) && Events[First].HandleKey == Events[Id].HandleKey) {
        Nesting[Id] = First;
        break;
      }
  }
  return Nesting;
}

uint8_t ReturnedEventCollector::failureSlots(unsigned Flag) const {
  const TrackedFlag &Tracked = Actions.Flags[Flag];
  QualType Type = Tracked.Var->getType();
  QualType Returned = Actions.function()->getReturnType();
  if (Tracked.Counter)
    return 0;
  uint8_t Zero = 0, NonZero = 0;
  for (unsigned Slot = 0, N = Tracked.Constants.size(); Slot != N; ++Slot)
    (Tracked.Constants[Slot].isZero() ? Zero : NonZero) |= 1u << Slot;
  if (Type->isBooleanType())
    return Zero;
  bool Code = Type->isIntegerType() && Returned->isIntegerType() &&
              !Returned->isBooleanType();
  return Code && Zero ? NonZero : 0;
}

std::optional<unsigned>
ReturnedEventCollector::returnedFlag(const Expr *Value) const {
  const auto *Ref = dyn_cast_or_null<DeclRefExpr>(
      Value ? Value->IgnoreParenImpCasts() : nullptr);
  if (!Ref)
    return std::nullopt;
  for (unsigned Flag = 0, N = Actions.Flags.size(); Flag != N; ++Flag)
    if (Actions.Flags[Flag].Var == Ref->getDecl() && failureSlots(Flag))
      return Flag;
  return std::nullopt;
}

/// The class whose methods test a status (statusTestSense) that \p T is,
/// or that a pointer or smart pointer of type \p T points to, or null.
static const CXXRecordDecl *statusClassOf(QualType T) {
  const CXXRecordDecl *RD = recordOf(T);
  if (!RD || !RD->hasDefinition() ||
      llvm::none_of(RD->methods(), [](const CXXMethodDecl *M) {
        return statusTestSense(M).has_value();
      }))
    return nullptr;
  return RD;
}

std::optional<unsigned>
ReturnedEventCollector::replacedStatusEvent(const Expr *Value) const {
  const auto *Ref = dyn_cast_or_null<DeclRefExpr>(
      Value ? Value->IgnoreParenImpCasts()->IgnoreImplicit() : nullptr);
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (const auto *Copy = dyn_cast_or_null<CXXConstructExpr>(
          Value ? Value->IgnoreParenImpCasts()->IgnoreImplicit() : nullptr);
      !Var && Copy && Copy->getNumArgs() == 1)
    if (const auto *Copied = dyn_cast<DeclRefExpr>(
            Copy->getArg(0)->IgnoreParenImpCasts()->IgnoreImplicit()))
      Var = dyn_cast<VarDecl>(Copied->getDecl());
  if (!Var || !Var->hasLocalStorage() || isa<ParmVarDecl>(Var) ||
      !Var->getInit() || !statusClassOf(Var->getType()))
    return std::nullopt;
  // Walked once, whatever the returns of it.
  auto [Known, Inserted] = ReplacedStatus.try_emplace(Var);
  if (!Inserted)
    return Known->second;
  // Every assignment of the variable, inside an if whose branch is taken
  // where one event failed.
  std::optional<unsigned> Failed;
  bool Agrees = true;
  llvm::SmallVector<std::pair<const IfStmt *, bool>, 4> Branches;
  auto Walk = [&](auto &Self, const Stmt *S) -> void {
    if (!S || !Agrees || isa<LambdaExpr>(S))
      return;
    if (const auto *If = dyn_cast<IfStmt>(S)) {
      Self(Self, If->getCond());
      for (auto [Branch, IsThen] :
           {std::pair{If->getThen(), true}, std::pair{If->getElse(), false}}) {
        Branches.push_back({If, IsThen});
        Self(Self, Branch);
        Branches.pop_back();
      }
      return;
    }
    const Expr *Target = nullptr;
    if (const auto *Assign = dyn_cast<BinaryOperator>(S);
        Assign && Assign->isAssignmentOp())
      Target = Assign->getLHS();
    else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S);
             Op && Op->isAssignmentOp() && Op->getNumArgs() == 2)
      Target = Op->getArg(0);
    if (const auto *Assigned = dyn_cast_or_null<DeclRefExpr>(
            Target ? Target->IgnoreParenImpCasts() : nullptr);
        Assigned && Assigned->getDecl() == Var) {
      std::optional<unsigned> Here;
      for (auto [If, IsThen] : llvm::reverse(Branches))
        if (std::optional<EventTest> Test = Actions.testedEvent(If->getCond());
            Test && Test->Others.empty() && Test->Cases.empty() &&
            Test->FailureSucc == (IsThen ? 0u : 1u)) {
          Here = Test->Event;
          break;
        }
      Agrees = Here && (!Failed || *Failed == *Here);
      Failed = Here;
    }
    for (const Stmt *Child : S->children())
      Self(Self, Child);
  };
  Walk(Walk, Actions.function()->getBody());
  return ReplacedStatus[Var] = Agrees ? Failed : std::nullopt;
}

static bool testsObjectState(const Expr *E);

/// Whether \p E is a query of a library, not in view, about handles of
/// the object (`sqlite3_get_autocommit(m_db.m_db)`, `PQstatus(m_conn)`).
static bool queriesObjectState(const Expr *E) {
  const auto *Call = dyn_cast<CallExpr>(E->IgnoreParenImpCasts());
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  return Callee && !Callee->hasBody() && !isa<CXXMethodDecl>(Callee) &&
         Call->getNumArgs() >= 1 &&
         llvm::all_of(Call->arguments(),
                      [](const Expr *Arg) { return testsObjectState(Arg); });
}

/// Whether \p E is a member of this object (`m_status`, `m_db.m_db`).
static bool isOwnMember(const Expr *E) {
  const auto *Member = dyn_cast<MemberExpr>(E->IgnoreParenImpCasts());
  if (!Member)
    return false;
  const Expr *Base = Member->getBase()->IgnoreParenImpCasts();
  while (const auto *Outer = dyn_cast<MemberExpr>(Base))
    Base = Outer->getBase()->IgnoreParenImpCasts();
  return isa<CXXThisExpr>(Base);
}

/// Whether \p E reads a member of this object, also through a getter that
/// returns it (Ryzom's `getPersistentState()`).
static bool readsOwnMember(const Expr *E) {
  if (isOwnMember(E))
    return true;
  const auto *Read = dyn_cast<CXXMemberCallExpr>(E->IgnoreParenImpCasts());
  return Read && Read->getNumArgs() == 0 &&
         isa<CXXThisExpr>(
             Read->getImplicitObjectArgument()->IgnoreParenImpCasts()) &&
         returnsOwnMember(Read->getMethodDecl());
}

/// Whether \p E tests a member of this object that records its state: a
/// bool flag or a pointer (`!m_active`, `m_txn == nullptr`, `m_done`,
/// `m_database.m_db` of a member), or any member compared with a number or
/// an enumerator (Psi's `status == NotActive`), a library's answer about
/// such a pointer (Bitcoin's `sqlite3_get_autocommit(m_database.m_db) !=
/// 0`), or whether a pointer parameter is null (`if (!db) return false;`:
/// a null connection holds no transaction).
static bool testsObjectState(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Not = dyn_cast<UnaryOperator>(E);
      Not && Not->getOpcode() == UO_LNot)
    return testsObjectState(Not->getSubExpr());
  // `m_pDB != nullptr`, also written `nullptr != m_pDB`.
  auto IsConstant = [](const Expr *Side) {
    return isa<CXXNullPtrLiteralExpr, CXXBoolLiteralExpr, GNUNullExpr>(
        Side->IgnoreParenImpCasts());
  };
  auto IsNumber = [](const Expr *Side) {
    Side = Side->IgnoreParenImpCasts();
    const auto *Ref = dyn_cast<DeclRefExpr>(Side);
    return isa<IntegerLiteral>(Side) ||
           (Ref && isa<EnumConstantDecl>(Ref->getDecl()));
  };
  if (const auto *Compare = dyn_cast<BinaryOperator>(E);
      Compare && Compare->isEqualityOp())
    return (testsObjectState(Compare->getLHS()) &&
            IsConstant(Compare->getRHS())) ||
           (IsConstant(Compare->getLHS()) &&
            testsObjectState(Compare->getRHS())) ||
           ((queriesObjectState(Compare->getLHS()) ||
             readsOwnMember(Compare->getLHS())) &&
            IsNumber(Compare->getRHS())) ||
           (IsNumber(Compare->getLHS()) &&
            (queriesObjectState(Compare->getRHS()) ||
             readsOwnMember(Compare->getRHS())));
  if (const auto *Either = dyn_cast<BinaryOperator>(E);
      Either && Either->getOpcode() == BO_LOr)
    return testsObjectState(Either->getLHS()) &&
           testsObjectState(Either->getRHS());
  // Or a local pointer a library call gave (`char *zQuery =
  // sqlite3_vmprintf(fmt, args); if (!zQuery) return;`): with nothing done
  // yet, its absence holds no transaction either.
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    if (!Ref->getType()->isPointerType())
      return false;
    if (isa<ParmVarDecl>(Ref->getDecl()))
      return true;
    const auto *Local = dyn_cast<VarDecl>(Ref->getDecl());
    const auto *Init =
        Local && Local->hasLocalStorage() && Local->getInit()
            ? dyn_cast<CallExpr>(Local->getInit()->IgnoreParenImpCasts())
            : nullptr;
    const FunctionDecl *Callee = Init ? Init->getDirectCallee() : nullptr;
    return Callee && !Callee->hasBody();
  }
  // `std::atomic_bool active_`, read by its conversion or load().
  bool AtomicFlag = false;
  if (const auto *Read = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *Method = Read->getMethodDecl();
    AtomicFlag =
        Method && Read->getNumArgs() == 0 &&
        Method->getParent()->isInStdNamespace() &&
        Method->getReturnType()->isBooleanType() &&
        (isa<CXXConversionDecl>(Method) ||
         (Method->getDeclName().isIdentifier() && Method->getName() == "load"));
    if (AtomicFlag)
      E = Read->getImplicitObjectArgument()->IgnoreParenImpCasts();
  }
  return isOwnMember(E) && (AtomicFlag || E->getType()->isBooleanType() ||
                            E->getType()->isPointerType());
}

bool ReturnedEventCollector::isStateGuard(const Stmt *Return) const {
  // A return that ends the branch of an if of the body's own statements,
  // with no else, on a test of the object's state; what runs before it
  // there does nothing to a transaction (the caller's path has no event):
  // Amarok's `if (!m_db) { error() << "not open"; return values; }`.
  const Stmt *Branch = Return;
  const Stmt *Up = Actions.Parent.lookup(Return);
  if (const auto *Block = dyn_cast_or_null<CompoundStmt>(Up);
      Block && Block->body_back() == Return) {
    Branch = Block;
    Up = Actions.Parent.lookup(Block);
  }
  const auto *If = dyn_cast_or_null<IfStmt>(Up);
  return If && If->getThen() == Branch && !If->getElse() &&
         !If->getConditionVariable() &&
         Actions.Parent.lookup(If) == Actions.function()->getBody() &&
         testsObjectState(If->getCond());
}

/// Whether \p E holds when the object holds its handles: `m_pDS`,
/// `m_db != nullptr`, `m_pDB && m_pDS`.
static bool testsObjectPresent(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    if (BO->getOpcode() == BO_LAnd)
      return testsObjectPresent(BO->getLHS()) &&
             testsObjectPresent(BO->getRHS());
    return BO->getOpcode() == BO_NE && testsObjectState(E);
  }
  return isa<MemberExpr>(E) && testsObjectState(E);
}

/// Whether \p S is a return of a constant (`return false;`).
static bool returnsConstant(const Stmt *S) {
  const auto *Return = dyn_cast_or_null<ReturnStmt>(S);
  const Expr *Value = Return ? Return->getRetValue() : nullptr;
  return Return &&
         (!Value ||
          isa<CXXBoolLiteralExpr, IntegerLiteral, CXXNullPtrLiteralExpr>(
              Value->IgnoreParenImpCasts()));
}

const Stmt *ReturnedEventCollector::stateGuardedBlock() const {
  // The body is `if (<the object holds its handles>) { ... }`, perhaps
  // followed or given an else by a constant return.
  const auto *Body =
      dyn_cast_or_null<CompoundStmt>(Actions.function()->getBody());
  // Kodi's `try { if (m_pDB && m_pDS) m_pDB->start_transaction(); } catch
  // (...) { log; }`: the handlers run only where the guarded work failed.
  if (Body && Body->size() == 1)
    if (const auto *Try = dyn_cast<CXXTryStmt>(Body->body_front()))
      Body = Try->getTryBlock();
  if (!Body || Body->body_empty())
    return nullptr;
  const auto *If = dyn_cast<IfStmt>(Body->body_front());
  if (!If || If->getConditionVariable() || If->getInit() ||
      !testsObjectPresent(If->getCond()) ||
      (If->getElse() && !returnsConstant(If->getElse())))
    return nullptr;
  if (Body->size() > 2 ||
      (Body->size() == 2 && !returnsConstant(Body->body_back())))
    return nullptr;
  return If->getThen();
}

/// Whether \p S leaves its enclosing statements early: a return, throw,
/// break, continue or goto outside a lambda.
static bool mayLeaveEarly(const Stmt *S) {
  return !walkOutsideLambdas(S, [](const Stmt *S) {
    return isa<ReturnStmt, CXXThrowExpr, BreakStmt, ContinueStmt, GotoStmt>(S)
               ? WalkNext::Stop
               : WalkNext::Descend;
  });
}

std::pair<const Stmt *, unsigned>
ReturnedEventCollector::parameterGuardedBlock() const {
  // A statement of the body, reached on every path, is `if (<a bool
  // parameter>) { ... }` with no else.
  const FunctionDecl *FD = Actions.function();
  const auto *Body = dyn_cast_or_null<CompoundStmt>(FD->getBody());
  if (!Body)
    return {nullptr, 0};
  for (const Stmt *S : Body->body()) {
    const auto *If = dyn_cast<IfStmt>(S);
    if (!If || If->getElse() || If->getInit() || If->getConditionVariable()) {
      if (mayLeaveEarly(S))
        break;
      continue;
    }
    const auto *Ref =
        dyn_cast<DeclRefExpr>(If->getCond()->IgnoreParenImpCasts());
    const auto *Param = Ref ? dyn_cast<ParmVarDecl>(Ref->getDecl()) : nullptr;
    if (Param && Param->getType()->isBooleanType())
      return {If->getThen(), Param->getFunctionScopeIndex()};
    if (mayLeaveEarly(S))
      break;
  }
  return {nullptr, 0};
}

bool ReturnedEventCollector::runsUnconditionally(const Stmt *S,
                                                 const Stmt *Block) const {
  for (const Stmt *Child = S; Child != Block;) {
    const Stmt *Up = Actions.Parent.lookup(Child);
    if (!Up)
      return false;
    if (const auto *Compound = dyn_cast<CompoundStmt>(Up)) {
      for (const Stmt *Before : Compound->body()) {
        if (Before == Child)
          break;
        if (mayLeaveEarly(Before))
          return false;
      }
    } else if (const auto *BO = dyn_cast<BinaryOperator>(Up)) {
      if (BO->isLogicalOp() && BO->getRHS() == Child)
        return false;
    } else if (const auto *If = dyn_cast<IfStmt>(Up)) {
      // The condition runs whichever branch is taken.
      if (If->getCond() != Child)
        return false;
    } else if (!isa<Expr, ReturnStmt, DeclStmt>(Up) ||
               isa<AbstractConditionalOperator, LambdaExpr>(Up)) {
      return false;
    }
    Child = Up;
  }
  return true;
}

void ReturnedEventCollector::inferReturnedEvent(FunctionTxnResult &Result) {
  // The value returned says how an event went: the event's own result
  // (`return sqlite3_exec(...)`), a test of it (`return q.exec() == OK`),
  // or constants that agree with it (`if (!db.commit()) return false;
  // return true;`).
  std::optional<std::pair<unsigned, FailureReport>> Reported;
  llvm::SmallVector<ReturnedConstant, 4> Constants;
  // An int function's constants are codes, zero for success (Ceph's
  // `if (!s.ok()) return -EIO; return 0;`).
  const FunctionDecl *FD = Actions.function();
  bool Codes = FD->getReturnType()->isIntegerType() &&
               !FD->getReturnType()->isBooleanType();
  // A status object's factories are its constants (`return Status::OK();`).
  const ErrorConvention &Errors = Actions.errors();
  // A null, or an empty handle, says that the function failed, any other
  // value that it ran (`if (!exec("BEGIN")) return nullptr; return new
  // TxnData(db);`, KDb's `return KDbTransaction();`).
  bool Handles = Errors.returnsHandle();
  auto IsNull = [&](const Expr *Value) {
    return Handles && Errors.isEmpty(Value);
  };
  auto ConstantOf = [&](const Expr *Value) -> std::optional<bool> {
    if (Errors.returnsStatusObject())
      return Errors.statusOutcome(Value);
    if (IsNull(Value))
      return false;
    Value = Value->IgnoreParenImpCasts()->IgnoreImplicit();
    if (const auto *Bool = dyn_cast<CXXBoolLiteralExpr>(Value))
      return Bool->getValue();
    Expr::EvalResult Code;
    if (Codes && !Value->isValueDependent() &&
        Value->EvaluateAsInt(Code, FD->getASTContext()))
      return Code.Val.getInt().isZero();
    return std::nullopt;
  };
  // A local statement returned after its last run (`QSqlQuery q(db);
  // q.exec(sql); return q;`): that run, whose failure the statement keeps.
  auto statementRanBy = [&](const Expr *Value) -> std::optional<unsigned> {
    const auto *Ref = dyn_cast<DeclRefExpr>(resultSource(Value));
    const auto *Local = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    if (!Local || !Local->hasLocalStorage() ||
        Local->getType()->isReferenceType())
      return std::nullopt;
    auto Run = Actions.LastRunOf.find(handleKeyOf(Ref));
    if (Run == Actions.LastRunOf.end())
      return std::nullopt;
    return Run->second;
  };
  // `bool success = true; ...; if (rc != OK) success = false; ...; return
  // success;`: the flag is false only where the event failed, and true
  // wherever it may have succeeded.
  llvm::SmallVector<std::pair<unsigned, const ReturnState *>, 2> FlagReturns;
  // Amarok's `insert()`: `if (mysql_real_query(...)) return 0; return
  // mysql_insert_id(db);`, a value only where the statement succeeded.
  llvm::SmallVector<const ReturnState *, 2> ValueReturns;
  auto CodeOf = [&](const Expr *Value) -> std::optional<int64_t> {
    if (IsNull(Value))
      return 0;
    Expr::EvalResult Code;
    if (Codes && !Value->isValueDependent() &&
        Value->EvaluateAsInt(Code, FD->getASTContext()))
      return Code.Val.getInt().getExtValue();
    return std::nullopt;
  };
  for (const ReturnState &State : Returns) {
    const Stmt *Ret = State.Return;
    const Expr *Value = flagOfTuple(returnedValue(Ret));
    // A retry by calling itself (AzerothCore's `return Execute(sql);`, also
    // through a local, as EQEmu's `auto r = QueryDatabase(q, false); if
    // (r.Success()) return r;`) returns what the other returns report.
    const Expr *Retried = resultSource(Value);
    if (const auto *Ref = dyn_cast<DeclRefExpr>(Retried))
      if (const auto *Local = dyn_cast<VarDecl>(Ref->getDecl());
          Local && Local->hasLocalStorage() && !isa<ParmVarDecl>(Local) &&
          Local->getInit())
        Retried = resultSource(Local->getInit());
    if (const auto *Retry = dyn_cast<CallExpr>(Retried);
        Retry && Retry->getDirectCallee() &&
        Retry->getDirectCallee()->getCanonicalDecl() == FD->getCanonicalDecl())
      continue;
    // `return exec("SET ...") && exec("BEGIN");`: true says the last
    // operand succeeded; false, that it failed or did not run.
    bool Joined = false;
    auto Operator = [](const Expr *E) {
      return dyn_cast<BinaryOperator>(E->IgnoreImplicit()->IgnoreParens());
    };
    for (const BinaryOperator *And = Operator(Value);
         And && And->getOpcode() == BO_LAnd; And = Operator(Value)) {
      Value = And->getRHS();
      Joined = true;
    }
    std::optional<std::pair<unsigned, FailureReport>> This;
    // A status local replaced where the event failed is no constant, even
    // when it starts as one (`SKGError err; if (!q.exec(sql)) err =
    // SKGError(rc, msg); return err;`).
    // A call that is an event reports it, even where it looks like a
    // factory of the status class (`return exec(db, "COMMIT");`).
    if (std::optional<unsigned> Event = replacedStatusEvent(Value);
        Event && State.Happened.test(*Event))
      This = {*Event, FailureReport::ReturnsStatus};
    else if (auto It = Actions.ReturnedResults.find(Ret);
             It != Actions.ReturnedResults.end())
      This = It->second;
    else if (auto It = Actions.SiteTested.find(resultSource(Value));
             It != Actions.SiteTested.end())
      This = {It->second, Events[It->second].Failure};
    else if (std::optional<unsigned> Held = Actions.testedEventOf(Value);
             Held && (Events[*Held].Failure == FailureReport::ReturnsStatus ||
                      Events[*Held].Failure == FailureReport::ReturnsResult))
      // `rocksdb::Status s = txn_->Commit(); ...; return s;`
      This = {*Held, Events[*Held].Failure};
    else if (std::optional<unsigned> Ran = statementRanBy(Value);
             Ran && State.Happened.test(*Ran))
      // `QSqlQuery q(db); q.exec(sql); return q;`: the caller asks it.
      This = {*Ran, FailureReport::ReturnsStatement};
    else if (std::optional<bool> Succeeded = ConstantOf(Value)) {
      Constants.push_back({*Succeeded, CodeOf(Value), &State});
      continue;
    } else if (std::optional<EventTest> Test = Actions.testedEvent(Value);
               Test && (Test->FailureSucc == 1 || Test->Others.empty()))
      // True on success, or true on failure (`return rc != SQLITE_OK;`),
      // as a non-zero status is.
      This = {Test->Event, Test->FailureSucc == 1 ? FailureReport::ReturnsBool
                                                  : FailureReport::ReturnsZero};
    if (std::optional<unsigned> Flag = returnedFlag(Value); !This && Flag) {
      FlagReturns.push_back({*Flag, &State});
      continue;
    }
    if (!This && (Codes || Handles)) {
      ValueReturns.push_back(&State);
      continue;
    }
    if (This && Nesting[This->first])
      This->first = *Nesting[This->first];
    // Two returns that pass on the result of the same helper, run on the
    // whole SQL and on its pieces (FreeSWITCH's execute_sql_chunked), pass
    // on one statement's: the first call's, which runs the caller's SQL.
    bool SameHelper = This && Reported && Reported->second == This->second &&
                      calleeOf(Events[Reported->first].Site) &&
                      calleeOf(Events[Reported->first].Site) ==
                          calleeOf(Events[This->first].Site);
    if (!This || This->second == FailureReport::None ||
        (Joined && This->second != FailureReport::ReturnsBool) ||
        (Reported && *Reported != *This && !SameHelper))
      return;
    if (!Reported || This->first < Reported->first)
      Reported = This;
  }
  if (!ValueReturns.empty()) {
    if (!Reported && FlagReturns.empty())
      reportValueOnSuccess(ValueReturns, Constants, Result);
    return;
  }
  if (Constants.empty() && !Reported && FlagReturns.empty())
    return;
  // A status passed on keeps its meaning beside a flag returned where its
  // statement did not run (FreeSWITCH's execute_sql_chunked: `if (len <
  // chunk_size) return execute_sql_real(dbh, sql, err);`, else a loop over
  // the pieces that returns `status`): the flag then reports running the
  // same SQL another way.
  if (Reported && !FlagReturns.empty()) {
    if (llvm::any_of(FlagReturns, [&](const auto &Returned) {
          return Returned.second->May.test(Reported->first);
        }))
      return;
    FlagReturns.clear();
  }
  // The flag is set false somewhere, never where the event may have
  // succeeded, and every path to the return has run the event, or the flag
  // is set true only where it succeeded (RetroShare's `bool ok = false;
  // while (!timeOut) { rc = sqlite3_step(stm); if (rc == SQLITE_DONE) { ok
  // = true; break; } ... } return ok;`). (True where it failed is a
  // failure the function swallows: its caller is not told, which may hide
  // a finding but makes none.)
  // A false where the event may have succeeded is a later step's failure
  // when the flag is true only where the event succeeded and every path to
  // the return ran it (MaxScale's execute_cmd_ex: the query, then `bool rval
  // = false;`, then `rval = true` where its results were as expected).
  auto FlagAgrees = [&](unsigned Event) {
    return llvm::all_of(FlagReturns, [&](const auto &Returned) {
      auto Set = MaySucceedWhereFalse.find(Returned.first);
      auto True = SucceededWhereTrue.find(Returned.first);
      bool TrueOnSuccess =
          True != SucceededWhereTrue.end() && True->second.test(Event);
      bool Ran = Returned.second->Happened.test(Event);
      if (Set == MaySucceedWhereFalse.end())
        return false;
      return Set->second.test(Event) ? TrueOnSuccess && Ran
                                     : Ran || TrueOnSuccess;
    });
  };
  // Constants say true (or zero) where the event may have succeeded, false
  // where it did not happen or failed; at least one false, or they report
  // nothing. A false may also follow the event's success, where a later
  // step of the same work failed (Cyphesis's `if (commandOk() != 0) return
  // -1;` after PQsendQuery), when another follows its own failure.
  auto Agrees = [&](unsigned Event) {
    bool FailureReported =
        llvm::any_of(Constants, [&](const ReturnedConstant &Constant) {
          return !Constant.Succeeds && Constant.State->Happened.test(Event) &&
                 !Constant.State->May.test(Event);
        });
    return llvm::all_of(
               Constants,
               [&](const ReturnedConstant &Constant) {
                 bool May = Constant.State->May.test(Event);
                 return Constant.Succeeds
                            ? May
                            : !May || (FailureReported &&
                                       Constant.State->Happened.test(Event));
               }) &&
           FlagAgrees(Event) &&
           (Reported || !FlagReturns.empty() ||
            llvm::any_of(Constants, [](const auto &Constant) {
              return !Constant.Succeeds;
            }));
  };
  if (Reported) {
    // A status passed on keeps its meaning beside the status class's own
    // factories (`if (!valid) return Status::InvalidArgument(); return
    // db->Put(...);`).
    if (Constants.empty() || Reported->second == FailureReport::ReturnsStatus ||
        // A count passed on keeps its meaning beside other failures (`int
        // res = queryOnce(sql); if (res > -2) return res; ... return -2;`).
        (Reported->second == FailureReport::ReturnsNegative &&
         llvm::all_of(
             Constants,
             [](const auto &Constant) { return Constant.negative(); })) ||
        // A result passed on keeps its meaning beside nulls, which fail as
        // a null result does (`if (!conn) return NULL; return PQexec(...);`).
        (Reported->second == FailureReport::ReturnsResult && Handles) ||
        // `if (er != erSuccess) return er; ...; return erSuccess;`
        ((Reported->second == FailureReport::ReturnsBool ||
          (Codes && Reported->second == FailureReport::ReturnsZero)) &&
         Agrees(Reported->first))) {
      Result.ReturnedEvent = Reported->first;
      Result.ReturnedAs = Reported->second;
    }
    return;
  }
  // Nulls alone say nothing: no value returned says that anything ran.
  if (Handles)
    return;
  FailureReport ReportedAs = Codes ? FailureReport::ReturnsZero
                             : Errors.returnsStatusObject()
                                 ? FailureReport::ReturnsStatus
                                 : FailureReport::ReturnsBool;
  auto Report = [&](unsigned Event) {
    if (!Agrees(Event) ||
        (Result.ReturnedEvent && *Result.ReturnedEvent < Event))
      return;
    Result.ReturnedEvent = Event;
    Result.ReturnedAs = ReportedAs;
  };
  auto ReportAgreeing = [&] {
    // A rollback leaves no bit in the state for constants to agree with:
    // only its own result returned reports it.
    for (const auto &[Site, Event] : Actions.SiteTested)
      if (Events[Event].Failure != FailureReport::None &&
          Events[Event].Op != Operation::Rollback)
        Report(Event);
    if (Result.ReturnedEvent)
      return;
    // `try { db.execDML(sql); } catch (...) { return false; } return
    // true;`: the exception that the handler turns into the constant is the
    // statement's failure.
    for (const auto &[Site, Ids] : Actions.SiteEvents)
      if (Actions.EnclosingTry.count(Site))
        for (unsigned Event : Ids)
          if (llvm::is_contained(
                  {Operation::Write, Operation::Begin, Operation::Commit},
                  Events[Event].Op))
            Report(Event);
  };
  ReportAgreeing();
  // An int function that returns only 1 and 0 may say true and false
  // (ZoneMinder's zmDbDo: `return 0;` where it is not connected or the
  // statement failed, `return 1;` after it ran).
  if (Result.ReturnedEvent ||
      !llvm::all_of(Constants,
                    [](const ReturnedConstant &Constant) {
                      return Constant.Code &&
                             (*Constant.Code == 0 || *Constant.Code == 1);
                    }) ||
      llvm::none_of(Constants, [](const ReturnedConstant &Constant) {
        return *Constant.Code == 1;
      }))
    return;
  for (ReturnedConstant &Constant : Constants)
    Constant.Succeeds = *Constant.Code == 1;
  ReportedAs = FailureReport::ReturnsBool;
  ReportAgreeing();
}

void ReturnedEventCollector::reportValueOnSuccess(
    llvm::ArrayRef<const ReturnState *> ValueReturns,
    llvm::ArrayRef<ReturnedConstant> Constants,
    FunctionTxnResult &Result) const {
  bool ZeroFails =
      !Constants.empty() &&
      llvm::all_of(Constants, [](const ReturnedConstant &Constant) {
        return Constant.Code == 0; // zero or null
      });
  bool NegativeFails =
      llvm::any_of(Constants, [](const ReturnedConstant &Constant) {
        return Constant.negative();
      });
  if (!ZeroFails && !NegativeFails)
    return;
  for (unsigned Event = 0, N = Events.size(); Event != N; ++Event) {
    // What a write produced (an insert id), or the object that stands for
    // the transaction begun.
    if ((Events[Event].Op != Operation::Write &&
         Events[Event].Op != Operation::Begin) ||
        !reportsByResult(Events[Event].Failure))
      continue;
    bool SucceededAtValues =
        llvm::all_of(ValueReturns, [&](const ReturnState *State) {
          return State->Happened.test(Event) &&
                 !State->MayHaveFailed.test(Event);
        });
    if (!SucceededAtValues)
      continue;
    bool AbsentAtZeros = llvm::none_of(Constants, [&](const auto &Constant) {
      return Constant.State->May.test(Event);
    });
    if (ZeroFails && AbsentAtZeros) {
      Result.ReturnedEvent = Event;
      Result.ReturnedAs = FailureReport::ReturnsBool;
      return;
    }
    // A negative return may follow a later step's failure (a flush after
    // the send); another constant, only success or nothing done (`if
    // (!*sql) return 0;`).
    bool NegativeWhereAbsent =
        llvm::any_of(Constants, [&](const ReturnedConstant &Constant) {
          return Constant.negative() && !Constant.State->May.test(Event);
        });
    bool OthersNotFailed =
        llvm::all_of(Constants, [&](const ReturnedConstant &Constant) {
          return Constant.negative() || Constant.State->May.test(Event) ||
                 !Constant.State->Happened.test(Event);
        });
    if (NegativeFails && NegativeWhereAbsent && OthersNotFailed) {
      Result.ReturnedEvent = Event;
      Result.ReturnedAs = FailureReport::ReturnsNegative;
      return;
    }
  }
}

//===-- Failures after a commit (commit-before-validation, unchecked) -----===//

class FailureCollector : public FactCollector {
public:
  using FactCollector::FactCollector;
  void failurePoint(const llvm::BitVector &State, const FailurePoint &Point,
                    const TxnEvent *Write) override;
  void event(const FlowState &Before, unsigned Id) override {
    noteAfterCommits(Before.May, Events[Id].Site);
  }
  void conditionEvaluated(const llvm::BitVector &May,
                          const Stmt *Branch) override {
    noteAfterCommits(May, Branch);
  }
  void collect(FunctionTxnResult &Result) override;

private:
  void noteAfterCommits(const llvm::BitVector &May, const Stmt *Step);
  /// Whether \p Callee runs a transaction of its own: its body, or one it
  /// calls, begins one.
  bool runsOwnTransaction(const FunctionDecl *Callee) const;
  /// Whether \p Call begins a transaction: the next workflow.
  bool beginsWork(const Stmt *Call) const;
  /// Whether the branch to \p Point, a throw or an error return, is taken
  /// only when the next workflow's begin failed (`if (mdb_txn_begin(...))
  /// throw ...;`).
  bool failsOnlyToBegin(const FailurePoint &Point) const;
  bool reachedByFailure(
      unsigned Commit, FailurePoint &Point,
      const llvm::MapVector<const Stmt *, FailurePoint> &Points) const;

  /// For each commit, the failure points that may follow it.
  llvm::MapVector<unsigned, llvm::MapVector<const Stmt *, FailurePoint>>
      Failures;
  /// For each commit, the calls, events and branch conditions that may run
  /// after it.
  llvm::DenseMap<unsigned, llvm::DenseSet<const Stmt *>> After;
};

void FailureCollector::noteAfterCommits(const llvm::BitVector &May,
                                        const Stmt *Step) {
  for (unsigned C : May.set_bits())
    if (Events[C].Op == Operation::Commit)
      After[C].insert(Step);
}

bool FailureCollector::runsOwnTransaction(const FunctionDecl *Callee) const {
  if (!Callee || Actions.cache().classifier().specOf(Callee))
    return false;
  if (Actions.cache().calleeEffect(Callee).RunsTransaction)
    return true;
  // Its own events also show a scoped begin (`pqxx::read_transaction r(c);`).
  const FunctionDecl *Definition = nullptr;
  const FunctionTxnResult *Result = Callee->hasBody(Definition)
                                        ? Actions.cache().analyze(Definition)
                                        : nullptr;
  return Result && llvm::any_of(Result->Events, [](const TxnEvent &E) {
           return E.Op == Operation::Begin;
         });
}

bool FailureCollector::beginsWork(const Stmt *Call) const {
  auto It = Actions.SiteEvents.find(Call);
  return It != Actions.SiteEvents.end() &&
         llvm::any_of(It->second, [&](unsigned Id) {
           return Events[Id].Op == Operation::Begin;
         });
}

bool FailureCollector::failsOnlyToBegin(const FailurePoint &Point) const {
  const Stmt *Guard = Actions.guardOf(Point.Site);
  if (!Guard || isa<CXXCatchStmt>(Guard))
    return false;
  llvm::SmallVector<const Stmt *, 2> Tested = Actions.conditionCalls(Guard);
  return !Tested.empty() && llvm::all_of(Tested, [&](const Stmt *Call) {
    return beginsWork(Call);
  });
}

void FailureCollector::failurePoint(const llvm::BitVector &State,
                                    const FailurePoint &Point,
                                    const TxnEvent *Write) {
  noteAfterCommits(State, Point.Site);
  // The next workflow's begin failing is no failure of the committed one.
  // A callee that runs a transaction of its own is another workflow: its
  // exceptions are that workflow's failures (a migration that throws, a
  // count in its own read transaction that throws when the database
  // fails), while the value it returns may still reject the request (a
  // re-read that finds the order is not unique).
  if ((Point.K == FailurePoint::Call && beginsWork(Point.Site)) ||
      ((Point.K == FailurePoint::Throw ||
        Point.K == FailurePoint::ErrorReturn) &&
       failsOnlyToBegin(Point)))
    return;
  bool OwnWork =
      Point.K == FailurePoint::Call && runsOwnTransaction(Point.Callee);
  FailurePoint Recorded = Point;
  if (OwnWork)
    Recorded.MayThrow = false;
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
    // A helper that began and committed its own work, then another helper
    // that writes: two operations called in turn, not one workflow the
    // second validates. A commit helper (`db.Commit()`) ends this
    // function's work.
    // So is a helper that runs a transaction of its own (a report in its
    // own read transaction).
    bool HelperCommit =
        Commit.Via && llvm::any_of(Events, [&](const TxnEvent &Begin) {
          return Begin.Op == Operation::Begin && Begin.Site == Commit.Site;
        });
    if (HelperCommit && Write && Write->Via && Write->Via != Commit.Via)
      continue;
    if (HelperCommit && OwnWork)
      continue;
    // A commit inside a loop is that iteration's workflow: what follows the
    // loop is not part of it.
    auto Loop = Actions.EnclosingLoop.find(Commit.Site);
    if (Loop != Actions.EnclosingLoop.end() &&
        !Actions.isInside(Point.Site, Loop->second))
      continue;
    Failures[C].insert({Point.Site, Recorded});
  }
}

bool FailureCollector::reachedByFailure(
    unsigned Commit, FailurePoint &Point,
    const llvm::MapVector<const Stmt *, FailurePoint> &Points) const {
  if (Point.K == FailurePoint::Write)
    return true;
  const Stmt *Guard = Actions.guardOf(Point.Site);
  // In a handler: reached by the exceptions after the commit it catches.
  // So is a call there that throws again (manaserv's `catch (const
  // DbSqlQueryExecFailure &e) { utils::throwError("...", e); }`).
  if (const auto *Handler = dyn_cast_or_null<CXXCatchStmt>(Guard)) {
    const Stmt *TryBlock =
        cast<CXXTryStmt>(Actions.Parent.lookup(Handler))->getTryBlock();
    llvm::SmallVector<const Stmt *, 1> Causes;
    for (const auto &[Site, Thrown] : Points)
      if ((Thrown.K == FailurePoint::Throw || Thrown.MayThrow) &&
          Actions.isInside(Site, TryBlock))
        Causes.push_back(Site);
    // A commit inside the try that nothing after it can make throw: the
    // handler sees the commit's own failure, and nothing was committed.
    if (Causes.empty() && Actions.isInside(Events[Commit].Site, TryBlock))
      return false;
    if (Point.K == FailurePoint::Call)
      return true;
    Point.Causes = std::move(Causes);
    return Point.K == FailurePoint::Throw || !Point.Causes.empty();
  }
  if (Point.K == FailurePoint::Call)
    return true;
  // An error return that no decision after the commit leads to reports no
  // step that failed: it is the commit's own failure branch, or a result
  // decided before the commit. A throw is a failure by itself.
  const llvm::DenseSet<const Stmt *> &Steps = After.find(Commit)->second;
  if (!Guard || !Steps.contains(Guard))
    return Point.K == FailurePoint::Throw;
  // The failure branch of a second end on the same handle, which finds the
  // work committed (manaserv's `if (mysql_autocommit(mDb, 1)) throw ...;`
  // after mysql_commit), is no step of the work.
  if (const auto *If = dyn_cast<IfStmt>(Guard))
    if (std::optional<EventTest> End = Actions.testedEvent(If->getCond());
        End && Events[End->Event].Op == Operation::Commit &&
        Events[End->Event].HandleKey == Events[Commit].HandleKey)
      return false;
  llvm::SmallVector<const Stmt *, 2> Tested = Actions.conditionCalls(Guard);
  // A test of the commit's own status (`s.ok()`) is no later step, nor is
  // one of the next workflow's begin (`if (mdb_txn_begin(...)) throw`).
  llvm::erase_if(Tested, [&](const Stmt *Call) {
    std::optional<EventTest> Test = Actions.testedEvent(cast<Expr>(Call));
    return Test && Events[Test->Event].Op == Operation::Commit;
  });
  llvm::erase_if(Tested, [&](const Stmt *Call) { return beginsWork(Call); });
  // Nor is asking whether the transaction is still open, which is how a
  // wrapper reports its commit (WebKit's `transaction.commit(); if
  // (transaction.inProgress()) return false;`): the commit's own failure.
  bool TestsCommitOutcome = false;
  llvm::erase_if(Tested, [&](const Stmt *Call) {
    std::optional<IdleTest> Idle = Actions.testedIdle(cast<Expr>(Call));
    bool Outcome = Idle && Idle->HandleKey == Events[Commit].HandleKey;
    TestsCommitOutcome |= Outcome;
    return Outcome;
  });
  for (const Stmt *Call : Tested)
    if (Steps.contains(Call))
      Point.Causes.push_back(Call);
  return Point.K == FailurePoint::Throw ||
         (Tested.empty() && !TestsCommitOutcome) || !Point.Causes.empty();
}

void FailureCollector::collect(FunctionTxnResult &Result) {
  const SourceManager &SM = Ctx.getSourceManager();
  for (auto &[Commit, Points] : Failures) {
    CommitThenFailure Entry{Commit, {}};
    for (auto &[Site, Point] : Points) {
      FailurePoint Decided = Point;
      if (reachedByFailure(Commit, Decided, Points))
        Entry.Points.push_back(std::move(Decided));
    }
    llvm::sort(Entry.Points, [&](const FailurePoint &A, const FailurePoint &B) {
      return SM.isBeforeInTranslationUnit(A.Site->getBeginLoc(),
                                          B.Site->getBeginLoc());
    });
    Result.CommitsThenFailures.push_back(std::move(Entry));
  }
  llvm::sort(Result.CommitsThenFailures,
             [](const CommitThenFailure &A, const CommitThenFailure &B) {
               return A.Commit < B.Commit;
             });
}

//===-- Exceptions inside savepoints (nested-unhandled-exception) ---------===//

class SavepointThrowCollector : public FactCollector {
public:
  using FactCollector::FactCollector;
  void exceptionRaised(const FlowState &State, const Stmt *Site) override {
    llvm::BitVector &Recorded = ThrowStates[Site];
    Recorded.resize(State.May.size());
    for (unsigned Id : State.May.set_bits())
      // `db.exec("SAVEPOINT entry")` that throws opened no savepoint.
      if (!(Events[Id].Op == Operation::SavepointOpen &&
            Events[Id].Site == Site) &&
          !endedBy(Site, Id))
        Recorded.set(Id);
  }
  void collect(FunctionTxnResult &Result) override;

private:
  /// Whether \p Open, an RAII savepoint, is destroyed right after \p Try
  /// (the last statement of its scope) with nothing of the database in
  /// \p Handler.
  bool destroyedAfter(const TxnEvent &Open, const CXXTryStmt *Try,
                      const CXXCatchStmt *Handler) const;
  std::optional<ThrowInSavepoint> throwOutcome(const Stmt *Site,
                                               unsigned Savepoint,
                                               const llvm::BitVector &State);
  /// Whether \p Handler rolls back to \p Savepoint or, with
  /// \p WholeTransaction, rolls back the whole transaction (a deliberate
  /// decision too).
  bool handlerRollsBack(const CXXCatchStmt *Handler, unsigned Savepoint,
                        bool WholeTransaction) const;
  bool actsOnTransactionOf(const TxnEvent &E, const TxnEvent &Open) const;
  /// Whether the call \p Site is part of, or is, one that releases or rolls
  /// back to \p Savepoint, or ends its transaction (`ROLLBACK TO sp`
  /// whose statement's preparation throws, a rollback of everything in the
  /// outer handler): what it throws is that end's failure, not work
  /// escaping the savepoint.
  bool endedBy(const Stmt *Site, unsigned Savepoint) const;
  std::optional<unsigned> handlerEndsTransaction(const CXXCatchStmt *Handler,
                                                 unsigned Savepoint) const;
  std::optional<unsigned> unwoundTransaction(const CXXTryStmt *Try,
                                             unsigned Savepoint) const;
  std::optional<unsigned> ownedTransaction(unsigned Savepoint,
                                           const llvm::BitVector &State) const;

  /// For each throwing statement, the savepoints that may be open there.
  llvm::MapVector<const Stmt *, llvm::BitVector> ThrowStates;
};

/// The local variables \p Handler assigns (`ok = false;`).
static llvm::SmallPtrSet<const VarDecl *, 2>
assignedIn(const CXXCatchStmt *Handler) {
  llvm::SmallPtrSet<const VarDecl *, 2> Assigned;
  forEachOutsideLambdas(Handler->getHandlerBlock(), [&](const Stmt *S) {
    if (const auto *Assign = dyn_cast<BinaryOperator>(S);
        Assign && Assign->isAssignmentOp())
      if (const auto *Ref =
              dyn_cast<DeclRefExpr>(Assign->getLHS()->IgnoreParenImpCasts()))
        if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
            Var && Var->hasLocalStorage())
          Assigned.insert(Var);
  });
  return Assigned;
}

bool SavepointThrowCollector::handlerRollsBack(const CXXCatchStmt *Handler,
                                               unsigned Savepoint,
                                               bool WholeTransaction) const {
  const TxnEvent &Open = Events[Savepoint];
  // Or the handler records the failure in a local that a branch after the
  // try tests to roll back (`catch (...) { ok = false; } if (!ok) ROLLBACK
  // TO sp;`).
  llvm::SmallPtrSet<const VarDecl *, 2> Recorded = assignedIn(Handler);
  const auto *Try =
      dyn_cast_or_null<CXXTryStmt>(Actions.Parent.lookup(Handler));
  for (const auto &[Site, Ids] : Actions.SiteEvents) {
    bool InHandler = Actions.isInside(Site, Handler);
    const auto *Branch =
        InHandler || Recorded.empty() || !Try || Actions.isInside(Site, Try)
            ? nullptr
            : dyn_cast_or_null<IfStmt>(Actions.guardOf(Site));
    llvm::SmallPtrSet<const VarDecl *, 4> Tested;
    if (Branch)
      readVariables(Branch->getCond(), Tested);
    if (!InHandler &&
        !(Branch &&
          llvm::any_of(
              Tested,
              [&](const VarDecl *Var) { return Recorded.contains(Var); }) &&
          Actions.Parent.lookup(Branch) == Actions.Parent.lookup(Try)))
      continue;
    for (unsigned Id : Ids) {
      const TxnEvent &E = Events[Id];
      if ((E.Op == Operation::SavepointRollback &&
           E.HandleKey == Open.HandleKey &&
           (E.SavepointName.empty() ||
            E.SavepointName == Open.SavepointName)) ||
          (WholeTransaction && E.Op == Operation::Rollback))
        return true;
    }
  }
  return false;
}

bool SavepointThrowCollector::actsOnTransactionOf(const TxnEvent &E,
                                                  const TxnEvent &Open) const {
  // SAVEPOINT on the connection that BEGIN ran on, a savepoint object on
  // the transaction object, or both on one connection.
  return E.HandleKey == Open.HandleKey || E.HandleKey == Open.ParentKey ||
         E.HandleKey == Open.ConnectionKey ||
         (!Open.ParentKey.empty() && E.ConnectionKey == Open.ParentKey) ||
         (!Open.ConnectionKey.empty() && E.ConnectionKey == Open.ConnectionKey);
}

bool SavepointThrowCollector::endedBy(const Stmt *Site,
                                      unsigned Savepoint) const {
  const TxnEvent &Open = Events[Savepoint];
  // Up through the enclosing expressions of one statement.
  constexpr unsigned MaxDepth = 16;
  unsigned Depth = 0;
  for (const Stmt *S = Site; S && isa<Expr>(S) && Depth < MaxDepth;
       S = Actions.Parent.lookup(S), ++Depth) {
    auto Found = Actions.SiteEvents.find(S);
    if (Found == Actions.SiteEvents.end())
      continue;
    for (unsigned Id : Found->second) {
      const TxnEvent &E = Events[Id];
      if (((E.Op == Operation::SavepointRollback ||
            E.Op == Operation::SavepointRelease) &&
           E.HandleKey == Open.HandleKey &&
           (E.SavepointName.empty() ||
            E.SavepointName == Open.SavepointName)) ||
          (endsTransaction(E.Op) && actsOnTransactionOf(E, Open)))
        return true;
    }
  }
  return false;
}

std::optional<unsigned>
SavepointThrowCollector::handlerEndsTransaction(const CXXCatchStmt *Handler,
                                                unsigned Savepoint) const {
  const TxnEvent &Open = Events[Savepoint];
  for (const auto &[Site, Ids] : Actions.SiteEvents) {
    if (!Actions.isInside(Site, Handler))
      continue;
    for (unsigned Id : Ids) {
      const TxnEvent &E = Events[Id];
      if (E.Op == Operation::Rollback && actsOnTransactionOf(E, Open))
        return Id;
    }
  }
  return std::nullopt;
}

std::optional<unsigned>
SavepointThrowCollector::unwoundTransaction(const CXXTryStmt *Try,
                                            unsigned Savepoint) const {
  // An RAII transaction of the try block rolls back everything, savepoint
  // included, before the handler runs.
  for (unsigned Id = 0; Id < Events.size(); ++Id) {
    const TxnEvent &Begin = Events[Id];
    if (Begin.Op == Operation::Begin && Begin.Scoped &&
        !Begin.CommitsOnUnwind &&
        actsOnTransactionOf(Begin, Events[Savepoint]) &&
        Actions.isInside(Begin.Site, Try->getTryBlock()))
      return Id;
  }
  return std::nullopt;
}

std::optional<unsigned>
SavepointThrowCollector::ownedTransaction(unsigned Savepoint,
                                          const llvm::BitVector &State) const {
  // A transaction begun here and still open where the exception starts: the
  // exception leaving the function ends it (or abandons it). One whose
  // destructor commits keeps the work done so far.
  for (unsigned Id : State.set_bits()) {
    const TxnEvent &Begin = Events[Id];
    if (Begin.Op == Operation::Begin && !Begin.CommitsOnUnwind &&
        actsOnTransactionOf(Begin, Events[Savepoint]))
      return Id;
  }
  return std::nullopt;
}

std::optional<ThrowInSavepoint>
SavepointThrowCollector::throwOutcome(const Stmt *Site, unsigned Savepoint,
                                      const llvm::BitVector &State) {
  const TxnEvent &Open = Events[Savepoint];
  std::optional<ExceptionInfo> Info = Exceptions.mayThrow(Site);
  // A callee's savepoint is replayed because an exception leaves it (its
  // summary may come from another file, with its body out of view).
  if (!Info && Open.InCallee)
    Info = ExceptionInfo::createUnknown();
  if (!Info)
    return std::nullopt;
  // An RAII savepoint of a try block that the site is not in was destroyed
  // when that block was left; the solver only joins its state into the
  // handler's.
  if (Open.Scoped && llvm::any_of(Actions.Tries, [&](const auto &Entry) {
        const Stmt *Block = Entry.first->getTryBlock();
        return Actions.isInside(Open.Site, Block) &&
               !Actions.isInside(Site, Block);
      }))
    return std::nullopt;
  ThrowInSavepoint Found{Site, Savepoint, ThrowInSavepoint::Uncaught};
  // Whether the savepoint's work has been undone on the way out: by a
  // handler's rollback to it, or by its own destructor.
  bool Undone = false;
  auto It = Actions.EnclosingTry.find(Site);
  for (const CXXTryStmt *Try = It == Actions.EnclosingTry.end() ? nullptr
                                                                : It->second;
       Try; Try = Actions.Tries.lookup(Try).Parent) {
    const CXXCatchStmt *Handler = Exceptions.handlerFor(*Info, Try, Ctx);
    if (!Handler)
      continue;
    bool AroundSavepoint = Actions.isInside(Open.Site, Try->getTryBlock());
    if (AroundSavepoint) {
      // The exception got past the savepoint and now ends the transaction
      // it was meant to protect.
      if (auto Begin = unwoundTransaction(Try, Savepoint)) {
        Found.Ends = ThrowInSavepoint::DestructorRollsBack;
        Found.EndEvent = *Begin;
        return Found;
      }
      // A handler that rolls back to the savepoint keeps the transaction;
      // a full rollback beside it is its fallback when that fails.
      auto Rollback = handlerEndsTransaction(Handler, Savepoint);
      if (Rollback && !handlerRollsBack(Handler, Savepoint,
                                        /*WholeTransaction=*/false)) {
        Found.Ends = ThrowInSavepoint::HandlerRollsBack;
        Found.EndEvent = *Rollback;
        return Found;
      }
    }
    Undone |= handlerRollsBack(Handler, Savepoint, /*WholeTransaction=*/true) ||
              (AroundSavepoint && Open.Scoped);
    if (rethrows(Handler->getHandlerBlock())) {
      // A handler inside the savepoint's scope that throws an exception of
      // its own instead (translating this one) stops this one: its own
      // throw is the statement that leaves the savepoint.
      if (!AroundSavepoint && !rethrowsCaught(Handler->getHandlerBlock()))
        return std::nullopt;
      continue;
    }
    // Stopped here. Inside the savepoint's scope that is fine unless what
    // failed was the database itself: then the savepoint's work is in a
    // failed state, unless an RAII savepoint's scope ends right after the
    // try and its destructor undoes that work before anything else runs.
    // Around it, the transaction continues, which is fine once the
    // savepoint's work is undone.
    if (Undone || (!AroundSavepoint && !Actions.SiteEvents.count(Site)) ||
        (!AroundSavepoint && destroyedAfter(Open, Try, Handler)))
      return std::nullopt;
    Found.What = ThrowInSavepoint::CaughtWithoutRollback;
    return Found;
  }
  // Out of the function. The caller decides what happens to its own
  // transaction; one begun here ends.
  if (auto Begin = ownedTransaction(Savepoint, State)) {
    Found.Ends = Events[*Begin].Scoped ? ThrowInSavepoint::DestructorRollsBack
                                       : ThrowInSavepoint::LeavesOwner;
    Found.EndEvent = *Begin;
    return Found;
  }
  // A savepoint left open (not RAII, not rolled back to) is reported even
  // when the caller owns the transaction: a caller that carries on keeps
  // its partial work.
  if (Undone || Open.Scoped)
    Found.Ends = ThrowInSavepoint::Caller;
  return Found;
}

bool SavepointThrowCollector::destroyedAfter(
    const TxnEvent &Open, const CXXTryStmt *Try,
    const CXXCatchStmt *Handler) const {
  const auto *Var = dyn_cast_or_null<VarDecl>(Open.BoundVariable);
  if (!Open.Scoped || !Var || !Var->hasLocalStorage())
    return false;
  // The savepoint's declaration and the try in one block, the try last.
  const auto *Scope =
      dyn_cast_or_null<CompoundStmt>(Actions.Parent.lookup(Try));
  if (!Scope || Scope->body_back() != Try ||
      llvm::none_of(Scope->body(), [&](const Stmt *S) {
        const auto *DS = dyn_cast<DeclStmt>(S);
        return DS && llvm::is_contained(DS->decls(), Var);
      }))
    return false;
  return llvm::none_of(Actions.SiteEvents, [&](const auto &Entry) {
    return Actions.isInside(Entry.first, Handler->getHandlerBlock());
  });
}

void SavepointThrowCollector::collect(FunctionTxnResult &Result) {
  for (const auto &[Site, State] : ThrowStates) {
    // A rethrow continues an exception already reported where it started.
    if (const auto *Throw = dyn_cast<CXXThrowExpr>(Site);
        Throw && !Throw->getSubExpr())
      continue;
    for (unsigned S : State.set_bits())
      if (Events[S].Op == Operation::SavepointOpen)
        if (auto Found = throwOutcome(Site, S, State))
          Result.ThrowsInSavepoints.push_back(*Found);
    // An exception from inside a savepoint of the callee's.
    for (unsigned S : Actions.SiteEvents.lookup(Site))
      if (Events[S].InCallee && Events[S].Op == Operation::SavepointOpen)
        if (auto Found = throwOutcome(Site, S, State))
          Result.ThrowsInSavepoints.push_back(*Found);
  }
}

//===-- Uses after the end (txn-use-after-end) ----------------------------===//

class UseAfterEndCollector : public FactCollector {
public:
  using FactCollector::FactCollector;
  void event(const FlowState &Before, unsigned Id) override;
  void collect(FunctionTxnResult &Result) override {
    for (const auto &[Pair, _] : UsesAfterEnd)
      Result.UsesAfterEnd.push_back({Pair.first, Pair.second});
  }

private:
  llvm::MapVector<std::pair<unsigned, unsigned>, bool> UsesAfterEnd;
};

void UseAfterEndCollector::event(const FlowState &Before, unsigned Id) {
  const TxnEvent &E = Events[Id];
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
  // A helper's commit and then its rollback, replayed at one call, is the
  // rollback of the commit's failure branch (`if (!db.commit()) {
  // db.rollback(); return false; }` under a nesting counter), not a second
  // end.
  auto SameCall = [&](const TxnEvent &End) {
    return E.Via && End.Via == E.Via && End.Site == E.Site &&
           End.Op == Operation::Commit && E.Op == Operation::Rollback;
  };
  if (!E.Destructor && E.Op != Operation::Begin)
    for (unsigned End : Before.MustEnded.set_bits())
      if (Events[End].HandleKey == E.HandleKey && !E.HandleKey.empty() &&
          IsUseAfter(Events[End]) && !SameCall(Events[End]))
        UsesAfterEnd.insert({{Id, End}, true});
}

//===-- Commits after a failed write (txn-commit-after-failed-write) -------===//

class FailedWriteCollector : public FactCollector {
public:
  using FactCollector::FactCollector;
  void event(const FlowState &Before, unsigned Id) override {
    const TxnEvent &Commit = Events[Id];
    if (Commit.Op == Operation::Commit)
      for (unsigned W : Before.Unhandled.set_bits())
        if (mayShareTransaction(Events[W], Commit))
          Pairs.insert({{W, Id}, true});
  }
  void collect(FunctionTxnResult &Result) override {
    for (const auto &[Pair, _] : Pairs)
      Result.CommitsAfterFailedWrites.push_back({Pair.first, Pair.second});
  }

private:
  llvm::MapVector<std::pair<unsigned, unsigned>, bool> Pairs;
};

//===-- Uses after a failed statement (txn-use-after-error) ---------------===//

class FailedStatementCollector : public FactCollector {
public:
  using FactCollector::FactCollector;
  void event(const FlowState &Before, unsigned Id) override;
  void exceptionalExit(const Stmt *, const FlowState &Thrown) override {
    FailedAtThrow |= Thrown.Failed.any();
  }
  void functionExit(const FlowState &State, const ExitPoint &Exit,
                    const Stmt *) override {
    FailedAtThrow |= Exit.K == ExitPoint::Exception && State.Failed.any();
  }
  void collect(FunctionTxnResult &Result) override {
    for (const auto &[Use, Failed] : Pairs)
      Result.UsesAfterErrors.push_back({Use, Failed});
    Result.RecoversOnThrow =
        !FailedAtThrow && llvm::any_of(Events, [](const TxnEvent &E) {
          return E.Op == Operation::SavepointRollback;
        });
  }

private:
  llvm::SetVector<std::pair<unsigned, unsigned>> Pairs;
  /// An exception may leave the function after a statement of it failed.
  bool FailedAtThrow = false;
};

void FailedStatementCollector::event(const FlowState &Before, unsigned Id) {
  const TxnEvent &Use = Events[Id];
  bool RunsStatement =
      Use.Op == Operation::Write || Use.Op == Operation::Read ||
      Use.Op == Operation::Commit || Use.Op == Operation::SavepointOpen ||
      Use.Op == Operation::SavepointRelease;
  if (!RunsStatement || Use.Destructor || Use.HandleKey.empty())
    return;
  // A commit that the failed write's unhandled result still reaches is
  // txn-commit-after-failed-write's finding: one shape, one finding.
  for (unsigned F : Before.Failed.set_bits())
    if (!Events[F].HandleKey.empty() && mayShareTransaction(Events[F], Use) &&
        !(Use.Op == Operation::Commit && Before.Unhandled.test(F)))
      Pairs.insert({Id, F});
}

//===-- Writes in autocommit mode (txn-autocommit-multi-write) ------------===//

class AutocommitCollector : public FactCollector {
public:
  using FactCollector::FactCollector;
  void autocommitWrite(const FlowState &Before, unsigned Id) override;
  void event(const FlowState &Before, unsigned Id) override;
  void collect(FunctionTxnResult &Result) override {
    for (const auto &[Write, Earlier] : RepeatedWrites)
      Result.AutocommitWrites.push_back({Write, Earlier});
    Result.OutsideRequiredTransaction.assign(OutsideRequired.begin(),
                                             OutsideRequired.end());
    llvm::sort(Result.OutsideRequiredTransaction);
  }

private:
  llvm::MapVector<unsigned, unsigned> RepeatedWrites;
  llvm::SetVector<unsigned> OutsideRequired;
};

void AutocommitCollector::event(const FlowState &Before, unsigned Id) {
  const TxnEvent &E = Events[Id];
  // A transaction object is its own transaction; a begin handed to a callee
  // may still be open.
  if (!E.Spec || !E.Spec->RequiresTransaction || E.HandleKey.empty() ||
      E.HandleRole != Role::Session || Before.HandedOff.any())
    return;
  if (llvm::none_of(Before.MustOpen.set_bits(), [&](unsigned B) {
        return Events[B].Op == Operation::Begin &&
               (Events[B].ConnectionKey == E.HandleKey ||
                Events[B].HandleKey == E.HandleKey);
      }))
    OutsideRequired.insert(Id);
}

void AutocommitCollector::autocommitWrite(const FlowState &Before,
                                          unsigned Id) {
  const TxnEvent &E = Events[Id];
  // A write further down the source reaches this one only round a loop,
  // where the pair is already reported the other way round; the same
  // helper called again runs the same statements again, as in a loop,
  // unless its SQL is the caller's (`run(db, "UPDATE a"); run(db, ...)`).
  const SourceManager &SM = Ctx.getSourceManager();
  for (unsigned W : Before.May.set_bits())
    if (W != Id && Events[W].Op == Operation::Write &&
        Events[W].HandleKey == E.HandleKey &&
        !SM.isBeforeInTranslationUnit(eventLocation(E),
                                      eventLocation(Events[W])) &&
        !(E.Via && Events[W].Via == E.Via && !E.SqlFromCall)) {
      // Prefer an earlier write of known data-changing SQL: checks drop
      // pairs that rest on unknown SQL or a schema change.
      auto Pairs = [&](unsigned Earlier) {
        return !Events[Earlier].SqlUnknown && !Events[Earlier].Schema;
      };
      auto [It, Inserted] = RepeatedWrites.insert({Id, W});
      if (!Inserted && !Pairs(It->second) && Pairs(W))
        It->second = W;
    }
}

//===-- Calls inside a transaction (side effects, commit in callee) -------===//

class CallInTransactionCollector : public FactCollector {
public:
  using FactCollector::FactCollector;
  void callInTransaction(const FlowState &State, const Stmt *Site,
                         const llvm::BitVector &Open) override {
    llvm::BitVector &Recorded = CallsInTransactions[Site];
    Recorded.resize(Open.size());
    Recorded |= Open;
    llvm::BitVector &Holding = HoldingLocks[Site];
    Holding.resize(Open.size());
    llvm::BitVector Locking = State.Locking;
    Locking &= Open;
    Holding |= Locking;
  }
  void callAfterCalleeBegin(const Stmt *Site) override {
    CallsAfterCalleeBegin.insert(Site);
  }
  void event(const FlowState &Before, unsigned Id) override {
    if (Events[Id].Op == Operation::Commit)
      for (unsigned Call : Before.CallsSinceBegin.set_bits())
        CommitsAfterCall[Call].insert(Id);
  }
  void collect(FunctionTxnResult &Result) override;

private:
  llvm::MapVector<const Stmt *, llvm::BitVector> CallsInTransactions;
  llvm::DenseMap<const Stmt *, llvm::BitVector> HoldingLocks;
  /// For each call index, the commits a path from it reaches before the
  /// transaction ends otherwise.
  llvm::SmallPtrSet<const Stmt *, 2> CallsAfterCalleeBegin;
  llvm::DenseMap<unsigned, llvm::SetVector<unsigned>> CommitsAfterCall;
};

void CallInTransactionCollector::collect(FunctionTxnResult &Result) {
  Result.CallsAfterCalleeBegin = CallsAfterCalleeBegin;
  for (const auto &[Site, Begins] : CallsInTransactions) {
    CallInTransaction Call{
        Site,
        std::vector<unsigned>(Begins.set_bits_begin(), Begins.set_bits_end()),
        {},
        {}};
    const llvm::BitVector &Holding = HoldingLocks[Site];
    Call.HoldingLocks.assign(Holding.set_bits_begin(), Holding.set_bits_end());
    if (auto It = CommitsAfterCall.find(Actions.CallSites.lookup(Site));
        It != CommitsAfterCall.end())
      Call.CommitsAfter.assign(It->second.begin(), It->second.end());
    Result.CallsInTransactions.push_back(std::move(Call));
  }
}

//===-- Commits by unwinding (txn-commit-before-validation) ---------------===//

/// Scoped transactions whose destructor commits, open where an exception
/// may leave their scope.
class CommitOnUnwindCollector : public FactCollector {
public:
  using FactCollector::FactCollector;
  void exceptionRaised(const FlowState &State, const Stmt *Site) override {
    // Only after a statement: an exception before any (the first
    // statement's own failure) leaves nothing partial to commit.
    for (unsigned B : State.May.set_bits())
      if (Events[B].Op == Operation::Begin && Events[B].CommitsOnUnwind &&
          State.Queried.test(B))
        Unwinds.insert({{B, Site}, true});
  }
  void collect(FunctionTxnResult &Result) override;

private:
  llvm::MapVector<std::pair<unsigned, const Stmt *>, bool> Unwinds;
};

void CommitOnUnwindCollector::collect(FunctionTxnResult &Result) {
  // A committing destructor runs during unwinding unless the exception is
  // caught inside the variable's scope (by a try whose try block does not
  // contain the variable).
  for (const auto &[Pair, _] : Unwinds) {
    auto [Begin, Site] = Pair;
    const TxnEvent &E = Events[Begin];
    std::optional<ExceptionInfo> Info = Exceptions.mayThrow(Site);
    if (!Info && !isa<CXXThrowExpr>(Site))
      continue;
    bool Destroyed = true;
    auto It = Actions.EnclosingTry.find(Site);
    for (const CXXTryStmt *Try = It == Actions.EnclosingTry.end() ? nullptr
                                                                  : It->second;
         Try; Try = Actions.Tries.lookup(Try).Parent) {
      const CXXCatchStmt *Handler =
          Info ? Exceptions.handlerFor(*Info, Try, Ctx) : nullptr;
      if (!Handler)
        continue;
      // Rolled back in the handler: the destructor has nothing to commit.
      if (llvm::any_of(Actions.SiteEvents, [&](const auto &Site) {
            return Actions.isInside(Site.first, Handler) &&
                   llvm::any_of(Site.second, [&](unsigned Id) {
                     const TxnEvent &End = Events[Id];
                     return End.Op == Operation::Rollback &&
                            End.HandleKey == E.HandleKey;
                   });
          })) {
        Destroyed = false;
        break;
      }
      if (rethrows(Handler->getHandlerBlock()))
        continue;
      Destroyed = Actions.isInside(E.Site, Try->getTryBlock());
      break;
    }
    if (Destroyed)
      Result.CommitsOnUnwind.push_back({Begin, Site});
  }
}

//===-- What happens inside each transaction (txn-audit) ------------------===//

class ScopeCollector : public FactCollector {
public:
  using FactCollector::FactCollector;
  void event(const FlowState &Before, unsigned Id) override {
    noteInScopes(Before.May, Events[Id], Id);
  }
  void transactionEnded(unsigned Begin, unsigned End) override {
    ScopeFacts[Begin].Ends.insert(End);
  }
  void callMayWrite(const FlowState &State) override {
    for (unsigned B : State.May.set_bits())
      if (Events[B].Op == Operation::Begin)
        ScopeFacts[B].CallMayWrite = true;
    for (unsigned B : State.HandedOff.set_bits())
      ScopeFacts[B].CallMayWrite = true;
  }
  void exceptionRaised(const FlowState &State, const Stmt *Site) override {
    // Fallible calls, not throw statements.
    if (isa<CXXThrowExpr>(Site))
      return;
    for (unsigned B : State.May.set_bits())
      if (Events[B].Op == Operation::Begin)
        ScopeFacts[B].Fallible.insert(Site);
  }
  /// Reads Result.LeftOpen: runs after LeftOpenCollector.
  void collect(FunctionTxnResult &Result) override;

private:
  void noteInScopes(const llvm::BitVector &State, const TxnEvent &E,
                    unsigned Id);

  /// What happens inside each begin's transaction.
  struct Scope {
    llvm::SetVector<unsigned> Writes, Reads, Savepoints, Ends;
    llvm::SetVector<const Stmt *> Fallible;
    /// A call that may write was made while it was open.
    bool CallMayWrite = false;
  };
  llvm::MapVector<unsigned, Scope> ScopeFacts;
};

void ScopeCollector::noteInScopes(const llvm::BitVector &State,
                                  const TxnEvent &E, unsigned Id) {
  for (unsigned B : State.set_bits()) {
    if (Events[B].Op != Operation::Begin)
      continue;
    Scope &Facts = ScopeFacts[B];
    if (E.Op == Operation::Write)
      Facts.Writes.insert(Id);
    else if (E.Op == Operation::Read)
      Facts.Reads.insert(Id);
    else if (E.Op == Operation::SavepointOpen)
      Facts.Savepoints.insert(Id);
    if (E.Failure != FailureReport::None && E.Op != Operation::Begin)
      Facts.Fallible.insert(E.Site);
  }
}

void ScopeCollector::collect(FunctionTxnResult &Result) {
  const SourceManager &SM = Ctx.getSourceManager();
  auto EventsInOrder = [&](const llvm::SetVector<unsigned> &Ids) {
    std::vector<unsigned> List(Ids.begin(), Ids.end());
    llvm::sort(List, [&](unsigned A, unsigned B) {
      return happensBefore(Events, A, B, SM);
    });
    return List;
  };
  for (unsigned B = 0; B < Events.size(); ++B) {
    if (Events[B].Op != Operation::Begin)
      continue;
    const Scope &Facts = ScopeFacts[B];
    TransactionScope Out;
    Out.Begin = B;
    Out.Writes = EventsInOrder(Facts.Writes);
    Out.Reads = EventsInOrder(Facts.Reads);
    Out.Savepoints = EventsInOrder(Facts.Savepoints);
    Out.Ends = EventsInOrder(Facts.Ends);
    Out.FailurePoints.assign(Facts.Fallible.begin(), Facts.Fallible.end());
    Out.MayWrite = Facts.CallMayWrite || !Facts.Writes.empty();
    llvm::sort(Out.FailurePoints, [&](const Stmt *X, const Stmt *Y) {
      return SM.isBeforeInTranslationUnit(X->getBeginLoc(), Y->getBeginLoc());
    });
    Out.LeftOpenByException =
        llvm::any_of(Result.LeftOpen, [&](const LeftOpenTransaction &L) {
          return L.Begin == B && llvm::any_of(L.Exits, [](const ExitPoint &E) {
                   return E.K == ExitPoint::Exception;
                 });
        });
    Result.Scopes.push_back(std::move(Out));
  }
}

template <typename... Collector>
std::vector<std::unique_ptr<TxnFactObserver>>
makeCollectors(const TxnActions &Actions, ExceptionFlow &Exceptions,
               ASTContext &Ctx) {
  std::vector<std::unique_ptr<TxnFactObserver>> Collectors;
  (Collectors.push_back(std::make_unique<Collector>(Actions, Exceptions, Ctx)),
   ...);
  return Collectors;
}

} // namespace

std::vector<std::unique_ptr<TxnFactObserver>>
makeFactCollectors(const TxnActions &Actions, ExceptionFlow &Exceptions,
                   ASTContext &Ctx) {
  // ScopeCollector last: it reads what LeftOpenCollector found.
  return makeCollectors<
      LeftOpenCollector, ConnectionLeakCollector, ReturnedEventCollector,
      FailureCollector,
      SavepointThrowCollector, UseAfterEndCollector, FailedWriteCollector,
      FailedStatementCollector, AutocommitCollector, CallInTransactionCollector,
      CommitOnUnwindCollector, ScopeCollector>(Actions, Exceptions, Ctx);
}

} // namespace txnlint
