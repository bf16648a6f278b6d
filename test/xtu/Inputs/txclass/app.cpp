#include "tx.h"

bool close_day(sqlite3 *db) {
  SqliteTransaction t(db);
  if (!t)
    return false;
  if (sqlite3_exec(db, "UPDATE ledger SET closed = 1", nullptr, nullptr,
                   nullptr) != SQLITE_OK)
    return false;
  t.commit();
  return true;
}

bool move(sqlite3 *db) {
  SqliteTransaction t(db);
  sqlite3_exec(db, "UPDATE a SET n = n - 1", nullptr, nullptr, nullptr);
  if (sqlite3_exec(db, "UPDATE b SET n = n + 1", nullptr, nullptr, nullptr) !=
      SQLITE_OK)
    return false;
  return t.commit();
}

bool move_checked(sqlite3 *db) {
  SqliteTransaction t(db);
  if (!t)
    return false;
  if (sqlite3_exec(db, "UPDATE a SET n = n - 1", nullptr, nullptr, nullptr) !=
      SQLITE_OK)
    return false;
  if (sqlite3_exec(db, "UPDATE b SET n = n + 1", nullptr, nullptr, nullptr) !=
      SQLITE_OK)
    return false;
  return t.commit();
}
