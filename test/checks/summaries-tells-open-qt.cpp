// A wrapper method that tells whether its object holds an open
// transaction (`bool inTransaction() const { return m_level > 0; }`, the
// level its begin counts): where it says none is, none begun on the object
// is open. Qt 5's QSqlDatabase, real QtSql headers.
//
// RUN: %check_txnlint %s txn-missing-rollback %t -- -- %qt5_flags

#include <QtCore/QString>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

class Store {
public:
  static Store *self();
  QSqlDatabase database() { return m_db; }
  bool begin() {
    if (m_level == 0 && !m_db.transaction())
      return false;
    ++m_level;
    return true;
  }
  bool commit() {
    if (m_level == 0)
      return false;
    if (--m_level > 0)
      return true;
    return m_db.commit();
  }
  bool rollback() {
    if (m_level == 0)
      return false;
    if (--m_level > 0)
      return true;
    return m_db.rollback();
  }
  bool inTransaction() const { return m_level > 0; }

private:
  QSqlDatabase m_db;
  unsigned m_level = 0;
};

// Negative: the rollback runs wherever the store says a transaction is
// open, and the begin is the only way one is.
bool swapTables(bool transactional) {
  QSqlQuery query(Store::self()->database());
  if (transactional)
    Store::self()->begin();
  if (!query.exec("ALTER TABLE a RENAME TO a_old")) {
    Store::self()->rollback();
    return false;
  }
  if (!query.exec("ALTER TABLE a_new RENAME TO a")) {
    if (Store::self()->inTransaction())
      Store::self()->rollback();
    return false;
  }
  if (transactional)
    Store::self()->commit();
  return true;
}

// Positive: the test is the wrong way round.
bool swapTablesLeaky(bool transactional) {
  QSqlQuery query(Store::self()->database());
  if (transactional)
    Store::self()->begin();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: transaction begun on 'Store::self()' is left open on some path out of 'swapTablesLeaky'; commit or roll it back before leaving [txn-missing-rollback]
  if (!query.exec("ALTER TABLE a_new RENAME TO a")) {
    if (!Store::self()->inTransaction())
      Store::self()->rollback();
    return false;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  }
  if (transactional)
    Store::self()->commit();
  return true;
}
