// txn-lock-order-inversion with SOCI and Qt 5, compiled against the real
// headers. Neither library names its database (the driver is chosen at run
// time), so their transactions may conflict with each other.
//
// RUN: %check_txnlint %s txn-lock-order-inversion %t -- -- -std=c++17 %qt5_flags

#include <soci/soci.h>

#include <QtCore/QString>
#include <QtCore/QVariant>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

// SOCI: invoices, then payments.
void settle(soci::session &sql, int id) {
  soci::transaction tr(sql);
  sql << "UPDATE invoices SET paid = 1 WHERE id = :id", soci::use(id);
  sql << "INSERT INTO payments (invoice) VALUES (:id)", soci::use(id);
  tr.commit();
}

// Qt: payments (a locking read), then invoices.
bool refund(QSqlDatabase &db, int id) {
  db.transaction();
  QSqlQuery q(db);
  q.exec("SELECT * FROM payments WHERE invoice = 1 FOR UPDATE");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction locks 'payments' before 'invoices', but the transaction in 'settle' locks them in the opposite order; two concurrent requests can each take one lock and wait for the other (a deadlock): lock the tables in one order everywhere [txn-lock-order-inversion]
  q.prepare("UPDATE invoices SET paid = 0 WHERE id = ?");
  q.addBindValue(id);
  q.exec();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: then locks 'invoices' here
  // CHECK-NOTES: :[[@LINE-15]]:3: note: 'settle' locks 'invoices' first here
  // CHECK-NOTES: :[[@LINE-15]]:3: note: then 'payments' here
  return db.commit();
}

// Negative: SOCI in the same order as settle, with LOCK TABLE.
void archive(soci::session &sql) {
  soci::transaction tr(sql);
  sql << "LOCK TABLE invoices IN EXCLUSIVE MODE";
  sql << "DELETE FROM payments WHERE invoice IS NULL";
  tr.commit();
}
