//===--- TxnStateAnalysis.h - Transaction states along paths ----*- C++ -*-===//
//
// A forward may-analysis over one function's CFG that tracks which begun
// transactions can still be open at each point: begins, commits, rollbacks,
// RAII destructors, hand-offs to callees, failed-begin branches
// (`if (!db.transaction()) return;`) and exception paths (throw statements,
// calls known to throw, try/catch with handler types).
//
// It is a CFG worklist rather than clang's FlowSensitive framework: the
// facts are a few bits per begin, and the framework's environment and solver
// would cost more than parsing the file. The engine's layers (event
// extraction, solver, per-check facts) are described in README.md here.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_ANALYSIS_TXNSTATEANALYSIS_H
#define TXNLINT_ANALYSIS_TXNSTATEANALYSIS_H

#include "BodyParents.h"
#include "ExceptionFlow.h"
#include "FunctionSummary.h"
#include "SummaryStore.h"
#include "TxnEvents.h"
#include "clang/AST/Decl.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSet.h"
#include <memory>
#include <optional>
#include <vector>

namespace txnlint {

/// Where control leaves a function.
struct ExitPoint {
  enum Kind { Return, EndOfFunction, Exception } K;
  clang::SourceLocation Loc;
};

/// A manual begin that some path carries out of its function un-ended.
struct LeftOpenTransaction {
  /// Index into FunctionTxnResult::Events.
  unsigned Begin;
  /// The exits it reaches while open, in source order.
  std::vector<ExitPoint> Exits;
};

/// A connection opened into a local that some path carries out of its
/// function neither closed nor handed over (txn-connection-leak).
struct LeakedConnection {
  /// Index of the Open event.
  unsigned Open;
  /// The exits it reaches while open, in source order.
  std::vector<ExitPoint> Exits;
};

/// Something after a commit that can still fail.
struct FailurePoint {
  enum Kind {
    /// A throw statement.
    Throw,
    /// A call; Callee may be known to throw, or be a validator by name.
    Call,
    /// A return of an error value by the function's own convention
    /// (ErrorConvention.h), on a branch decided after the commit.
    ErrorReturn,
    /// A write on the committed connection outside any new transaction.
    Write,
  } K;
  const clang::Stmt *Site = nullptr;
  const clang::FunctionDecl *Callee = nullptr;
  /// For Call: the callee is known to throw.
  bool MayThrow = false;
  /// For Write: the write's event.
  unsigned WriteEvent = 0;
  /// For Throw and ErrorReturn: the steps after the commit whose failure
  /// leads here, in source order: the calls its branch's condition tests,
  /// or the throws its handler catches. Empty for a plain check
  /// (`if (qty > 100)`).
  llvm::SmallVector<const clang::Stmt *, 1> Causes = {};
};

/// A commit that some path follows with failure points before any new
/// workflow (a new begin) starts.
struct CommitThenFailure {
  unsigned Commit;
  /// Candidates in source order; checks filter calls (validators) and
  /// what post-commit work causes.
  std::vector<FailurePoint> Points;
};

/// A statement that can throw while a savepoint is open, and what happens
/// to the exception.
struct ThrowInSavepoint {
  const clang::Stmt *Site = nullptr;
  /// Index of the SavepointOpen event.
  unsigned Savepoint;
  enum Outcome {
    /// No handler in the function stops it: it crosses the savepoint.
    Uncaught,
    /// A handler around the savepoint stops it without rolling back to it.
    CaughtWithoutRollback,
  } What;
  /// How the exception then ends the transaction the savepoint belongs to.
  enum TransactionEnd {
    /// Not in this function: the transaction is the caller's, or the
    /// exception is stopped.
    NotEnded,
    /// A handler around the savepoint rolls back the whole transaction.
    HandlerRollsBack,
    /// An RAII transaction of this function is destroyed by the unwinding.
    DestructorRollsBack,
    /// It leaves the function that began the transaction by hand.
    LeavesOwner,
    /// It leaves the function with the savepoint undone, into the caller
    /// that owns the transaction: the caller's handlers decide (a summary
    /// fact, not a finding here).
    Caller,
  } Ends = NotEnded;
  /// The handler's rollback, else the transaction's begin.
  unsigned EndEvent = 0;
};

/// An event on a handle that every path reaching it has already ended.
struct UseAfterEnd {
  unsigned Use;
  unsigned End;
};

/// A commit that some path reaches after a write of its transaction failed
/// with nothing handling the failure.
struct CommitAfterFailedWrite {
  unsigned Write;
  unsigned Commit;
};

/// A statement or commit of a transaction that some path reaches after a
/// statement of it failed, its exception caught or its failure branch
/// taken, with no end or savepoint rollback since. A commit that the failed
/// write's unhandled result reaches is a CommitAfterFailedWrite instead.
struct UseAfterError {
  unsigned Use;
  unsigned Failure;
};

/// A write outside any transaction that follows another such write on the
/// same connection.
struct AutocommitWrite {
  unsigned Write;
  unsigned Earlier;
};

/// A call made while transactions may be open.
struct CallInTransaction {
  const clang::Stmt *Site;
  /// The Begin events that may be open.
  std::vector<unsigned> Begins;
  /// The commits some path from the call reaches while its transaction is
  /// still open.
  std::vector<unsigned> CommitsAfter;
  /// The Begins whose transaction may hold locks at the call (FlowState::
  /// Locking).
  std::vector<unsigned> HoldingLocks;
};

/// A scoped transaction whose destructor commits, destroyed by an exception
/// that leaves its scope.
struct CommitOnUnwind {
  unsigned Begin;
  const clang::Stmt *Throw;
};

/// One transaction, from a begin: what happens inside it (for the audit).
struct TransactionScope {
  unsigned Begin;
  /// Write, Read and SavepointOpen events while it may be open, in source
  /// order.
  std::vector<unsigned> Writes, Reads, Savepoints;
  /// The commits, rollbacks, closes and destructors that may end it.
  std::vector<unsigned> Ends;
  /// Calls inside it that can fail: known to throw, or modelled operations
  /// that report failure (the places to inject faults in tests).
  std::vector<const clang::Stmt *> FailurePoints;
  /// An exception can leave the function while it is open.
  bool LeftOpenByException = false;
  /// A write, or a call that may write (unknown code, a function that
  /// writes), may happen while it is open. False: it provably only reads.
  bool MayWrite = false;
};

struct FunctionTxnResult {
  const clang::FunctionDecl *Function = nullptr;
  std::vector<TxnEvent> Events;
  std::vector<LeftOpenTransaction> LeftOpen;
  std::vector<LeakedConnection> LeakedConnections;
  std::vector<CommitThenFailure> CommitsThenFailures;
  std::vector<ThrowInSavepoint> ThrowsInSavepoints;
  /// Every exception leaves the function after a rollback to a savepoint
  /// undid what failed (a helper's `catch (...) { ROLLBACK TO SAVEPOINT s;
  /// throw; }`): its caller's transaction goes on (txn-use-after-error).
  bool RecoversOnThrow = false;
  std::vector<UseAfterEnd> UsesAfterEnd;
  std::vector<AutocommitWrite> AutocommitWrites;
  /// Events of "requires-transaction" operations that may run with no
  /// transaction open on their handle.
  std::vector<unsigned> OutsideRequiredTransaction;
  std::vector<CommitAfterFailedWrite> CommitsAfterFailedWrites;
  std::vector<UseAfterError> UsesAfterErrors;
  std::vector<CallInTransaction> CallsInTransactions;
  /// Calls made after a callee that may have begun a transaction on some
  /// paths, before anything ended one: perhaps inside it.
  llvm::SmallPtrSet<const clang::Stmt *, 2> CallsAfterCalleeBegin;
  std::vector<CommitOnUnwind> CommitsOnUnwind;
  std::vector<TransactionScope> Scopes;
  /// The events that happen on every path to a normal return (for the
  /// function's summary).
  llvm::BitVector OnEveryPath;
  /// The bool parameter whose test guards what the function does (`if
  /// (beginTransaction) m_db->beginTransaction(name);` in a constructor),
  /// and the events that also happen on every path when it is true.
  std::optional<unsigned> GuardParameter;
  llvm::BitVector OnEveryPathWhenGuard;
  /// The events that happen on every path to some normal return: a read
  /// on the path where the helper's prepare succeeded.
  llvm::BitVector OnSomeReturnPath;
  /// The begins that another begin on their handle, on every path, stands
  /// for (one in each case of a switch).
  llvm::BitVector StandIns;
  /// The runs of the caller's SQL that an earlier event on the same handle
  /// stands for (TxnActions::SameRunAs): one statement to the caller.
  llvm::BitVector RepeatedRuns;
  /// The commits and rollbacks, at some normal return, of the handles that
  /// every normal return finds ended, one way or another (`if (ok)
  /// commit(db); else rollback(db);`).
  llvm::BitVector EndedOnEveryPath;
  /// The begins that may still be open at some normal return.
  llvm::BitVector OpenAtReturn;
  /// A callee that may have begun a transaction on some path
  /// (FunctionSummary::MayBeginOnSomePath), with nothing ended since, at
  /// some normal return.
  bool CalleeMayBeginAtReturn = false;
  /// The handles handed to a callee that may begin a transaction on them
  /// on some paths (a `start()` that begins unless its object has nothing
  /// to do): a later end on them may end that transaction.
  llvm::StringSet<> BegunByCalleesOnSomePath;
  /// The events on a handle the function returns (`return txn;`).
  llvm::BitVector OnReturnedHandle;
  /// A statement that a helper of the program made, held in a local that
  /// the function returns (FlightGear's `sqlite3_stmt *stmt =
  /// prepareSQL(sql); prepared.push_back(stmt); return stmt;`), as the
  /// prepare it stands for.
  std::optional<TxnEvent> ReturnedMadeStatement;
  /// The event whose failure the return value reports, and how.
  std::optional<unsigned> ReturnedEvent;
  FailureReport ReturnedAs = FailureReport::None;
  /// The writes whose failure some normal return may not handle (for the
  /// function's summary: whether it swallows their failure).
  llvm::BitVector UnreportedAtReturn;
  /// Those of them that a `return true;` may not handle: the function says
  /// it succeeded after they failed.
  llvm::BitVector UnreportedAtTrueReturn;
  /// The function was too large to analyze within the budget; nothing else
  /// in this result is meaningful.
  bool BudgetExceeded = false;
  /// Some check already said so (it is said once per function).
  bool BudgetReported = false;
  unsigned CfgBlocks = 0;
};

/// Limits that keep a huge generated function from blowing up the analysis.
struct AnalysisBudget {
  unsigned MaxBlocks = 50000;
  /// Block visits allowed per block before the fixpoint is abandoned.
  unsigned VisitsPerBlock = 64;
};

class TxnAnalysisCache;

/// A transaction a function runs inside without beginning it: one it is
/// handed (`void debit(pqxx::work &w)`, a lambda's `[&](pqxx::work &tx)`),
/// or its callers' when every caller in view calls it inside one.
struct AmbientTransaction {
  /// The handed transaction object; empty for the callers' transaction,
  /// which holds every statement on a connection that no transaction of
  /// the function's own holds.
  std::string HandleKey;
  /// The isolation level its type names (`pqxx::transaction<
  /// pqxx::serializable> &`), or "" (the database's default).
  std::string Isolation;
  /// The Read and Write events inside it, in source order.
  std::vector<unsigned> Reads, Writes;
};

/// What a callee may do to the transactions it is handed or can reach.
struct CalleeEffect {
  bool MayEnd = false;
  bool MayBegin = false;
  /// It may write to any database, directly or through its own callees.
  bool MayWrite = false;
  /// It may run SQL that a parameter gives (`run(db, sql)`): whether that
  /// writes is the SQL of each call's.
  bool WritesGivenSql = false;
  /// A begin is in its body or in the bodies it calls, on some path: seen,
  /// not guessed for code out of view.
  bool RunsTransaction = false;
  /// The method returns the handle its object keeps (returnsOwnMember): a
  /// call of it names its object, also in another translation unit.
  bool ReturnsOwnHandle = false;
  /// The free function returns a member of its parameter
  /// (accessedParameterMember): the parameter and the member path, so that
  /// a call of it names that member, also in another translation unit.
  std::optional<std::pair<unsigned, std::string>> ReturnsMemberOf = {};
  /// What it may throw (ExceptionFlow::thrownForSummary), for its summary,
  /// and the USRs of the functions defined elsewhere whose exceptions it
  /// lets through, which the linker adds to it ("throws-via").
  std::vector<std::string> Throws = {};
  std::vector<std::string> ThrowsVia = {};
  /// The pointer parameters it keeps beyond the call (a pool's `adopt(c)`
  /// storing `c` in a member): what its caller hands it is its own now,
  /// also when its body is in another translation unit.
  llvm::SmallVector<unsigned, 1> KeptParams = {};

