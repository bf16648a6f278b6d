// txn-use-after-error with Qt 5's QSqlDatabase / QSqlQuery, compiled
// against the real QtSql headers. Qt SQL runs on any database, so the
// built-in model does not say that a failure aborts the transaction: by
// default nothing is reported (the second RUN line). A project on
// PostgreSQL (QPSQL) says so with the option AbortingProfiles.
//
// RUN: %check_txnlint --check-suffix=PG %s txn-use-after-error %t \
// RUN:   -- "-config={CheckOptions: {txn-use-after-error.AbortingProfiles: 'qt-sql'}}" -- %qt5_flags
// RUN: %check_txnlint %s txn-use-after-error %t-default -- -- %qt5_flags

#include <QtCore/QString>
#include <QtCore/QVariant>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlError>
#include <QtSql/QSqlQuery>

void log_error(const QString &text);

// The failure is logged and the next statement runs in the aborted
// transaction.
void sell(QSqlDatabase &db) {
  if (!db.transaction())
    return;
  QSqlQuery q(db);
  if (!q.exec("UPDATE stock SET n = n - 1 WHERE id = 7"))
    log_error(q.lastError().text());
  q.exec("INSERT INTO log VALUES ('sold')");
  // CHECK-NOTES-PG: :[[@LINE-1]]:3: warning: transaction on 'db' is used after a statement of it failed; the failure aborted the transaction, so this statement fails too: roll back, or roll back to a savepoint taken before the failure, first [txn-use-after-error]
  // CHECK-NOTES-PG: :[[@LINE-4]]:8: note: the statement that failed
  if (!db.commit())
    db.rollback();
}

//===-- Not bugs -----------------------------------------------------------===//

// The failure branch rolls back and returns.
bool sell_correct(QSqlDatabase &db) {
  if (!db.transaction())
    return false;
  QSqlQuery q(db);
  if (!q.exec("UPDATE stock SET n = n - 1 WHERE id = 7")) {
    db.rollback();
    return false;
  }
  q.exec("INSERT INTO log VALUES ('sold')");
  return db.commit();
}

// Rolled back to a savepoint taken before the failing statement.
void sell_or_skip(QSqlDatabase &db) {
  if (!db.transaction())
    return;
  QSqlQuery q(db);
  q.exec("SAVEPOINT sale");
  if (!q.exec("UPDATE stock SET n = n - 1 WHERE id = 7"))
    q.exec("ROLLBACK TO SAVEPOINT sale");
  q.exec("INSERT INTO log VALUES ('done')");
  if (!db.commit())
    db.rollback();
}
