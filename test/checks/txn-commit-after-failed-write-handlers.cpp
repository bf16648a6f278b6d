// An exception thrown on a failed write goes to the first handler of its
// try that catches its type: a `throw std::runtime_error(...)` skips a
// `catch (const ParseError &)` (ParseError derives from it) for the
// `catch (const std::runtime_error &)` after it. Every txn-* check runs,
// so every finding in the file is listed.
//
// RUN: %check_txnlint %s 'txn-*' %t

#include <sqlite3.h>

#include <stdexcept>
#include <string>

struct ParseError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

static bool exec(sqlite3 *db, const std::string &sql) {
  return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
}

// Negative: the runtime_error handler rolls back to the savepoint.
int importLine(sqlite3 *db) {
  if (!exec(db, "BEGIN"))
    return -1;
  try {
    if (!exec(db, "SAVEPOINT item"))
      throw std::runtime_error("savepoint");
    if (!exec(db, "INSERT INTO log VALUES (1)"))
      throw std::runtime_error("log");
    exec(db, "RELEASE item");
  } catch (const ParseError &) {
  } catch (const std::runtime_error &) {
    exec(db, "ROLLBACK TO item");
  }
  if (!exec(db, "COMMIT")) {
    exec(db, "ROLLBACK");
    return -1;
  }
  return 0;
}

// Positive: a ParseError lands in the handler that does not roll back.
int importParsed(sqlite3 *db) {
  if (!exec(db, "BEGIN"))
    return -1;
  try {
    if (!exec(db, "SAVEPOINT item"))
      throw std::runtime_error("savepoint");
    if (!exec(db, "INSERT INTO log VALUES (2)"))
    // CHECK-NOTES: :[[@LINE-1]]:10: warning: the failure of this write is not handled before transaction on 'db' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
    // CHECK-NOTES: :[[@LINE+9]]:8: note: committed here
      throw ParseError("log");
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: an exception thrown here is caught without rolling back to savepoint 'item'; the savepoint's partial work stays in the enclosing transaction [txn-nested-unhandled-exception]
    // CHECK-NOTES: :[[@LINE-7]]:10: note: savepoint 'item' is opened here
    exec(db, "RELEASE item");
  } catch (const ParseError &) {
  } catch (const std::runtime_error &) {
    exec(db, "ROLLBACK TO item");
  }
  if (!exec(db, "COMMIT")) {
    exec(db, "ROLLBACK");
    return -1;
  }
  return 0;
}
