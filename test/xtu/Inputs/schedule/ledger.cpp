// Slow to parse, so that audit.cpp, checked beside it, is done first and a
// worker is free while it still runs.
#include "ledger.h"
#include <iostream>
#include <map>
#include <regex>
#include <string>

static const std::regex Name("[a-z]+");

bool openBatch(sqlite3 *db) {
  return sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK;
}
