// Known gaps of the engine for libpq, run last by test/model/libpq.cpp: the
// expectations below are what txnlint SHOULD report; they fail until the
// engine does. Compiled against the real <libpq-fe.h> with
// -I/usr/include/postgresql, as pkg-config gives it.

#include <libpq-fe.h>

#include <cstdio>

// GAP (statements named by a string literal): PQprepare names the statement
// with a literal, and PQexecPrepared runs it by the same literal on the same
// connection. The engine keys a statement by the expression that holds it,
// and a literal has no key: the prepared SQL is lost, and the execution is a
// write on the handle '"begin_tx"' instead of a begin on 'conn'. (With the
// name in a variable, test/model/libpq.cpp, it works.)
void prepared_by_literal(PGconn *conn) {
  // CHECK: :[[@LINE+1]]:11: remark: prepare-sql on 'conn' (failure: returns-result) [txnlint-dump-events]
  PQclear(PQprepare(conn, "begin_tx", "BEGIN", 0, nullptr));
  // CHECK: :[[@LINE+1]]:11: remark: begin on 'conn' (failure: returns-result) [txnlint-dump-events]
  PQclear(PQexecPrepared(conn, "begin_tx", 0, nullptr, nullptr, nullptr, 0));
  // CHECK: :[[@LINE+1]]:11: remark: commit on 'conn' (failure: returns-result) [txnlint-dump-events]
  PQclear(PQexec(conn, "COMMIT"));
}

// GAP (reassigned result variable): the usual libpq idiom reuses one
// PGresult variable, so the second status test is about the INSERT, not the
// BEGIN. Today the engine keeps `res` bound to the BEGIN after
// `res = PQexec(conn, "INSERT ...")`, takes the INSERT's failure branch for
// a failed BEGIN and reports nothing.
int reuse_result(PGconn *conn) {
  PGresult *res = PQexec(conn, "BEGIN");
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: transaction begun on 'conn' is left open on some path out of 'reuse_result'; commit or roll it back before leaving [txn-missing-rollback]
  if (PQresultStatus(res) != PGRES_COMMAND_OK) {
    PQclear(res);
    return -1;
  }
  PQclear(res);
  res = PQexec(conn, "INSERT INTO orders (id) VALUES (2)");
  if (PQresultStatus(res) != PGRES_COMMAND_OK) {
    PQclear(res);
    return -2;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  }
  PQclear(res);
  res = PQexec(conn, "COMMIT");
  PQclear(res);
  return 0;
}

// GAP (library headers outside the system include path): the error path
// calls PQerrorMessage(conn), a libpq accessor that cannot end the
// transaction. With pkg-config's -I/usr/include/postgresql, <libpq-fe.h> is
// not a system header, so the engine takes every unmodelled libpq function
// that receives the connection for user code that may end the transaction
// (a hand-off) and reports nothing. With -isystem both are reported.
int report_and_return(PGconn *conn) {
  PGresult *res = PQexec(conn, "BEGIN");
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: transaction begun on 'conn' is left open on some path out of 'report_and_return'; commit or roll it back before leaving [txn-missing-rollback]
  if (PQresultStatus(res) != PGRES_COMMAND_OK) {
    PQclear(res);
    return -1;
  }
  PQclear(res);
  PGresult *upd = PQexec(conn, "UPDATE stock SET qty = qty - 1");
  if (PQresultStatus(upd) != PGRES_COMMAND_OK) {
    std::fprintf(stderr, "update failed: %s", PQerrorMessage(conn));
    PQclear(upd);
    return -2;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  }
  PQclear(upd);
  PQclear(PQexec(conn, "COMMIT"));
  return 0;
}

// GAP (same as above): a successfully sent BEGIN, left open when the insert
// cannot be sent; PQgetResult(conn) in the loop is taken for a hand-off.
int async_begin(PGconn *conn) {
  if (!PQsendQuery(conn, "BEGIN"))
    return -1;
  // CHECK-NOTES: :[[@LINE-2]]:8: warning: transaction begun on 'conn' is left open on some path out of 'async_begin'; commit or roll it back before leaving [txn-missing-rollback]
  while (PGresult *res = PQgetResult(conn))
    PQclear(res);
  if (!PQsendQuery(conn, "INSERT INTO orders (id) VALUES (3)"))
    return -2;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  PQsendQuery(conn, "COMMIT");
  return 0;
}
