// Driver test input (project): a leak on one branch of two.
#include "inventory.h"

int ship(sqlite3 *db, int order, bool express) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  if (order <= 0) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return -1;
  }
  if (express)
    return 1;
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return 0;
}
