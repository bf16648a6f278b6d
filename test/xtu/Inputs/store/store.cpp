#include "store.h"

bool Store::exec(const std::string &sql) {
  return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
}
bool Store::begin() { return exec("BEGIN"); }
bool Store::commit() { return exec("COMMIT"); }
bool Store::rollback() { return exec("ROLLBACK"); }
bool Store::insert(int id) { return exec("INSERT INTO orders VALUES (1)"); }
