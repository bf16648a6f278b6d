#include "store.h"
#include "place.h"

bool Store::exec(const char *sql) {
  return sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
}
bool Store::begin() { return exec("BEGIN"); }
bool Store::commit() { return exec("COMMIT"); }
bool Store::rollback() { return exec("ROLLBACK"); }
bool Store::insert(int id) { return exec("INSERT INTO orders VALUES (1)"); }
bool Store::replay() { return place(*this, 1); }
