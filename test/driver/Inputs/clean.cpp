// Driver test input: every transaction is ended on every path.
#include <sqlite3.h>

int save_order(sqlite3 *db, int qty) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  if (qty <= 0) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return -1;
  }
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return 0;
}
