// txn-use-after-end with Qt 5's QSqlDatabase: open() after close() makes
// the connection usable again, so a later close() is no second close. Real
// QtSql headers.
//
// RUN: %check_txnlint %s txn-use-after-end %t -- -- %qt5_flags

#include <QtCore/QString>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

//===----------------------------------------------------------------------===//
// Negatives
//===----------------------------------------------------------------------===//

void reconnect(QSqlDatabase &db) {
  db.close();
  db.open();
  db.close();
}

bool reconnect_and_write(QSqlDatabase &db) {
  db.close();
  if (!db.open())
    return false;
  db.transaction();
  QSqlQuery q(db);
  q.exec("UPDATE sessions SET renewed = 1");
  bool ok = db.commit();
  db.close();
  return ok;
}

// Reopened on one path: not closed on every path that reaches the close.
void maybe_reopen(QSqlDatabase &db, bool again) {
  db.close();
  if (again)
    db.open();
  db.close();
}

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// Closed twice: the open() is on another connection.
void close_twice(QSqlDatabase &db, QSqlDatabase &other) {
  db.close();
  other.open();
  db.close();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is closed after it was closed; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: it is closed here
}
