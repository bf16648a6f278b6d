// The sqlpp11 profile. sqlpp11 is not packaged in Debian, so this compiles
// against stand-in headers (Inputs/sqlpp11/sqlpp11/...) written from its
// documentation, installed as system headers the way sqlpp11's would be.
//
// sqlpp11: `auto tx = sqlpp::start_transaction(db);` returns an
// sqlpp::transaction_t<Db>; tx.commit() or tx.rollback() finishes it, and
// the destructor of a transaction that was not finished rolls it back
// (reported by the connection unless sqlpp::quiet_auto_rollback was passed;
// either way it rolls back). Connectors also offer manual
// start_transaction() / commit_transaction() / rollback_transaction(report)
// and savepoints. Failures throw sqlpp::exception.
//
// RUN: %txnlint --dump-events --exit-zero %s -- -isystem %S/Inputs/sqlpp11 -std=c++17 2>/dev/null | FileCheck --check-prefix=DUMP %s
// RUN: %check_txnlint %s txn-missing-rollback %t -- -- -isystem %S/Inputs/sqlpp11 -std=c++17
//
// Known gaps: Inputs/sqlpp11-gaps.cpp holds cases the engine gets wrong
// today, written as they should behave (see the file). It is run last.
// RUN: %check_txnlint %S/Inputs/sqlpp11-gaps.cpp txn-missing-rollback %t-gaps -- -- -isystem %S/Inputs/sqlpp11 -std=c++17

#include <sqlpp11/sqlite3/connection.h>
#include <sqlpp11/transaction.h>

#include <stdexcept>
#include <string>

// Defined in another translation unit.
bool valid_order(int id);

// Throws: a call to it is an exit from the caller.
static void check_quantity(int qty) {
  if (qty <= 0)
    throw std::invalid_argument("quantity");
}

//===----------------------------------------------------------------------===//
// What the profile recognizes
//===----------------------------------------------------------------------===//

void recognized(sqlpp::sqlite3::connection &db, bool keep) {
  // DUMP: :[[@LINE+1]]:13: remark: begin on 'tx' (RAII) (failure: exception) [txnlint-dump-events]
  auto tx = sqlpp::start_transaction(db);
  // DUMP: :[[@LINE+1]]:3: remark: write on 'db' (failure: exception) [txnlint-dump-events]
  db.execute("INSERT INTO orders (id) VALUES (1)");
  if (!keep) {
    // DUMP: :[[@LINE+1]]:5: remark: rollback on 'tx' (failure: exception) [txnlint-dump-events]
    tx.rollback();
    return;
    // DUMP: :[[@LINE-1]]:5: remark: rollback on 'tx' (destructor) [txnlint-dump-events]
  }
  // DUMP: :[[@LINE+1]]:3: remark: commit on 'tx' (failure: exception) [txnlint-dump-events]
  tx.commit();
}
// DUMP: :[[@LINE-1]]:1: remark: rollback on 'tx' (destructor) [txnlint-dump-events]

// The overloads with a report policy or an isolation level, found by ADL.
void recognized_overloads(sqlpp::sqlite3::connection &db) {
  // DUMP: :[[@LINE+1]]:16: remark: begin on 'quiet' (RAII) (failure: exception) [txnlint-dump-events]
  auto quiet = start_transaction(db, sqlpp::quiet_auto_rollback);
  // DUMP: :[[@LINE+2]]:7: remark: begin on 'serial' (RAII) (failure: exception) [txnlint-dump-events]
  sqlpp::transaction_t<sqlpp::sqlite3::connection> serial =
      sqlpp::start_transaction(db, sqlpp::isolation_level::serializable);
  // DUMP: :[[@LINE+1]]:3: remark: commit on 'serial' (failure: exception) [txnlint-dump-events]
  serial.commit();
}
// DUMP-DAG: :[[@LINE-1]]:1: remark: rollback on 'serial' (destructor) [txnlint-dump-events]
// DUMP-DAG: :[[@LINE-2]]:1: remark: rollback on 'quiet' (destructor) [txnlint-dump-events]

