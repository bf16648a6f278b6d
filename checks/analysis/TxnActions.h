//===--- TxnActions.h - A function's CFG as transaction actions -*- C++ -*-===//
//
// Event extraction, the first layer of the engine: it turns each element of
// one function's CFG into the events the model and the callees' summaries
// say it performs (a begin, a write, a commit, a hand-off to a helper) and
// into the actions a block's transfer function replays: an event happens, a
// call may throw, a flag is assigned. It also finds what a branch tests (did
// this begin or commit fail, which value does this local flag hold) and the
// statement structure that transfer and fact collection consult (the try
// and loop around each statement, handlers, returned and stored handles).
//
// Extraction runs once per function, before solving; the solver then only
// replays actions.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_ANALYSIS_TXNACTIONS_H
#define TXNLINT_ANALYSIS_TXNACTIONS_H

#include "ErrorConvention.h"
#include "TxnStateAnalysis.h"
#include "clang/AST/OperationKinds.h"
#include "llvm/ADT/APSInt.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include <array>
#include <optional>
#include <string>
#include <vector>

namespace clang {
class CFG;
class CFGBlock;
class CFGElement;
class CXXTryStmt;
class PostOrderCFGView;
} // namespace clang

namespace txnlint {

/// One step of a block's transfer function, in execution order.
struct Action {
  enum Kind {
    /// Events[EventId] happens.
    Event,
    /// A callee that may end transactions receives Keys (and can reach
    /// global handles).
    HandOff,
    /// Site (a call) may throw: the state so far flows to the handler or
    /// out of the function.
    SideExit,
    /// Site (a throw statement) throws; the CFG carries the edge.
    Throw,
    /// Site can fail after a commit (a call or an error return).
    Failure,
    /// Site, a call in a try block not known to throw, may throw all the
    /// same: the try is its author's evidence. The state so far reaches
    /// the try's handlers, and nothing else.
    HandlerEntry,
    /// Flags[Flag] is assigned one of the values FlagValues.
    SetFlag,
    /// Each value slot S of Flags[Flag], a counter, becomes the slots
    /// FlagMap[S] (`++depth_`, `depth_ -= 1`); or, with a SourceFlag, where
    /// Flags[SourceFlag] holds S, Flags[Flag] becomes FlagMap[S] (`bool ok =
    /// errors == 0`).
    MapFlag,
    /// An object whose destructor may close them takes the handles Keys
    /// (a smart pointer with a deleter, a wrapper class), or they are
    /// handed over on this path (returned, stored in a member, a global or
    /// an output parameter).
    Adopt,
    /// Site, an if, switch, loop or ?:, evaluates (part of) its condition.
    Branch,
    /// Site assigns Variable a call's result (SuccessOf: the event whose
    /// result, or success, it then holds): the writes it held before are
    /// overwritten.
    AssignResult,
  } K;
  explicit Action(Kind K) : K(K) {}
  unsigned EventId = 0;
  llvm::SmallVector<std::string, 2> Keys;
  const clang::Stmt *Site = nullptr;
  FailurePoint::Kind FailureKind = FailurePoint::Call;
  bool MayThrow = false;
  /// HandOff: what the callee may do (to what it reaches, or for a write,
  /// to any database).
  bool MayEnd = false;
  /// Failure of a summarized call: its events already say how it fails,
  /// only the call inside a transaction is recorded. HandOff of one: its
  /// events say what it ended.
  bool Summarized = false;
  bool MayBegin = false;
  bool MayWrite = false;
  /// HandOff: the callee's summary says it begins, or ends, a transaction
  /// of the caller's on some paths (FunctionSummary::MayBeginOnSomePath).
  bool BeginsOnSomePath = false;
  bool EndsOnSomePath = false;
  unsigned Flag = 0;
  /// A set of value slots of a tracked flag (see TrackedFlag).
  uint8_t FlagValues = 0;
  /// SetFlag of a begin's bool result (`began = db.transaction()`): on the
  /// paths where that begin is open the flag holds FlagValuesIfBegun.
  /// SideExit of a call whose exception says that this event failed
  /// (FunctionSummary::ThrowsOnFailureOf): it succeeded where the call
  /// returns.
  std::optional<unsigned> SuccessOf;
  uint8_t FlagValuesIfBegun = 0;
  /// SetFlag of `ok = a() && b()`: the writes tested before the value is
  /// computed (all operands but the last) whose failure makes it false; on
  /// the paths where one failed the flag holds FlagValuesIfFailed.
  llvm::SmallVector<unsigned, 1> FalseIfFailed;
  uint8_t FlagValuesIfFailed = 0;
  std::array<uint8_t, 8> FlagMap{};
  std::optional<unsigned> SourceFlag;
  const clang::ValueDecl *Variable = nullptr;
};

/// A local bool, integer or enum variable only read and assigned with `=`:
/// its value is a slot per constant assigned to it, the last slot standing
/// for any other value. Or a counter: an integer member of this object
/// that the function steps up and down (a nesting depth, `if (depth_ == 0)
/// begin(); ++depth_; ... if (--depth_ == 0) commit();`), whose slots are
/// its value's offset from the entry's, -1 to +1, with the entry value
/// zero or positive (counterSlot): the branches on it agree whatever it
/// was at the entry.
constexpr unsigned MaxFlags = 8;
constexpr unsigned UnknownSlot = 7;
constexpr uint8_t UnknownValue = 1u << UnknownSlot;
struct TrackedFlag {
  const clang::ValueDecl *Var;
  llvm::SmallVector<llvm::APSInt, 7> Constants;
  /// Its value slots at the function's entry: unknown for a local, either
  /// value for a bool parameter or member.
  uint8_t EntryValue = UnknownValue;
  bool Counter = false;
};

/// A block's branch tests a flag: the value slots that take each successor.
struct FlagTest {
  unsigned Flag;
  uint8_t Takes[2];
};

/// A block's branch tests whether a handle holds no transaction: it is
/// null, or its object says so (`if (store.inTransaction())`). No
/// transaction begun on it is open on the idle edge.
struct IdleTest {
  std::string HandleKey;
  unsigned IdleSucc;
  /// Asked of the handle's transaction (`inTransaction()`,
  /// `sqlite3_get_autocommit(db)`), not whether there is a handle.
  bool AsksTransaction = false;
  /// Asked of the handle's state now, not of an end's result: where it
  /// says one is open, an end before it failed.
  bool AsksState = false;
  /// For a member flag of the object's transaction, the methods that clear
  /// it as they end that transaction: after a call of one, nothing else
  /// since, the flag says idle whether or not the end succeeded.
  llvm::SmallVector<const clang::FunctionDecl *, 2> ClearedBy = {};
};

/// A block's branch compares a write's status with a failure code by name
/// (`rc == MDB_KEYEXIST`, `rc && rc != MDB_NOTFOUND`, `s.IsNotFound()`), or
/// the last failure on a handle (`mysql_errno(db) == ER_DUP_ENTRY`): where
/// it equals that code, the failure is one the code tolerates on purpose.
struct CodeTest {
  /// The write or commit whose status is tested, or none for a handle's
  /// last failure.
  std::optional<unsigned> Write;
  /// The handle whose last failure is tested, when Write is none.
  std::string HandleKey;
  unsigned EqualSucc;
};

/// A `try` statement and the CFG block that dispatches to its handlers.
struct TryInfo {
  const clang::CXXTryStmt *Try = nullptr;
  const clang::CXXTryStmt *Parent = nullptr;
  const clang::CFGBlock *Dispatch = nullptr;
  /// The first statement whose exception gets past all handlers, if any.
  const clang::Stmt *FirstEscape = nullptr;
};

/// A block's branch tests whether an event (a begin or a commit) failed.
struct EventTest {
  unsigned Event;
  /// The successor taken when it failed (0 = true branch); for a switch,
  /// none (Cases decide).
  unsigned FailureSucc;
  /// Writes whose result the tested variable may also hold here, from
  /// assignments that reach the test (`rc = exec(a); if (rc == OK) rc =
  /// exec(b); if (rc == OK) commit;`): the test decides them too.
  llvm::SmallVector<unsigned, 1> Others;
  /// For a switch on the result, per successor: it succeeded there (1),
  /// it failed (-1), or the case says nothing of it (0).
  llvm::SmallVector<int8_t, 0> Cases;