  /// What one callee or another may do (the overriders of a method).
  CalleeEffect &operator|=(const CalleeEffect &Other) {
    MayEnd |= Other.MayEnd;
    MayBegin |= Other.MayBegin;
    MayWrite |= Other.MayWrite;
    WritesGivenSql |= Other.WritesGivenSql;
    RunsTransaction |= Other.RunsTransaction;
    llvm::append_range(Throws, Other.Throws);
    llvm::sort(Throws);
    Throws.erase(std::unique(Throws.begin(), Throws.end()), Throws.end());
    llvm::append_range(KeptParams, Other.KeptParams);
    llvm::sort(KeptParams);
    KeptParams.erase(std::unique(KeptParams.begin(), KeptParams.end()),
                     KeptParams.end());
    return *this;
  }
  /// Whether a call whose SQL is not followed may write.
  bool mayWriteAnything() const { return MayWrite || WritesGivenSql; }
};

/// What a function does with the object a reference or pointer parameter
/// names: keeps it no longer than the call, returns it to the caller (alone
/// or in a returned object), stores it in its own object (`this`), or
/// stores it where it outlives the call (a global, an async sink).
/// EscapeAnalysis infers it from the body.
enum class ParameterUse { Kept, Returned, StoredInObject, StoredElsewhere };

/// Whether \p Commit ends only transactions of \p Analysis's function that
/// wrote nothing on any path, also not through a call, or that the model
/// says are read-only: a failed commit loses no changes, and nothing after
/// it can leave a partial write.
bool endsOnlyReadOnly(const FunctionTxnResult &Analysis, unsigned Commit);

/// Runs the engine on \p FD (through TxnAnalysisCache::analyze, which
/// caches it).
std::unique_ptr<FunctionTxnResult>
analyzeTransactions(const clang::FunctionDecl *FD, TxnAnalysisCache &Cache,
                    ExceptionFlow &Exceptions, const AnalysisBudget &Budget);

/// A bool member that says whether its object's transaction is open (see
/// TxnAnalysisCache::transactionFlag).
struct TransactionFlag {
  /// The key, in the class's methods, of the handle whose transaction the
  /// flag says is open; empty if the member is no such flag.
  std::string HandleKey;
  /// The methods that end that transaction and set the flag false.
  llvm::SmallVector<const clang::FunctionDecl *, 2> ClearedBy;
};

/// The analyses of one translation unit, shared by every check so that each
/// function's CFG is built and solved once.
class TxnAnalysisCache {
public:
  /// The cache of the translation unit being analyzed on this thread, for
  /// the model \p Model.
  static TxnAnalysisCache &get(clang::ASTContext &Ctx,
                               const TransactionModel &Model);
  /// Drops the previous translation unit's results (checks call this from
  /// onStartOfTranslationUnit; contexts may be reallocated at one address).
  static void startTranslationUnit();

