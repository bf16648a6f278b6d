// txn-use-after-error next to txn-commit-after-failed-write, on libpq and
// libpqxx: one shape, one finding. A COMMIT that a write's unhandled failure
// result reaches is txn-commit-after-failed-write's (whose message says that
// on PostgreSQL the commit rolls back); the statements after the failure,
// and a commit after a caught exception, are txn-use-after-error's.
//
// RUN: %check_txnlint %s 'txn-use-after-error,txn-commit-after-failed-write' %t -- -- -std=c++17 -I/usr/include/postgresql

#include <libpq-fe.h>
#include <pqxx/pqxx>

#include <cstdio>

void log_error(const char *text);

// The failed UPDATE is tested and logged; the INSERT after it fails in the
// aborted transaction (txn-use-after-error), and the COMMIT rolls back
// (txn-commit-after-failed-write, for both writes: the INSERT's result is
// dropped).
void sell(PGconn *conn) {
  PQclear(PQexec(conn, "BEGIN"));
  PGresult *res = PQexec(conn, "UPDATE stock SET n = n - 1 WHERE id = 7");
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: the failure of this write is not handled before transaction on 'conn' commits; on PostgreSQL the failed statement aborts the transaction, and the commit rolls back every write of it [txn-commit-after-failed-write]
  // CHECK-NOTES: :[[@LINE+9]]:11: note: committed here
  if (PQresultStatus(res) != PGRES_COMMAND_OK)
    log_error(PQerrorMessage(conn));
  PQclear(res);
  PQclear(PQexec(conn, "INSERT INTO log VALUES ('sold')"));
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: the failure of this write is not handled before transaction on 'conn' commits; on PostgreSQL the failed statement aborts the transaction, and the commit rolls back every write of it [txn-commit-after-failed-write]
  // CHECK-NOTES: :[[@LINE+3]]:11: note: committed here
  // CHECK-NOTES: :[[@LINE-3]]:11: warning: transaction on 'conn' is used after a statement of it failed; the failure aborted the transaction, so this statement fails too: roll back, or roll back to a savepoint taken before the failure, first [txn-use-after-error]
  // CHECK-NOTES: :[[@LINE-10]]:19: note: the statement that failed
  PQclear(PQexec(conn, "COMMIT"));
}

// A commit right after the failure: txn-commit-after-failed-write's alone.
void sell_and_commit(PGconn *conn) {
  PQclear(PQexec(conn, "BEGIN"));
  PGresult *res = PQexec(conn, "UPDATE stock SET n = n - 1 WHERE id = 7");
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: the failure of this write is not handled before transaction on 'conn' commits; on PostgreSQL the failed statement aborts the transaction, and the commit rolls back every write of it [txn-commit-after-failed-write]
  // CHECK-NOTES: :[[@LINE+4]]:11: note: committed here
  if (PQresultStatus(res) != PGRES_COMMAND_OK)
    log_error(PQerrorMessage(conn));
  PQclear(res);
  PQclear(PQexec(conn, "COMMIT"));
}

// An exception caught before the commit: txn-commit-after-failed-write does
// not see it, txn-use-after-error reports the commit.
void reserve(pqxx::connection &c) {
  pqxx::work txn(c);
  try {
    txn.exec0("INSERT INTO reservations (sku) VALUES (7)");
  } catch (const pqxx::sql_error &e) {
    log_error(e.what());
  }
  txn.commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'txn' is committed after a statement of it failed; the failure aborted the transaction, so the commit rolls back every write of it [txn-use-after-error]
  // CHECK-NOTES: :[[@LINE-6]]:5: note: the statement that failed
}
