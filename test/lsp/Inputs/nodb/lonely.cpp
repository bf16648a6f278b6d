// A file with no compile database above it: analysed without flags.
#include <sqlite3.h>

void lonely(sqlite3 *db, bool really) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  if (really)
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
}
