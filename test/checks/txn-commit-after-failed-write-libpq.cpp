// txn-commit-after-failed-write with libpq, compiled against the real
// <libpq-fe.h>. PQexec returns a PGresult whose status says whether the
// statement worked (returns-result). On PostgreSQL a failed statement aborts
// the whole transaction: the COMMIT after it rolls everything back (and
// reports ROLLBACK), so the work the program believes stored is lost.
//
// RUN: %check_txnlint %s txn-commit-after-failed-write %t -- -- -I/usr/include/postgresql

#include <libpq-fe.h>

#include <cstdio>
#include <string>

// The result freed unread.
void save(PGconn *conn) {
  PQclear(PQexec(conn, "BEGIN"));
  PQclear(PQexec(conn, "INSERT INTO orders VALUES (1)"));
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: the failure of this write is not handled before transaction on 'conn' commits; on PostgreSQL the failed statement aborts the transaction, and the commit rolls back every write of it [txn-commit-after-failed-write]
  // CHECK-NOTES: :[[@LINE+1]]:19: note: committed here
  PGresult *res = PQexec(conn, "COMMIT");
  if (PQresultStatus(res) != PGRES_COMMAND_OK)
    std::fprintf(stderr, "%s", PQerrorMessage(conn));
  PQclear(res);
}

// Tested, reported, and committed anyway.
void save_logged(PGconn *conn) {
  PQclear(PQexec(conn, "BEGIN"));
  PGresult *res = PQexec(conn, "UPDATE stock SET n = n - 1 WHERE id = 7");
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: the failure of this write is not handled before transaction on 'conn' commits; on PostgreSQL the failed statement aborts the transaction, and the commit rolls back every write of it [txn-commit-after-failed-write]
  // CHECK-NOTES: :[[@LINE+7]]:11: note: committed here
  if (PQresultStatus(res) != PGRES_COMMAND_OK)
    std::fprintf(stderr, "update failed: %s", PQerrorMessage(conn));
  PQclear(res);
  PQclear(PQexec(conn, "INSERT INTO log VALUES ('sold')"));
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: the failure of this write is not handled before transaction on 'conn' commits; on PostgreSQL the failed statement aborts the transaction, and the commit rolls back every write of it [txn-commit-after-failed-write]
  // CHECK-NOTES: :[[@LINE+1]]:11: note: committed here
  PQclear(PQexec(conn, "COMMIT"));
}

// Two helper writes chained into one flag that nothing tests.
static bool exec_ok(PGconn *conn, const std::string &sql) {
  PGresult *r = PQexec(conn, sql.c_str());
  bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  PQclear(r);
  return ok;
}
static bool insert_payment(PGconn *conn, int cents) {
  return exec_ok(conn, "INSERT INTO payments (cents) VALUES (" +
                           std::to_string(cents) + ")");
}
bool pay_twice(PGconn *conn, int cents) {
  if (!exec_ok(conn, "BEGIN"))
    return false;
  bool ok = insert_payment(conn, cents) && insert_payment(conn, cents + 1);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: the failure of this write is not handled before transaction on 'conn' commits; on PostgreSQL the failed statement aborts the transaction, and the commit rolls back every write of it [txn-commit-after-failed-write]
  (void)ok;
  return exec_ok(conn, "COMMIT");
  // CHECK-NOTES: :[[@LINE-1]]:10: note: committed here
}

// A dry run rolls back; the end is chosen before the write runs, whose
// failure then reaches the commit.
int ship(PGconn *conn, bool dry_run) {
  PQclear(PQexec(conn, "BEGIN"));
  const char *end = dry_run ? "ROLLBACK" : "COMMIT";
  PQclear(PQexec(conn, "UPDATE orders SET state = 'shipped' WHERE id = 1"));
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: the failure of this write is not handled before transaction on 'conn' commits; on PostgreSQL the failed statement aborts the transaction, and the commit rolls back every write of it [txn-commit-after-failed-write]
  // CHECK-NOTES: :[[@LINE+1]]:11: note: committed here
  PQclear(PQexec(conn, end));
  return 0;
}

//===-- Not bugs -----------------------------------------------------------===//

