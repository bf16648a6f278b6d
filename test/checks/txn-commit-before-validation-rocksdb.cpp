// txn-commit-before-validation with RocksDB transactions (the real headers)
// and a helper that sends SQL to the SQLite C API: rocksdb::Status is the
// function's error convention (Status::OK() against any other factory of
// the class), and a commit made through a helper that forwards its SQL
// (`run(db, "COMMIT")`) is a commit in its caller.
//
// RUN: %check_txnlint %s txn-commit-before-validation %t -- -- -std=c++17

#include <rocksdb/utilities/transaction.h>
#include <rocksdb/utilities/transaction_db.h>
#include <sqlite3.h>

#include <string>

using rocksdb::Status;
using rocksdb::Transaction;
using rocksdb::TransactionDB;
using rocksdb::WriteOptions;

// Defined in another translation unit; not validators by name.
bool quota_allows(int user);
bool log_line(const char *text);

static int run(sqlite3 *db, const char *sql) {
  return sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
}

// Logs a failed status; true when it is OK.
static bool checked(const Status &s, const char *what) {
  if (!s.ok()) {
    log_line(what);
    return false;
  }
  return true;
}

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

Status put_order(TransactionDB *db, int user) {
  Transaction *txn = db->BeginTransaction(WriteOptions());
  txn->Put("order", "1");
  Status s = txn->Commit();
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: transaction 'txn' is committed before 'quota_allows' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  delete txn;
  if (!s.ok())
    return s;
  if (!quota_allows(user))
    // CHECK-NOTES: :[[@LINE-1]]:8: note: 'quota_allows' can fail here
    return Status::InvalidArgument("over quota");
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an error is returned here
  return Status::OK();
}

// A commit through a helper that forwards its SQL.
bool place_order(sqlite3 *db, int user) {
  run(db, "BEGIN");
  run(db, "INSERT INTO orders (user) VALUES (1)");
  if (run(db, "COMMIT") != SQLITE_OK)
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: transaction on 'db' is committed before 'quota_allows' can fail; a failure there leaves a partial write [txn-commit-before-validation]
    return false;
  if (!quota_allows(user))
    // CHECK-NOTES: :[[@LINE-1]]:8: note: 'quota_allows' can fail here
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an error is returned here
  return true;
}

// The commit's status checked by the helper, then another check by it.
bool put_checked_then_quota(TransactionDB *db, int user) {
  Transaction *txn = db->BeginTransaction(WriteOptions());
  if (!checked(txn->Put("order", "1"), "put"))
    return false;
  if (!checked(txn->Commit(), "commit"))
    // CHECK-NOTES: :[[@LINE-1]]:16: warning: transaction 'txn' is committed before 'quota_allows' can fail; a failure there leaves a partial write [txn-commit-before-validation]
    return false;
  if (!quota_allows(user))
    // CHECK-NOTES: :[[@LINE-1]]:8: note: 'quota_allows' can fail here
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an error is returned here
  return true;
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// The helper checks the commit's own status: it validates nothing after it.
bool put_with_helper_check(TransactionDB *db) {
  Transaction *txn = db->BeginTransaction(WriteOptions());
  if (!checked(txn->Put("order", "1"), "put"))
    return false;
  return checked(txn->Commit(), "commit");
}

// The commit's own status, and the success return after it.
Status put_checked(TransactionDB *db) {
  Transaction *txn = db->BeginTransaction(WriteOptions());
  txn->Put("order", "1");
  Status s = txn->Commit();
  delete txn;
  if (!s.ok())
    return Status::Busy("commit failed");
  return Status::OK();
}

// Commit, then log; the log can fail.
Status put_and_log(TransactionDB *db) {
  Transaction *txn = db->BeginTransaction(WriteOptions());
  txn->Put("order", "1");
  Status s = txn->Commit();
  delete txn;
  if (s.ok() && !log_line("stored"))
    return Status::IOError("log");
  return s;
}

// The commit's failure branch through the helper.
int place_checked(sqlite3 *db) {
  run(db, "BEGIN");
  run(db, "INSERT INTO orders (user) VALUES (1)");
  if (run(db, "COMMIT") != SQLITE_OK) {
    run(db, "ROLLBACK");
    return SQLITE_ERROR;
  }
  return SQLITE_OK;
}
