// The SOCI model, compiled against the real SOCI 4 headers in
// /usr/include/soci: soci::session begin/commit/rollback, SQL text written
// with `sql << "..."` or `sql.once << "..."`, and soci::transaction, which
// begins in its constructor and rolls back in its destructor unless it was
// committed or rolled back. SOCI reports errors with exceptions.
//
// The recognition functions are compiled for the --dump-events run only
// (TXNLINT_DUMP): they leave manual transactions open on purpose.
//
// RUN: %txnlint --dump-events --exit-zero %s -- -std=c++17 -DTXNLINT_DUMP 2>/dev/null | FileCheck %s
// RUN: %check_txnlint %s txn-missing-rollback %t -- -- -std=c++17
//
// KNOWN GAPS, run last: Inputs/soci-gaps.cpp holds what the engine does not
// do yet (see the comments there); these runs fail until it does.
// RUN: %txnlint --dump-events --exit-zero %S/Inputs/soci-gaps.cpp -- -std=c++17 -DTXNLINT_DUMP 2>/dev/null \
// RUN:   | FileCheck %S/Inputs/soci-gaps.cpp
// RUN: %check_txnlint %S/Inputs/soci-gaps.cpp txn-missing-rollback %t-gaps -- -- -std=c++17

#include <soci/soci.h>

#include <stdexcept>
#include <string>

// Defined in another translation unit.
void audit(int id);

//===----------------------------------------------------------------------===//
// Recognition (--dump-events)
//===----------------------------------------------------------------------===//
#ifdef TXNLINT_DUMP

void dump_session(soci::session &sql, int id) {
  // CHECK: :[[@LINE+1]]:3: remark: begin on 'sql' (failure: exception) [txnlint-dump-events]
  sql.begin();
  // CHECK: :[[@LINE+1]]:3: remark: write on 'sql' (failure: exception) [txnlint-dump-events]
  sql << "INSERT INTO orders (id) VALUES (:id)", soci::use(id);
  int n = 0;
  // CHECK: :[[@LINE+1]]:3: remark: read on 'sql' (failure: exception) [txnlint-dump-events]
  sql << "SELECT COUNT(*) FROM orders", soci::into(n);
  // Only the first piece of a composed statement is the SQL's head.
  // CHECK: :[[@LINE+1]]:3: remark: write on 'sql' (failure: exception) [txnlint-dump-events]
  sql << "DELETE FROM orders WHERE id = " << id;
  // CHECK: :[[@LINE+1]]:3: remark: savepoint on 'sql' 'before_update' (failure: exception) [txnlint-dump-events]
  sql << "SAVEPOINT before_update";
  // CHECK: :[[@LINE+1]]:3: remark: rollback-to-savepoint on 'sql' 'before_update' (failure: exception) [txnlint-dump-events]
  sql << "ROLLBACK TO SAVEPOINT before_update";
  // CHECK: :[[@LINE+1]]:3: remark: release-savepoint on 'sql' 'before_update' (failure: exception) [txnlint-dump-events]
  sql << "RELEASE SAVEPOINT before_update";
  // CHECK: :[[@LINE+1]]:3: remark: commit on 'sql' (failure: exception) [txnlint-dump-events]
  sql.commit();
  // CHECK: :[[@LINE+1]]:3: remark: begin on 'sql' (failure: exception) [txnlint-dump-events]
  sql.begin();
  // CHECK: :[[@LINE+1]]:3: remark: rollback on 'sql' (failure: exception) [txnlint-dump-events]
  sql.rollback();
  // SQL text in a variable.
  const std::string begin_sql = "BEGIN";
  // CHECK: :[[@LINE+1]]:3: remark: begin on 'sql' (failure: exception) [txnlint-dump-events]
  sql << begin_sql;
  // CHECK: :[[@LINE+1]]:3: remark: commit on 'sql' (failure: exception) [txnlint-dump-events]
  sql << "COMMIT";
}

