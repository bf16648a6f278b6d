// Makes one database call of each wrapped kind and prints what it returned
// and what the connection's error functions say.
#include <sqlite3.h>

#include <cstdio>

static void show(sqlite3 *db, const char *call, int rc) {
  std::printf("%s: rc=%d errcode=%d extended=%d errmsg=%s\n", call, rc,
              sqlite3_errcode(db), sqlite3_extended_errcode(db), sqlite3_errmsg(db));
}

int main() {
  sqlite3 *db = nullptr;
  sqlite3_open(":memory:", &db);
  char *err = nullptr;
  // Call 1; sqlite3_exec's own prepare and step calls are not counted.
  int rc = sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES (1)",
                        nullptr, nullptr, &err);
  show(db, "exec", rc);
  std::printf("exec message: %s\n", err ? err : "(none)");
  sqlite3_free(err);
  // Calls 2 and 3.
  sqlite3_stmt *stmt = nullptr;
  rc = sqlite3_prepare_v2(db, "INSERT INTO t VALUES (2)", -1, &stmt, nullptr);
  show(db, "prepare", rc);
  std::printf("statement: %s\n", stmt ? "yes" : "no");
  rc = stmt ? sqlite3_step(stmt) : -1;
  show(db, "step", rc);
  sqlite3_finalize(stmt);
  // Call 4.
  sqlite3_prepare_v2(db, "SELECT count(*) FROM t", -1, &stmt, nullptr);
  // Call 5.
  rc = stmt ? sqlite3_step(stmt) : -1;
  std::printf("rows: %d\n", rc == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : -1);
  sqlite3_finalize(stmt);
  // Calls 6 and 7, in a transaction.
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  rc = sqlite3_exec(db, "INSERT INTO t VALUES (3)", nullptr, nullptr, nullptr);
  std::printf("in transaction: rc=%d autocommit=%d\n", rc, sqlite3_get_autocommit(db));
  sqlite3_close(db);
}