  bool failsOn(unsigned Succ) const {
    return Cases.empty() ? Succ == FailureSucc : Cases[Succ] < 0;
  }
  bool succeedsOn(unsigned Succ) const {
    return Cases.empty() ? Succ != FailureSucc : Cases[Succ] > 0;
  }
};

/// The call whose result \p E holds, through conversions, a smart
/// pointer's construction (`std::unique_ptr<Transaction> t(db->Begin...)`)
/// and a holder's conversion operator back to it (Kea's `PgSqlResult r(
/// PQexec(...)); PQresultStatus(r)`).
const clang::Expr *resultSource(const clang::Expr *E);
/// Whether \p T is a std::tuple or std::pair whose first element is a
/// bool: the success of what returns it (Biboumi's `std::tuple<bool,
/// std::string> raw_exec(query)`).
bool isFlaggedTuple(clang::QualType T);
/// The flag of a tuple \p E makes (`std::make_tuple(false, msg)`, `{true,
/// ""}`); \p E itself for anything else.
const clang::Expr *flagOfTuple(const clang::Expr *E);
/// The local variables \p E reads.
void readVariables(const clang::Stmt *E,
                   llvm::SmallPtrSetImpl<const clang::VarDecl *> &Vars);

/// What a return or co_return statement hands back, if anything.
const clang::Expr *returnedValue(const clang::Stmt *S);

/// Whether \p Callee keeps its parameter \p Index beyond the call: it
/// assigns it (or something made of it) to a member or a global, resets a
/// smart pointer member with it, inserts it in a member container,
/// initializes a member with it, or hands it to a function that does,
/// \p Depth calls further (`setDB(ptr)` with `d_db.reset(db)`).
bool keepsArgument(const clang::FunctionDecl *Callee, unsigned Index,
                   unsigned Depth);

/// The events and actions of one function. Extraction fills the public
/// members; later layers only read them.
class TxnActions {
public:
  /// Events are appended to \p Events.
  TxnActions(const clang::FunctionDecl *FD, TxnAnalysisCache &Cache,
             ExceptionFlow &Exceptions, std::vector<TxnEvent> &Events);

