//===--- SqlClassifier.h - What a SQL string does to a transaction -*- C++ -*-//
//
// Classifies SQL text passed to exec-like calls: transaction control
// (BEGIN, COMMIT, SAVEPOINT, ...) and otherwise read or write. Handles case,
// whitespace, comments and several statements in one string.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_MODEL_SQLCLASSIFIER_H
#define TXNLINT_MODEL_SQLCLASSIFIER_H

#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace txnlint {

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
                      // ATTACH, DETACH, ANALYZE
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
};

/// Splits \p Sql on top-level semicolons (outside quotes and comments) and
/// classifies each non-empty statement, in order.
std::vector<SqlStatement> classifySql(llvm::StringRef Sql);

llvm::StringRef sqlStatementKindName(SqlStatement::Kind K);

} // namespace txnlint

#endif
