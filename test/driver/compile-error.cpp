// A source that does not compile is still analyzed where Clang recovers: the
// compiler error is reported as a [clang-diagnostic-error] finding and the
// txn-missing-rollback warning in the same file is reported too. Both products.
//
// RUN: %check_txnlint %s txn-missing-rollback %t

#include <sqlite3.h>

int save_order(sqlite3 *db, int qty) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'save_order'; commit or roll it back before leaving [txn-missing-rollback]
  if (qty <= 0)
    return -1;
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return 0;
}

int order_total(int qty) {
  return qty * unit_price;
  // CHECK-MESSAGES: :[[@LINE-1]]:16: error: use of undeclared identifier 'unit_price' [clang-diagnostic-error]
}

void cancel_order(sqlite3 *db, bool really) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'cancel_order'; commit or roll it back before leaving [txn-missing-rollback]
  if (really)
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
}
