// Driver test input (project): clean, but includes the header.
#include "inventory.h"

int record_audit(sqlite3 *db, int event) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  if (event < 0) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return -1;
  }
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}
