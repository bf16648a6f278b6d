// A void helper that throws only when the status code it is given says
// the statement failed (`check(db, sqlite3_exec(...))`): its exception is
// that statement's failure, its return the statement's success. Every
// txn-* check runs, so every finding in the file is listed.
//
// RUN: %check_txnlint %s 'txn-*' %t

#include <sqlite3.h>

#include <stdexcept>

static void check(sqlite3 *db, int rc) {
  if (rc != SQLITE_OK)
    throw std::runtime_error(sqlite3_errmsg(db));
}

static int exec(sqlite3 *db, const char *sql) {
  return sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
}

// Negative: a failed BEGIN began nothing, and every later failure is
// rolled back.
void transfer(sqlite3 *db) {
  check(db, exec(db, "BEGIN"));
  try {
    check(db, exec(db, "UPDATE a SET n = n - 1"));
    check(db, exec(db, "UPDATE b SET n = n + 1"));
    check(db, exec(db, "COMMIT"));
  } catch (...) {
    exec(db, "ROLLBACK");
    throw;
  }
}

// A failed SAVEPOINT opened no savepoint, but the transaction is open when
// its exception leaves; a failed update inside the savepoint is rolled
// back to it.
void tag(sqlite3 *db) {
  check(db, exec(db, "BEGIN"));
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: transaction begun on 'db' is left open on some path out of 'tag'; commit or roll it back before leaving [txn-missing-rollback]
  check(db, exec(db, "SAVEPOINT tagging"));
  // CHECK-NOTES: :[[@LINE-1]]:3: note: transaction is still open when an exception leaves the function here
  try {
    check(db, exec(db, "UPDATE items SET tag = 1"));
  } catch (...) {
    exec(db, "ROLLBACK TO tagging");
  }
  exec(db, "RELEASE tagging");
  check(db, exec(db, "COMMIT"));
}
