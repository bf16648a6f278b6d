// Driver test input (project): a leak at the end of the function.
#include "inventory.h"

void charge(sqlite3 *db, int cents) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  if (cents > 0)
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}
