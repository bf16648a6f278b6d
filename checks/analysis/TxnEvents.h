//===--- TxnEvents.h - Transaction events of calls --------------*- C++ -*-===//
//
// Turns calls, constructions and destructions into transaction events by
// asking the transaction model: "this call begins a transaction on 'db'".
// Lookups are cached per declaration, so the model's string tables are only
// consulted once per callee and translation unit.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_ANALYSIS_TXNEVENTS_H
#define TXNLINT_ANALYSIS_TXNEVENTS_H

#include "../model/SqlClassifier.h"
#include "../model/TransactionModel.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>

namespace txnlint {

/// What one SQL statement does, for a prepared statement run later.
struct SqlEffect {
  Operation Op;
  std::string SavepointName;
  /// A write that changes the schema (CREATE, ALTER, DROP, ...).
  bool Schema = false;
  /// BEGIN IMMEDIATE's mode, SET TRANSACTION's settings.
  std::string Modifier;
  /// A statement not recognized (a write, see TxnEvent::SqlUnknown).
  bool Unknown = false;
  /// The tables it writes, locks and reads; the isolation level it sets.
  SqlAccess Access;
  /// A begin chosen against a SAVEPOINT (`BEGIN` where nothing is open,
  /// else `SAVEPOINT x`): inside an open transaction it joins it.
  bool Joins = false;
};

/// One thing a statement does to a transaction.
struct TxnEvent {
  /// Begin, Commit, Rollback, Close, Write, Read, a savepoint operation,
  /// PrepareSql or ExecutePrepared (which the engine resolves into the
  /// prepared SQL's effects); never ExecuteSql (the SQL text decides).
  Operation Op;
  /// The call or construction.
  const clang::Stmt *Site = nullptr;
  /// The expression naming the handle (connection, transaction object); may
  /// be null when the model's handle is not an expression of the call.
  const clang::Expr *Handle = nullptr;
  /// Identifies the handle's storage; equal keys mean the same handle.
  std::string HandleKey;
  /// How the operation reports failure.
  FailureReport Failure = FailureReport::None;
  /// For savepoint operations executed as SQL: the savepoint's name.
  std::string SavepointName;
  /// A write that changes the schema (DDL).
  bool Schema = false;
  /// For SQL: BEGIN's mode (IMMEDIATE, ...) or SET TRANSACTION's settings.
  std::string Modifier;
  /// A Write for SQL that could not be read or classified. It counts as a
  /// write where that avoids a false positive, but no finding rests on it
  /// alone: it may well be a read.
  bool SqlUnknown = false;
  /// For SQL: the tables it writes, locks and reads, and the isolation
  /// level it sets (for a begin of a library's transaction type: the level
  /// its template or constructor arguments name).
  SqlAccess Access;
  /// The model entry that recognized the event (null for destructors and
  /// delete).
  const OperationSpec *Spec = nullptr;
  /// A begin of a transaction the model says only reads ("read-only").
  bool ReadOnly = false;
  /// A begin that joins a transaction already open on its handle instead of
  /// opening one ("joins").
  bool Joins = false;
  /// A begin implied by a write on a connection never in autocommit mode
  /// ("implicit-transactions"): it opens nothing when a transaction is
  /// already open on the handle.
  bool Implicit = false;
  /// A commit that only ends a transaction open on its handle, and is
  /// nothing when none is (MySQL's `setAutoCommit(true)`, which commits only
  /// when it changes the mode).
  bool EndsOnlyOpen = false;
  /// An end whose false result says that nothing was there to end (a
  /// backend without transactions), its failures being exceptions: after
  /// false nothing is open on the handle, and dropping the result loses
  /// nothing (FunctionSummary::FalseMeansIdle).
  bool FalseMeansIdle = false;
  /// A begin that turns autocommit off on its connection (MySQL's
  /// `setAutoCommit(false)`): until it is turned on again, a write after an
  /// end begins the next transaction.
  bool StartsManualMode = false;
  /// A commit whose SQL a `?:` chooses between a commit and a rollback
  /// (`PQexec(c, ok ? "COMMIT" : "ROLLBACK")`): it ends the transaction
  /// either way; which way, the arms' paths tell.
  const clang::ConditionalOperator *ChosenBy = nullptr;
  /// An end by a callee the caller handed its commit duty to ("ends"):
  /// carried as a Rollback, though the callee may as well have committed.
  bool HandedOver = false;
  /// For a begin of a nested transaction or a savepoint: the key of the
  /// transaction it nests in, whose end ends it too, and the expression
  /// naming that transaction when the call has one.
  std::string ParentKey;
  const clang::Expr *ParentHandle = nullptr;
  /// A begin by constructing a variable whose destructor ends the
  /// transaction (RAII).
  bool Scoped = false;
  /// The implicit destructor of a variable at the end of its scope; Site is
  /// the statement that ends the scope.
  bool Destructor = false;
  /// What the handle is: a connection, a transaction, a savepoint or a
  /// statement (from its modelled type, else the operation's handle-role).
  Role HandleRole = Role::Session;
  /// For a scoped begin: the destructor commits even while an exception
  /// unwinds (DestructorAction::Commits).
  bool CommitsOnUnwind = false;
  /// The connection the handle belongs to, when known: the handle itself
  /// for a session, the constructor's connection argument for a transaction
  /// object (`pqxx::work w(conn)`).
  std::string ConnectionKey;
  /// For a handle returned by the call: the variable it was stored in.
  const clang::ValueDecl *BoundVariable = nullptr;
  /// For PrepareSql: the statement's key and what its SQL does (empty when
  /// the SQL is not known yet, e.g. QSqlQuery q(db)).
  std::string StatementKey;
  std::vector<SqlEffect> PreparedEffects;
  bool PreparedSqlKnown = false;
  /// For SQL that cannot be read here: the expression holding it, so that a
  /// summary can forward a parameter's SQL to the caller's argument.
  const clang::Expr *Sql = nullptr;
  /// Else, for SQL the object keeps in a text member of its own (a
  /// statement class's `m_sql`, which its constructor was given): that
  /// member, so that a caller that built the object can read it.
  const clang::FieldDecl *SqlMember = nullptr;
  /// For an event of a method of the caller's own object on one of its
  /// members (handle `this`, key the member's): the member's name, which
  /// the caller's own summary passes on.
  std::string ObjectMember;
  /// Likewise for an event of a callee on members of the argument Handle
  /// (`exec(db, sql)` running on `db->handle`): their path, joined by dots.
  std::string ArgumentMember;
  /// For an event of a method of another object on one of its members,
  /// keyed by that object (which stands for all its members): the member's
  /// name, for a helper that is handed the caller's own object.
  std::string OtherObjectMember;
  /// The function whose summary produced the event (null for the model's
  /// own events).
  const clang::FunctionDecl *Via = nullptr;
  /// Via's SQL came from this call's argument: another call of Via runs
  /// other statements.
  bool SqlFromCall = false;
  /// A write of Via whose failure Via may swallow: on some path it fails and
  /// Via returns normally with no way for its caller to know.
  bool FailureSwallowed = false;
  /// A savepoint that Via opens inside itself and undoes when an exception
  /// leaves it (FunctionSummary::SavepointThrow): replayed so that the
  /// caller's handlers, or their absence, decide what the exception does
  /// to the caller's transaction.
  bool InCallee = false;
};

/// Whether \p Write may be part of the transaction that \p End ends: the
/// same handle or connection, or a handle not known on either side.
bool mayShareTransaction(const TxnEvent &Write, const TxnEvent &End);

/// Whether \p E takes row locks in its transaction: a write of recognized
/// SQL (SQL not recognized may be a read: no finding rests on it alone) or
/// a locking read (SELECT ... FOR UPDATE, LOCK TABLE).
bool takesRowLocks(const TxnEvent &E);

/// Whether a function with \p Events opens a connection as well as closing
/// one: a reconnect after the server went away (EQEmu's `if (status ==
/// Error) { mysql_close(mysql); mysql_init(mysql); }` before connecting
/// again). Its close ends no transaction of the caller's, which the lost
/// connection had already lost.
bool reconnects(llvm::ArrayRef<TxnEvent> Events);

/// The name a model gives \p D: qualified, without template arguments at
/// any level, inline or anonymous namespaces; "" for a declaration no model
/// can name (a local class).
std::string modelNameOf(const clang::NamedDecl *D);

/// Where \p E happens: the call, or for a destructor the end of the scope.
clang::SourceLocation eventLocation(const TxnEvent &E);

/// Whether event \p A of \p Events happens before \p B in source order;
/// for two at one call, the order the callee's summary makes them in.
bool happensBefore(const std::vector<TxnEvent> &Events, unsigned A, unsigned B,
                   const clang::SourceManager &SM);

/// The handle key of a variable.
std::string varKey(const clang::ValueDecl *D);

/// The handle key of the member named \p MemberId (declId, or another
/// translation unit's name for it) of the handle \p BaseKey.
std::string memberKey(llvm::StringRef MemberId, llvm::StringRef BaseKey);

/// The member that the written initializer \p Init of \p Ctor builds, as
/// the expression `this->m` (for the handle's key and spelling), or null
/// for a base or an unnamed member.
const clang::MemberExpr *
initializedMember(clang::ASTContext &Ctx, const clang::CXXConstructorDecl *Ctor,
                  const clang::CXXCtorInitializer *Init);

/// How handle keys name \p D in this translation unit (its address).
std::string declId(const clang::Decl *D);

/// Whether \p Method is a short body that ends with `return member_;` (or
/// `*member_`) on its own object and returns nothing else: a wrapper's
/// accessor for the handle it keeps, perhaps opening it first (`if
/// (!m_db.isOpen()) open(); return m_db;`).
bool returnsOwnMember(const clang::CXXMethodDecl *Method);

/// A local reference initialized from an accessor of its object's own
/// handle (`soci::session &sql = repo.session();`), or a local object that
/// one makes on itself (`mysqlpp::Query query = conn.query();`): that
/// object. A local pointer or reference that keeps the member it is
/// initialized from (`sqlite3 *db = m_db;`, `auto &conn = m_conn;`): that
/// member, so that a wrapper's method acts on its object's handle.
const clang::Expr *accessedObject(const clang::ValueDecl *D);

/// For a free function of the program whose body only hands back a member
/// of one of its parameters (darktable's `dt_database_get(db)`: `return db ?
/// db->handle : NULL;`): that parameter, and the members from it outwards,
/// joined by dots.
std::optional<std::pair<unsigned, std::string>>
accessedParameterMember(const clang::FunctionDecl *FD);

/// A call of such an accessor: the argument, and the members it returns.
struct MemberAccess {
  const clang::Expr *Object;
  llvm::SmallVector<std::string, 2> Path;
};
/// The member \p Call hands back, by the accessor's body, or by its summary
/// when the body is in another translation unit.
std::optional<MemberAccess> memberAccessOf(const clang::CallExpr *Call);

/// Installs how to tell, for a function whose body is in another
/// translation unit, whether it is such an accessor.
void setLinkedMemberAccessor(std::optional<std::pair<unsigned, std::string>> (
    *Test)(const clang::FunctionDecl *));

/// Installs how to tell, for a method whose body is in another translation
/// unit, whether it is such an accessor: the analysis of the unit knows the
/// linked summaries.
void setLinkedAccessorTest(bool (*Test)(const clang::CXXMethodDecl *));

/// The class of \p T, through references, pointers and smart pointers.
const clang::CXXRecordDecl *recordOf(clang::QualType T);

/// Identifies what \p E refers to: a variable, a member chain, a call of a
/// factory such as QSqlDatabase::database(). Address-of and dereference are
/// looked through, so 'db' and '&db' are the same handle. Returns "" for
/// expressions that name no stable storage.
std::string handleKeyOf(const clang::Expr *E);

/// Whether \p Call is a Qt signal's emission (`emit finished(id);`): moc
/// writes the signal's body, which only calls the slots connected to it.
/// A notification on the way out of a function is no use of the object's
/// connection.
bool isEmittedSignal(const clang::Stmt *Call, const clang::ASTContext &Ctx);
/// Whether \p Method is declared in a Qt class's `signals:` section, for a
/// call of it written without `emit`.
bool isDeclaredSignal(const clang::CXXMethodDecl *Method);

/// For an explicit cast of a pointer to another pointer type (`(PGconn
/// *)db->conn`, a connection kept as `void *`): the pointer cast; else
/// null. The handle is the same.
const clang::Expr *castPointer(const clang::Expr *E);

/// handleKeyOf with each declaration named by \p NameOf instead of declId,
/// for a key that means the same in another translation unit.
std::string
handleKeyOf(const clang::Expr *E,
            llvm::function_ref<std::string(const clang::Decl *)> NameOf);

/// The handle of \p E as the user wrote it, for messages.
std::string handleSpelling(const struct TxnEvent &E,
                           const clang::ASTContext &Ctx);

/// "transaction 'tx'" for a transaction object, "transaction on 'db'" for
/// a transaction begun on a connection.
std::string transactionSpelling(const TxnEvent &E, const clang::ASTContext &Ctx);

/// "'sp'" for a named savepoint or a savepoint object, "on 'txn'" for an
/// unnamed one (RocksDB's savepoint stack).
std::string savepointSpelling(const TxnEvent &E, const clang::ASTContext &Ctx);

/// What each statement of \p Sql does.
std::vector<SqlEffect> sqlEffectsOf(llvm::StringRef Sql);

/// For a call that fills a character buffer from a format (asprintf(&buf,
/// "..."), snprintf(buf, n, "...")): the buffer argument and the format
/// argument's index.
std::optional<std::pair<const clang::Expr *, unsigned>>
formattedBuffer(const clang::CallExpr *Call);

/// For a call of a printf-like function that returns what it formats
/// (`sqlite3_mprintf(fmt, ...)`, `sqlite3_vmprintf(fmt, args)`, Zabbix's
/// `zbx_dsprintf(dest, fmt, ...)`): the format argument, the character
/// pointer just before the values (`...` or a va_list); else null.
const clang::Expr *formatArgument(const clang::CallExpr *Call);

/// The text a local variable holds where \p Use reads it: for a character
/// buffer or pointer, or a string that may be assigned again, what fills it
/// last before the use (`sql = zbx_dvsprintf(sql, fmt, args)`); for any
/// other, its initializer.
const clang::Expr *localTextSource(const clang::VarDecl *Var,
                                   const clang::Expr *Use);

/// The isolation level a transaction class names in its template arguments
/// (`pqxx::transaction<pqxx::serializable>`: "SERIALIZABLE"), or "".
std::string isolationOfType(const clang::CXXRecordDecl *Transaction);

/// \p E as the run of the statement \p Effect: its operation, savepoint,
/// modifier and tables.
void applySqlEffect(TxnEvent &E, SqlEffect Effect);

/// The SQL text of \p E when it is a string literal, a constant string, a
/// concatenation with a literal head, or a string object built from one.
std::optional<std::string> sqlTextOf(const clang::Expr *E,
                                     const clang::ASTContext &Ctx);

/// What running the SQL argument \p E does: its text's statements, or, when
/// it is one of several texts (a `?:`, a local string assigned in the arms
/// of an `if`) that each control the transaction the same way, that one
/// statement: for `ok ? "COMMIT" : "ROLLBACK"` one end (a commit when either
/// arm commits), for `BEGIN` or `SAVEPOINT x` the begin.
std::optional<std::vector<SqlEffect>>
sqlEffectsOfArgument(const clang::Expr *E, const clang::ASTContext &Ctx);

/// The transaction's own operation that savepoint operation \p Op stands
/// for in a nested level (a begin for SAVEPOINT, a commit for RELEASE, a
/// rollback for ROLLBACK TO); any other operation itself.
Operation transactionLevelOf(Operation Op);

/// The `?:` that chooses the SQL argument \p E, also through the local it
/// was chosen into (`const char *end = ok ? "COMMIT" : "ROLLBACK";`).
const clang::ConditionalOperator *sqlChoiceOf(const clang::Expr *E);

class TxnEventClassifier {
public:
  explicit TxnEventClassifier(const TransactionModel &Model) : Model(Model) {}

