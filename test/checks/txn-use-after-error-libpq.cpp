// txn-use-after-error with libpq, compiled against the real <libpq-fe.h>.
// PQexec returns a PGresult whose status says whether the statement worked.
// On PostgreSQL a failed statement aborts the transaction: a branch that
// tests the failure and goes on running statements gets "current
// transaction is aborted" for each of them. A COMMIT reached with the
// failure unhandled is txn-commit-after-failed-write's finding (one shape,
// one finding): see txn-use-after-error-division.cpp.
//
// RUN: %check_txnlint %s txn-use-after-error %t -- -- -I/usr/include/postgresql

#include <libpq-fe.h>

#include <cstdio>

// The failure is logged, and the next statement runs in the aborted
// transaction; so does the COMMIT, which rolls back.
void sell(PGconn *conn) {
  PQclear(PQexec(conn, "BEGIN"));
  PGresult *res = PQexec(conn, "UPDATE stock SET n = n - 1 WHERE id = 7");
  if (PQresultStatus(res) != PGRES_COMMAND_OK)
    std::fprintf(stderr, "update failed: %s", PQerrorMessage(conn));
  PQclear(res);
  res = PQexec(conn, "INSERT INTO log VALUES ('sold')");
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: transaction on 'conn' is used after a statement of it failed; the failure aborted the transaction, so this statement fails too: roll back, or roll back to a savepoint taken before the failure, first [txn-use-after-error]
  // CHECK-NOTES: :[[@LINE-6]]:19: note: the statement that failed
  if (PQresultStatus(res) != PGRES_COMMAND_OK)
    std::fprintf(stderr, "log failed: %s", PQerrorMessage(conn));
  PQclear(res);
  PQclear(PQexec(conn, "COMMIT"));
}

// A retry loop inside one transaction: the next attempt runs in the
// aborted transaction.
bool import_batch(PGconn *conn, int attempts) {
  PQclear(PQexec(conn, "BEGIN"));
  for (int i = 0; i < attempts; ++i) {
    PGresult *res = PQexec(conn, "INSERT INTO imports SELECT * FROM staging");
    // CHECK-NOTES: :[[@LINE-1]]:21: warning: transaction on 'conn' is used after a statement of it failed; the failure aborted the transaction, so this statement fails too: roll back, or roll back to a savepoint taken before the failure, first [txn-use-after-error]
    // CHECK-NOTES: :[[@LINE-2]]:21: note: the statement that failed
    if (PQresultStatus(res) == PGRES_COMMAND_OK) {
      PQclear(res);
      break;
    }
    PQclear(res);
  }
  PGresult *res = PQexec(conn, "COMMIT");
  bool committed = PQresultStatus(res) == PGRES_COMMAND_OK;
  PQclear(res);
  return committed;
}

// The same retry with its success kept in a flag that the loop tests.
int bump_counter(PGconn *conn) {
  PQclear(PQexec(conn, "BEGIN"));
  bool done = false;
  for (int attempt = 0; attempt < 3 && !done; ++attempt) {
    PGresult *r = PQexec(conn, "UPDATE counters SET v = v + 1 WHERE k = 'orders'");
    // CHECK-NOTES: :[[@LINE-1]]:19: warning: transaction on 'conn' is used after a statement of it failed; the failure aborted the transaction, so this statement fails too: roll back, or roll back to a savepoint taken before the failure, first [txn-use-after-error]
    // CHECK-NOTES: :[[@LINE-2]]:19: note: the statement that failed
    done = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
  }
  if (!done) {
    PQclear(PQexec(conn, "ROLLBACK"));
    return -1;
  }
  PGresult *c = PQexec(conn, "COMMIT");
  int rc = PQresultStatus(c) == PGRES_COMMAND_OK ? 0 : -1;
  PQclear(c);
  return rc;
}

//===-- Not bugs -----------------------------------------------------------===//

// A failure flag guards the next statements; the result is freed only if
// there is one (coturn): `if (res)` after the status test is a clean-up,
// not a test that the statement failed.
void log_pq_error(const char *message);
int del_realm(PGconn *pqc) {
  PGresult *res = PQexec(pqc, "BEGIN");
  if (!res || PQresultStatus(res) != PGRES_COMMAND_OK) {
    if (res)
      PQclear(res);
    return -1;
  }
  PQclear(res);
  bool ok = true;
  res = PQexec(pqc, "DELETE FROM turnusers_lt WHERE realm = 'x'");
  if (!res || PQresultStatus(res) != PGRES_COMMAND_OK) {
    log_pq_error(PQerrorMessage(pqc));
    ok = false;
  }
  if (res)
    PQclear(res);
  if (ok) {
    res = PQexec(pqc, "DELETE FROM turn_secret WHERE realm = 'x'");
    if (!res || PQresultStatus(res) != PGRES_COMMAND_OK)
      ok = false;
    if (res)
      PQclear(res);
  }
  res = PQexec(pqc, ok ? "COMMIT" : "ROLLBACK");
  if (!res || PQresultStatus(res) != PGRES_COMMAND_OK)
    ok = false;
  if (res)
    PQclear(res);
  return ok ? 0 : -1;
}

