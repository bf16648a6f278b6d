#include "accounts.h"
#include <iostream>

AccountDao::AccountDao(SQLite::Database &db) : db_(db) {}

void AccountDao::touch(long id) {
  if (db_.tryExec("UPDATE accounts SET used = 1 WHERE id = " +
                  std::to_string(id)) != SQLite::OK)
    std::cerr << "cannot touch account " << id << "\n";
}

bool AccountDao::rename(long id, const std::string &name) {
  return db_.tryExec("UPDATE accounts SET name = '" + name +
                     "' WHERE id = " + std::to_string(id)) == SQLite::OK;
}
