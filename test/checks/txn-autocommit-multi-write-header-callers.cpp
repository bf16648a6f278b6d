// txn-autocommit-multi-write looks for the callers of a function in the
// whole translation unit, headers included, even though the checks' matchers
// only traverse the main file when no header is reported.
//
// RUN: %check_txnlint %s txn-autocommit-multi-write %t -- -- -std=c++17 -I%S/Inputs

#include "txn-autocommit-multi-write-callers.h"

// Its one caller, in the header, runs it in a transaction.
void copy_rows(sqlite3 *db) {
  sqlite3_exec(db, "INSERT INTO archive SELECT * FROM orders", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "DELETE FROM orders", nullptr, nullptr, nullptr);
}

// Its one caller, in the header, does not.
void move_rows(sqlite3 *db) {
  sqlite3_exec(db, "INSERT INTO archive SELECT * FROM orders", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "DELETE FROM orders", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the earlier write commits here on its own
}
