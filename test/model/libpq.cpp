// The libpq model, compiled against the real <libpq-fe.h>: SQL text given to
// PQexec, PQexecParams, PQsendQuery and PQprepare/PQexecPrepared is
// classified; a result is checked with PQresultStatus, where
// PGRES_COMMAND_OK and PGRES_TUPLES_OK mean success; PQfinish and PQreset end
// the connection (the server rolls back its open transaction).
//
// The headers are included the way pkg-config says (-I/usr/include/postgresql),
// so they are not system headers.
//
// RUN: %txnlint --dump-events --exit-zero %s -- -I/usr/include/postgresql 2>/dev/null | FileCheck %s
// RUN: %check_txnlint %s txn-missing-rollback %t -- -- -I/usr/include/postgresql
//
// KNOWN GAPS, run last: Inputs/libpq-gaps.cpp holds what the engine does not
// do yet (see the comments there); these runs fail until it does.
// RUN: %txnlint --dump-events --exit-zero %S/Inputs/libpq-gaps.cpp -- -I/usr/include/postgresql 2>/dev/null \
// RUN:   | FileCheck %S/Inputs/libpq-gaps.cpp
// RUN: %check_txnlint %S/Inputs/libpq-gaps.cpp txn-missing-rollback %t-gaps -- -- -I/usr/include/postgresql

#include <libpq-fe.h>

#include <stdexcept>

// Defined in another translation unit.
void audit(int id);

//===----------------------------------------------------------------------===//
// Recognition (--dump-events)
//===----------------------------------------------------------------------===//

int dump_exec(PGconn *conn, const char *const *values) {
  // CHECK: :[[@LINE+1]]:19: remark: begin on 'conn' (failure: returns-result) [txnlint-dump-events]
  PGresult *res = PQexec(conn, "BEGIN ISOLATION LEVEL SERIALIZABLE");
  // PQresultStatus reads a result: not an event.
  // CHECK-NOT: remark:
  if (PQresultStatus(res) != PGRES_COMMAND_OK) {
    PQclear(res);
    return -1;
  }
  PQclear(res);
  // CHECK: :[[@LINE+1]]:11: remark: write on 'conn' (failure: returns-result) [txnlint-dump-events]
  PQclear(PQexec(conn, "INSERT INTO orders (id) VALUES (1)"));
  // CHECK: :[[@LINE+1]]:11: remark: read on 'conn' (failure: returns-result) [txnlint-dump-events]
  PQclear(PQexec(conn, "SELECT id FROM orders"));
  // CHECK: :[[@LINE+1]]:11: remark: write on 'conn' (failure: returns-result) [txnlint-dump-events]
  PQclear(PQexecParams(conn, "UPDATE orders SET qty = $1 WHERE id = $2", 2,
                       nullptr, values, nullptr, nullptr, 0));
  // CHECK: :[[@LINE+1]]:11: remark: savepoint on 'conn' 'before_delete' (failure: returns-result) [txnlint-dump-events]
  PQclear(PQexec(conn, "SAVEPOINT before_delete"));
  // CHECK: :[[@LINE+1]]:11: remark: write on 'conn' (failure: returns-result) [txnlint-dump-events]
  PQclear(PQexec(conn, "DELETE FROM orders WHERE qty = 0"));
  // CHECK: :[[@LINE+1]]:11: remark: rollback-to-savepoint on 'conn' 'before_delete' (failure: returns-result) [txnlint-dump-events]
  PQclear(PQexec(conn, "ROLLBACK TO SAVEPOINT before_delete"));
  // CHECK: :[[@LINE+1]]:11: remark: release-savepoint on 'conn' 'before_delete' (failure: returns-result) [txnlint-dump-events]
  PQclear(PQexec(conn, "RELEASE SAVEPOINT before_delete"));
  // CHECK: :[[@LINE+1]]:11: remark: commit on 'conn' (failure: returns-result) [txnlint-dump-events]
  PQclear(PQexec(conn, "COMMIT"));
  // CHECK: :[[@LINE+1]]:11: remark: begin on 'conn' (failure: returns-result) [txnlint-dump-events]
  PQclear(PQexec(conn, "START TRANSACTION"));
  // CHECK: :[[@LINE+1]]:11: remark: rollback on 'conn' (failure: returns-result) [txnlint-dump-events]
  PQclear(PQexec(conn, "ROLLBACK"));
  return 0;
}

// Prepared statements run the SQL they were prepared with, on the
// connection they were prepared on.
void dump_prepared(PGconn *conn, const char *const *values) {
  const char *insert_order = "insert_order";
  // CHECK: :[[@LINE+1]]:11: remark: prepare-sql on 'conn' (failure: returns-result) [txnlint-dump-events]
  PQclear(PQprepare(conn, insert_order, "INSERT INTO orders (id) VALUES ($1)", 1,
                    nullptr));
  // CHECK: :[[@LINE+1]]:11: remark: write on 'conn' (failure: returns-result) [txnlint-dump-events]
  PQclear(PQexecPrepared(conn, insert_order, 1, values, nullptr, nullptr, 0));
}