  /// The events of \p S in execution order; empty when \p S is not a
  /// modelled call, construction or delete. \p Member, for a construction
  /// in a constructor's member initializer (`w_(conn)`), names the member
  /// it builds; \p Returned says a construction is the value a function
  /// returns (`return QSqlQuery(m_db);`), whose statement the caller
  /// receives. \p ResultKept says the statement object a call returns is
  /// kept, not dropped at once (see OperationSpec::RunsUnlessKept).
  llvm::SmallVector<TxnEvent, 1>
  classify(const clang::Stmt *S, const clang::ASTContext &Ctx,
           const clang::MemberExpr *Member = nullptr, bool Returned = false,
           bool ResultKept = false);

  /// The event of destroying an object of a modelled type (RAII).
  std::optional<TxnEvent> classifyDestructor(const clang::VarDecl *Var,
                                             const clang::Stmt *TriggerStmt);
  /// The event of destroying at \p Site an object of type \p T (or held
  /// by a smart pointer of type T) that owns a transaction, without its
  /// handle.
  std::optional<TxnEvent> destruction(clang::QualType T,
                                      const clang::Stmt *Site);

  /// The model entry of \p Callee called on an object of type \p Object
  /// (for methods; the callee's class when null), or null. Cached.
  const OperationSpec *specOf(const clang::FunctionDecl *Callee,
                              const clang::CXXRecordDecl *Object = nullptr);