  /// Whether \p FD's body calls anything the model knows (a cheap
  /// traversal, no CFG): functions without such calls are not analyzed.
  bool hasModelledCalls(const clang::FunctionDecl *FD);

  /// The result for \p FD, or null when FD has no transaction events.
  FunctionTxnResult *analyze(const clang::FunctionDecl *FD);

  TxnEventClassifier &classifier() { return Classifier; }
  ExceptionFlow &exceptions() { return Exceptions; }
  clang::ASTContext &context() { return Ctx; }

  /// Statement parents in the function bodies indexed so far.
  BodyParents &bodyParents() { return Parents; }

  /// The database \p Begin's transaction runs on ("sqlite", "postgresql",
  /// "mysql"; "" when unknown): its library's, or for Qt SQL "sqlite" when
  /// the translation unit adds only QSQLITE connections (a connection's
  /// driver is only visible where it is added).
  llvm::StringRef databaseOf(const TxnEvent &Begin);

  /// The calls of \p Callee in this translation unit, with the function
  /// each is in (an index built on first use).
  llvm::ArrayRef<std::pair<const clang::CallExpr *, const clang::FunctionDecl *>>
  callersOf(const clang::FunctionDecl *Callee);
  /// The calls that the lambda whose call operator is \p Lambda is handed
  /// to as an argument (its number) and whose callee's body is not searched
  /// for its calls: not in this translation unit, or a library's.
  llvm::ArrayRef<std::pair<const clang::CallExpr *, unsigned>>
  handedTo(const clang::FunctionDecl *Lambda);
  /// Whether every call of \p FD in view is made while a transaction may be
  /// open: its callers in this translation unit (or theirs, a few levels
  /// up), or for a lambda handed to a function of another file, that
  /// function's summary (`withTransaction(db, [&] { ... })`).
  bool alwaysCalledInTransaction(const clang::FunctionDecl *FD);
  /// A call of a lambda, by a function other than the one that defines it
  /// (a transaction runner), while transactions of that function may be
  /// open.
  struct RunnerCall {
    const FunctionTxnResult *Runner;
    const CallInTransaction *Call;
  };
  /// Those calls of the lambda whose call operator is \p Lambda.
  std::vector<RunnerCall> runnerCalls(const clang::FunctionDecl *Lambda);
  /// Where the transaction that a call of the lambda whose call operator
  /// is \p Lambda runs inside commits after it returns.
  struct CommitAfterReturn {
    /// The function that calls the lambda (a transaction runner) and
    /// commits, and its commit event; null when only a summary says so.
    const FunctionTxnResult *Caller = nullptr;
    unsigned Commit = 0;
    /// Without Caller: the call that hands the lambda to a function of
    /// another file that calls it inside its transaction.
    const clang::CallExpr *HandedAt = nullptr;
  };
  /// The first such commit over its runner calls, else the call that hands
  /// it to a runner of another file, if any.
  std::optional<CommitAfterReturn>
  commitAfterReturn(const clang::FunctionDecl *Lambda);
  /// The transactions \p Result's function runs inside without beginning
  /// them (see AmbientTransaction).
  std::vector<AmbientTransaction>
  ambientTransactions(const FunctionTxnResult &Result);

