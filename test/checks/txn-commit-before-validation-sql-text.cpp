// txn-commit-before-validation's "written again" failure points and SQL
// text, with the SQLite C API (the real <sqlite3.h>): settings write no
// application data, and SQL that cannot be read may be a read, so neither is
// a write after the commit.
//
// RUN: %check_txnlint %s txn-commit-before-validation %t

#include <sqlite3.h>

#include <cstdio>
#include <string>

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// The unknown statement is skipped; the known write after it is the point.
int ship(sqlite3 *db, const char *hook, int id) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "UPDATE orders SET state = 'paid'", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is committed before 'db' is written again; a failure there leaves a partial write [txn-commit-before-validation]
  sqlite3_exec(db, hook, nullptr, nullptr, nullptr);
  char sql[64];
  snprintf(sql, sizeof sql, "INSERT INTO shipments VALUES (%d)", id);
  sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: a write after the commit
  return 0;
}

//===----------------------------------------------------------------------===//
// Negatives
//===----------------------------------------------------------------------===//

int pay(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "UPDATE orders SET state = 'paid'", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "SET statement_timeout = 0", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "PRAGMA optimize", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "DETACH archive", nullptr, nullptr, nullptr);
  return 0;
}

int payThenNotify(sqlite3 *db, const std::string &notify) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "UPDATE orders SET state = 'paid'", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return sqlite3_exec(db, notify.c_str(), nullptr, nullptr, nullptr);
}
