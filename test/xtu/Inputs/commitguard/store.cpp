#include "store.h"

bool Store::exec(const std::string &sql) {
  return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
}

AutoCommit::AutoCommit(Store &store) : store_(store) { store_.exec("BEGIN"); }

AutoCommit::~AutoCommit() { store_.exec("COMMIT"); }
