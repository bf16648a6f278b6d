// Language server test input: two functions that leave a transaction open.
#include <sqlite3.h>

int save_order(sqlite3 *db, int qty) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  if (qty <= 0)
    return -1;
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return 0;
}

void cancel_order(sqlite3 *db, bool really) {
  sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  if (really)
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
}
