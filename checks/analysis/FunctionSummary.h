//===--- FunctionSummary.h - What calling a function does -------*- C++ -*-===//
//
// A function's summary says, in the model's own vocabulary, what calling it
// does to the transactions of its caller: the events it performs on every
// path to a normal return, on which of the caller's handles (the object it
// is called on, a parameter, or a handle both see: a global, a variable a
// lambda captures), with the SQL it runs when that SQL is the caller's
// argument, and how its return value reports the failure of one of them.
// A call is then replayed in the caller as those events, so that every
// check sees through helpers, wrappers and lambdas.
//
// Summaries are inferred from the engine's own result for the callee
// (FunctionTxnResult), bottom-up over the calls of one translation unit:
// a call to a function whose summary is being computed (recursion) gets
// none, and a virtual call whose target is not known gets the summary its
// overriders in view agree on (agreedSummary).
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_ANALYSIS_FUNCTIONSUMMARY_H
#define TXNLINT_ANALYSIS_FUNCTIONSUMMARY_H

#include "TxnEvents.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <memory>
#include <optional>
#include <vector>

namespace txnlint {

struct CalleeEffect;
struct FunctionTxnResult;

/// One event of a summary, on a handle named relative to the call.
struct SummaryEvent {
  enum HandleKind {
    /// The object the method is called on, or something reached through it
    /// (a member connection or transaction).
    Object,
    /// Parameter Param, or something reached through it.
    Parameter,
    /// The handle the function returns (`MDB_txn *begin_write(env)` that
    /// begins a transaction and hands it back): the caller's result.
    Returned,
    /// A handle that means the same in the caller (a global, a factory such
    /// as QSqlDatabase::database(), a variable a lambda captures): the
    /// callee's own event.
    Shared,
  } Kind = Shared;
  unsigned Param = 0;
  /// The callee's event: operation, failure report, role and SQL details.
  TxnEvent Event;
  /// The SQL comes from the caller's argument SqlParam: its text, read at
  /// the call site, decides the operation.
  std::optional<unsigned> SqlParam;
  /// The SQL is a member of the object that its constructor stored from an
  /// argument (`CachedStatement(PGconn *pg, const std::string &sql) :
  /// pg_(pg), sql_(sql)`, run later as `PQexecParams(pg_, sql_.c_str(),
  /// ...)`): the member's name; that argument's text decides the operation.
  std::string SqlMember;
  /// Happens on every path to some return but not to all (a query helper's
  /// step after a prepare that may fail): replayed only as far as it reads.
  bool ReadsOnly = false;
  /// For an Object event on a member of the object (`db_`): its name. A
  /// constructor that initializes it from an argument (`Txn(sqlite3 *db) :
  /// db_(db)`) says which of the caller's connections it is.
  std::string Member;
  /// For a Parameter event of a method of the parameter's class on its
  /// member (Jami's `clearHistory(Database &db, ...)` calling
  /// `db.deleteFrom(...)`, which writes on `db_`): that member's name. A
  /// caller that hands over its own object (`clearHistory(*this, id)`)
  /// sees the event on that member, as its own methods do.
  std::string ParameterObjectMember;
  /// For a Returned transaction object: which of the caller's handles is
  /// its connection (`Transaction Database::begin() { return
  /// Transaction(db_); }` is on the caller's Database: Object). For Shared,
  /// Event.ConnectionKey names it.
  std::optional<HandleKind> Connection;
  unsigned ConnectionParam = 0;
  /// For an Object connection that is a member of the object: its name.
  std::string ConnectionMember;
};

struct FunctionSummary {
  const clang::FunctionDecl *Function = nullptr;
  /// Events on every path to a normal return, in execution order.
  std::vector<SummaryEvent> Events;
  /// The event (index into Events) whose failure the return value reports,
  /// and how.
  std::optional<unsigned> Reported;
  FailureReport ReportedAs = FailureReport::None;
  /// For ChecksResultOf and StatusOf: the result is the one the method's
  /// object holds (a member of the result's type), not a parameter.
  static constexpr unsigned HeldByObject = ~0u;
  /// The function returns whether the result its parameter holds succeeded
  /// (`bool ok(PGresult *r)`): a test of that result.
  std::optional<unsigned> ChecksResultOf;
  /// For ChecksResultOf: true when the function returns true on success.
  bool TrueMeansSuccess = true;
  /// For ChecksResultOf: the parameter is a status code, compared with the
  /// codes of success (`bool checkError(int code)`), not a result object.
  bool ChecksCode = false;
  /// The function returns the status of the result its parameter holds, as
  /// the library's StatusSpec reads it: a holder class's `ExecStatusType
  /// PQresultStatus() { return mRes ? ::PQresultStatus(mRes) :
  /// PGRES_FATAL_ERROR; }` (HeldByObject). Its calls are that library call.
  std::optional<unsigned> StatusOf;
  const OperationSpec *StatusSpec = nullptr;
  /// The function throws only where the result or status code its
  /// parameter holds says the statement failed (`void check(int rc) { if
  /// (rc != SQLITE_OK) throw ...; }`, Kea's `checkStatementError(r)`): at a
  /// call, its exception is that statement's failure, its return the
  /// statement's success.
  std::optional<unsigned> ThrowsOnFailureOf;
  /// FunctionTxnResult::RecoversOnThrow: at a call that throws, its
  /// statements did not fail the caller's transaction.
  bool RecoversOnThrow = false;
  /// On some path, the function ends a transaction or savepoint it reaches
  /// through its object: a destructor that does so makes its class an RAII
  /// owner.
  bool MayEndOnObject = false;
  /// The handles that mean the same in the caller (Shared) on which the
  /// function ends a transaction on some path: a guard class's destructor
  /// that rolls back the singleton connection's transaction its begin()
  /// began (`if (state == STATE_START) Database::getInstance().rollback();`).
  std::vector<std::string> SharedEnds;
  /// For the agreed summary of overriders that end a transaction and
  /// always return true (they throw on failure) and bodies that do nothing
  /// and return false: false says that nothing was there to end, not that
  /// the end failed.
  bool FalseMeansIdle = false;
  /// The method tells whether its object holds an open transaction (`bool
  /// inTransaction() const { return m_level > 0; }`, the level a begin of
  /// the class counts): the value it returns when one is open.
  std::optional<bool> TellsOpen;
  /// For a constructor: the members it initializes from its parameters
  /// (`Txn(QSqlDatabase db) : m_db(db)`), with the parameter's index, so
  /// that its caller knows which of its handles an event on such a member
  /// acts on, also where the constructor's body is in another file.
  std::vector<std::pair<std::string, unsigned>> MemberParameters;
  /// The statements the function prepares from SQL its caller gives into
  /// a member of its object (`Stmt(sqlite3 *db, const std::string &q) {
  /// sqlite3_prepare_v2(db, q.c_str(), -1, &st, nullptr); st_ = st; }`:
  /// what a method runs on that member, on an object built that way, runs
  /// the caller's SQL), or into the statement its caller hands it
  /// (ProxySQL's `int SQLite3DB::prepare_v2(const char *q, sqlite3_stmt
  /// **st)`: what the caller runs on its statement runs that SQL). On the
  /// connection the caller gave, or on the object's member connection.
  struct PreparedMember {
    std::string Member;
    unsigned SqlParam;
    std::optional<unsigned> ConnectionParam;
    std::optional<unsigned> StatementParam;
    std::string ConnectionMember;
  };
  std::vector<PreparedMember> PreparedMembers;
  /// On some paths but not on every one, the function begins (ends) a
  /// transaction on a handle of the caller's (`soft_begin()` that begins at
  /// depth 0, `soft_commit()` that commits there).
  bool MayBeginOnSomePath = false;
  bool MayEndOnSomePath = false;
  /// The function may leave a transaction begun for its caller without
  /// beginning on a handle of the caller's: through a callee that may begin
  /// (`beginAutoCommitTransaction(&guard)` calling `beginTransaction()`), or
  /// into something it was handed (`guard->set(beginTransaction())`). Its
  /// callers in this translation unit treat it as MayBeginOnSomePath; the
  /// store does not carry it, so that a guess does not make the callers'
  /// files be checked again.
  bool MayBeginForCaller = false;
  /// The function returns this constant on every path (`return true;`
  /// after work that throws on failure).
  std::optional<bool> ReturnsConstant;
  /// An exception can leave the function from inside a savepoint it opened
  /// and undoes on the way out (`pqxx::subtransaction s(w); s.exec(...)`):
  /// the savepoint (SavepointOpen, named), on the caller's transaction that
  /// the handle kind names. Whether the transaction survives is the
  /// caller's to decide (txn-nested-unhandled-exception).
  std::optional<SummaryEvent> SavepointThrow;
  /// The function returns a statement it prepared on this handle of the
  /// caller's (`std::unique_ptr<sql::Statement> stmt(sql::Connection *c) {
  /// return ...(c->createStatement()); }`): what runs on the result runs on
  /// that connection. Prepared with the caller's SQL (SqlParam), what runs
  /// it runs that; with SQL read here (Event.PreparedEffects, not kept by
  /// the store), what that SQL does.
  std::optional<SummaryEvent> ReturnedStatementOf;
  /// The callable parameters the function calls only while a transaction
  /// it began may be open (`withTransaction(db, fn)`): a lambda handed to
  /// one of them runs inside that transaction, also when the transaction
  /// is the function's own (`QSqlDatabase db = QSqlDatabase::database();
  /// db.transaction(); fn(db); db.commit();`).
  llvm::SmallVector<unsigned, 1> CallsInTransaction;
  /// What the function does when its bool parameter GuardParameter is true
  /// (`Transaction(DataStore *db, const QString &name, bool begin = true) {
  /// if (begin) db->beginTransaction(name); }`): the summary of a call that
  /// passes true. Its other calls get this one, which may begin on some
  /// path.
  std::optional<unsigned> GuardParameter;
  std::shared_ptr<const FunctionSummary> WhenGuardTrue;