// A statement retried in the transaction its failure aborted: the retry is
// txn-use-after-error's finding (txn-use-after-error-libpq.cpp), not this
// check's.
int bump_retrying(PGconn *conn) {
  PQclear(PQexec(conn, "BEGIN"));
  bool done = false;
  for (int i = 0; i < 3; ++i) {
    PGresult *r = PQexec(conn, "UPDATE counters SET v = v + 1");
    if (PQresultStatus(r) == PGRES_COMMAND_OK) {
      PQclear(r);
      done = true;
      break;
    }
    std::fprintf(stderr, "retrying\n");
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

// The statement's success chooses the end: the failed update is rolled
// back.
int pay_invoice(PGconn *conn) {
  PGresult *r = PQexec(conn, "BEGIN");
  if (PQresultStatus(r) != PGRES_COMMAND_OK) {
    PQclear(r);
    return -1;
  }
  PQclear(r);
  r = PQexec(conn, "UPDATE invoices SET state = 'paid' WHERE id = 1");
  bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  PQclear(r);
  r = PQexec(conn, ok ? "COMMIT" : "ROLLBACK");
  ok = ok && PQresultStatus(r) == PGRES_COMMAND_OK;
  PQclear(r);
  return ok ? 0 : -1;
}

// The same, with the end chosen into a local first.
int cancel_invoice(PGconn *conn) {
  PGresult *r = PQexec(conn, "BEGIN");
  if (PQresultStatus(r) != PGRES_COMMAND_OK) {
    PQclear(r);
    return -1;
  }
  PQclear(r);
  r = PQexec(conn, "DELETE FROM invoices WHERE id = 1");
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  PQclear(r);
  const char *end = ok ? "COMMIT" : "ROLLBACK";
  PGresult *fin = PQexec(conn, end);
  const bool ended = PQresultStatus(fin) == PGRES_COMMAND_OK;
  PQclear(fin);
  return ok && ended ? 0 : -1;
}

// Chosen in the call of a helper that runs the SQL it is given.
bool refund_invoice(PGconn *conn) {
  if (!exec_ok(conn, "BEGIN"))
    return false;
  bool ok = exec_ok(conn, "UPDATE invoices SET state = 'refunded' WHERE id = 1");
  return exec_ok(conn, ok ? "COMMIT" : "ROLLBACK") && ok;
}

// The same, with the attempt's success kept in the flag the loop tests.
int bump_until_done(PGconn *conn) {
  PQclear(PQexec(conn, "BEGIN"));
  bool done = false;
  for (int attempt = 0; attempt < 3 && !done; ++attempt) {
    PGresult *r = PQexec(conn, "UPDATE counters SET v = v + 1");
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

// The failure branch rolls back.
bool save_correct(PGconn *conn) {
  PQclear(PQexec(conn, "BEGIN"));
  PGresult *res = PQexec(conn, "UPDATE stock SET n = n - 1 WHERE id = 7");
  if (PQresultStatus(res) != PGRES_COMMAND_OK) {
    PQclear(res);
    PQclear(PQexec(conn, "ROLLBACK"));
    return false;
  }
  PQclear(res);
  res = PQexec(conn, "COMMIT");
  bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
  PQclear(res);
  return ok;
}

// The chained flag decides: where the first write failed it is false.
bool pay_twice_checked(PGconn *conn, int cents) {
  if (!exec_ok(conn, "BEGIN"))
    return false;
  bool ok = insert_payment(conn, cents) && insert_payment(conn, cents + 1);
  if (!ok) {
    exec_ok(conn, "ROLLBACK");
    return false;
  }
  return exec_ok(conn, "COMMIT");
}

// Positive: the result kept in a variable and freed unread.
bool close_invoice(PGconn *conn) {
  if (!exec_ok(conn, "BEGIN"))
    return false;
  PGresult *res = PQexec(conn, "UPDATE invoices SET paid = true WHERE id = 1");
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: the failure of this write is not handled before transaction on 'conn' commits; on PostgreSQL the failed statement aborts the transaction, and the commit rolls back every write of it [txn-commit-after-failed-write]
  // CHECK-NOTES: :[[@LINE+6]]:10: note: committed here
  PQclear(res);
  res = PQexec(conn, "INSERT INTO ledger (invoice) VALUES (1)");
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: the failure of this write is not handled before transaction on 'conn' commits; on PostgreSQL the failed statement aborts the transaction, and the commit rolls back every write of it [txn-commit-after-failed-write]
  // CHECK-NOTES: :[[@LINE+2]]:10: note: committed here
  PQclear(res);
  return exec_ok(conn, "COMMIT");
}

// A switch on the result's status: the case of a failure status that only
// logs goes on to the commit (positive); one that rolls back does not
// (negative).
bool tag_invoice(PGconn *conn) {
  if (!exec_ok(conn, "BEGIN"))
    return false;
  PGresult *res = PQexec(conn, "INSERT INTO tags (invoice) VALUES (1)");
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: the failure of this write is not handled before transaction on 'conn' commits; on PostgreSQL the failed statement aborts the transaction, and the commit rolls back every write of it [txn-commit-after-failed-write]
  switch (PQresultStatus(res)) {
  case PGRES_COMMAND_OK:
    break;
  case PGRES_FATAL_ERROR:
    std::fprintf(stderr, "%s", PQerrorMessage(conn));
    break;
  default:
    break;
  }
  PQclear(res);
  return exec_ok(conn, "COMMIT");
  // CHECK-NOTES: :[[@LINE-1]]:10: note: committed here
}

bool untag_invoice(PGconn *conn) {
  if (!exec_ok(conn, "BEGIN"))
    return false;
  PGresult *res = PQexec(conn, "DELETE FROM tags WHERE invoice = 1");
  switch (PQresultStatus(res)) {
  case PGRES_COMMAND_OK:
    break;
  default:
    PQclear(res);
    exec_ok(conn, "ROLLBACK");
    return false;
  }
  PQclear(res);
  return exec_ok(conn, "COMMIT");
}

// The write's outcome, null result included, is kept in a code that chooses
// the end: a failed write rolls back.
int clear_realm_options(PGconn *conn) {
  if (!exec_ok(conn, "BEGIN"))
    return -1;
  PGresult *res = PQexec(conn, "DELETE FROM realm_options");
  int rc = res && PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : -1;
  PQclear(res);
  PGresult *end = PQexec(conn, rc == 0 ? "COMMIT" : "ROLLBACK");
  if (PQresultStatus(end) != PGRES_COMMAND_OK)
    rc = -1;
  PQclear(end);
  return rc;
}
