#include "db.h"

int count_pages(sqlite3 *db) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  int pages = queryInt(db, "SELECT count(*) FROM pages");
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return pages;
}

int reserve(sqlite3 *db) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  int left = queryInt(db, "SELECT qty FROM stock WHERE sku = 1");
  if (left <= 0) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return 0;
  }
  if (sqlite3_exec(db, "UPDATE stock SET qty = qty - 1 WHERE sku = 1", nullptr,
                   nullptr, nullptr) != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return -1;
  }
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
}
