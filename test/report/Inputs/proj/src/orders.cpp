// Two transactions: one is left open on an early return, one is complete.
#include <sqlite3.h>

int place_order(sqlite3 *db, int quantity) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  if (quantity <= 0)
    return -1;
  if (sqlite3_exec(db, "INSERT INTO orders VALUES (1)", nullptr, nullptr,
                   nullptr) != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return -1;
  }
  if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return -1;
  }
  return 0;
}

int cancel_order(sqlite3 *db) {
  if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  if (sqlite3_exec(db, "DELETE FROM orders WHERE id = 1", nullptr, nullptr,
                   nullptr) != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return -1;
  }
  if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return -1;
  }
  return 0;
}