  /// What calling \p Callee may do to transactions it can reach, and whether
  /// it may write: from its body (directly or through its own callees);
  /// anything when its body is not in this translation unit and it is not a
  /// library function.
  CalleeEffect calleeEffect(const clang::FunctionDecl *Callee);
  /// The same for a call to \p Callee that runs \p Summary: for a virtual
  /// call whose overriders agree, what any of them may do.
  CalleeEffect calleeEffect(const FunctionSummary &Summary,
                            const clang::FunctionDecl *Callee);

  /// The summary of \p Callee when its body is in this translation unit and
  /// does something to its caller's transactions, else null. Null too while
  /// it is being computed (recursion). Without a body here, the summary
  /// another translation unit exported for it, if any (a body here wins).
  const FunctionSummary *summaryOf(const clang::FunctionDecl *Callee);

  /// Summaries of functions defined in other translation units.
  void useExternalSummaries(std::shared_ptr<const LinkedSummaries> Linked) {
    External = std::move(Linked);
  }

  /// Once per translation unit: the summaries of the functions its main
  /// file defines, into the current SummaryExtraction, if any.
  void extractSummaries();

  /// The summary that a call \p S runs: null for modelled calls, functions
  /// without one, and virtual calls whose target is not known unless the
  /// overriders in view agree (overridersSummaryOf).
  const FunctionSummary *summaryOfCall(const clang::Stmt *S);