  /// Extracts the actions of every block of \p Cfg.
  void extract(const clang::CFG &Cfg, const clang::PostOrderCFGView &PostOrder);

  const clang::FunctionDecl *function() const { return FD; }
  /// Which returns of the function report failure.
  const ErrorConvention &errors() const { return Errors; }
  TxnAnalysisCache &cache() const { return Cache; }

  /// The successors the analysis follows from \p B: its own, but for the
  /// blocks that decide a condition clang's CFG computes as a value before
  /// branching on it (ForwardedSuccessors).
  llvm::SmallVector<const clang::CFGBlock *, 2>
  successors(const clang::CFGBlock &B) const;
  /// Whether \p S builds the object a throw expression throws.
  bool isThrownObject(const clang::Stmt *S) const;
  /// The throw expression that ends \p B, if any.
  const clang::CXXThrowExpr *throwEnding(const clang::CFGBlock &B) const;
  /// The condition \p B branches on, in the successors() view.
  const clang::Expr *branchCondition(const clang::CFGBlock &B) const;

  /// The event whose failure \p Cond tests, and which branch fails.
  std::optional<EventTest> testedEvent(const clang::Expr *Cond) const;
  /// The handle that \p Cond says holds no transaction on one of its
  /// branches (IdleTest), if any.
  std::optional<IdleTest> testedIdle(const clang::Expr *Cond) const;
  /// The event of a call whose result is \p Statement, or is kept in it,
  /// where the callee returns the statement that ran that event
  /// (FailureReport::ReturnsStatement).
  std::optional<unsigned>
  returnedStatementRun(const clang::Expr *Statement) const;
  /// Whether a branch asks whether a handle is in a transaction already
  /// (IdleTest::AsksTransaction): what the function does, it does on the
  /// outermost level only.
  bool testsTransactionOpen() const {
    return llvm::any_of(BlockIdleTests,
                        [](const std::optional<IdleTest> &Test) {
                          return Test && Test->AsksTransaction;
                        });
  }
  /// The event whose failure the exception of \p Call, a function that
  /// throws on its argument's failure (\p Summary), says.
  std::optional<unsigned> checkedByThrow(const clang::CallExpr *Call,
                                         const FunctionSummary &Summary) const;
  /// The same for the branch that ends \p B on \p Cond, a switch's too.
  std::optional<EventTest> blockTest(const clang::CFGBlock &B,
                                     const clang::Expr *Cond) const;
  /// The event whose result \p Cond tests for null (`r`, `!r`, `r !=
  /// nullptr`) when its failure is in its result, and whether true means
  /// there is a result.
  std::optional<std::pair<unsigned, bool>>
  resultPresenceTest(const clang::Expr *Cond) const;
  /// For a call of the model's error-code operation (`mysql_errno(db)`):
  /// the latest event so far on its handle that reports failure, whose
  /// failure a comparison with 0 tells.
  std::optional<unsigned>
  lastEventReportedBy(const clang::Expr *ErrorCode) const;
  bool isInside(const clang::Stmt *Inner, const clang::Stmt *Outer) const;
  /// What decides that \p S runs: the nearest if, switch, loop or ?: with
  /// \p S in a branch, or the handler around \p S; null when nothing does.
  const clang::Stmt *guardOf(const clang::Stmt *S) const;
  /// The calls whose results the condition of \p Guard (not a handler)
  /// tests: the outermost calls in it, and those assigned to the local
  /// variables it reads (`int rc = sqlite3_step(stmt); if (rc != ...)`).
  llvm::SmallVector<const clang::Stmt *, 2>
  conditionCalls(const clang::Stmt *Guard) const;

