// A transaction guard class on Qt's default connection: its constructor
// keeps `QSqlDatabase::database()` in a member and begins on it, its
// destructor rolls back what was not committed. The guard's transaction is
// on the default connection, so writes through `QSqlQuery
// q(QSqlDatabase::database())` are inside it: a dropped write result before
// the guard's commit is reported, and writes the destructor rolls back are
// not taken for autocommit. Every txn-* check runs, so every finding in the
// file is listed.
//
// RUN: %check_txnlint %s 'txn-*' %t -- -- %qt5_flags

#include <QtCore/QString>
#include <QtCore/QVariant>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

class DbTransaction {
public:
  DbTransaction() : m_db(QSqlDatabase::database()) {
    m_open = m_db.transaction();
  }
  ~DbTransaction() {
    if (m_open)
      m_db.rollback();
  }
  bool commit() {
    m_open = false;
    return m_db.commit();
  }

private:
  QSqlDatabase m_db;
  bool m_open = false;
};

bool addMember(int group, const QString &name) {
  DbTransaction txn;
  QSqlQuery insert(QSqlDatabase::database());
  insert.prepare("INSERT INTO members (grp, name) VALUES (?, ?)");
  insert.addBindValue(group);
  insert.addBindValue(name);
  if (!insert.exec())
    return false;
  QSqlQuery count(QSqlDatabase::database());
  if (!count.exec("UPDATE groups SET size = size + 1"))
    return false;
  return txn.commit();
}

bool renameGroup(int group, const QString &name) {
  DbTransaction txn;
  QSqlQuery q(QSqlDatabase::database());
  q.exec("UPDATE groups SET name = 'n' WHERE id = 1");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the failure of this write is not handled before transaction 'txn' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  // CHECK-NOTES: :[[@LINE+3]]:10: note: committed here
  q.exec("INSERT INTO audit VALUES ('rename')");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the failure of this write is not handled before transaction 'txn' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  return txn.commit();
  // CHECK-NOTES: :[[@LINE-1]]:10: note: committed here
}