  /// Declared in a system header or in a file that declares modelled calls.
  bool isLibraryFunction(const clang::FunctionDecl *FD) const;
  /// Whether \p D, declared at \p Loc, is a library's (as above).
  bool isLibraryDecl(const clang::Decl *D, clang::SourceLocation Loc) const;

  /// Whether the linked summaries say that \p Callee, whose body is in
  /// another translation unit, keeps its parameter \p Index.
  bool keepsArgumentElsewhere(const clang::FunctionDecl *Callee,
                              unsigned Index);
  /// Whether the destructor of \p RD (a user class) may end a transaction
  /// that its object holds: the class owns what its constructor begins.
  bool destructorMayEnd(const clang::CXXRecordDecl *RD);
  /// Whether the destructor of \p RD may end the transaction of the shared
  /// handle \p Key (FunctionSummary::SharedEnds).
  bool destructorEndsShared(const clang::CXXRecordDecl *RD,
                            llvm::StringRef Key);
  /// A statement that an object keeps in a member, prepared by its class's
  /// methods: the member connection it is prepared on, and its SQL when
  /// every prepare in view gives the same (Luanti's `sqlite3_prepare_v2(
  /// m_database, "BEGIN;", -1, &m_stmt_begin, NULL)` in an init method,
  /// stepped by beginSave()).
  struct KeptStatement {
    const clang::FieldDecl *Connection = nullptr;
    std::optional<std::vector<SqlEffect>> Effects;
    /// Else the member whose text every prepare runs (`m_sql.c_str()`, the
    /// SQL its constructor was given).
    const clang::FieldDecl *SqlMember = nullptr;
  };
  /// For a member of a class that holds a statement (`sqlite3_stmt
  /// *_stmt`): how the class's methods prepare it (`sqlite3_prepare_v2(_db,
  /// sql, -1, &_stmt, nullptr)` in prepare(), while exec() steps it), when
  /// every such prepare in view uses the same member connection.
  KeptStatement keptStatement(const clang::FieldDecl *Statement);
  /// For a bool member that the methods of its class set where they begin
  /// and clear where they end (Hugin's `if (!m_runningTransaction) {
  /// m_runningTransaction = sqlite3_exec(m_db, "BEGIN", ...) == SQLITE_OK;
  /// }` and `if (m_runningTransaction) { COMMIT; m_runningTransaction =
  /// false; }`): the key, in those methods, of the handle whose transaction
  /// it says is open (empty if none), and the methods that clear it.
  const TransactionFlag &transactionFlag(const clang::FieldDecl *Flag);
  /// A statement that a call of a function of the program returns: the
  /// caller's expression of the connection it was prepared on, that
  /// connection's key, the member of the expression's object that it is,
  /// if any, and what running it does, when that is known (the helper read
  /// its SQL, or the caller's argument it was prepared with can be read),
  /// else that argument.
  struct MadeStatement {
    const clang::Expr *Connection = nullptr;
    std::string Key;
    std::string ConnectionMember;
    std::optional<std::vector<SqlEffect>> Effects;
    const clang::Expr *Sql = nullptr;
  };
  std::optional<MadeStatement> madeStatement(const clang::Expr *Handle);
  /// Whether a value of type \p T (or what it refers or points to) may be
  /// or hold a connection or transaction: not a number, a string or
  /// another class that holds none.
  bool mayCarryHandle(clang::QualType T);