  bool empty() const {
    return Events.empty() && !ChecksResultOf && !StatusOf &&
           !ThrowsOnFailureOf && !MayEndOnObject && SharedEnds.empty() &&
           !TellsOpen && !MayBeginOnSomePath && !MayEndOnSomePath &&
           !SavepointThrow && !ReturnedStatementOf && !WhenGuardTrue &&
           MemberParameters.empty() && PreparedMembers.empty() &&
           CallsInTransaction.empty();
  }
};

/// The index of \p FD's parameter that \p E is, or is made of.
std::optional<unsigned> parameterOf(const clang::Expr *E,
                                    const clang::FunctionDecl *FD);

/// Whether the events of \p Summary run SQL its caller gives on every path:
/// replayed at a call, they are what that call's SQL does.
bool runsGivenSql(const FunctionSummary &Summary);

/// The calls in \p FD's body (not in its lambdas) of its parameter
/// \p Param, a callable (`if (!body()) ...`).
std::vector<const clang::CallExpr *>
callsOfParameter(const clang::FunctionDecl *FD,
                 const clang::ParmVarDecl *Param);

/// The summary of \p Result's function, from the engine's result for it,
/// where \p OnEveryPath are the events on every path to a normal return:
/// Result.OnEveryPath, or more for a call whose argument passes the
/// function's guard (FunctionSummary::WhenGuardTrue). \p GuardEnds tells
/// whether the destructor of the function's class ends the transaction of
/// a shared handle, by its key.
FunctionSummary summarize(const FunctionTxnResult &Result,
                          TxnEventClassifier &Classifier,
                          const llvm::BitVector &OnEveryPath,
                          llvm::function_ref<bool(llvm::StringRef)> GuardEnds);

/// For a constructor: the members among \p Wanted that it initializes from
/// its parameters (FunctionSummary::MemberParameters).
std::vector<std::pair<std::string, unsigned>>
memberParametersOf(const clang::CXXConstructorDecl *Ctor,
                   llvm::function_ref<bool(llvm::StringRef)> Wanted);

/// Whether \p FD returns whether its parameter's result succeeded, or
/// throws only when it failed; fills ChecksResultOf and TrueMeansSuccess,
/// or ThrowsOnFailureOf, of \p Summary. Needs no events.
void inferResultCheck(const clang::FunctionDecl *FD,
                      TxnEventClassifier &Classifier, FunctionSummary &Summary);

/// The values \p FD's return statements return (null for `return;`), not
/// those of its lambdas.
std::vector<const clang::Expr *> returnedValues(const clang::FunctionDecl *FD);

/// The bool constant that \p FD returns on every path, if any.
std::optional<bool> constantReturnOf(const clang::FunctionDecl *FD);

/// The writes whose failure \p Result's function swallows: a normal return
/// that says nothing of it (the function returns nothing or a constant, or
/// that return is `return true;`) may follow it, and the function records
/// it nowhere else.
llvm::BitVector swallowedWrites(const FunctionTxnResult &Result);

/// What a call that may run any of several bodies does (a virtual call
/// through an interface): the summary that \p Summaries, of the bodies that
/// do something to transactions, agree on, given \p Idle, the bodies that
/// do nothing (a base's `return false;`). nullopt when they disagree.
std::optional<FunctionSummary>
agreedSummary(llvm::ArrayRef<const FunctionSummary *> Summaries,
              llvm::ArrayRef<const clang::FunctionDecl *> Idle);

/// An object's construction as the caller wrote it: `T(args)`, `new
/// T(args)`, `std::make_unique<T>(args)`, `std::unique_ptr<T>(new T(args))`.
struct Construction {
  const clang::CXXConstructExpr *Construct = nullptr;
  /// The constructor's arguments, in the caller.
  llvm::SmallVector<const clang::Expr *, 4> Args;
  /// Built with a plain new: its destructor runs at a delete, not at the end
  /// of a scope.
  bool RawNew = false;
  /// For a factory's construction (factoryConstruction): the arguments
  /// that are members of the factory's object (`return Stmt(db_, sql);`),
  /// where Args has null, and the caller's expression for that object.
  llvm::SmallVector<const clang::FieldDecl *, 4> ObjectMembers;
  const clang::Expr *FactoryObject = nullptr;
};

/// The construction \p E makes, if it is one of those shapes.
std::optional<Construction> constructionIn(const clang::Expr *E);

/// For a call \p E of a function of the program that returns an object it
/// builds from its own object or its parameters (Kopano's `kd_trans
/// KDatabase::Begin(ECRESULT &res) { res = Begin(); return kd_trans(*this,
/// res); }`): that construction, with the caller's expressions for those
/// arguments (null for the others).
std::optional<Construction> factoryConstruction(const clang::Expr *E);

/// The class whose destructor runs when a variable of type \p T goes out of
/// scope: T's own, or for a std::unique_ptr or std::shared_ptr, its
/// pointee's.
const clang::CXXRecordDecl *scopedClassOf(clang::QualType T);
/// Whether \p RD is std::unique_ptr or std::shared_ptr.
bool isStdOwner(const clang::CXXRecordDecl *RD);

/// The key of \p Callee's \p Member when \p Object, the object it is called
/// on, is the caller's own `this`: the caller may use that member directly
/// too (`m_db`). "" for another object, which is the handle of all its
/// members.
std::string ownMemberKey(const clang::CXXMethodDecl *Callee,
                         const clang::Expr *Object, llvm::StringRef Member);

/// The events of running the function of \p Summary at \p Site, on the
/// caller's handles: a call or operator call, or the declaration of a
/// variable that a summarized constructor initializes (the variable is the
/// object; \p ScopedObject says its destructor ends what it holds), or a
/// returned object's construction (`return Transaction(db_);`, `return new
/// Transaction(db_);`: what the object holds is the caller's, on the
/// connection it was built from), or a delete, for a destructor (`delete
/// c;` acts on c). \p SummaryOf gives the summaries of other functions: the
/// constructor of the object, when its body is in another file, says which
/// of the caller's handles the object's members keep.
llvm::SmallVector<TxnEvent, 1> instantiateSummary(
    const FunctionSummary &Summary, const clang::Stmt *Site,
    const clang::ASTContext &Ctx,
    llvm::function_ref<const FunctionSummary *(const clang::FunctionDecl *)>
        SummaryOf,
    bool ScopedObject = false);

/// The USR of \p D, or "" when it has none.
std::string usrOf(const clang::Decl *D);

/// The text of \p Summary for other translation units (SummaryStore.h),
/// with \p Effect, what calling the function may do besides its events; ""
/// when an event's handle means nothing outside this translation unit
/// (then the function stays an unknown callee elsewhere, as it was). It
/// also names the function as a model entry would (InferredModel.h).
std::string exportSummary(const FunctionSummary &Summary,
                          const CalleeEffect &Effect,
                          const TransactionModel &Model);

/// The summary that \p Text, exported by another translation unit, says
/// for \p Callee, this unit's declaration of the function, and its effect.
/// \p FindDecl finds this unit's declaration, by USR and name, of what a
/// shared handle names (a global, a member, a factory), or returns null.
/// The library calls that events came from are \p Model's.
std::optional<FunctionSummary>
importSummary(llvm::StringRef Text, const clang::FunctionDecl *Callee,
              llvm::function_ref<const clang::Decl *(llvm::StringRef Usr,
                                                     llvm::StringRef Name)>
                  FindDecl,
              const TransactionModel &Model, CalleeEffect &Effect);

} // namespace txnlint

#endif
