// txn-missing-rollback and txn-autocommit-multi-write on a class derived from
// QSqlDatabase, with the real QtSql headers. Calls on the implicit object
// (`transaction()`), on `this->`, and on `*this` act on one handle: they pair
// up, and messages name it 'this', never the method called.
//
// RUN: %check_txnlint %s 'txn-missing-rollback,txn-autocommit-multi-write' %t -- -- %qt5_flags

#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

class Store : public QSqlDatabase {
public:
  bool save(int id);
  bool saveMixed(int id);
  bool saveChecked(int id);
  void touch();
};

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

bool Store::save(int id) {
  transaction();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'this' is left open on some path out of 'Store::save'; commit or roll it back before leaving [txn-missing-rollback]
  QSqlQuery q(*this);
  if (!q.exec("UPDATE orders SET state = 1"))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  return this->commit();
}

void Store::touch() {
  exec("UPDATE orders SET seen = 1");
  exec("UPDATE stats SET seen = seen + 1");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'this' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the earlier write commits here on its own
}

//===----------------------------------------------------------------------===//
// Negatives
//===----------------------------------------------------------------------===//

// Begun through `this->`, rolled back on the implicit object, committed
// through `*this`.
bool Store::saveMixed(int id) {
  this->transaction();
  QSqlQuery q(*this);
  if (!q.exec("UPDATE orders SET state = 2")) {
    rollback();
    return false;
  }
  return (*this).commit();
}

// Begun on the implicit object, ended through `this->`.
bool Store::saveChecked(int id) {
  transaction();
  QSqlQuery q(*this);
  if (!q.exec("UPDATE orders SET state = 3")) {
    this->rollback();
    return false;
  }
  return commit();
}