  /// A database wrapper of the user's.
  struct Wrapper {
    /// A transaction when one of its methods begins on its object, else a
    /// session.
    Role WrapperRole = Role::Session;
    /// It holds a thread-affine connection by value (a QSqlDatabase
    /// member): it belongs to the thread that made it.
    bool ThreadAffine = false;
  };
  /// Whether \p RD is a database wrapper of the user's: it holds a modelled
  /// handle by value, or one of its methods acts on a connection or
  /// transaction it reaches through its object (by their summaries).
  std::optional<Wrapper> wrapperOf(const clang::CXXRecordDecl *RD);

  /// EscapeAnalysis's fact about parameter \p Index of \p FD (a
  /// definition), computed once per translation unit.
  std::optional<ParameterUse> parameterUse(const clang::FunctionDecl *FD,
                                           unsigned Index) const {
    auto It = ParameterUses.find({FD, Index});
    return It == ParameterUses.end() ? std::nullopt
                                     : std::optional(It->second);
  }
  void setParameterUse(const clang::FunctionDecl *FD, unsigned Index,
                       ParameterUse Use) {
    ParameterUses[{FD, Index}] = Use;
  }

private:
  /// For databaseOf: whether every Qt connection of the unit is QSQLITE
  /// (computed on first use).
  std::optional<bool> QtSqliteOnly;
  TxnAnalysisCache(clang::ASTContext &Ctx, const TransactionModel &Model);
  /// Whether an object of \p RD may hold a connection or transaction: a
  /// modelled type, a class not defined here, or one with such a member.
  bool mayHoldHandle(const clang::CXXRecordDecl *RD, unsigned Depth);
  CalleeEffect calleeEffect(const clang::FunctionDecl *Callee, unsigned Depth);
  bool alwaysCalledInTransaction(const clang::FunctionDecl *FD, unsigned Depth);
  /// The isolation level that every transaction open at a call of \p FD
  /// names, when its callers in view all name the same (`BEGIN ISOLATION
  /// LEVEL REPEATABLE READ` before the call); else "".
  std::string callersIsolation(const clang::FunctionDecl *FD);
  llvm::DenseMap<const clang::FunctionDecl *, bool> CalledInTransaction;
  llvm::DenseMap<const clang::FieldDecl *, KeptStatement> KeptStatements;
  llvm::DenseMap<const clang::FieldDecl *, TransactionFlag> TransactionFlags;
  /// linkedThrowsOf's answers, by canonical declaration.
  llvm::DenseMap<const clang::FunctionDecl *,
                 std::optional<std::vector<std::string>>>
      LinkedThrows;
  /// The external summary of \p Callee, which has no body here.
  struct ImportedSummary {
    std::optional<FunctionSummary> Summary;
    CalleeEffect Effect;
  };
  const ImportedSummary *importedSummaryOf(const clang::FunctionDecl *Callee);
  /// The effect that another translation unit's summary gives \p Callee,
  /// which has no body here.
  std::optional<CalleeEffect> importedEffectOf(const clang::FunctionDecl *Callee);
  /// What another translation unit's summary, or effect-only summary, says
  /// \p Callee (its body not here) does.
  std::optional<CalleeEffect> linkedEffectOf(const clang::FunctionDecl *Callee);
  /// Whether external summaries are looked up for \p Callee.
  bool mayBeExternal(const clang::FunctionDecl *Callee);
  /// Whether the linked summaries say that \p Method, whose body is in
  /// another translation unit, returns the handle its object keeps.
  bool returnsOwnHandleElsewhere(const clang::CXXMethodDecl *Method);
  /// The same asked of this thread's cache (setLinkedAccessorTest).
  static bool linkedAccessor(const clang::CXXMethodDecl *Method);
  /// For memberAccessOf, what the linked summary of \p FD says it returns.
  static std::optional<std::pair<unsigned, std::string>>
  linkedMemberAccessor(const clang::FunctionDecl *FD);
  /// What the linked summaries say that \p FD, defined in another
  /// translation unit, may throw; null when they do not say.
  const std::vector<std::string> *linkedThrowsOf(const clang::FunctionDecl *FD);
  /// Whether everything \p FD calls, directly or not, is known: a body
  /// here, a library function or an external effect. Only then does its
  /// effect say what it does not do.
  bool callsOnlyKnownCode(const clang::FunctionDecl *FD, unsigned Depth);
  /// The summary of a virtual call to \p Method whose target is not known:
  /// the one that its overriders here and, through the linked summaries, in
  /// other units agree on (docs/summaries.md), or null.
  const FunctionSummary *overridersSummaryOf(const clang::CXXMethodDecl *Method);
  /// Whether \p FD calls a method of its own object whose summary says it
  /// may end what the object holds.
  bool callsObjectMethodThatMayEnd(const clang::FunctionDecl *FD);
  /// FunctionSummary::TellsOpen for \p FD, a method that tests a member of
  /// its object that a method of the class that begins keeps.
  std::optional<bool> tellsOpen(const clang::FunctionDecl *FD);
  /// What any overrider may do, when \p Summary is the one they agree on.
  const CalleeEffect *overridersEffectOf(const FunctionSummary &Summary);
  /// The definitions here of \p Method and of the methods that override it
  /// (an index of every virtual method built on first use).
  llvm::ArrayRef<const clang::CXXMethodDecl *>
  overridersOf(const clang::CXXMethodDecl *Method);
  /// The classes defined here that derive from \p Base, directly or not
  /// (built with the overriders' index).
  llvm::ArrayRef<const clang::CXXRecordDecl *>
  derivedClassesOf(const clang::CXXRecordDecl *Base);
  /// Builds Overriders and DerivedClasses on first use.
  void indexClasses();
  /// The overriders of the pure virtual \p FD when they are all here (no
  /// summary names one elsewhere); empty otherwise.
  llvm::ArrayRef<const clang::CXXMethodDecl *>
  overridersInView(const clang::FunctionDecl *FD);
  /// This unit's declaration of a global, member or function.
  const clang::Decl *declOfUsr(llvm::StringRef Usr, llvm::StringRef Name);

