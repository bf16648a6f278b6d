// txn-missing-rollback with libpq, compiled against the real <libpq-fe.h>
// (with -I/usr/include/postgresql, as pkg-config gives it). Transactions are
// SQL text given to PQexec/PQexecParams; a BEGIN whose result
// PQresultStatus reports as anything but PGRES_COMMAND_OK (or
// PGRES_TUPLES_OK) opened nothing. PQfinish and PQreset end the connection,
// and the server rolls its transaction back.
//
// RUN: %check_txnlint %s txn-missing-rollback %t -- -- -I/usr/include/postgresql

#include <libpq-fe.h>

#include <stdexcept>
#include <string>

// Defined in another translation unit.
void audit(int id);
int write_lines(PGconn *conn, int order);

// Throws: a call to it after a begin is an exit from the caller.
static void check_quantity(int qty) {
  if (qty <= 0)
    throw std::invalid_argument("quantity must be positive");
}

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// The BEGIN is checked; a failed insert returns with the transaction open.
int save_order(PGconn *conn, int id) {
  PGresult *begin = PQexec(conn, "BEGIN");
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: transaction begun on 'conn' is left open on some path out of 'save_order'; commit or roll it back before leaving [txn-missing-rollback]
  if (PQresultStatus(begin) != PGRES_COMMAND_OK) {
    PQclear(begin);
    return -1;
  }
  PQclear(begin);
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

// An exception after a checked BEGIN.
int reserve(PGconn *conn, int qty) {
  PGresult *res = PQexec(conn, "BEGIN ISOLATION LEVEL SERIALIZABLE");
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: transaction begun on 'conn' is left open on some path out of 'reserve'; commit or roll it back before leaving [txn-missing-rollback]
  if (PQresultStatus(res) != PGRES_COMMAND_OK) {
    PQclear(res);
    return -1;
  }
  PQclear(res);
  check_quantity(qty);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: transaction is still open when an exception leaves the function here
  PQclear(PQexec(conn, "UPDATE stock SET qty = qty - 1"));
  PQclear(PQexec(conn, "COMMIT"));
  return 0;
}

// An unchecked START TRANSACTION, a validation failure and a throw.
void restock(PGconn *conn, int qty) {
  PQclear(PQexec(conn, "START TRANSACTION"));
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: transaction begun on 'conn' is left open on some path out of 'restock'; commit or roll it back before leaving [txn-missing-rollback]
  if (qty == 0)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  if (qty > 1000)
    throw std::out_of_range("restock too large");
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open when an exception leaves the function here
  PQclear(PQexec(conn, "UPDATE stock SET qty = qty + 1"));
  PQclear(PQexec(conn, "END"));
}

// A commit on one branch only.
void settle(PGconn *conn, bool paid) {
  PGresult *res = PQexec(conn, "BEGIN");
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: transaction begun on 'conn' is left open on some path out of 'settle'; commit or roll it back before leaving [txn-missing-rollback]
  if (PQresultStatus(res) == PGRES_COMMAND_OK && paid) {
    PQclear(PQexec(conn, "UPDATE invoices SET paid = true"));
    PQclear(PQexec(conn, "COMMIT"));
  }
  PQclear(res);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: transaction is still open at the end of the function

// A member connection, begun with PQexecParams.
class Ledger {
public:
  int post(int amount);
  void begin();

private:
  PGconn *m_conn;
};

int Ledger::post(int amount) {
  PGresult *res =
      PQexecParams(m_conn, "BEGIN", 0, nullptr, nullptr, nullptr, nullptr, 0);
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: transaction begun on 'm_conn' is left open on some path out of 'Ledger::post'; commit or roll it back before leaving [txn-missing-rollback]
  if (PQresultStatus(res) != PGRES_COMMAND_OK) {
    PQclear(res);
    return -1;
  }
  PQclear(res);
  if (amount < 0)
    return -2;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  PQclear(PQexec(m_conn, "INSERT INTO ledger (amount) VALUES (1)"));
  PQclear(PQexec(m_conn, "COMMIT"));
  return 0;
}

// A helper taking the SQL as a std::string: the begin tested in a condition
// with a temporary, and a path that returns without the rollback.
static bool exec_ok(PGconn *conn, const std::string &sql) {
  PGresult *res = PQexec(conn, sql.c_str());
  bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
  PQclear(res);
  return ok;
}
bool import_payment_leaky(PGconn *conn, bool own) {
  if (own && !exec_ok(conn, "BEGIN"))
    return false;
  // CHECK-NOTES: :[[@LINE-2]]:15: warning: transaction begun on 'conn' is left open on some path out of 'import_payment_leaky'; commit or roll it back before leaving [txn-missing-rollback]
  if (!exec_ok(conn, "INSERT INTO payments (id) VALUES (1)"))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  return !own || exec_ok(conn, "COMMIT");
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// ROLLBACK on every error path; a failed BEGIN opened nothing.
int save_checked(PGconn *conn, int id) {
  PGresult *begin = PQexec(conn, "BEGIN");
  if (PQresultStatus(begin) != PGRES_COMMAND_OK) {
    PQclear(begin);
    return -1;
  }
  PQclear(begin);
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

// The status kept in a variable and tested after the result is freed.
int save_status(PGconn *conn) {
  PGresult *begin = PQexec(conn, "BEGIN");
  ExecStatusType status = PQresultStatus(begin);
  PQclear(begin);
  if (status != PGRES_COMMAND_OK)
    return -1;
  audit(1);
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

// ROLLBACK in a handler that rethrows.
void reserve_or_rethrow(PGconn *conn, int qty) {
  PQclear(PQexec(conn, "BEGIN"));
  try {
    check_quantity(qty);
    PQclear(PQexec(conn, "UPDATE stock SET qty = qty - 1"));
  } catch (...) {
    PQclear(PQexec(conn, "ROLLBACK"));
    throw;
  }
  PQclear(PQexec(conn, "COMMIT"));
}

// A handler for the thrown type stops the exception inside the function.
void reserve_or_default(PGconn *conn, int qty) {
  PQclear(PQexec(conn, "BEGIN"));
  try {
    check_quantity(qty);
  } catch (const std::invalid_argument &) {
    qty = 1;
  }
  PQclear(PQexec(conn, "COMMIT"));
}

// Finishing or resetting the connection ends its transaction.
int finish_on_error(PGconn *conn, int id) {
  PQclear(PQexec(conn, "BEGIN"));
  if (id < 0) {
    PQfinish(conn);
    return -1;
  }
  if (id == 0) {
    PQreset(conn);
    return 0;
  }
  PQclear(PQexec(conn, "COMMIT"));
  return 1;
}

// One transaction per iteration, each ended.
int save_each(PGconn *conn, const int *ids, int n) {
  int saved = 0;
  for (int i = 0; i < n; ++i) {
    PGresult *res = PQexec(conn, "BEGIN");
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
      PQclear(res);
      return saved;
    }
    PQclear(res);
    if (ids[i] < 0) {
      PQclear(PQexec(conn, "ROLLBACK"));
      continue;
    }
    PQclear(PQexec(conn, "COMMIT"));
    ++saved;
  }
  return saved;
}

// Everything in one command string.
int save_inline(PGconn *conn, int id) {
  PQclear(PQexec(conn, "BEGIN; INSERT INTO orders (id) VALUES (1); COMMIT;"));
  if (id < 0)
    return -1;
  return 0;
}

// Hand-offs: a begin() wrapper, a function defined elsewhere that takes the
// connection, and one of this file that commits or rolls back.
void Ledger::begin() { PQclear(PQexec(m_conn, "BEGIN")); }

int save_via_helper(PGconn *conn, int id) {
  PQclear(PQexec(conn, "BEGIN"));
  if (write_lines(conn, id) != 0)
    return -1;
  PQclear(PQexec(conn, "COMMIT"));
  return 0;
}

static void end_transaction(PGconn *conn, bool ok) {
  if (ok)
    PQclear(PQexec(conn, "COMMIT"));
  else
    PQclear(PQexec(conn, "ROLLBACK"));
}

int save_then_end(PGconn *conn, int id) {
  PQclear(PQexec(conn, "BEGIN"));
  PGresult *ins = PQexec(conn, "INSERT INTO orders (id) VALUES (5)");
  bool ok = PQresultStatus(ins) == PGRES_COMMAND_OK;
  PQclear(ins);
  end_transaction(conn, ok);
  return ok ? 0 : -2;
}

// Autocommit statements only.
int autocommit(PGconn *conn) {
  PGresult *res = PQexec(conn, "INSERT INTO orders (id) VALUES (5)");
  if (PQresultStatus(res) != PGRES_COMMAND_OK) {
    PQclear(res);
    return -1;
  }
  PQclear(res);
  return 0;
}

// The same with the rollback: a begin that failed, or was not asked for,
// opened nothing.
bool import_payment(PGconn *conn, bool own) {
  if (own && !exec_ok(conn, "BEGIN"))
    return false;
  bool ok = exec_ok(conn, "INSERT INTO payments (id) VALUES (1)");
  if (own) {
    if (!ok) {
      exec_ok(conn, "ROLLBACK");
      return false;
    }
    return exec_ok(conn, "COMMIT");
  }
  return ok;
}

// The end chosen into a local first: COMMIT or ROLLBACK, it ends the
// transaction.
int settle_chosen(PGconn *conn, bool approve) {
  PGresult *res = PQexec(conn, "BEGIN");
  if (PQresultStatus(res) != PGRES_COMMAND_OK) {
    PQclear(res);
    return -1;
  }
  PQclear(res);
  const char *end = approve ? "COMMIT" : "ROLLBACK";
  res = PQexec(conn, end);
  int rc = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : -1;
  PQclear(res);
  return rc;
}

// A helper that also takes a null result (out of memory) for a failure: a
// failed BEGIN opened nothing.
static bool run_ok(PGconn *conn, const char *sql) {
  PGresult *res = PQexec(conn, sql);
  bool ok = res && PQresultStatus(res) == PGRES_COMMAND_OK;
  PQclear(res);
  return ok;
}
int store_checked(PGconn *conn) {
  if (!run_ok(conn, "BEGIN"))
    return 1;
  if (!run_ok(conn, "INSERT INTO t VALUES (1)")) {
    run_ok(conn, "ROLLBACK");
    return 1;
  }
  return run_ok(conn, "COMMIT") ? 0 : 1;
}

// The null result is tested first, in the condition that tests the status
// (coturn): either half of the test took the BEGIN's failure.
int set_realm_option(PGconn *conn, const char *realm) {
  PGresult *res = PQexec(conn, "BEGIN");
  if (!res || PQresultStatus(res) != PGRES_COMMAND_OK) {
    if (res)
      PQclear(res);
    return -1;
  }
  PQclear(res);
  res = PQexec(conn, "DELETE FROM realm_options");
  int rc = res && PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : -1;
  PQclear(res);
  PQclear(PQexec(conn, rc == 0 ? "COMMIT" : "ROLLBACK"));
  return rc;
}

// PostgreSQL's ABORT is a rollback (orthanc-databases).
int add_origin(PGconn *conn, const char *origin) {
  PGresult *res = PQexec(conn, "BEGIN");
  if (!res || PQresultStatus(res) != PGRES_COMMAND_OK) {
    PQclear(res);
    return -1;
  }
  PQclear(res);
  res = PQexec(conn, "INSERT INTO origins VALUES ('x')");
  if (!res || PQresultStatus(res) != PGRES_COMMAND_OK) {
    PQclear(res);
    PQclear(PQexec(conn, "ABORT"));
    return -1;
  }
  PQclear(res);
  PQclear(PQexec(conn, "COMMIT"));
  return 0;
}
