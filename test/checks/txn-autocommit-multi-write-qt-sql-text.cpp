// txn-autocommit-multi-write and how Qt 5 SQL text is read (the real QtSql
// headers): QString("... %1").arg(x), QStringLiteral, QLatin1String and
// QString::asprintf carry the verb in their literal. SQL that cannot be read
// (a parameter, text built at run time) is unknown: it may be a read, so no
// finding rests on it.
//
// RUN: %check_txnlint %s txn-autocommit-multi-write %t -- -- %qt5_flags

#include <QtCore/QLatin1String>
#include <QtCore/QString>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

bool moveItem(QSqlDatabase &db, int item, int from, int to) {
  QSqlQuery q(db);
  if (!q.exec(QString("DELETE FROM shelf_items WHERE shelf = %1 AND item = %2")
                  .arg(from)
                  .arg(item)))
    return false;
  return q.exec(QStringLiteral("INSERT INTO shelf_items VALUES (%1, %2)").arg(to).arg(item));
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-6]]:8: note: the earlier write commits here on its own
}

bool retire(QSqlDatabase &db, int id) {
  QSqlQuery q(db);
  q.exec(QLatin1String("UPDATE devices SET retired = 1"));
  q.exec(QString::asprintf("DELETE FROM leases WHERE device = %d", id));
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the earlier write commits here on its own
  return true;
}

//===----------------------------------------------------------------------===//
// Negatives
//===----------------------------------------------------------------------===//

// Settings, then one write.
bool configure(QSqlDatabase &db) {
  QSqlQuery q(db);
  q.exec(QStringLiteral("PRAGMA foreign_keys = ON"));
  q.exec(QString("SET lock_timeout = %1").arg(500));
  return q.exec(QLatin1String("INSERT INTO boots DEFAULT VALUES"));
}

// SQL given by the caller, and a query with no SQL: unknown.
bool runAll(QSqlDatabase &db, const QString &first, const QString &second) {
  QSqlQuery q(db);
  q.exec(first);
  q.exec(second);
  QSqlQuery r(db);
  return r.exec();
}

// A known write next to unknown SQL: the pair needs both to be writes.
bool logAndRun(QSqlDatabase &db, const QString &sql) {
  QSqlQuery q(db);
  q.exec(QStringLiteral("INSERT INTO run_log DEFAULT VALUES"));
  return q.exec(sql);
}
