// A QSqlQuery the object keeps (Qt Help's `std::unique_ptr<QSqlQuery>
// m_query`, made on a local database when the collection file is opened)
// runs all of its SQL on one connection, which it stands for: two writes
// through it outside a transaction commit one by one, and a read through
// it after its COMMIT is a read in autocommit, not a use of the ended
// transaction.
//
// RUN: %check_txnlint %s txn-autocommit-multi-write,txn-use-after-end %t -- -- %qt5_flags

#include <QtCore/QVariant>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

#include <memory>

class CollectionHandler {
public:
  bool openCollectionFile(const QString &path) {
    QSqlDatabase db = QSqlDatabase::addDatabase(QLatin1String("QSQLITE"),
                                                QLatin1String("collection"));
    db.setDatabaseName(path);
    if (!db.open())
      return false;
    m_query.reset(new QSqlQuery(db));
    return true;
  }
  bool setFilterData(const QString &filterName, int component);
  bool addVersions(const QString &filterName, int version);
  bool renameFilter(const QString &from, const QString &to);
  bool insertKeywords(int count);

private:
  bool insertFilter(const QString &filterName) {
    m_query->prepare(QLatin1String("INSERT INTO Filter VALUES (NULL, ?)"));
    m_query->bindValue(0, filterName);
    return m_query->exec();
  }
  std::unique_ptr<QSqlQuery> m_query;
  QSqlQuery *m_rawQuery = nullptr;
};

bool CollectionHandler::setFilterData(const QString &filterName,
                                      int component) {
  m_query->prepare(QLatin1String("DELETE FROM Filter WHERE Name = ?"));
  m_query->bindValue(0, filterName);
  if (!m_query->exec())
    return false;
  m_query->prepare(
      QLatin1String("INSERT INTO ComponentFilter VALUES (?, NULL)"));
  m_query->bindValue(0, component);
  return m_query->exec();
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'm_query' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-7]]:8: note: the earlier write commits here on its own
}

// A raw pointer member is kept the same way.
bool CollectionHandler::renameFilter(const QString &from, const QString &to) {
  m_rawQuery->exec(QLatin1String("DELETE FROM Filter WHERE Name = 'old'"));
  return m_rawQuery->exec(
      QLatin1String("UPDATE Filter SET Name = 'new' WHERE Name = 'tmp'"));
  // CHECK-NOTES: :[[@LINE-2]]:10: warning: 'm_rawQuery' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: the earlier write commits here on its own
}

// Negative: the same writes inside a transaction of the query's database.
bool CollectionHandler::addVersions(const QString &filterName, int version) {
  QSqlDatabase db = QSqlDatabase::database(QLatin1String("collection"));
  if (!db.transaction())
    return false;
  if (!insertFilter(filterName)) {
    db.rollback();
    return false;
  }
  m_query->prepare(QLatin1String("INSERT INTO VersionFilter VALUES (?, ?)"));
  m_query->bindValue(0, version);
  m_query->bindValue(1, filterName);
  if (!m_query->exec()) {
    db.rollback();
    return false;
  }
  return db.commit();
}

// Negative: BEGIN and COMMIT run as SQL on the kept query, then a count
// read back in autocommit.
bool CollectionHandler::insertKeywords(int count) {
  if (!m_rawQuery->exec(QLatin1String("BEGIN")))
    return false;
  for (int i = 0; i < count; ++i) {
    m_rawQuery->prepare(QLatin1String("INSERT INTO IndexTable VALUES (?)"));
    m_rawQuery->bindValue(0, i);
    if (!m_rawQuery->exec()) {
      m_rawQuery->exec(QLatin1String("ROLLBACK"));
      return false;
    }
  }
  if (!m_rawQuery->exec(QLatin1String("COMMIT"))) {
    m_rawQuery->exec(QLatin1String("ROLLBACK"));
    return false;
  }
  m_rawQuery->exec(QLatin1String("SELECT COUNT(Id) FROM IndexTable"));
  return m_rawQuery->next() && m_rawQuery->value(0).toInt() >= count;
}
