// libQuotient's Database makes its statements on a connection it looks up
// by name each time (`QSqlDatabase database() const { return
// QSqlDatabase::database("Quotient_" + m_userId); }`), through a factory
// that returns the statement: `QSqlQuery prepareQuery(const QString &sql)
// const { QSqlQuery query(database()); query.prepare(sql); return query; }`.
// The statement runs on that connection, the one `database().transaction()`
// began on, with the caller's SQL.
//
// RUN: %check_txnlint %s txn-commit-after-failed-write,txn-autocommit-multi-write %t -- -- %qt5_flags

#include <QtCore/QDebug>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlError>
#include <QtSql/QSqlQuery>

class Database {
public:
  QSqlDatabase database() const {
    return QSqlDatabase::database(QStringLiteral("Quotient_") + m_userId);
  }
  QSqlQuery prepareQuery(const QString &queryString) const {
    QSqlQuery query(database());
    query.prepare(queryString);
    return query;
  }

  void setDevicesReceivedKey(const QString &roomId, const QStringList &users);
  bool clearRoom(const QString &roomId);
  void setSessionVerified(const QString &edKeyId);

private:
  QString m_userId;
};

void Database::setDevicesReceivedKey(const QString &roomId,
                                     const QStringList &users) {
  if (!database().transaction())
    return;
  auto query = prepareQuery(QStringLiteral(
      "INSERT INTO sent_megolm_sessions(roomId, userId) VALUES(:roomId, :userId);"));
  for (const QString &user : users) {
    query.bindValue(QStringLiteral(":roomId"), roomId);
    query.bindValue(QStringLiteral(":userId"), user);
    if (!query.exec())
      // CHECK-NOTES: :[[@LINE-1]]:10: warning: the failure of this write is not handled before transaction on 'database()' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
      qWarning() << "Failed to record the room key:" << query.lastError();
  }
  if (!database().commit())
    // CHECK-NOTES: :[[@LINE-1]]:8: note: committed here
    database().rollback();
}

// Negative: a failed write rolls back.
bool Database::clearRoom(const QString &roomId) {
  if (!database().transaction())
    return false;
  auto deleteSessions = prepareQuery(
      QStringLiteral("DELETE FROM inbound_megolm_sessions WHERE roomId=:roomId;"));
  deleteSessions.bindValue(QStringLiteral(":roomId"), roomId);
  auto deleteSent = prepareQuery(
      QStringLiteral("DELETE FROM sent_megolm_sessions WHERE roomId=:roomId;"));
  deleteSent.bindValue(QStringLiteral(":roomId"), roomId);
  if (!deleteSessions.exec() || !deleteSent.exec()) {
    database().rollback();
    return false;
  }
  return database().commit();
}

void Database::setSessionVerified(const QString &edKeyId) {
  auto device = prepareQuery(QStringLiteral(
      "UPDATE tracked_devices SET verified=true WHERE edKeyId=:edKeyId;"));
  device.bindValue(QStringLiteral(":edKeyId"), edKeyId);
  auto master = prepareQuery(
      QStringLiteral("UPDATE master_keys SET verified=true WHERE key=:key;"));
  master.bindValue(QStringLiteral(":key"), edKeyId);
  if (!device.exec())
    return;
  master.exec();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'the connection' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-4]]:8: note: the earlier write commits here on its own
}
