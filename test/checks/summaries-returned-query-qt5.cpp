// Kaffeine's SqlHelper runs SQL text on a query it returns: `QSqlQuery
// exec(const QString &statement)` only logs a failure, and its callers ask
// the returned query (`if (sqlHelper->exec("BEGIN").lastError().isValid())
// return false;`). That test is the test of the helper's statement: a
// failed BEGIN opened nothing, a failed COMMIT is handled where it is
// asked, and a COMMIT whose query is dropped is not checked.
//
// RUN: %check_txnlint %s txn-missing-rollback,txn-commit-before-validation,txn-use-after-end,txn-unchecked-commit %t -- -- %qt5_flags

#include <QtCore/QString>
#include <QtCore/QVariant>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlError>
#include <QtSql/QSqlQuery>

class SqlHelper {
public:
  QSqlQuery prepare(const QString &statement) {
    QSqlQuery query(database);
    query.setForwardOnly(true);
    if (!query.prepare(statement))
      qWarning("Error while preparing statement '%s'",
               qPrintable(query.lastError().text()));
    return query;
  }
  QSqlQuery exec(const QString &statement) {
    QSqlQuery query(database);
    query.setForwardOnly(true);
    if (!query.exec(statement))
      qWarning("Error while executing statement '%s'",
               qPrintable(query.lastError().text()));
    return query;
  }

private:
  QSqlDatabase database;
};

bool flushRemovals(SqlHelper *sqlHelper, const QList<int> &keys) {
  QSqlQuery deleteQuery = sqlHelper->prepare(
      QLatin1String("DELETE FROM Recordings WHERE Id = ?"));
  if (sqlHelper->exec(QLatin1String("BEGIN")).lastError().isValid())
    return false;
  for (int key : keys) {
    deleteQuery.bindValue(0, key);
    if (!deleteQuery.exec()) {
      sqlHelper->exec(QLatin1String("ROLLBACK"));
      return false;
    }
  }
  if (sqlHelper->exec(QLatin1String("COMMIT")).lastError().isValid()) {
    sqlHelper->exec(QLatin1String("ROLLBACK"));
    return false;
  }
  return true;
}

// The same with the returned queries kept in locals.
bool flushRemovalsKept(SqlHelper *sqlHelper, const QList<int> &keys) {
  QSqlQuery deleteQuery = sqlHelper->prepare(
      QLatin1String("DELETE FROM Recordings WHERE Id = ?"));
  QSqlQuery begin = sqlHelper->exec(QLatin1String("BEGIN"));
  if (begin.lastError().isValid())
    return false;
  for (int key : keys) {
    deleteQuery.bindValue(0, key);
    if (!deleteQuery.exec()) {
      sqlHelper->exec(QLatin1String("ROLLBACK"));
      return false;
    }
  }
  QSqlQuery commit = sqlHelper->exec(QLatin1String("COMMIT"));
  if (commit.lastError().isValid()) {
    sqlHelper->exec(QLatin1String("ROLLBACK"));
    return false;
  }
  return true;
}

// The COMMIT's query is dropped: its failure goes unnoticed.
void flushInserts(SqlHelper *sqlHelper, const QList<int> &keys) {
  QSqlQuery insertQuery = sqlHelper->prepare(
      QLatin1String("INSERT INTO Recordings (Id) VALUES (?)"));
  if (sqlHelper->exec(QLatin1String("BEGIN")).lastError().isValid())
    return;
  for (int key : keys) {
    insertQuery.bindValue(0, key);
    if (!insertQuery.exec()) {
      sqlHelper->exec(QLatin1String("ROLLBACK"));
      return;
    }
  }
  sqlHelper->exec(QLatin1String("COMMIT"));
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the result of committing transaction on 'sqlHelper' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
}