  std::vector<TxnEvent> &Events;
  std::vector<std::vector<Action>> BlockActions;
  /// A condition with temporaries (`if (own && !exec(c, std::string(sql)))`)
  /// is not short-circuited by clang's CFG into the branch: a block of its
  /// own computes the `&&` or `||` and branches on it, so what its operands
  /// tested is lost where their paths meet. The blocks that decide the
  /// value branch straight to that block's successors instead: a block
  /// that short-circuits goes where its value leads, and the block ending
  /// with the last operand branches on that operand (ForwardedConditions).
  llvm::DenseMap<const clang::CFGBlock *,
                 llvm::SmallVector<const clang::CFGBlock *, 2>>
      ForwardedSuccessors;
  llvm::DenseMap<const clang::CFGBlock *, const clang::Expr *>
      ForwardedConditions;
  std::vector<std::optional<EventTest>> BlockTests;
  llvm::SmallVector<TrackedFlag, 0> Flags;
  std::vector<std::optional<FlagTest>> BlockFlagTests;
  std::vector<std::optional<IdleTest>> BlockIdleTests;
  std::vector<std::optional<CodeTest>> BlockCodeTests;

  /// The calls of functions whose exceptions leave after a rollback to a
  /// savepoint (FunctionSummary::RecoversOnThrow).
  llvm::SmallPtrSet<const clang::Stmt *, 2> RecoveringSites;
  /// The events of each call, and the first begin or commit among them
  /// (the one a branch on the call's result tests).
  llvm::DenseMap<const clang::Stmt *, llvm::SmallVector<unsigned, 1>>
      SiteEvents;
  llvm::DenseMap<const clang::Stmt *, unsigned> SiteTested;

