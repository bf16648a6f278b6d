#include "store.h"

Transaction::Transaction(sqlite3 *db) : m_db(db) {
  sqlite3_exec(m_db, "BEGIN", nullptr, nullptr, nullptr);
}

Transaction::Transaction(Transaction &&other) noexcept
    : m_db(other.m_db), m_done(other.m_done) {
  other.m_done = true;
}

Transaction::~Transaction() {
  if (!m_done)
    sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
}

bool Transaction::commit() {
  m_done = true;
  return sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
}

Transaction Store::begin() { return Transaction(m_db); }

bool Store::insert(const char *sql) {
  return sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
}