  /// The model entry of a call or construction \p S, looked up on the
  /// called object's own type; null when not modelled.
  const OperationSpec *specOfCall(const clang::Stmt *S);

  /// Whether \p Call returns the error object of its statement's last run
  /// (`returns-error`: Qt's `q.lastError()`), what errorObjectTest reads.
  bool returnsRunError(const clang::CallExpr *Call);

  /// The operand of \p Call that is the handle its model entry \p Spec
  /// acts on (the object, or an argument), or null.
  const clang::Expr *handleOperandOf(const clang::CallExpr *Call,
                                     const OperationSpec &Spec);

  /// handleKeyOf(E), also through what the model says calls return: a
  /// method that returns its own object, an accessor of the shared
  /// connection, and local references and pointers initialized from them.
  std::string handleKeyOf(const clang::Expr *E);

  /// What the modelled call \p Call returns, when it is a handle.
  ReturnedHandle returnedHandleOf(const clang::CallExpr *Call);

  /// The modelled type that \p T is, points to, or derives from, or null.
  const TypeSpec *typeSpecOf(clang::QualType T);

  /// The static method whose result, called with its defaults, is the
  /// connection that an argument of type \p T left to its default stands
  /// for (TypeSpec::DefaultConnection), or null.
  const clang::CXXMethodDecl *defaultConnectionOf(clang::QualType T);

