#include "accounts.h"

void renameAccount(SQLite::Database &db, long id, const std::string &name) {
  SQLite::Transaction tx(db);
  AccountDao accounts(db);
  if (!accounts.rename(id, name))
    return;
  accounts.touch(id);
  tx.commit();
}

// Negative: the failure of each write decides.
bool renameChecked(SQLite::Database &db, long id, const std::string &name) {
  SQLite::Transaction tx(db);
  AccountDao accounts(db);
  if (!accounts.rename(id, name))
    return false;
  tx.commit();
  return true;
}
