// txn-connection-leak with libpq, compiled against the real <libpq-fe.h>.
// PQconnectdb and PQsetdbLogin return the connection; they return null only
// when libpq cannot allocate it, so a null test is a failed open that
// allocated nothing. A connection that failed to connect is still allocated
// ("even if the connection fails, PQfinish should be called"), so an early
// return on PQstatus without PQfinish leaks it.
//
// RUN: %check_txnlint %s txn-connection-leak %t -- -- -I/usr/include/postgresql

#include <libpq-fe.h>

#include <stdexcept>

void must_be_positive(int n) {
  if (n <= 0)
    throw std::invalid_argument("not positive");
}

bool status_checked(const char *info) {
  PGconn *conn = PQconnectdb(info);
  // CHECK-NOTES: :[[@LINE-1]]:18: warning: connection opened into 'conn' is left open on some path out of 'status_checked'; close it, or return or store it, before leaving [txn-connection-leak]
  if (PQstatus(conn) != CONNECTION_OK)
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: connection is still open at this return
  PQclear(PQexec(conn, "SELECT 1"));
  PQfinish(conn);
  return true;
}

void login_then_throw(int n) {
  PGconn *conn =
      PQsetdbLogin("localhost", "5432", nullptr, nullptr, "shop", "u", "p");
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: connection opened into 'conn' is left open on some path out of 'login_then_throw'; close it, or return or store it, before leaving [txn-connection-leak]
  must_be_positive(n);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: connection is still open when an exception leaves the function here
  PQfinish(conn);
}

// Negatives.

bool finished_on_failure(const char *info) {
  PGconn *conn = PQconnectdb(info);
  // Null only when out of memory: nothing was allocated.
  if (!conn)
    return false;
  if (PQstatus(conn) != CONNECTION_OK) {
    PQfinish(conn);
    return false;
  }
  PQclear(PQexec(conn, "DELETE FROM sessions"));
  PQfinish(conn);
  return true;
}

PGconn *connect_for_caller(const char *info) {
  PGconn *conn = PQconnectdb(info);
  if (PQstatus(conn) != CONNECTION_OK) {
    PQfinish(conn);
    return nullptr;
  }
  return conn;
}

struct Pool {
  PGconn *spare = nullptr;
  void refill(const char *info) {
    PGconn *conn = PQconnectdb(info);
    spare = conn;
  }
};
