// txn-deferred-upgrade with SQLiteC++ and with Qt 5 on the QSQLITE driver,
// compiled against the real headers. SQLite::Transaction begins DEFERRED
// unless given a TransactionBehavior; QSqlDatabase::transaction() runs
// BEGIN, deferred, on SQLite.
//
// RUN: %check_txnlint %s txn-deferred-upgrade %t -- -- -std=c++17 %qt5_flags

#include <SQLiteCpp/SQLiteCpp.h>

#include <QtCore/QString>
#include <QtCore/QVariant>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

// SQLiteC++: the default behavior is deferred.
void rename_supplier(SQLite::Database &db, int id) {
  SQLite::Transaction t(db);
  // CHECK-NOTES: :[[@LINE-1]]:23: warning: deferred transaction 't' reads before it writes; if another connection writes in between, upgrading to a write lock fails at once with SQLITE_BUSY, without the busy handler waiting; begin it with BEGIN IMMEDIATE [txn-deferred-upgrade]
  SQLite::Statement q(db, "SELECT name FROM suppliers WHERE id = ?");
  q.bind(1, id);
  q.executeStep();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the first statement reads here, taking a shared lock
  db.exec("UPDATE suppliers SET name = upper(name) WHERE id = 1");
  // CHECK-NOTES: :[[@LINE-1]]:3: note: this write needs the upgrade
  t.commit();
}

// Negative: TransactionBehavior::IMMEDIATE.
void rename_supplier_immediate(SQLite::Database &db, int id) {
  SQLite::Transaction t(db, SQLite::TransactionBehavior::IMMEDIATE);
  SQLite::Statement q(db, "SELECT name FROM suppliers WHERE id = ?");
  q.bind(1, id);
  q.executeStep();
  db.exec("UPDATE suppliers SET name = upper(name) WHERE id = 1");
  t.commit();
}

// Qt: the unit adds only QSQLITE connections.
QSqlDatabase openLocal() {
  QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "local");
  db.setDatabaseName("shop.db");
  db.open();
  return db;
}

bool reserve(QSqlDatabase &db, int sku) {
  if (!db.transaction())
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: deferred transaction on 'db' reads before it writes; if another connection writes in between, upgrading to a write lock fails at once with SQLITE_BUSY, without the busy handler waiting; begin it with BEGIN IMMEDIATE [txn-deferred-upgrade]
    return false;
  QSqlQuery q(db);
  q.exec("SELECT qty FROM stock WHERE sku = 1");
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the first statement reads here, taking a shared lock
  if (q.next() && q.value(0).toInt() > 0)
    q.exec("UPDATE stock SET qty = qty - 1 WHERE sku = 1");
  // CHECK-NOTES: :[[@LINE-1]]:5: note: this write needs the upgrade
  return db.commit();
}

// Negative: Qt with an explicit BEGIN IMMEDIATE through the query.
bool reserveImmediate(QSqlDatabase &db) {
  QSqlQuery q(db);
  q.exec("BEGIN IMMEDIATE");
  q.exec("SELECT qty FROM stock WHERE sku = 1");
  q.exec("UPDATE stock SET qty = qty - 1 WHERE sku = 1");
  return q.exec("COMMIT");
}
