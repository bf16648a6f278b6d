#include "tx.h"

SqliteTransaction::~SqliteTransaction() {
  if (m_active)
    rollback();
}

bool SqliteTransaction::commit() {
  if (!m_active)
    return false;
  m_active = false;
  return sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
}

bool SqliteTransaction::rollback() {
  if (!m_active)
    return false;
  m_active = false;
  return sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr) ==
         SQLITE_OK;
}
