// transfer-sqlite <db> init|good|bad|clock|show: moves 10 from account 1 to
// account 2. Exit status 0 when the transfer says it succeeded.
#include <sqlite3.h>

#include <cstdio>
#include <cstring>

static bool exec(sqlite3 *db, const char *sql) {
  return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
}

static bool credit(sqlite3 *db, int account, int amount) {
  sqlite3_stmt *stmt = nullptr;
  if (sqlite3_prepare_v2(db, "UPDATE accounts SET balance = balance + ?2 WHERE id = ?1",
                         -1, &stmt, nullptr) != SQLITE_OK)
    return false;
  sqlite3_bind_int(stmt, 1, account);
  sqlite3_bind_int(stmt, 2, amount);
  const bool ok = sqlite3_step(stmt) == SQLITE_DONE;
  sqlite3_finalize(stmt);
  return ok;
}

// All or nothing.
static bool transfer(sqlite3 *db) {
  if (!exec(db, "BEGIN IMMEDIATE"))
    return false;
  if (!credit(db, 1, -10) || !credit(db, 2, 10) || !exec(db, "COMMIT")) {
    exec(db, "ROLLBACK");
    return false;
  }
  return true;
}

// Each write commits on its own.
static bool transfer_autocommit(sqlite3 *db) {
  if (sqlite3_exec(db, "UPDATE accounts SET balance = balance - 10 WHERE id = 1",
                   nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  return sqlite3_exec(db, "UPDATE accounts SET balance = balance + 10 WHERE id = 2",
                      nullptr, nullptr, nullptr) == SQLITE_OK;
}

int main(int argc, char **argv) {
  if (argc != 3)
    return 2;
  sqlite3 *db = nullptr;
  if (sqlite3_open(argv[1], &db) != SQLITE_OK) {
    sqlite3_close(db);
    return 2;
  }
  bool ok = false;
  if (!std::strcmp(argv[2], "init"))
    ok = exec(db, "CREATE TABLE accounts(id INTEGER PRIMARY KEY, balance INTEGER);"
                  "CREATE TABLE log(at TEXT, what TEXT);"
                  "INSERT INTO accounts VALUES (1, 100), (2, 0)");
  else if (!std::strcmp(argv[2], "good"))
    ok = transfer(db);
  else if (!std::strcmp(argv[2], "bad"))
    ok = transfer_autocommit(db);
  else if (!std::strcmp(argv[2], "clock"))
    ok = transfer(db) &&
         exec(db, "INSERT INTO log VALUES (strftime('%f', 'now') || random(), 'transfer')");
  else if (!std::strcmp(argv[2], "show"))
    ok = sqlite3_exec(db, "SELECT id, balance FROM accounts ORDER BY id",
                      [](void *, int, char **values, char **) {
                        std::printf("account %s: %s\n", values[0], values[1]);
                        return 0;
                      },
                      nullptr, nullptr) == SQLITE_OK;
  sqlite3_close(db);
  return ok ? 0 : 1;
}
