// An unchecked commit (after a write ignored on purpose), and two autocommit writes.
#include <sqlite3.h>

void post_entry(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  (void)sqlite3_exec(db, "INSERT INTO ledger VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

int reset_ledger(sqlite3 *db) {
  if (sqlite3_exec(db, "DELETE FROM ledger", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  if (sqlite3_exec(db, "DELETE FROM balances", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  return 0;
}
