// txn-deferred-upgrade with the SQLite C API, compiled against the real
// <sqlite3.h>: a transaction begun with BEGIN (DEFERRED) takes no lock until
// its first statement; a read then takes a SHARED lock, and the first write
// must upgrade it to RESERVED, which fails with SQLITE_BUSY at once when
// another connection already holds RESERVED.
//
// RUN: %check_txnlint %s txn-deferred-upgrade %t

#include <sqlite3.h>

#include <functional>
#include <string>

static int current_qty(sqlite3 *db, int sku) {
  sqlite3_stmt *stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT qty FROM stock WHERE sku = ?", -1, &stmt, nullptr);
  sqlite3_bind_int(stmt, 1, sku);
  int qty = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : 0;
  sqlite3_finalize(stmt);
  return qty;
}

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// Read the stock, then write it: the classic read-modify-write.
bool take_one(sqlite3 *db, int sku) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: deferred transaction on 'db' reads before it writes; if another connection writes in between, upgrading to a write lock fails at once with SQLITE_BUSY, without the busy handler waiting; begin it with BEGIN IMMEDIATE [txn-deferred-upgrade]
    return false;
  sqlite3_stmt *q = nullptr;
  sqlite3_prepare_v2(db, "SELECT qty FROM stock WHERE sku = ?", -1, &q, nullptr);
  sqlite3_bind_int(q, 1, sku);
  int qty = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int(q, 0) : 0;
  // CHECK-NOTES: :[[@LINE-1]]:13: note: the first statement reads here, taking a shared lock
  sqlite3_finalize(q);
  if (qty > 0)
    sqlite3_exec(db, "UPDATE stock SET qty = qty - 1 WHERE sku = 1", nullptr,
    // CHECK-NOTES: :[[@LINE-1]]:5: note: this write needs the upgrade
                 nullptr, nullptr);
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
}

// BEGIN DEFERRED says so; the read is in a helper.
bool restock(sqlite3 *db, int sku) {
  sqlite3_exec(db, "BEGIN DEFERRED TRANSACTION", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: deferred transaction on 'db' reads before it writes; if another connection writes in between, upgrading to a write lock fails at once with SQLITE_BUSY, without the busy handler waiting; begin it with BEGIN IMMEDIATE [txn-deferred-upgrade]
  if (current_qty(db, sku) < 10)
  // CHECK-NOTES: :[[@LINE-1]]:7: note: the first statement reads here, taking a shared lock
    sqlite3_exec(db, "INSERT INTO orders_to_supplier (sku) VALUES (1)", nullptr,
    // CHECK-NOTES: :[[@LINE-1]]:5: note: this write needs the upgrade
                 nullptr, nullptr);
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
}

//===----------------------------------------------------------------------===//
// Negatives
//===----------------------------------------------------------------------===//

// BEGIN IMMEDIATE takes the write lock up front; so does EXCLUSIVE.
bool take_one_immediate(sqlite3 *db, int sku) {
  sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  if (current_qty(db, sku) > 0)
    sqlite3_exec(db, "UPDATE stock SET qty = qty - 1 WHERE sku = 1", nullptr,
                 nullptr, nullptr);
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
}

bool take_one_exclusive(sqlite3 *db, int sku) {
  sqlite3_exec(db, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr);
  if (current_qty(db, sku) > 0)
    sqlite3_exec(db, "UPDATE stock SET qty = qty - 1 WHERE sku = 1", nullptr,
                 nullptr, nullptr);
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
}

// The first statement writes: the write lock is taken before any read.
bool log_then_read(sqlite3 *db, int sku) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO audit (what) VALUES ('check')", nullptr,
               nullptr, nullptr);
  if (current_qty(db, sku) > 0)
    sqlite3_exec(db, "UPDATE stock SET qty = qty - 1", nullptr, nullptr, nullptr);
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
}

// Read-only.
int total(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  int qty = current_qty(db, 1) + current_qty(db, 2);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return qty;
}

// The read comes after the commit.
bool write_then_read(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "DELETE FROM carts", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return current_qty(db, 1) > 0;
}

// A transaction runner: the lambdas it runs are its transaction's first
// statements. The warning is at the runner's begin, once, with notes in
// the first lambda that reads before it writes.
static bool run_sql(sqlite3 *db, const std::string &sql) {
  return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
}

static bool with_transaction(sqlite3 *db, const std::function<bool()> &body) {
  if (!run_sql(db, "BEGIN"))
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: deferred transaction on 'db' reads before it writes; if another connection writes in between, upgrading to a write lock fails at once with SQLITE_BUSY, without the busy handler waiting; begin it with BEGIN IMMEDIATE [txn-deferred-upgrade]
    return false;
  if (!body()) {
    run_sql(db, "ROLLBACK");
    return false;
  }
  return run_sql(db, "COMMIT");
}

bool refill(sqlite3 *db, int sku) {
  return with_transaction(db, [&] {
    int qty = current_qty(db, sku);
    // CHECK-NOTES: :[[@LINE-1]]:15: note: the first statement reads here, taking a shared lock
    return run_sql(db, "UPDATE stock SET qty = " + std::to_string(qty + 10));
    // CHECK-NOTES: :[[@LINE-1]]:12: note: this write needs the upgrade
  });
}

bool refill_twice(sqlite3 *db, int sku) {
  return with_transaction(db, [&] {
    int qty = current_qty(db, sku);
    return run_sql(db, "UPDATE stock SET qty = " + std::to_string(qty + 20));
  });
}

// Negative: a lambda that writes first; and a runner that begins
// IMMEDIATE.
bool clear_carts(sqlite3 *db) {
  return with_transaction(db, [&] {
    return run_sql(db, "DELETE FROM carts") && current_qty(db, 1) >= 0;
  });
}

static bool with_write_transaction(sqlite3 *db,
                                   const std::function<bool()> &body) {
  if (!run_sql(db, "BEGIN IMMEDIATE"))
    return false;
  if (!body()) {
    run_sql(db, "ROLLBACK");
    return false;
  }
  return run_sql(db, "COMMIT");
}

bool refill_immediate(sqlite3 *db, int sku) {
  return with_write_transaction(db, [&] {
    int qty = current_qty(db, sku);
    return run_sql(db, "UPDATE stock SET qty = " + std::to_string(qty + 30));
  });
}
