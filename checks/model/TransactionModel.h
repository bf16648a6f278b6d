//===--- TransactionModel.h - What each database API does -------*- C++ -*-===//
//
// The transaction API model: which types and functions begin, write, commit
// and roll back transactions, and what destructors do. Checks never name a
// library; they ask the model. Library knowledge is data: built-in profiles
// are JSON files compiled into the binary, user profiles use the same format
// (docs/model.md).
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_MODEL_TRANSACTIONMODEL_H
#define TXNLINT_MODEL_TRANSACTIONMODEL_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include <optional>
#include <string>
#include <vector>

namespace txnlint {

/// What an object of a modelled type is.
enum class Role { Session, Transaction, Savepoint, Statement };

/// What a modelled operation does to a transaction.
enum class Operation {
  /// Does nothing to a transaction (overrides an inherited meaning, e.g.
  /// pqxx::nontransaction::commit).
  None,
  Begin,
  Commit,
  Rollback,
  /// Ends the connection; an open transaction is rolled back.
  Close,
  /// Opens (or reopens) the connection: what ended on it before is behind
  /// it, as after a begin. A C API's handle opened into a local must be
  /// closed (txn-connection-leak).
  Open,
  Write,
  Read,
  /// Executes SQL text; the SQL classifier decides what it does.
  ExecuteSql,
  SavepointOpen,
  SavepointRelease,
  SavepointRollback,
  /// Prepares SQL text into a statement that a later ExecutePrepared runs.
  PrepareSql,
  /// Runs the statement prepared earlier (the handle is the statement).
  ExecutePrepared,
  /// Argument 0 false begins a transaction, true commits it
  /// (MySQL Connector/C++ setAutoCommit).
  SetAutocommit,
  /// Commits, then begins a new transaction on the same handle
  /// (commitAndStartNew); events carry it as a Commit and a Begin.
  CommitAndBegin,
  /// Closes the connection, which rolls back its open transaction, and
  /// opens it again (libpq's PQreset); events carry it as a Close and an
  /// Open.
  Reopen,
  /// Reads the status of a result returned by a ReturnsResult operation
  /// (libpq PQresultStatus); SuccessValues name the successful statuses.
  ResultStatus,
  /// Returns the failure of the last run of its statement (the handle), as
  /// its own failure report says (sqlite3_finalize and sqlite3_reset return
  /// the error of the last sqlite3_step).
  StatementResult,
  /// Returns whether a transaction is open on its handle (POCO's
  /// Session::isTransaction), or, TellsIdle, whether none is
  /// (sqlite3_get_autocommit): a branch on it knows.
  TellsOpen,
  TellsIdle,
  /// Returns the code of the last failure on its handle (mysql_errno,
  /// sqlite3_errcode): a branch that compares it with a failure code by
  /// name tolerates that failure on purpose.
  ErrorCode,
};

/// Whether \p Op does nothing to a transaction or only asks about it: the
/// model's entry decides whether it throws.
inline bool onlyAsks(Operation Op) {
  return Op == Operation::None || Op == Operation::TellsOpen ||
         Op == Operation::TellsIdle || Op == Operation::ErrorCode;
}

/// Whether \p Op ends the transaction on its handle.
inline bool endsTransaction(Operation Op) {
  return Op == Operation::Commit || Op == Operation::Rollback ||
         Op == Operation::Close;
}

/// How an operation reports that it failed.
enum class FailureReport {
  None,
  Exception,
  /// Returns true on success.
  ReturnsBool,
  /// Returns 0 on success (SQLITE_OK, MDB_SUCCESS).
  ReturnsZero,
  /// Returns a negative number on failure, a count or an id (zero or more)
  /// on success: a C helper's `return failed ? -1 : rows;`.
  ReturnsNegative,
  /// Returns a status object whose ok() is true on success (RocksDB).
  ReturnsStatus,
  /// Returns a result whose status a ResultStatus function reads (libpq).
  ReturnsResult,
  /// Returns a code that is one of the operation's SuccessValues on success
  /// (sqlite3_step: SQLITE_DONE or SQLITE_ROW), any other on failure.
  ReturnsCode,
  /// Returns an error object that is set (valid, of a non-zero type) when
  /// the operation failed: Qt's QSqlError from `q.lastError()`.
  ReturnsError,
  /// Returns the statement that ran it, whose StatementResult function
  /// tells whether it failed: a helper's `QSqlQuery exec(const QString &sql)
  /// { QSqlQuery q(db); q.exec(sql); return q; }`.
  ReturnsStatement,
};

/// Whether \p F reports failure through the call's result, which the
/// caller may drop.
inline bool reportsByResult(FailureReport F) {
  return F != FailureReport::None && F != FailureReport::Exception;
}

/// What a type's destructor does to the transaction it holds.
enum class DestructorAction { Nothing, RollsBack, Commits, CommitsUnlessUnwinding };

/// What the result of a call is, when it is a handle the caller goes on
/// using.
enum class ReturnedHandle {
  /// Nothing the model knows of (or the operation's own handle: "handle":
  /// "result").
  Unknown,
  /// The object the method is called on (fluent `stmt.bind(1).bind(2)`).
  Self,
  /// The one connection every call returns, whatever its arguments
  /// (`DataStore::self()`, `Database::instance()`).
  Shared,
};

/// Where the transaction handle an operation acts on is found.
struct HandleSource {
  /// Owner: the object whose member the method is called on (`sql.once <<
  /// "..."` acts on `sql`).
  enum Kind { Object, Owner, Argument, Result } K = Object;
  unsigned Index = 0;
};

/// One modelled call: a method, a free function or a constructor.
struct OperationSpec {
  Operation Op = Operation::Write;
  /// Only the overload with this many parameters (e.g. MySQL's rollback()
  /// versus rollback(savepoint), a constructor without the connection);
  /// all overloads when unset.
  std::optional<unsigned> ArgumentCount;
  HandleSource Handle;
  /// Whether the model file says where the handle is. When it does not, a
  /// call of a non-static member function (a method, or a function entry
  /// naming a member) acts on the object it is called on.
  bool HandleGiven = false;
  /// For ExecuteSql and PrepareSql: the argument holding the SQL text.
  std::optional<unsigned> SqlArgument;
  /// The argument where the call leaves an error message when it fails,
  /// null when it succeeds (sqlite3_exec's `&errmsg`): testing it tests the
  /// call.
  std::optional<unsigned> ErrorArgument;
  /// For PrepareSql: where the prepared statement goes. For
  /// ExecutePrepared, when StatementGiven: where the statement it runs is
  /// named (`w.exec_prepared("find")`), the handle being what it runs on.
  HandleSource Statement;
  bool StatementGiven = false;
  /// For Begin: the transaction the one begun nests in (`txn.begin_nested()`,
  /// lmdb's parent argument). Ending it ends the child too.
  std::optional<HandleSource> Parent;
  FailureReport Failure = FailureReport::None;
  /// The operation also throws on failure, besides reporting it by its
  /// result ("failure": ["returns-bool", "exception"]).
  bool AlsoThrows = false;
  /// For ResultStatus and ReturnsCode: the enumerators or macros that mean
  /// success.
  std::vector<std::string> SuccessValues;
  /// What the handle is when its type is not modelled (C APIs): a
  /// connection (sqlite3*, PGconn*) or a transaction (MDB_txn*).
  Role HandleRole = Role::Session;
  /// What the call returns, when it is a handle.
  ReturnedHandle Returns = ReturnedHandle::Unknown;
  /// For Begin (and CommitAndBegin): the transaction begun only reads, so
  /// a failed commit of it loses nothing.
  bool ReadOnly = false;
  /// For Begin: the transaction only reads when this flag is set in the
  /// constant passed as this argument (mdb_txn_begin's MDB_RDONLY).
  struct ArgumentFlag {
    unsigned Argument;
    uint64_t Flag;
  };
  std::optional<ArgumentFlag> ReadOnlyFlag;
  /// For Open: a failed open still allocates the handle, which must be
  /// closed all the same (sqlite3_open).
  bool AllocatesOnFailure = false;
  /// For Begin: on a handle already inside a transaction, the begin opens
  /// nothing new but joins it (a nesting counter); the commit or rollback
  /// that matches it only ends that participation.
  bool Joins = false;
  /// The operation may only run inside a transaction on its handle.
  bool RequiresTransaction = false;
  /// For ExecuteSql: the call returns a statement that runs the SQL when it
  /// is destroyed (sqlite_modern_cpp's `db << "BEGIN;"`). Where the caller
  /// keeps it (a variable, an argument, a return), the call only prepares
  /// the SQL, for the statement's execute-prepared methods to run.
  bool RunsUnlessKept = false;
  /// The transaction the callee commits or rolls back in the caller's
  /// stead (the commit duty handed to it).
  std::optional<HandleSource> Ends;
  /// The profile this entry belongs to, and whether its database aborts
  /// the transaction when a statement fails (both set when the profile is
  /// added; not part of the entry's format).
  std::string Profile;
  bool AbortsOnError = false;
  /// The profile's database ("sqlite", "postgresql", "mysql"), when it
  /// talks to one only.
  std::string Database;
  /// The classes the profile's operations throw (Profile::Exceptions).
  std::vector<std::string> Exceptions;
};

struct MethodSpec {
  std::string Name;
  OperationSpec Spec;
};

struct TypeSpec {
  /// Fully qualified, without leading "::" or template arguments (e.g.
  /// "pqxx::transaction_base").
  std::string QualifiedName;
  /// Where the model file names the type ("file:line:col"), for messages.
  std::string Origin;
  Role TypeRole = Role::Session;
  DestructorAction Destructor = DestructorAction::Nothing;
  /// A connection that may only be used on the thread that opened it
  /// (QSqlDatabase, pqxx::connection).
  bool ThreadAffine = false;
  /// A connection never in autocommit mode: a write outside a transaction
  /// begins one (JDBC or ODBC with autocommit off, Oracle OCI).
  bool ImplicitTransactions = false;
  /// The static method whose result, called with no arguments, is the
  /// connection that an argument of this type left to its default stands
  /// for (QSqlDatabase's "database": `QSqlQuery q;` runs on the default
  /// connection).
  std::string DefaultConnection;
  /// What constructing the type does (begins a transaction for RAII),
  /// one entry per overload the model tells apart by argument count.
  std::vector<OperationSpec> Constructors;
  std::vector<MethodSpec> Methods;