  /// Whether a variable of type \p T ends its transaction when destroyed:
  /// a modelled type by value, or a smart pointer to one.
  bool ownsTransaction(clang::QualType T);

  const TransactionModel &model() const { return Model; }

  /// Whether \p D, found at \p Loc (an expansion location), is the
  /// library's: in a file that declares a modelled function or method seen
  /// so far, whose other functions are library code even when its header is
  /// found through -I rather than a system include path. In the main file,
  /// which may hold a stand-in of the library beside the program using it,
  /// only what is in the namespace of a modelled one.
  bool isLibraryCode(const clang::Decl *D, clang::SourceLocation Loc) const;
  bool isLibraryCode(const clang::Decl *D) const;

private:
  const TypeSpec *typeSpecOf(const clang::CXXRecordDecl *RD);

  const TransactionModel &Model;
  llvm::DenseMap<std::pair<const clang::FunctionDecl *,
                           const clang::CXXRecordDecl *>,
                 const OperationSpec *>
      SpecCache;
  llvm::DenseMap<const clang::CXXRecordDecl *, const TypeSpec *> TypeCache;
  llvm::DenseSet<clang::FileID> LibraryFiles;
  llvm::DenseSet<const clang::NamespaceDecl *> LibraryNamespaces;
};

} // namespace txnlint

#endif
