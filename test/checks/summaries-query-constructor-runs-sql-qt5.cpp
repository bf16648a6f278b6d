// libQuotient runs most of its SQL through one helper, `QSqlQuery
// execute(const QString &sql) { QSqlQuery query(sql, database()); ...;
// return query; }`: the QSqlQuery constructor given text runs it at once on
// the connection it is given, and the query's lastError() says how it went.
//
// RUN: %check_txnlint %s txn-autocommit-multi-write,txn-commit-after-failed-write,txn-missing-rollback,txn-use-after-failed-statement %t -- -- %qt5_flags

#include <QtCore/QDebug>
#include <QtCore/QString>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlError>
#include <QtSql/QSqlQuery>

class Database {
public:
  QSqlDatabase database() const {
    return QSqlDatabase::database(QStringLiteral("Quotient_") + m_userId);
  }
  QSqlQuery execute(const QString &queryString) {
    QSqlQuery query(queryString, database());
    if (query.lastError().type() != QSqlError::NoError)
      qCritical() << "Failed to execute query" << query.lastError();
    return query;
  }
  void transaction() { database().transaction(); }
  void commit() { database().commit(); }

  void clearOlmState();
  void clear();
  bool dropRoom(QSqlDatabase &db);

  QString m_userId;
};

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

void Database::clearOlmState() {
  execute(QStringLiteral("DELETE FROM olm_sessions;"));
  execute(QStringLiteral("DELETE FROM accounts;"));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'database()' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
}

// In a transaction, but execute() only logs a failure: the commit goes
// ahead without the write that failed.
void Database::clear() {
  transaction();
  execute(QStringLiteral("DELETE FROM olm_sessions;"));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the failure of this write is not handled before transaction on 'database()' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  execute(QStringLiteral("DELETE FROM accounts;"));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the failure of this write is not handled before transaction on 'database()' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  commit();
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Each run asked, and the transaction rolled back where one failed.
bool Database::dropRoom(QSqlDatabase &db) {
  if (!db.transaction())
    return false;
  QSqlQuery del(QStringLiteral("DELETE FROM events WHERE room = 1"), db);
  if (del.lastError().isValid()) {
    db.rollback();
    return false;
  }
  QSqlQuery upd(QStringLiteral("UPDATE rooms SET dropped = 1 WHERE id = 1"), db);
  if (upd.lastError().isValid()) {
    db.rollback();
    return false;
  }
  return db.commit();
}
