#include <sqlite3.h>

void copy_rows(sqlite3 *db);
void move_rows(sqlite3 *db);

// The only caller of copy_rows: inside a transaction.
inline void copy_in_transaction(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  copy_rows(db);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// The only caller of move_rows: without one.
inline void move_in_autocommit(sqlite3 *db) { move_rows(db); }
