// Baseline test input: one leak in a batch.
#include <sqlite3.h>

int batch(sqlite3 *db, int n) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  if (n > 0)
    return -1;
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  if (n > 1)
    return -1;
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return 0;
}
