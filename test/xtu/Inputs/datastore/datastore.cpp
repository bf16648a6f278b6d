#include "datastore.h"

QSqlDatabase DataStore::database() {
  if (!m_database.isOpen())
    m_database.open();
  return m_database;
}

bool DataStore::beginTransaction(const QString &name) {
  if (m_level == 0 && !m_database.transaction())
    return false;
  ++m_level;
  return true;
}

bool DataStore::commitTransaction() {
  if (m_level == 0)
    return false;
  if (m_level == 1 && !m_database.commit()) {
    rollbackTransaction();
    return false;
  }
  --m_level;
  return true;
}

bool DataStore::rollbackTransaction() {
  if (m_level == 0)
    return false;
  if (--m_level == 0)
    return m_database.rollback();
  return true;
}

Transaction::Transaction(DataStore *store, const QString &name, bool begin)
    : m_store(store), m_name(name) {
  if (begin)
    m_store->beginTransaction(name);
}

Transaction::~Transaction() {
  if (!m_done)
    m_store->rollbackTransaction();
}

void Transaction::begin() { m_store->beginTransaction(m_name); }

bool Transaction::commit() {
  m_done = true;
  return m_store->commitTransaction();
}