// soci::transaction: RAII, the destructor rolls back.
void dump_transaction(soci::session &sql, int id) {
  {
    // CHECK: :[[@LINE+1]]:23: remark: begin on 'tr' (RAII) (failure: exception) [txnlint-dump-events]
    soci::transaction tr(sql);
    // CHECK: :[[@LINE+1]]:5: remark: write on 'sql' (failure: exception) [txnlint-dump-events]
    sql << "INSERT INTO orders (id) VALUES (:id)", soci::use(id);
    // CHECK: :[[@LINE+1]]:5: remark: commit on 'tr'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
    tr.commit();
    // CHECK: :[[@LINE+1]]:3: remark: rollback on 'tr' (destructor) [txnlint-dump-events]
  }
  // CHECK: :[[@LINE+1]]:21: remark: begin on 'tr2' (RAII) (failure: exception) [txnlint-dump-events]
  soci::transaction tr2(sql);
  // CHECK: :[[@LINE+1]]:3: remark: rollback on 'tr2'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  tr2.rollback();
  // CHECK: :[[@LINE+1]]:1: remark: rollback on 'tr2' (destructor) [txnlint-dump-events]
}

// Closing or reconnecting the session ends its transaction.
void dump_close(soci::session &sql, soci::session &other) {
  // CHECK: :[[@LINE+1]]:3: remark: begin on 'sql' (failure: exception) [txnlint-dump-events]
  sql.begin();
  // CHECK: :[[@LINE+1]]:3: remark: close on 'sql' (failure: exception) [txnlint-dump-events]
  sql.reconnect();
  // CHECK: :[[@LINE+1]]:3: remark: close on 'other' [txnlint-dump-events]
  other.close();
  // Other session members are neutral.
  // CHECK-NOT: remark:
  sql.set_query_transformation([](const std::string &q) { return q; });
  // CHECK: :[[@LINE+1]]:3: remark: write on 'sql' (failure: exception) [txnlint-dump-events]
  sql << "DELETE FROM audit";
}
#endif // TXNLINT_DUMP

//===----------------------------------------------------------------------===//
// txn-missing-rollback: positives
//===----------------------------------------------------------------------===//

// Early return without a rollback; each statement may also throw.
int save_order(soci::session &sql, int id, int qty) {
  sql.begin();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'sql' is left open on some path out of 'save_order'; commit or roll it back before leaving [txn-missing-rollback]
  sql << "INSERT INTO orders (id, qty) VALUES (:id, :qty)", soci::use(id), soci::use(qty);
  if (qty > 100)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  // CHECK-NOTES: :[[@LINE-4]]:3: note: transaction is still open when an exception leaves the function here
  sql.commit();
  return 0;
}

// BEGIN as SQL text, and a throw.
void restock(soci::session &sql, int qty) {
  try {
    sql << "BEGIN";
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: transaction begun on 'sql' is left open on some path out of 'restock'; commit or roll it back before leaving [txn-missing-rollback]
  } catch (const soci::soci_error &) {
    return;
  }
  if (qty > 1000)
    throw std::out_of_range("restock too large");
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open when an exception leaves the function here
  sql << "COMMIT";
}

//===----------------------------------------------------------------------===//
// txn-missing-rollback: negatives
//===----------------------------------------------------------------------===//

// soci::transaction rolls back in its destructor on every early exit.
int save_raii(soci::session &sql, int id, int qty) {
  soci::transaction tr(sql);
  sql << "INSERT INTO orders (id, qty) VALUES (:id, :qty)", soci::use(id), soci::use(qty);
  if (qty > 100)
    return -1;
  if (qty < 0)
    throw std::invalid_argument("negative quantity");
  tr.commit();
  return 0;
}

// Rollback in a catch that rethrows, and on the early return. A rollback
// (or commit) that throws still ends the transaction.
int save_checked(soci::session &sql, int id) {
  sql.begin();
  try {
    sql << "UPDATE stock SET qty = qty - 1 WHERE id = :id", soci::use(id);
    if (id == 0) {
      sql.rollback();
      return -1;
    }
    sql.commit();
  } catch (...) {
    sql.rollback();
    throw;
  }
  return 0;
}

// Closing the session on the error path ends the transaction.
int close_on_error(soci::session &sql, int id) {
  sql.begin();
  try {
    audit(id);
    sql.commit();
  } catch (...) {
    sql.close();
    return -1;
  }
  return 0;
}

// Autocommit statements only.
int autocommit(soci::session &sql, int id) {
  sql << "INSERT INTO audit (id) VALUES (:id)", soci::use(id);
  if (id < 0)
    return -1;
  sql << "DELETE FROM audit WHERE id < 0";
  return 0;
}
