#include "ledger.h"

bool closeDay(sqlite3 *db) {
  if (!openBatch(db))
    return false;
  if (sqlite3_exec(db, "UPDATE days SET closed = 1", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
}