// The asynchronous API reports failure to send with 0.
int dump_async(PGconn *conn) {
  // CHECK: :[[@LINE+1]]:8: remark: begin on 'conn' (failure: returns-bool) [txnlint-dump-events]
  if (!PQsendQuery(conn, "BEGIN"))
    return -1;
  while (PGresult *res = PQgetResult(conn))
    PQclear(res);
  // CHECK: :[[@LINE+1]]:3: remark: write on 'conn' (failure: returns-bool) [txnlint-dump-events]
  PQsendQueryParams(conn, "DELETE FROM orders", 0, nullptr, nullptr, nullptr,
                    nullptr, 0);
  // CHECK: :[[@LINE+1]]:3: remark: commit on 'conn' (failure: returns-bool) [txnlint-dump-events]
  PQsendQuery(conn, "COMMIT");
  return 0;
}

// Closing or resetting the connection ends its transaction.
void dump_close(PGconn *conn, PGconn *other) {
  // CHECK: :[[@LINE+1]]:11: remark: begin on 'conn' (failure: returns-result) [txnlint-dump-events]
  PQclear(PQexec(conn, "BEGIN"));
  // CHECK: :[[@LINE+1]]:3: remark: close on 'conn' [txnlint-dump-events]
  PQreset(conn);
  // CHECK: :[[@LINE+1]]:3: remark: close on 'other' [txnlint-dump-events]
  PQfinish(other);
}

//===----------------------------------------------------------------------===//
// txn-missing-rollback: positives
//===----------------------------------------------------------------------===//

// The begin is checked, but a failed insert returns with it open.
int missing_rollback_section(PGconn *conn, int id) {
  PGresult *res = PQexec(conn, "BEGIN");
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: transaction begun on 'conn' is left open on some path out of 'missing_rollback_section'; commit or roll it back before leaving [txn-missing-rollback]
  if (PQresultStatus(res) != PGRES_COMMAND_OK) {
    PQclear(res);
    return -1;
  }
  PQclear(res);
  PGresult *ins = PQexec(conn, "INSERT INTO orders (id) VALUES (1)");
  if (PQresultStatus(ins) != PGRES_COMMAND_OK) {
    PQclear(ins);
    return -2;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  }
  PQclear(ins);
  PQclear(PQexec(conn, "COMMIT"));
  return 0;
}

// Unchecked begin, early return on a validation failure.
int unchecked_begin(PGconn *conn, int qty) {
  PQclear(PQexec(conn, "BEGIN"));
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: transaction begun on 'conn' is left open on some path out of 'unchecked_begin'; commit or roll it back before leaving [txn-missing-rollback]
  if (qty <= 0)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  PQclear(PQexec(conn, "UPDATE stock SET qty = qty - 1"));
  PQclear(PQexec(conn, "END"));
  return 0;
}

// A throw after the begin.
void begin_then_throw(PGconn *conn, int qty) {
  PQclear(PQexec(conn, "START TRANSACTION"));
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: transaction begun on 'conn' is left open on some path out of 'begin_then_throw'; commit or roll it back before leaving [txn-missing-rollback]
  if (qty > 1000)
    throw std::out_of_range("too many");
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open when an exception leaves the function here
  PQclear(PQexec(conn, "COMMIT"));
}

//===----------------------------------------------------------------------===//
// txn-missing-rollback: negatives
//===----------------------------------------------------------------------===//

// ROLLBACK on every error path; a failed BEGIN opened nothing.
int save_checked(PGconn *conn, int id) {
  PGresult *res = PQexec(conn, "BEGIN");
  if (PQresultStatus(res) != PGRES_COMMAND_OK) {
    PQclear(res);
    return -1;
  }
  PQclear(res);
  PGresult *ins = PQexec(conn, "INSERT INTO orders (id) VALUES (4)");
  if (PQresultStatus(ins) != PGRES_COMMAND_OK) {
    PQclear(ins);
    PQclear(PQexec(conn, "ROLLBACK"));
    return -2;
  }
  PQclear(ins);
  PQclear(PQexec(conn, "COMMIT"));
  return 0;
}

// Only a successful BEGIN enters the block that commits.
int save_when_begun(PGconn *conn, int id) {
  PGresult *res = PQexec(conn, "BEGIN");
  if (PQresultStatus(res) == PGRES_COMMAND_OK) {
    audit(id);
    PQclear(PQexec(conn, "COMMIT"));
  }
  PQclear(res);
  return 0;
}

// A failed send opened nothing.
int async_checked(PGconn *conn) {
  if (!PQsendQuery(conn, "BEGIN"))
    return -1;
  while (PGresult *res = PQgetResult(conn))
    PQclear(res);
  PQsendQuery(conn, "COMMIT");
  return 0;
}

// Closing the connection on the error path ends the transaction.
int finish_on_error(PGconn *conn, int id) {
  PQclear(PQexec(conn, "BEGIN"));
  if (id < 0) {
    PQfinish(conn);
    return -1;
  }
  PQclear(PQexec(conn, "COMMIT"));
  return 0;
}

// A prepared COMMIT ends the transaction too.
int prepared_commit(PGconn *conn, int id) {
  const char *commit_tx = "commit_tx";
  PQclear(PQprepare(conn, commit_tx, "COMMIT", 0, nullptr));
  PQclear(PQexec(conn, "BEGIN"));
  audit(id);
  PQclear(PQexecPrepared(conn, commit_tx, 0, nullptr, nullptr, nullptr, 0));
  return 0;
}

// Autocommit statements only.
int autocommit(PGconn *conn, int id) {
  PGresult *res = PQexec(conn, "INSERT INTO orders (id) VALUES (5)");
  if (PQresultStatus(res) != PGRES_COMMAND_OK) {
    PQclear(res);
    return -1;
  }
  PQclear(res);
  return 0;
}
