// The libdbi profile against the real <dbi/dbi.h>: SQL text through
// dbi_conn_query and dbi_conn_queryf (NULL on failure), the transaction
// calls (0 on success), and dbi_conn_close.
//
// RUN: %txnlint --dump-events --exit-zero %s -- 2>/dev/null | FileCheck %s
// RUN: %check_txnlint %s txn-missing-rollback,txn-unchecked-commit %t

#include <dbi/dbi.h>

bool valid(int amount);

//===----------------------------------------------------------------------===//
// Recognition (dump)
//===----------------------------------------------------------------------===//

void recognized(dbi_conn conn) {
  // CHECK: :[[@LINE+1]]:3: remark: begin on 'conn' (failure: returns-bool) [txnlint-dump-events]
  dbi_conn_query(conn, "BEGIN");
  // CHECK: :[[@LINE+1]]:3: remark: write on 'conn' (failure: returns-bool) [txnlint-dump-events]
  dbi_conn_queryf(conn, "UPDATE accounts SET balance = %d", 10);
  // CHECK: :[[@LINE+1]]:3: remark: commit on 'conn' (failure: returns-bool) [txnlint-dump-events]
  dbi_conn_query(conn, "COMMIT");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the result of committing transaction on 'conn' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
  // CHECK: :[[@LINE+1]]:3: remark: begin on 'conn' (failure: returns-zero) [txnlint-dump-events]
  dbi_conn_transaction_begin(conn);
  // CHECK: :[[@LINE+1]]:3: remark: savepoint on 'conn' (failure: returns-zero) [txnlint-dump-events]
  dbi_conn_savepoint(conn, "sp");
  // CHECK: :[[@LINE+1]]:3: remark: rollback-to-savepoint on 'conn' (failure: returns-zero) [txnlint-dump-events]
  dbi_conn_rollback_to_savepoint(conn, "sp");
  // CHECK: :[[@LINE+1]]:3: remark: release-savepoint on 'conn' (failure: returns-zero) [txnlint-dump-events]
  dbi_conn_release_savepoint(conn, "sp");
  // CHECK: :[[@LINE+1]]:3: remark: commit on 'conn' (failure: returns-zero) [txnlint-dump-events]
  dbi_conn_transaction_commit(conn);
  // CHECK: :[[@LINE+1]]:3: remark: rollback on 'conn' (failure: returns-zero) [txnlint-dump-events]
  dbi_conn_transaction_rollback(conn);
  // CHECK: :[[@LINE+1]]:3: remark: close on 'conn' [txnlint-dump-events]
  dbi_conn_close(conn);
}

//===----------------------------------------------------------------------===//
// Checks
//===----------------------------------------------------------------------===//

bool transfer(dbi_conn conn, int amount) {
  if (!dbi_conn_query(conn, "BEGIN"))
    return false;   // the failed BEGIN opened nothing
  dbi_conn_queryf(conn, "UPDATE accounts SET balance = balance - %d", amount);
  if (!valid(amount))
    return false;
  // CHECK-NOTES: :[[@LINE-5]]:8: warning: transaction begun on 'conn' is left open on some path out of 'transfer'; commit or roll it back before leaving [txn-missing-rollback]
  // CHECK-NOTES: :[[@LINE-2]]:5: note: transaction is still open at this return
  dbi_conn_query(conn, "COMMIT");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the result of committing transaction on 'conn' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
  return true;
}

// Negative: every path out ends the transaction, and the commit is checked.
bool transfer_checked(dbi_conn conn, int amount) {
  if (dbi_conn_transaction_begin(conn) != 0)
    return false;
  dbi_conn_queryf(conn, "UPDATE accounts SET balance = balance - %d", amount);
  if (!valid(amount)) {
    dbi_conn_transaction_rollback(conn);
    return false;
  }
  if (dbi_conn_transaction_commit(conn) != 0) {
    dbi_conn_transaction_rollback(conn);
    return false;
  }
  return true;
}