  /// The innermost try (by its try block) and loop around each statement,
  /// and each statement's parent.
  llvm::DenseMap<const clang::Stmt *, const clang::CXXTryStmt *> EnclosingTry;
  /// For a throw or a call whose exceptions' types are known, the block of
  /// the handler of its innermost try that catches them (a `throw
  /// std::runtime_error(...)` skips `catch (const ParseError &)` for the
  /// `catch (const std::runtime_error &)` after it).
  llvm::DenseMap<const clang::Stmt *, const clang::CFGBlock *> HandlerBlock;
  /// The innermost try whose block declares each local variable.
  llvm::DenseMap<const clang::VarDecl *, const clang::CXXTryStmt *>
      TryOfVariable;
  llvm::DenseMap<const clang::Stmt *, const clang::Stmt *> EnclosingLoop;
  llvm::DenseMap<const clang::Stmt *, const clang::Stmt *> Parent;
  llvm::DenseMap<const clang::CXXTryStmt *, TryInfo> Tries;
  llvm::DenseMap<const clang::CFGBlock *, const clang::CXXTryStmt *>
      DispatchTry;
  /// Blocks that call a function that never returns though the CFG does not
  /// know it (ExceptionFlow::neverReturns): control leaves them only by the
  /// exception.
  llvm::SmallPtrSet<const clang::CFGBlock *, 4> NeverReturningBlocks;
  /// Begins and handles handed back to the caller (`return
  /// db.transaction();`), alone or inside a returned owner.
  llvm::SmallPtrSet<const clang::Stmt *, 2> ReturnedSites;
  llvm::StringSet<> ReturnedKeys;
  /// FunctionTxnResult::ReturnedMadeStatement.
  std::optional<TxnEvent> ReturnedMadeStatement;
  /// Returns of a variable (or a member of this object) that every
  /// assignment reaching the return gives one event's result or success
  /// (`bool ok = exec(...) == SQLITE_OK; ...; return ok;`).
  llvm::DenseMap<const clang::Stmt *, std::pair<unsigned, FailureReport>>
      ReturnedResults;
  /// Stored handles (`m_txn = txn;`): keys of assigned values, and calls
  /// whose result is assigned to a member or global.
  llvm::StringSet<> StoredKeys;
  llvm::SmallPtrSet<const clang::Stmt *, 2> StoredSites;
  /// Handles that a scope guard's lambda rolls back or closes, on every
  /// exit from the guard's scope (`auto g = finally([&] { abort(txn); })`),
  /// with where the first such guard is declared: an exit before it leaves
  /// the handle unguarded.
  llvm::StringMap<clang::SourceLocation> GuardedKeys;
  /// What a guard class of the program is built from that is no handle by
  /// its type: guarded where the function begins on it.
  llvm::StringSet<> GuardedIfBegun;
  /// Writes that report failure by their result where the result is
  /// dropped or a branch tests it: the domain tracks whether a failure of
  /// theirs is handled (txn-commit-after-failed-write). A result kept in
  /// some other way is taken to be handled.
  llvm::BitVector FallibleWrites;
  /// For each event, the first event that runs the same SQL its caller
  /// gives on the same handle, when that is another (Execute's `if
  /// (bToUTF8) PQexec(conn, utf8.data()); else PQexec(conn, sql);`): where
  /// either ran, the caller's statement did.
  std::vector<std::optional<unsigned>> SameRunAs;
  /// Writes that a loop runs again where they failed and leaves where
  /// they succeeded: a run's result replaces the last run's.
  llvm::DenseSet<unsigned> RetriedWrites;
  /// Index of each call site that may run inside a transaction.
  llvm::DenseMap<const clang::Stmt *, unsigned> CallSites;

private:
  void mapStatements(const clang::Stmt *S, const clang::CXXTryStmt *Try,
                     const clang::Stmt *Loop);
  /// Fills ForwardedSuccessors and ForwardedConditions.
  void forwardLogicalConditions(const clang::CFG &Cfg);
  /// The blocks of \p Choice's two arms, each reached only from it.
  std::optional<std::array<const clang::CFGBlock *, 2>>
  choiceArms(const clang::ConditionalOperator *Choice) const;
  /// The end that \p Arm, one arm of a `?:` SQL argument, runs, if any.
  std::optional<Operation> sqlEndOf(const clang::Expr *Arm) const;
  /// For a commit chosen against a rollback (TxnEvent::ChosenBy) and run
  /// in \p Block, the blocks of the choice's two arms, when each is a block
  /// of its own.
  std::optional<std::array<const clang::CFGBlock *, 2>>
  chosenEndBlocks(const TxnEvent &E, const clang::CFGBlock &Block) const;
  void collectElement(const clang::CFGElement &Elem,
                      const clang::CFGBlock &Block);
  void setFlag(std::optional<unsigned> Flag, const clang::Expr *Value,
               std::vector<Action> &Actions);
  /// The MapFlag action of \p S if it is `ok &= write()` or `failed |=
  /// ...` on a tracked bool flag.
  void accumulateFlag(const clang::Stmt *S, std::vector<Action> &Actions);
  /// The MapFlag action of \p S if it steps a counter, once per step.
  void stepCounter(const clang::Stmt *S, std::vector<Action> &Actions);
  void noteThrowSite(const clang::Stmt *Site, const ExceptionInfo &Info);
  /// The events of constructing a library's type inside std::make_unique.
  llvm::SmallVector<TxnEvent, 1>
  libraryConstruction(const clang::CallExpr *Call);
  /// Records \p Value as handed back to the caller; the handles it hands
  /// back go to \p HandOver's keys.
  void noteReturned(const clang::Expr *Value, unsigned Depth, Action &HandOver);
  /// Whether \p E is what a return statement hands back, through the
  /// conversions and temporaries around it.
  bool isReturned(const clang::Expr *E) const;
  /// Whether \p E is assigned or reset into a member.
  bool isStoredInMember(const clang::Expr *E) const;
  /// Whether \p E is a statement of its own, whose value nothing takes.
  bool isDiscarded(const clang::Expr *E) const;
  /// Whether the statement object that \p Call returns, with the values
  /// bound to it, is kept (initializes a variable, is handed to a call,
  /// returned) rather than run where it is made or dropped.
  bool keepsResult(const clang::Expr *Call) const;
  /// The statement that takes \p E's value, through the conversions and
  /// temporaries around it.
  const clang::Stmt *consumerOf(const clang::Expr *E) const;
  void bindResult(const clang::ValueDecl *Var, const clang::Expr *Value);
  /// bindResult for a `?:` of two calls.
  void bindChosenResult(const clang::ValueDecl *Var, const clang::Expr *Value);
  /// A transaction object built into a member (`m_work =
  /// std::make_unique<pqxx::work>(m_conn)`, `m_txn.reset(new Txn(db))`):
  /// the member \p Member is its handle.
  void bindMember(const clang::Expr *Member, const clang::Expr *Value);
  /// bindResult, and the assignment \p S recorded for reachingAssignments.
  void bindResultAt(const clang::Stmt *S, const clang::ValueDecl *Var,
                    const clang::Expr *Value, std::vector<Action> &Actions);
  /// Records that \p S assigns \p Var what \p Value says about an event.
  void noteResultAssignment(const clang::Stmt *S, const clang::ValueDecl *Var,
                            const clang::Expr *Value);
  /// The assignments to \p Var that reach the end of \p B, and whether a
  /// path from the function's entry assigns it nothing.
  struct ReachingAssignments {
    llvm::SmallVector<const clang::Stmt *, 2> Sites;
    bool FromEntry = false;
  };
  ReachingAssignments reachingAssignments(const clang::CFGBlock *B,
                                          const clang::ValueDecl *Var) const;
  /// Fills ReturnedResults from the return statements of \p Returns.
  void resolveReturnedVariables(
      llvm::ArrayRef<std::pair<const clang::Stmt *, const clang::CFGBlock *>>
          Returns);
  /// A variable in \p Cond that some statement assigns a write's, a
  /// begin's or a commit's result.
  const clang::ValueDecl *assignedVariableIn(const clang::Expr *Cond) const;
  llvm::DenseSet<const clang::ValueDecl *> BeginsOrCommitsAssignedTo;
  /// Fills WritesAssignedTo and AssignedWrites, then completes the tests of
  /// \p Blocks on result variables with the writes whose results reach
  /// them (EventTest::Others).
  void testReachingResults(llvm::ArrayRef<const clang::CFGBlock *> Blocks);
  void bindStatus(const clang::ValueDecl *Var, const clang::Expr *Value);
  /// \p Value is kept where the function's end does not end it; its handle
  /// goes to \p HandOver's keys.
  void noteStored(const clang::Expr *Value, Action &HandOver);
  void adoptOwnership(const clang::ValueDecl *Var, const clang::Expr *Value);
  /// Fills GuardedKeys when \p Var is a scope guard built from a lambda.
  void noteScopeGuard(const clang::VarDecl *Var, const clang::Expr *Init);
  /// The handles that the lambdas \p E is or holds end in their bodies
  /// with one of \p Ends.
  llvm::SmallVector<std::string, 2>
  keysEndedByLambdas(const clang::Expr *E,
                     std::initializer_list<Operation> Ends);
  void noteAdoption(const clang::Stmt *S, std::vector<Action> &Actions) const;
  /// Whether \p S calls library code \p Callee and hands it no callable
  /// but the library's own functions: it does nothing to a transaction.
  bool handsOnlyLibraryCode(const clang::Stmt *S,
                            const clang::FunctionDecl *Callee) const;
  void resolveStatements(llvm::SmallVectorImpl<TxnEvent> &CallEvents);
  /// Whether the error that \p Call returns is tested where it is used
  /// (errorObjectTest), not only logged.
  bool errorTested(const clang::CallExpr *Call) const;
  /// The result that \p Call, a function's test or status of a result
  /// (FunctionSummary::ChecksResultOf, StatusOf), reads: its argument
  /// \p Operand, or the object of a holder's method (HeldByObject).
  static const clang::Expr *resultOperand(const clang::CallExpr *Call,
                                          unsigned Operand);
  /// For a call that reads a result's status, the library's
  /// (`PQresultStatus(r)`) or a function of the program's that returns it
  /// (`r.PQresultStatus()` of a holder class): the result and the library
  /// function's entry.
  std::optional<std::pair<const clang::Expr *, const OperationSpec *>>
  statusRead(const clang::Expr *E) const;
  std::optional<std::pair<unsigned, bool>>
  testedResultStatus(const clang::Expr *Tested,
                     const clang::Expr *Constant) const;
  void findFallibleWrites();
  void findSameRuns();
  /// Whether \p Test, the test of \p Branch, retries its write (see
  /// RetriedWrites).
  bool isRetry(const EventTest &Test, const clang::Stmt *Branch) const;
  bool resultDropped(const clang::Stmt *Site) const;
  /// Whether the first use of the local \p Holder after \p Site hands it to
  /// a library function that returns nothing (`PQclear(r);`).
  bool freedUnread(const clang::ValueDecl *Holder,
                   const clang::Stmt *Site) const;
  void findFlags();
  /// Fills FlagSettingLambdas with the assignments that may keep their
  /// flags tracked, before findFlags reads it.
  void findFlagSettingLambdas();
  /// Appends the counters among this object's members to Flags.
  void findCounters();
  std::optional<unsigned> flagOf(const clang::Expr *E) const;
  std::optional<unsigned> flagOf(const clang::Decl *Var) const;
  uint8_t flagValue(const TrackedFlag &Flag, const clang::Expr *Value) const;
  std::optional<FlagTest> testedFlag(const clang::Expr *Cond) const;
  /// The slots of counter \p Flag that take each branch of `Counter Op
  /// K`.
  FlagTest testedCounter(unsigned Flag, clang::BinaryOperatorKind Op, int64_t K,
                         bool Negated) const;
  /// Whether \p Step, a `++` or `--` of a member, is a statement of its own
  /// or what the condition of an if or loop compares.
  bool isCounterStep(const clang::UnaryOperator *Step) const;
  std::optional<CodeTest> testedCode(const clang::Expr *Cond) const;
  /// The value slots of \p Flag that are true in a condition.
  static uint8_t truthySlots(const TrackedFlag &Flag);
  /// The begin whose bool result \p Value is, if any.
  std::optional<unsigned> begunBy(const clang::Expr *Value) const;

