// Driver test input (codeclimate-output.test): a finding of a check of each
// severity.
#include <sqlite3.h>

// Low: commits its caller's transaction.
static int finish(sqlite3 *db) {
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

int save(sqlite3 *db) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  if (finish(db) != SQLITE_OK)
    return -1;
  return 0;
}

// Medium: the commit's result is ignored.
void touch(sqlite3 *db) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return;
  sqlite3_exec(db, "UPDATE items SET seen = 1", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}
