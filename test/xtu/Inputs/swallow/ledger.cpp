#include "ledger.h"

#include <cstdio>

// Logs a failed insert and returns as if it had worked.
void Ledger::post(const std::string &entry) {
  std::string sql = "INSERT INTO ledger VALUES ('" + entry + "')";
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
    std::fprintf(stderr, "ledger: %s\n", sqlite3_errmsg(db_));
}

// Counts its failures: the caller can tell.
void Ledger::postOrNote(const std::string &entry) {
  std::string sql = "INSERT INTO ledger VALUES ('" + entry + "')";
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
    ++failures_;
}
