// A libpq helper that sends its query and reads the results with
// PQgetResult returns a row count, or a negative number when it failed
// (Yate's `return failed ? -1 : rows;`, -2 when the caller should retry),
// and a retrying wrapper passes that on. Callers that test it by sign
// (`if (res < 0) return false;`) see their begin and commit fail on that
// branch; a test against zero asks about the rows, not about failure.
//
// RUN: %check_txnlint %s txn-missing-rollback,txn-use-after-end,txn-commit-after-failed-write %t -- -- -std=c++17 -I/usr/include/postgresql

#include <libpq-fe.h>

class Conn {
public:
  // Rows, -1 for a failure, -2 when it may be retried.
  int queryDb(const char *query);

private:
  int queryOnce(const char *query);

  PGconn *m_conn = nullptr;
  int m_retry = 3;
};

int Conn::queryOnce(const char *query) {
  if (!PQsendQuery(m_conn, query))
    return -1;
  if (PQflush(m_conn))
    return -2;
  int rows = 0;
  bool failed = false;
  while (PGresult *res = PQgetResult(m_conn)) {
    if (PQresultStatus(res) == PGRES_TUPLES_OK)
      rows += PQntuples(res);
    else if (PQresultStatus(res) != PGRES_COMMAND_OK)
      failed = true;
    PQclear(res);
  }
  return failed ? -1 : rows;
}

int Conn::queryDb(const char *query) {
  for (int i = 0; i < m_retry; i++) {
    int res = queryOnce(query);
    if (res > -2)
      return res;
  }
  return -2;
}

static bool exec(Conn *conn, const char *query) {
  int res = conn->queryDb(query);
  if (res < 0)
    return false;
  return true;
}

bool contact_is_current(const char *contact);

// Negative: a failed BEGIN opened nothing, and a failed COMMIT is rolled
// back.
bool relocate(Conn *conn) {
  if (!exec(conn, "BEGIN"))
    return false;
  if (!exec(conn, "DELETE FROM locations WHERE location = 'old'")) {
    exec(conn, "ROLLBACK");
    return false;
  }
  if (!exec(conn, "INSERT INTO locations VALUES ('new')")) {
    exec(conn, "ROLLBACK");
    return false;
  }
  if (!exec(conn, "COMMIT")) {
    exec(conn, "ROLLBACK");
    return false;
  }
  return true;
}

// Negative: no row to update is no failure; the caller rolls back either
// way, and tests the count by sign before it commits.
bool touch(Conn *conn) {
  if (conn->queryDb("BEGIN") < 0)
    return false;
  int rows = conn->queryDb("UPDATE locations SET expires = NOW()");
  if (rows == 0 || rows <= -1) {
    conn->queryDb("ROLLBACK");
    return false;
  }
  if (conn->queryDb("COMMIT") < 0) {
    conn->queryDb("ROLLBACK");
    return false;
  }
  return true;
}

bool expire(Conn *conn, const char *contact) {
  if (!exec(conn, "BEGIN"))
    return false;
  // CHECK-NOTES: :[[@LINE-2]]:8: warning: transaction begun on 'conn' is left open on some path out of 'expire'; commit or roll it back before leaving [txn-missing-rollback]
  if (!exec(conn, "DELETE FROM locations WHERE expires < NOW()")) {
    exec(conn, "ROLLBACK");
    return false;
  }
  if (!contact_is_current(contact))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  if (!exec(conn, "COMMIT")) {
    exec(conn, "ROLLBACK");
    return false;
  }
  return true;
}

bool register_user(Conn *conn) {
  if (conn->queryDb("BEGIN") < 0)
    return false;
  if (conn->queryDb("INSERT INTO users VALUES ('u')") == -1) {
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: the failure of this write is not handled before transaction on 'conn' commits; on PostgreSQL the failed statement aborts the transaction, and the commit rolls back every write of it [txn-commit-after-failed-write]
    // logged only
  }
  if (conn->queryDb("COMMIT") < 0) {
    // CHECK-NOTES: :[[@LINE-1]]:7: note: committed here
    conn->queryDb("ROLLBACK");
    return false;
  }
  return true;
}