  clang::ASTContext &Ctx;
  TxnEventClassifier Classifier;
  ExceptionFlow Exceptions;
  AnalysisBudget Budget;
  BodyParents Parents;
  llvm::DenseMap<const clang::FunctionDecl *, std::unique_ptr<FunctionTxnResult>>
      Results;
  /// Functions whose body is being analyzed, callee inside caller.
  llvm::DenseSet<const clang::FunctionDecl *> Analyzing;
  llvm::DenseMap<const clang::FunctionDecl *, bool> HasModelledCalls;
  llvm::DenseMap<const clang::FunctionDecl *, CalleeEffect> Effects;
  llvm::DenseMap<const clang::FunctionDecl *, std::unique_ptr<FunctionSummary>>
      Summaries;
  /// Summaries being computed, callee inside caller.
  unsigned SummaryDepth = 0;
  static constexpr unsigned MaxSummaryDepth = 64;
  llvm::DenseMap<const clang::CXXRecordDecl *, bool> HoldsHandle;
  llvm::DenseMap<const clang::CXXRecordDecl *, std::optional<Wrapper>> Wrappers;
  /// The classes whose members destructorMayEnd() is looking into.
  llvm::SmallPtrSet<const clang::CXXRecordDecl *, 4> DestroyedClasses;
  std::shared_ptr<const LinkedSummaries> External;
  /// Where extractSummaries writes, and the calls are recorded (the
  /// thread's target when the unit started), or null.
  UnitSummaries *Extraction;
  bool Extracted = false;
  /// By canonical declaration; null for a function without a summary.
  llvm::DenseMap<const clang::FunctionDecl *, std::unique_ptr<ImportedSummary>>
      Imported;
  llvm::DenseMap<const clang::FunctionDecl *, std::optional<CalleeEffect>>
      ImportedEffects;
  std::optional<llvm::StringMap<llvm::SmallVector<const clang::NamedDecl *, 1>>>
      DeclsByName;
  /// By canonical method.
  std::optional<llvm::DenseMap<const clang::CXXMethodDecl *,
                               llvm::SmallVector<const clang::CXXMethodDecl *, 2>>>
      Overriders;
  /// By canonical base class.
  llvm::DenseMap<const clang::CXXRecordDecl *,
                 llvm::SmallVector<const clang::CXXRecordDecl *, 2>>
      DerivedClasses;
  /// By canonical method; null when the overriders do not agree.
  llvm::DenseMap<const clang::CXXMethodDecl *, std::unique_ptr<FunctionSummary>>
      VirtualSummaries;
  /// For the agreed ones: what any of the overriders may do.
  llvm::DenseMap<const clang::CXXMethodDecl *, CalleeEffect> VirtualEffects;
  llvm::DenseMap<std::pair<const clang::FunctionDecl *, unsigned>, ParameterUse>
      ParameterUses;
  std::optional<llvm::DenseMap<
      const clang::FunctionDecl *,
      std::vector<std::pair<const clang::CallExpr *, const clang::FunctionDecl *>>>>
      Callers;
  llvm::DenseMap<const clang::FunctionDecl *,
                 std::vector<std::pair<const clang::CallExpr *, unsigned>>>
      HandedTo;
};

} // namespace txnlint

#endif