  /// The entry for a constructor with \p Params parameters, if any.
  const OperationSpec *constructorFor(unsigned Params) const;
};

struct FunctionSpec {
  std::string QualifiedName;
  /// Where the model file names the function ("file:line:col").
  std::string Origin;
  OperationSpec Spec;
};

/// A function or class that runs a callable later or on another thread
/// (std::async, QtConcurrent::run, a thread pool's post).
struct AsyncSink {
  /// Qualified (also matched inside an enclosing namespace) or unqualified
  /// (matched in any scope).
  std::string Name;
  std::string Origin;
  /// The work runs on another thread, where a thread-affine connection may
  /// not be used.
  bool OtherThread = false;
  /// Methods of the result (a future, a thread object) that wait for the
  /// work to end.
  std::vector<std::string> WaitedBy;
  /// Destroying the result waits for the work (std::async's future,
  /// std::jthread).
  bool WaitsWhenDestroyed = false;
};

/// A C API function that opens a connection which may only be used on the
/// thread that opened it (sqlite3_open in the default threading mode).
struct ThreadAffineOpener {
  std::string Name;
  std::string Origin;
  /// The argument that receives the connection (`&db`).
  unsigned HandleArgument = 0;
  /// A flag that, named in the call, makes the connection usable from any
  /// thread (SQLITE_OPEN_FULLMUTEX).
  std::string UnlessFlag;
};

/// One library (or one user's wrappers).
struct Profile {
  std::string Name;
  /// Where the model file names the profile ("file:line:col").
  std::string Origin;
  /// The file says that this profile replaces a loaded one of the same name.
  bool Replace = false;
  std::string Description;
  /// A statement that fails aborts the whole transaction: every later
  /// statement fails and COMMIT rolls back (PostgreSQL).
  bool AbortsOnError = false;
  /// The database the library talks to, when it talks to one only:
  /// "sqlite", "postgresql" or "mysql" ("database"); "" for a library with
  /// several drivers (Qt SQL, SOCI, POCO Data).
  std::string Database;
  /// The classes (fully qualified) of what the library's operations throw
  /// ("exceptions"); unknown when empty, so that only `catch (...)`
  /// catches it.
  std::vector<std::string> Exceptions;
  std::vector<TypeSpec> Types;
  std::vector<FunctionSpec> Functions;
  std::vector<AsyncSink> AsyncSinks;
  std::vector<ThreadAffineOpener> ThreadAffineOpeners;
};

/// The effective model: built-in profiles plus user profiles. Lookups are by
/// name; callers cache by declaration (see ModelMatcher).
class TransactionModel {
public:
  void addProfile(Profile P);

