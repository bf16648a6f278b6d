#include "db.h"

namespace acme {
bool Db::exec(const std::string &sql) {
  return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
}
bool Db::begin() { return exec("BEGIN"); }
bool Db::commit() { return exec("COMMIT"); }
void Db::rollback() { exec("ROLLBACK"); }
int Db::count() { return 0; }
} // namespace acme

int run(sqlite3 *db, const std::string &sql) {
  return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
}

bool archive(sqlite3 *db) {
  if (run(db, "BEGIN") != SQLITE_OK)
    return false;
  if (run(db, "UPDATE orders SET archived = 1") != SQLITE_OK)
    return false;
  return run(db, "COMMIT") == SQLITE_OK;
}
