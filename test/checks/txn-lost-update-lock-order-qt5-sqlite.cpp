// txn-lost-update and txn-lock-order-inversion with Qt 5 on the QSQLITE
// driver: a translation unit that adds only QSQLITE connections runs its
// Qt transactions on SQLite, which serializes writers (txn-deferred-upgrade
// is SQLite's check). None of the shapes below is reported; the same code
// on a server database is (txn-lost-update-qt5-soci.cpp,
// txn-lock-order-inversion-soci-qt5.cpp).
//
// RUN: %check_txnlint %s txn-lost-update,txn-lock-order-inversion %t -- -- -std=c++17 %qt5_flags

#include <QtCore/QString>
#include <QtCore/QVariant>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

QSqlDatabase openNotes() {
  return QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("notes"));
}

// A read-modify-write: no lost update on SQLite.
bool bump(QSqlDatabase &db) {
  if (!db.transaction())
    return false;
  QSqlQuery q(db);
  q.exec(QStringLiteral("SELECT n FROM notes WHERE id = 1"));
  int n = q.next() ? q.value(0).toInt() : 0;
  if (!q.exec(QStringLiteral("UPDATE notes SET n = %1 WHERE id = 1").arg(n + 1))) {
    db.rollback();
    return false;
  }
  return db.commit();
}

// Tables written in opposite orders: SQLite locks the whole database.
bool ordersThenStock(QSqlDatabase &db) {
  if (!db.transaction())
    return false;
  QSqlQuery q(db);
  if (!q.exec(QStringLiteral("UPDATE orders SET x = 1")) ||
      !q.exec(QStringLiteral("UPDATE stock SET x = 1"))) {
    db.rollback();
    return false;
  }
  return db.commit();
}

bool stockThenOrders(QSqlDatabase &db) {
  if (!db.transaction())
    return false;
  QSqlQuery q(db);
  if (!q.exec(QStringLiteral("UPDATE stock SET x = 2")) ||
      !q.exec(QStringLiteral("UPDATE orders SET x = 2"))) {
    db.rollback();
    return false;
  }
  return db.commit();
}