  llvm::ArrayRef<Profile> profiles() const { return Profiles; }

  /// Cheap pre-filter: could a callee with this unqualified name be modelled?
  bool mayBeModelled(llvm::StringRef UnqualifiedName) const {
    return Names.contains(UnqualifiedName);
  }
  const TypeSpec *findType(llvm::StringRef QualifiedName) const;
  const FunctionSpec *findFunction(llvm::StringRef QualifiedName) const;
  /// A name for \p Spec, one of this model's, that finds it again in a
  /// model with the same entries (specOfKey): a summary written in another
  /// translation unit keeps which library call its events came from.
  std::string specKey(const OperationSpec &Spec) const;
  const OperationSpec *specOfKey(llvm::StringRef Key) const;
  const ThreadAffineOpener *
  findThreadAffineOpener(llvm::StringRef QualifiedName) const;
  /// The async sinks of every profile, later profiles after earlier ones.
  std::vector<const AsyncSink *> asyncSinks() const;

  /// The built-in profiles, parsed once per process.
  static const TransactionModel &builtin();

  /// The built-in profiles plus the user model files in \p ModelFiles
  /// (';'-separated), loaded once per process and distinct list. Returns
  /// null and sets \p Error ("file:line:col: what") when a file is bad.
  static const TransactionModel *load(llvm::StringRef ModelFiles,
                                      std::string &Error);

private:
  std::vector<Profile> Profiles;
  llvm::StringMap<const TypeSpec *> TypesByName;
  llvm::StringMap<const FunctionSpec *> FunctionsByName;
  llvm::StringSet<> Names;
};

llvm::StringRef roleName(Role R);
llvm::StringRef operationName(Operation Op);
llvm::StringRef failureReportName(FailureReport F);
llvm::StringRef destructorActionName(DestructorAction D);
llvm::StringRef returnedHandleName(ReturnedHandle R);

} // namespace txnlint

#endif