// The connection's manual transaction and savepoints. (Both transactions
// are rightly reported: the statements may throw, and nothing rolls back.)
void recognized_manual(sqlpp::sqlite3::connection &db) {
  // DUMP: :[[@LINE+1]]:3: remark: begin on 'db' (failure: exception) [txnlint-dump-events]
  db.start_transaction();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'recognized_manual'; commit or roll it back before leaving [txn-missing-rollback]
  // DUMP: :[[@LINE+1]]:3: remark: savepoint on 'db' (failure: exception) [txnlint-dump-events]
  db.savepoint("before_delete");
  // DUMP: :[[@LINE+1]]:3: remark: write on 'db' (failure: exception) [txnlint-dump-events]
  db.execute("DELETE FROM orders");
  // DUMP: :[[@LINE+1]]:3: remark: rollback-to-savepoint on 'db' (failure: exception) [txnlint-dump-events]
  db.rollback_to_savepoint("before_delete");
  // DUMP: :[[@LINE+1]]:3: remark: release-savepoint on 'db' (failure: exception) [txnlint-dump-events]
  db.release_savepoint("before_delete");
  // DUMP: :[[@LINE+1]]:3: remark: read on 'db' (failure: exception) [txnlint-dump-events]
  db.execute("SELECT id FROM orders");
  // DUMP: :[[@LINE+1]]:3: remark: commit on 'db' (failure: exception) [txnlint-dump-events]
  db.commit_transaction();
  // DUMP: :[[@LINE+1]]:3: remark: begin on 'db' (failure: exception) [txnlint-dump-events]
  db.start_transaction(sqlpp::isolation_level::read_committed);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'recognized_manual'; commit or roll it back before leaving [txn-missing-rollback]
  // DUMP: :[[@LINE+1]]:3: remark: write on 'db' (failure: exception) [txnlint-dump-events]
  db.execute("DELETE FROM orders");
  // DUMP: :[[@LINE+1]]:3: remark: rollback on 'db' (failure: exception) [txnlint-dump-events]
  db.rollback_transaction(false);
}

//===----------------------------------------------------------------------===//
// Positives: manual transactions on the connection. Only the warnings are
// checked: the notes include wrong ones at commit_transaction(), see
// Inputs/sqlpp11-gaps.cpp.
//===----------------------------------------------------------------------===//

// An early return between start_transaction() and commit_transaction().
void place_order(sqlpp::sqlite3::connection &db, int id) {
  db.start_transaction();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'place_order'; commit or roll it back before leaving [txn-missing-rollback]
  if (!valid_order(id))
    return;
  db.execute("INSERT INTO orders (id) VALUES (1)");
  db.commit_transaction();
}

// A throwing call with no handler that rolls back.
void restock(sqlpp::sqlite3::connection &db, int qty) {
  db.start_transaction();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'restock'; commit or roll it back before leaving [txn-missing-rollback]
  check_quantity(qty);
  db.execute("UPDATE stock SET qty = qty + 1");
  db.commit_transaction();
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// transaction_t rolls back when it goes out of scope: early returns and
// exceptions are fine.
void place_order_raii(sqlpp::sqlite3::connection &db, int id, int qty) {
  auto tx = sqlpp::start_transaction(db);
  if (!valid_order(id))
    return;
  check_quantity(qty);
  db.execute("INSERT INTO orders (id) VALUES (1)");
  tx.commit();
}

// The documented try/commit, catch/rollback pattern.
void place_order_documented(sqlpp::sqlite3::connection &db, int qty) {
  auto tx = sqlpp::start_transaction(db);
  try {
    check_quantity(qty);
    db.execute("INSERT INTO orders (id) VALUES (1)");
    tx.commit();
  } catch (...) {
    tx.rollback();
  }
}

// A quiet transaction that is never committed only ever rolls back.
void dry_run(sqlpp::sqlite3::connection &db) {
  auto tx = sqlpp::start_transaction(db, sqlpp::quiet_auto_rollback);
  db.execute("DELETE FROM orders");
}

// A function that only starts a transaction hands it to its caller.
void begin_for_caller(sqlpp::sqlite3::connection &db) { db.start_transaction(); }
