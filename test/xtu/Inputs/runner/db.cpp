#include "db.h"

bool exec(sqlite3 *db, const char *sql) {
  return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
}

bool withTransaction(sqlite3 *db, const std::function<bool()> &fn) {
  if (!exec(db, "BEGIN"))
    return false;
  if (!fn()) {
    exec(db, "ROLLBACK");
    return false;
  }
  return exec(db, "COMMIT");
}

bool retrying(const std::function<bool()> &fn) {
  for (int attempt = 0; attempt < 3; ++attempt)
    if (fn())
      return true;
  return false;
}

sqlite3 *acquire();
void release(sqlite3 *db);

bool onPooledConnection(const std::function<bool(sqlite3 *)> &fn) {
  sqlite3 *db = acquire();
  bool done = exec(db, "BEGIN");
  if (done && !fn(db)) {
    exec(db, "ROLLBACK");
    done = false;
  } else if (done) {
    done = exec(db, "COMMIT");
    if (!done)
      exec(db, "ROLLBACK");
  }
  release(db);
  return done;
}
