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

// A factory hands the connection to its caller on success only: the
// failure return leaks it. So do a store on success only (an output
// parameter, a member) and a reconnect loop that drops failed attempts.
PGconn *connect_billing(const char *info) {
  PGconn *conn = PQconnectdb(info);
  // CHECK-NOTES: :[[@LINE-1]]:18: warning: connection opened into 'conn' is left open on some path out of 'connect_billing'; close it, or return or store it, before leaving [txn-connection-leak]
  if (PQstatus(conn) != CONNECTION_OK)
    return nullptr;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: connection is still open at this return
  return conn;
}

PGconn *connect_or_throw(const char *info) {
  PGconn *conn = PQconnectdb(info);
  // CHECK-NOTES: :[[@LINE-1]]:18: warning: connection opened into 'conn' is left open on some path out of 'connect_or_throw'; close it, or return or store it, before leaving [txn-connection-leak]
  if (PQstatus(conn) != CONNECTION_OK)
    throw std::runtime_error(PQerrorMessage(conn));
  // CHECK-NOTES: :[[@LINE-1]]:5: note: connection is still open when an exception leaves the function here
  return conn;
}

bool connect_into(const char *info, PGconn **out) {
  PGconn *conn = PQconnectdb(info);
  // CHECK-NOTES: :[[@LINE-1]]:18: warning: connection opened into 'conn' is left open on some path out of 'connect_into'; close it, or return or store it, before leaving [txn-connection-leak]
  if (PQstatus(conn) != CONNECTION_OK)
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: connection is still open at this return
  *out = conn;
  return true;
}

struct Worker {
  PGconn *m_conn = nullptr;
  bool reconnect(const char *info, int attempts) {
    for (int i = 0; i < attempts; ++i) {
      PGconn *c = PQconnectdb(info);
      // CHECK-NOTES: :[[@LINE-1]]:19: warning: connection opened into 'c' is left open on some path out of 'Worker::reconnect'; close it, or return or store it, before leaving [txn-connection-leak]
      if (PQstatus(c) == CONNECTION_OK) {
        m_conn = c;
        return true;
      }
    }
    return false;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: connection is still open at this return
  }

  // Negative: the failed attempt is finished before the next one.
  bool reconnect_cleanly(const char *info, int attempts) {
    for (int i = 0; i < attempts; ++i) {
      PGconn *c = PQconnectdb(info);
      if (PQstatus(c) == CONNECTION_OK) {
        m_conn = c;
        return true;
      }
      PQfinish(c);
    }
    return false;
  }
};

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
