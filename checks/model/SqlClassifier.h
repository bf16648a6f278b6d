//===--- SqlClassifier.h - What a SQL string does to a transaction -*- C++ -*-//
//
// Classifies SQL text passed to exec-like calls: transaction control
// (BEGIN, COMMIT, SAVEPOINT, ...) and otherwise read or write, with the
// tables each statement writes, locks and reads and the isolation level it
// sets. Handles case, whitespace, comments and several statements in one
// string. It reads SQL the way the checks need it, not as a parser would:
// subqueries, joins and CTEs are followed, dialect details are not.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_MODEL_SQLCLASSIFIER_H
#define TXNLINT_MODEL_SQLCLASSIFIER_H

#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace txnlint {

/// The tables a statement touches and how, each named as written without
/// schema, quotes or case ("public.Accounts" is "accounts"), in order of
/// appearance, without duplicates.
struct SqlAccess {
  /// INSERT INTO, UPDATE, DELETE FROM, REPLACE, MERGE INTO, upserts.
  std::vector<std::string> Written;
  /// Read with a row lock (SELECT ... FOR UPDATE, FOR NO KEY UPDATE,
  /// FOR SHARE, LOCK IN SHARE MODE) or locked whole (LOCK TABLE).
  std::vector<std::string> Locked;
  /// Read without a lock (FROM, JOIN, USING of the other statements).
  std::vector<std::string> Read;
  /// An UPDATE whose every assignment is relative to its own column
  /// (SET n = n + ?): atomic, so concurrent updates cannot lose each other.
  bool SelfRelativeUpdate = false;
  /// The columns an UPDATE assigns a value that is not relative to the
  /// column itself (SET n = ?), lower-cased.
  std::vector<std::string> AssignedColumns;
  /// An UPDATE whose WHERE compares a column named like a version
  /// ("version", "*_version", "revision", "updated_at", ...) to a value: an
  /// optimistic concurrency check.
  bool ChecksVersion = false;
  /// The isolation level a BEGIN, START TRANSACTION or SET TRANSACTION
  /// names, upper-cased: "SERIALIZABLE", "REPEATABLE READ",
  /// "READ COMMITTED", "READ UNCOMMITTED", "SNAPSHOT"; "" when none.
  std::string Isolation;

  bool operator==(const SqlAccess &O) const {
    return Written == O.Written && Locked == O.Locked && Read == O.Read &&
           SelfRelativeUpdate == O.SelfRelativeUpdate &&
           AssignedColumns == O.AssignedColumns &&
           ChecksVersion == O.ChecksVersion && Isolation == O.Isolation;
  }
};

struct SqlStatement {
  enum Kind {
    Begin,            // BEGIN [DEFERRED|IMMEDIATE|EXCLUSIVE] [TRANSACTION|WORK]
    Commit,           // COMMIT, END
    Rollback,         // ROLLBACK (not TO)
    Savepoint,        // SAVEPOINT x
    Release,          // RELEASE [SAVEPOINT] x
    RollbackTo,       // ROLLBACK [TRANSACTION] TO [SAVEPOINT] x
    SetTransaction,   // SET TRANSACTION ...
    Read,             // SELECT, WITH ... SELECT, EXPLAIN, SHOW, and what
                      // changes no application data: SET, PRAGMA settings,
                      // ATTACH, DETACH, ANALYZE, LOCK TABLE
    Write,            // INSERT, UPDATE, DELETE, REPLACE, UPSERT, MERGE, DDL,
                      // PRAGMA user_version = N (and application_id,
                      // schema_version)
    Unknown,          // empty or not recognized
  };
  Kind K = Unknown;
  /// Savepoint name for Savepoint/Release/RollbackTo, lower-cased.
  std::string Name;
  /// Begin modifiers and SET TRANSACTION text, upper-cased (e.g.
  /// "IMMEDIATE"); "SCHEMA" for writes that change the schema (DDL).
  std::string Modifier;
  SqlAccess Access;
};

/// Splits \p Sql on top-level semicolons (outside quotes and comments) and
/// classifies each non-empty statement, in order.
std::vector<SqlStatement> classifySql(llvm::StringRef Sql);

llvm::StringRef sqlStatementKindName(SqlStatement::Kind K);

} // namespace txnlint

#endif
