// txn-connection-leak with Qt 5's QSqlDatabase: QSqlDatabase::open is an
// open of the model, but of a connection object that QSqlDatabase owns
// (removeDatabase closes it), not of a C API's handle. It is never
// reported, held by value or through a pointer. Real QtSql headers.
//
// RUN: %check_txnlint %s txn-connection-leak %t -- -- %qt5_flags

#include <QtCore/QString>
#include <QtCore/QVariant>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

bool count_orders(int &count) {
  QSqlDatabase db = QSqlDatabase::database(QStringLiteral("orders"));
  if (!db.open())
    return false;
  QSqlQuery q(db);
  if (!q.exec(QStringLiteral("SELECT count(*) FROM orders")) || !q.next())
    return false;
  count = q.value(0).toInt();
  return true;
}

bool open_through_pointer(const QString &name) {
  QSqlDatabase *db = new QSqlDatabase(QSqlDatabase::database(name, false));
  bool opened = db->open();
  delete db;
  return opened;
}

bool open_pointer_kept(QSqlDatabase *shared) {
  QSqlDatabase *db = shared;
  return db->open();
}