// The failure branch rolls back to a savepoint taken before the statement
// and goes on.
bool sell_or_skip(PGconn *conn) {
  PQclear(PQexec(conn, "BEGIN"));
  PQclear(PQexec(conn, "SAVEPOINT sale"));
  PGresult *res = PQexec(conn, "UPDATE stock SET n = n - 1 WHERE id = 7");
  if (PQresultStatus(res) != PGRES_COMMAND_OK)
    PQclear(PQexec(conn, "ROLLBACK TO SAVEPOINT sale"));
  PQclear(res);
  PQclear(PQexec(conn, "INSERT INTO log VALUES ('done')"));
  res = PQexec(conn, "COMMIT");
  bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
  PQclear(res);
  return ok;
}

// The failure branch rolls back and returns.
bool sell_correct(PGconn *conn) {
  PQclear(PQexec(conn, "BEGIN"));
  PGresult *res = PQexec(conn, "UPDATE stock SET n = n - 1 WHERE id = 7");
  if (PQresultStatus(res) != PGRES_COMMAND_OK) {
    PQclear(res);
    PQclear(PQexec(conn, "ROLLBACK"));
    return false;
  }
  PQclear(res);
  PQclear(PQexec(conn, "INSERT INTO log VALUES ('sold')"));
  res = PQexec(conn, "COMMIT");
  bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
  PQclear(res);
  return ok;
}

// A new transaction per attempt: the failed one is rolled back first.
bool import_batch_retried(PGconn *conn, int attempts) {
  for (int i = 0; i < attempts; ++i) {
    PQclear(PQexec(conn, "BEGIN"));
    PGresult *res = PQexec(conn, "INSERT INTO imports SELECT * FROM staging");
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    if (ok) {
      PQclear(PQexec(conn, "COMMIT"));
      return true;
    }
    PQclear(PQexec(conn, "ROLLBACK"));
  }
  return false;
}

// The failure is on another connection.
void copy_row(PGconn *source, PGconn *target) {
  PQclear(PQexec(source, "BEGIN"));
  PQclear(PQexec(target, "BEGIN"));
  PGresult *res = PQexec(source, "UPDATE staging SET exported = true");
  if (PQresultStatus(res) != PGRES_COMMAND_OK) {
    PQclear(res);
    PQclear(PQexec(source, "ROLLBACK"));
  } else {
    PQclear(res);
    PQclear(PQexec(source, "COMMIT"));
  }
  PQclear(PQexec(target, "INSERT INTO imports VALUES (1)"));
  PQclear(PQexec(target, "COMMIT"));
}

// Outside a transaction each statement stands alone.
void log_visit(PGconn *conn) {
  PGresult *res = PQexec(conn, "INSERT INTO visits VALUES (1)");
  if (PQresultStatus(res) != PGRES_COMMAND_OK)
    std::fprintf(stderr, "%s", PQerrorMessage(conn));
  PQclear(res);
  PQclear(PQexec(conn, "INSERT INTO visits VALUES (2)"));
}

// A helper that logs a failed statement and returns: its caller goes on in
// the aborted transaction.
static void exec_logged(PGconn *conn, const char *sql) {
  PGresult *res = PQexec(conn, sql);
  if (PQresultStatus(res) != PGRES_COMMAND_OK)
    std::fprintf(stderr, "%s", PQerrorMessage(conn));
  PQclear(res);
}

void tag_items(PGconn *conn) {
  PQclear(PQexec(conn, "BEGIN"));
  exec_logged(conn, "UPDATE items SET tagged = true");
  // CHECK-NOTES: :[[@LINE+3]]:3: warning: transaction on 'conn' is used after a statement of it failed; the failure aborted the transaction, so this statement fails too: roll back, or roll back to a savepoint taken before the failure, first [txn-use-after-error]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: the statement that failed
  // The same helper outside a transaction stands alone (log_visits below).
  exec_logged(conn, "INSERT INTO log VALUES ('tagged')");
  PQclear(PQexec(conn, "COMMIT"));
}

void log_visits(PGconn *conn) {
  exec_logged(conn, "INSERT INTO visits VALUES (1)");
  exec_logged(conn, "INSERT INTO visits VALUES (2)");
}

// One result variable tested again: where the first UPDATE failed, the
// variable still holds its failed result, so the second test sends that
// path to the rollback too; the COMMIT follows only successes.
int transfer_retested(PGconn *conn) {
  PGresult *r = PQexec(conn, "BEGIN");
  if (PQresultStatus(r) != PGRES_COMMAND_OK) {
    PQclear(r);
    return -1;
  }
  PQclear(r);
  r = PQexec(conn, "UPDATE accounts SET balance = balance - 1 WHERE id = 1");
  if (PQresultStatus(r) == PGRES_COMMAND_OK) {
    PQclear(r);
    r = PQexec(conn, "UPDATE accounts SET balance = balance + 1 WHERE id = 2");
  }
  if (PQresultStatus(r) == PGRES_COMMAND_OK) {
    PQclear(r);
    r = PQexec(conn, "COMMIT");
    if (PQresultStatus(r) == PGRES_COMMAND_OK) {
      PQclear(r);
      return 0;
    }
  }
  PQclear(r);
  PQclear(PQexec(conn, "ROLLBACK"));
  return -1;
}
