#include "store.h"

bool Store::exec(const std::string &sql) {
  return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) ==
         SQLITE_OK;
}

long Store::count(const std::string &sql) {
  sqlite3_stmt *stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK)
    return -1;
  long n = -1;
  if (sqlite3_step(stmt) == SQLITE_ROW)
    n = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  return n;
}

bool Store::begin() {
  if (level_ == 0 && !exec("BEGIN"))
    return false;
  ++level_;
  return true;
}

bool Store::commit() {
  if (--level_ > 0)
    return true;
  return exec("COMMIT");
}

void Store::rollback() {
  if (--level_ == 0)
    exec("ROLLBACK");
}

bool Store::inTransaction() const { return level_ > 0; }
