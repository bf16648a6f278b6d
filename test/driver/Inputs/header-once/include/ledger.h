#include <sqlite3.h>

bool audit_totals(sqlite3 *db);

// Every file includes this; its bug is reported once per run.
inline int post_entry(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  if (sqlite3_exec(db, "INSERT INTO ledger VALUES (1)", nullptr, nullptr,
                   nullptr) != SQLITE_OK)
    return -1;
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// Only the instantiation with RollsBack = false has the bug, and only
// strict/b.cpp instantiates it: each instantiation is analyzed on its own.
template <bool RollsBack> int settle(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  if (sqlite3_exec(db, "UPDATE ledger SET settled = 1", nullptr, nullptr,
                   nullptr) != SQLITE_OK) {
    if constexpr (RollsBack)
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return -1;
  }
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// A failure point after the commit only where audit_totals is a validator
// (strict/.clang-tidy): each configuration analyzes the header on its own.
inline int close_books(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO ledger VALUES (2)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  audit_totals(db);
  return 0;
}
