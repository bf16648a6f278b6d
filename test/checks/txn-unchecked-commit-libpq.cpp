// txn-unchecked-commit with libpq, compiled against the real <libpq-fe.h>.
// PQexec and PQexecParams return a PGresult whose status says whether the
// COMMIT worked (returns-result): a deferred constraint or a serialization
// failure makes it PGRES_FATAL_ERROR, and the transaction was rolled back.
// The result must reach PQresultStatus; freeing it unread with PQclear hides
// the failure.
//
// RUN: %check_txnlint %s txn-unchecked-commit %t -- -- -I/usr/include/postgresql

#include <libpq-fe.h>

#include <cstdio>

// Defined in another translation unit.
bool check_result(PGresult *res, const char *what);
void insert_rows(PGconn *conn);

struct Session {
  PGconn *conn;
  PGresult *last = nullptr;
  void finish();
  void finishKeepingResult();
};

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// The commit as a statement of its own (its result also leaks).
void save(PGconn *conn) {
  PQclear(PQexec(conn, "BEGIN"));
  insert_rows(conn);
  PQexec(conn, "COMMIT");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the result of committing transaction on 'conn' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
}

// Stored, then freed without a look at its status.
void save_and_clear(PGconn *conn) {
  PGresult *res = PQexec(conn, "BEGIN");
  if (PQresultStatus(res) != PGRES_COMMAND_OK) {
    PQclear(res);
    return;
  }
  PQclear(res);
  insert_rows(conn);
  PGresult *done = PQexec(conn, "END");
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: the result of committing transaction on 'conn' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
  PQclear(done);
}

// PQexecParams with the COMMIT text.
void save_params(PGconn *conn) {
  PQexecParams(conn, "COMMIT", 0, nullptr, nullptr, nullptr, nullptr, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the result of committing transaction on 'conn' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
}

// On a member connection.
void Session::finish() {
  PGresult *res = PQexec(conn, "commit transaction");
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: the result of committing transaction on 'conn' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
  std::printf("committed\n");
  PQclear(res);
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// The status is read.
bool save_checked(PGconn *conn) {
  PQclear(PQexec(conn, "BEGIN"));
  insert_rows(conn);
  PGresult *res = PQexec(conn, "COMMIT");
  if (PQresultStatus(res) != PGRES_COMMAND_OK) {
    std::fprintf(stderr, "COMMIT failed: %s", PQerrorMessage(conn));
    PQclear(res);
    return false;
  }
  PQclear(res);
  return true;
}

bool save_status(PGconn *conn) {
  PGresult *res = PQexec(conn, "END");
  const ExecStatusType status = PQresultStatus(res);
  PQclear(res);
  return status == PGRES_COMMAND_OK;
}

bool save_direct(PGconn *conn) {
  return PQresultStatus(PQexec(conn, "COMMIT")) == PGRES_COMMAND_OK;
}

// Returned to the caller, or passed to a checker.
PGresult *save_returned(PGconn *conn) {
  insert_rows(conn);
  return PQexec(conn, "COMMIT");
}

bool save_with_checker(PGconn *conn) {
  insert_rows(conn);
  return check_result(PQexec(conn, "COMMIT"), "commit");
}

// Stored, then passed to a status helper of the program's own.
static bool result_ok(const PGresult *res) {
  if (!res)
    return false;
  ExecStatusType status = PQresultStatus(res);
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}
bool save_with_helper(PGconn *conn) {
  insert_rows(conn);
  PGresult *res = PQexec(conn, "COMMIT");
  bool ok = result_ok(res);
  PQclear(res);
  return ok;
}

// Stored in a member for the caller to inspect.
void Session::finishKeepingResult() {
  last = PQexec(conn, "COMMIT");
}

// Ignored on purpose.
void save_best_effort(PGconn *conn) {
  (void)PQexec(conn, "COMMIT");
}

// Not commits: BEGIN, ROLLBACK, writes, savepoints.
void not_commits(PGconn *conn) {
  PQexec(conn, "BEGIN");
  PQexec(conn, "INSERT INTO orders (id) VALUES (1)");
  PQexec(conn, "SAVEPOINT line");
  PQexec(conn, "RELEASE SAVEPOINT line");
  PQexec(conn, "ROLLBACK");
  PQfinish(conn);
}

// One result variable for every statement: the writes' results are read,
// the commit's is only freed.
bool apply_changelog(PGconn *conn, const char *version) {
  PGresult *res = PQexec(conn, "BEGIN");
  if (PQresultStatus(res) != PGRES_COMMAND_OK) {
    PQclear(res);
    return false;
  }
  PQclear(res);
  const char *params[1] = {version};
  res = PQexecParams(conn, "INSERT INTO changelog (version) VALUES ($1)", 1,
                     nullptr, params, nullptr, nullptr, 0);
  if (PQresultStatus(res) != PGRES_COMMAND_OK) {
    PQclear(res);
    PQclear(PQexec(conn, "ROLLBACK"));
    return false;
  }
  PQclear(res);
  res = PQexec(conn, "COMMIT");
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: the result of committing transaction on 'conn' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
  PQclear(res);
  return true;
}

// Negative: the same variable, read for the commit in a retry loop whose
// condition reads it before the assignment in the source.
bool commit_with_retries(PGconn *conn) {
  PGresult *res = nullptr;
  int attempts = 0;
  do {
    if (res)
      PQclear(res);
    res = PQexec(conn, "COMMIT");
  } while (PQresultStatus(res) != PGRES_COMMAND_OK && ++attempts < 3);
  bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
  PQclear(res);
  return ok;
}
