// transfer-pq init|good|bad|ignore|show [errors-file]: moves 10 from account
// 1 to account 2 in the database libpq's PG* variables name. Exit status 0
// when the transfer says it succeeded; the server's error messages are
// appended to errors-file.
#include <libpq-fe.h>

#include <cstdio>
#include <cstring>

static FILE *errors = nullptr;

// Whether `result` has status `expected`; frees it.
static bool check(PGresult *result, ExecStatusType expected) {
  const bool ok = PQresultStatus(result) == expected;
  if (!ok && errors)
    std::fprintf(errors, "%s", PQresultErrorMessage(result));
  PQclear(result);
  return ok;
}

static bool exec(PGconn *conn, const char *sql) {
  return check(PQexec(conn, sql), PGRES_COMMAND_OK);
}

// All or nothing: the three ways of running a statement, in one transaction.
static bool transfer(PGconn *conn) {
  if (!exec(conn, "BEGIN"))
    return false;
  const char *const amount[] = {"10"};
  const bool ok =
      check(PQexecParams(conn, "UPDATE accounts SET balance = balance - $1 WHERE id = 1",
                         1, nullptr, amount, nullptr, nullptr, 0),
            PGRES_COMMAND_OK) &&
      check(PQprepare(conn, "credit", "UPDATE accounts SET balance = balance + $1 WHERE id = 2",
                      1, nullptr),
            PGRES_COMMAND_OK) &&
      check(PQexecPrepared(conn, "credit", 1, amount, nullptr, nullptr, 0),
            PGRES_COMMAND_OK) &&
      exec(conn, "COMMIT");
  if (!ok)
    exec(conn, "ROLLBACK");
  return ok;
}

// Each write commits on its own; the second is sent asynchronously.
static bool transfer_autocommit(PGconn *conn) {
  if (!exec(conn, "UPDATE accounts SET balance = balance - 10 WHERE id = 1"))
    return false;
  if (!PQsendQuery(conn, "UPDATE accounts SET balance = balance + 10 WHERE id = 2"))
    return false;
  bool ok = true;
  while (PGresult *result = PQgetResult(conn))
    ok = check(result, PGRES_COMMAND_OK) && ok;
  return ok;
}

// Ignores the writes' results and commits: after a failed statement, the
// server has aborted the transaction and the COMMIT rolls it back.
static bool transfer_ignoring_errors(PGconn *conn) {
  if (!exec(conn, "BEGIN"))
    return false;
  PQclear(PQexec(conn, "UPDATE accounts SET balance = balance - 10 WHERE id = 1"));
  PQclear(PQexec(conn, "UPDATE accounts SET balance = balance + 10 WHERE id = 2"));
  return exec(conn, "COMMIT");
}

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  if (argc > 2)
    errors = std::fopen(argv[2], "a");
  PGconn *conn = PQconnectdb("");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::fprintf(stderr, "transfer-pq: %s", PQerrorMessage(conn));
    PQfinish(conn);
    return 2;
  }
  bool ok = false;
  if (!std::strcmp(argv[1], "init"))
    ok = exec(conn, "CREATE TABLE accounts(id int PRIMARY KEY, balance int);"
                    "INSERT INTO accounts VALUES (1, 100), (2, 0)");
  else if (!std::strcmp(argv[1], "good"))
    ok = transfer(conn);
  else if (!std::strcmp(argv[1], "bad"))
    ok = transfer_autocommit(conn);
  else if (!std::strcmp(argv[1], "ignore"))
    ok = transfer_ignoring_errors(conn);
  PQfinish(conn);
  if (errors)
    std::fclose(errors);
  return ok ? 0 : 1;
}
