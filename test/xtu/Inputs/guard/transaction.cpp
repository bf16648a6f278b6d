#include "transaction.h"

Transaction::Transaction(QSqlDatabase db) : m_db(db) {
  m_active = m_db.transaction();
}

Transaction::~Transaction() {
  if (m_active && !m_done)
    m_db.rollback();
}

bool Transaction::commit() {
  if (!m_active)
    return false;
  m_done = true;
  if (!m_db.commit()) {
    m_db.rollback();
    return false;
  }
  return true;
}
