// libQuotient runs its prepared statements through a helper that only logs
// a failure: `void execute(QSqlQuery &query) { if (!query.exec()) ...; }`.
// What the helper runs is what the caller prepared: a SELECT read in a
// transaction leaves nothing a failure after the commit could half undo,
// while an UPDATE does.
//
// RUN: %check_txnlint %s txn-commit-before-validation %t -- -- %qt5_flags

#include <QtCore/QDebug>
#include <QtCore/QString>
#include <QtCore/QVariant>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlError>
#include <QtSql/QSqlQuery>

#include <stdexcept>
#include <vector>

class Database {
public:
  std::vector<QString> loadSessions();
  void touchSessions();

private:
  QSqlQuery prepareQuery(const QString &queryString) {
    QSqlQuery query(m_db);
    query.prepare(queryString);
    return query;
  }
  void execute(QSqlQuery &query) {
    if (!query.exec())
      qCritical() << "Failed to execute query" << query.lastError();
  }

  QSqlDatabase m_db;
};

static bool looksValid(const QString &pickle) { return !pickle.isEmpty(); }

// Negative: the transaction only reads.
std::vector<QString> Database::loadSessions() {
  auto query = prepareQuery(QStringLiteral("SELECT pickle FROM olm_sessions;"));
  m_db.transaction();
  execute(query);
  m_db.commit();
  std::vector<QString> sessions;
  while (query.next()) {
    QString pickle = query.value(0).toString();
    if (!looksValid(pickle))
      throw std::runtime_error("corrupt session");
    sessions.push_back(pickle);
  }
  return sessions;
}

void Database::touchSessions() {
  auto query = prepareQuery(
      QStringLiteral("UPDATE olm_sessions SET lastReceived = 0;"));
  m_db.transaction();
  execute(query);
  m_db.commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'm_db' is committed before 'looksValid' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  if (!looksValid(QStringLiteral("x")))
    // CHECK-NOTES: :[[@LINE-1]]:8: note: 'looksValid' can fail here
    throw std::runtime_error("corrupt session");
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an exception is thrown here
}