  const clang::FunctionDecl *FD;
  TxnAnalysisCache &Cache;
  clang::ASTContext &Ctx;
  TxnEventClassifier &Classifier;
  ExceptionFlow &Exceptions;
  /// Which returns of the function report failure.
  const ErrorConvention Errors;

  llvm::DenseMap<const clang::ValueDecl *, unsigned> ResultVariables;
  /// The block that branches on each `?:` of the body.
  llvm::DenseMap<const clang::ConditionalOperator *, const clang::CFGBlock *>
      ChoiceBlocks;
  /// The uses of each local variable (freedUnread), gathered on first need.
  mutable std::optional<llvm::DenseMap<
      const clang::VarDecl *, llvm::SmallVector<const clang::DeclRefExpr *, 4>>>
      LocalUses;
  /// The block of each handler.
  llvm::DenseMap<const clang::CXXCatchStmt *, const clang::CFGBlock *>
      CatchBlocks;
  /// Variables holding whether an event succeeded (`ok = rc == SQLITE_OK`).
  llvm::DenseMap<const clang::ValueDecl *, unsigned> SuccessVariables;
  /// For a success variable, the earlier events whose success it still
  /// carries (ResultAssignment::Carried).
  llvm::DenseMap<const clang::ValueDecl *, llvm::SmallVector<unsigned, 2>>
      CarriedSuccesses;
  /// For each construction or heap construction in a member initializer of
  /// this constructor (`w_(conn)`, `w_(std::make_unique<pqxx::work>(c))`),
  /// the member it builds, named as the methods name it (`this->w_`).
  llvm::DenseMap<const clang::Expr *, const clang::MemberExpr *>
      InitializedMembers;
  /// The constructions that the function returns (`return QSqlQuery(m_db);`).
  llvm::SmallPtrSet<const clang::Stmt *, 2> ReturnedConstructions;
  /// The flag assignments a call of a local lambda always makes
  /// (`auto fail = [&] { log(); ok = false; }; ... fail();`).
  llvm::DenseMap<const clang::VarDecl *,
                 llvm::SmallVector<const clang::BinaryOperator *, 1>>
      FlagSettingLambdas;
  /// Each statement that assigns a variable (or a member of this object) a
  /// value: the event whose result the variable then holds, or whose
  /// success it holds as true (`ok = rc == SQLITE_OK`); neither when it
  /// holds something untested.
  struct ResultAssignment {
    const clang::ValueDecl *Var = nullptr;
    std::optional<unsigned> Held;
    /// For `c ? renew() : begin()`: the other arm's event.
    std::optional<unsigned> AlsoHeld;
    std::optional<unsigned> SuccessOf;
    /// For `ok = ok && q.exec(b)`: the events whose success the variable
    /// still carries beside SuccessOf's.
    llvm::SmallVector<unsigned, 2> Carried;
  };
  llvm::DenseMap<const clang::Stmt *, ResultAssignment> ResultAssignments;
  /// Local variables named other than as the object of a member call
  /// (`later()`, `run(std::move(later))`): not scope guards.
  llvm::SmallPtrSet<const clang::Decl *, 8> PlainlyNamed;
  /// The counter steps already replayed.
  llvm::SmallPtrSet<const clang::Stmt *, 4> CounterSteps;
  /// Whether the last set-autocommit extracted on a handle turned
  /// autocommit off.
  llvm::StringMap<bool> ManualModeKeys;
  /// The handles the function ends without beginning anything on them,
  /// found when a write first asks.
  std::optional<llvm::StringSet<>> EndedWithoutBegin;
  /// Whether a write on \p Key, a connection of type \p Connection, runs
  /// with autocommit off, so that it begins a transaction if none is open.
  bool inManualMode(llvm::StringRef Key, const TypeSpec *Connection);

public:
  /// The event whose result \p E (a call, or a variable or member that
  /// holds a result) is.
  std::optional<unsigned> testedEventOf(const clang::Expr *E) const;
  /// The events whose success the assignment \p Site keeps in its variable
  /// beside the new one (ResultAssignment::Carried).
  llvm::ArrayRef<unsigned> carriedBy(const clang::Stmt *Site) const {
    auto It = ResultAssignments.find(Site);
    return It == ResultAssignments.end() ? llvm::ArrayRef<unsigned>()
                                         : llvm::ArrayRef(It->second.Carried);
  }
  /// The writes whose result each variable is assigned somewhere, and
  /// those assigned by an assignment rather than a declaration, whose
  /// variable a later run overwrites (from ResultAssignments, once every
  /// block is collected).
  llvm::DenseMap<const clang::ValueDecl *, llvm::SmallVector<unsigned, 2>>
      WritesAssignedTo;
  llvm::BitVector AssignedWrites;
  llvm::StringMap<std::string> ConnectionOf;
  /// Variables holding a result status, with the event and the status
  /// function's model entry.
  llvm::DenseMap<const clang::ValueDecl *,
                 std::pair<unsigned, const OperationSpec *>>
      StatusVariables;
  /// Prepared statements: their connection and what their SQL does.
  struct PreparedStatement {
    std::string ConnectionKey;
    const clang::Expr *Connection = nullptr;
    /// The member of Connection's object that the connection is (a
    /// statement made by `newquery()` on `m_db`), if any.
    std::string ConnectionMember;
    /// What it was prepared on: a connection, or a transaction (an LMDB
    /// cursor opened in one).
    Role ConnectionRole = Role::Session;
    std::vector<SqlEffect> Effects;
    bool SqlKnown = false;
    /// SQL that cannot be read here (a parameter): what runs it runs that.
    const clang::Expr *Sql = nullptr;
    /// A helper of the program made it (bindResult), no prepare here.
    bool MadeByHelper = false;
  };
  llvm::StringMap<PreparedStatement> Statements;
  /// The statement each site that runs a prepared statement runs
  /// (`sqlite3_step(st)`), and the statements whose last run's failure a
  /// StatementResult call reports to code that reads it
  /// (`if (sqlite3_finalize(st) != SQLITE_OK)`).
  llvm::DenseMap<const clang::Stmt *, std::string> StatementRunAt;
  llvm::StringSet<> StatementsReported;
  /// The calls of a helper that tests its statement argument's last run
  /// (FunctionSummary::ChecksResultOf), with that run's event.
  llvm::DenseMap<const clang::CallExpr *, unsigned> StatementChecks;
  /// The event of each statement's latest run so far, and each handle's
  /// latest event that reports failure, in the order the elements are read.
  llvm::StringMap<unsigned> LastRunOf;
  llvm::StringMap<unsigned> LastReportingEventOn;
};

} // namespace txnlint

#endif
