// txn-commit-in-callee with Qt 5's QSqlDatabase, compiled against the real
// QtSql and QtCore headers. Qt has no transaction object: the transaction
// lives on the connection, so a function that is handed a QSqlDatabase (by
// reference, pointer or value: a copy is a handle to the same connection)
// and calls commit() or rollback() on it without calling transaction() on it
// ends its caller's transaction.
//
// RUN: %check_txnlint %s txn-commit-in-callee %t -- -- %qt5_flags

#include <QtCore/QList>
#include <QtCore/QString>
#include <QtCore/QVariant>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlError>
#include <QtSql/QSqlQuery>

#include <functional>

// Defined in another translation unit.
bool insertRow(QSqlDatabase &db, int id);
void logError(const QString &text);
bool runInTransaction(QSqlDatabase &db,
                      const std::function<bool(QSqlDatabase &)> &work);

struct ImportJob {
  QSqlDatabase db;
  QList<int> ids;
};

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// A helper that commits after its own writes: the caller's further writes
// run outside any transaction.
bool writeHeader(QSqlDatabase &db, int orderId) {
  QSqlQuery q(db);
  q.prepare("INSERT INTO orders (id) VALUES (?)");
  q.addBindValue(orderId);
  if (!q.exec())
    return false;
  return db.commit();
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'writeHeader' commits transaction on 'db' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
  // CHECK-NOTES: :[[@LINE-8]]:32: note: the caller's transaction arrives through 'db'
}

// Rolls back on failure, by value: a copy of a QSqlDatabase is the same
// connection.
bool writeLines(QSqlDatabase db, const QList<int> &ids) {
  for (int id : ids) {
    if (!insertRow(db, id)) {
      logError(db.lastError().text());
      db.rollback();
      // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'writeLines' rolls back transaction on 'db' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
      // CHECK-NOTES: :[[@LINE-6]]:30: note: the caller's transaction arrives through 'db'
      return false;
    }
  }
  return true;
}

// Through a pointer.
void finishImport(QSqlDatabase *db, bool ok) {
  if (ok)
    db->commit();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'finishImport' commits transaction on 'db' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
  // CHECK-NOTES: :[[@LINE-4]]:33: note: the caller's transaction arrives through 'db'
  else
    db->rollback();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'finishImport' rolls back transaction on 'db' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
  // CHECK-NOTES: :[[@LINE-8]]:33: note: the caller's transaction arrives through 'db'
}

// Through a member of an object the caller passed.
bool completeJob(ImportJob &job) {
  for (int id : job.ids)
    if (!insertRow(job.db, id))
      return false;
  return job.db.commit();
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'completeJob' commits transaction on 'job.db' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
  // CHECK-NOTES: :[[@LINE-6]]:29: note: the caller's transaction arrives through 'job'
}

// A method that is handed the connection.
class OrderRepository {
public:
  bool save(QSqlDatabase &db, int id);

private:
  int m_saved = 0;
};

bool OrderRepository::save(QSqlDatabase &db, int id) {
  if (!insertRow(db, id))
    return false;
  ++m_saved;
  return db.commit();
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'OrderRepository::save' commits transaction on 'db' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
  // CHECK-NOTES: :[[@LINE-6]]:42: note: the caller's transaction arrives through 'db'
}

// Begins on one connection and ends another one it was handed as well.
bool moveRows(QSqlDatabase &from, QSqlDatabase &to) {
  if (!to.transaction())
    return false;
  QSqlQuery q(to);
  if (!q.exec("INSERT INTO archive SELECT * FROM staging")) {
    to.rollback();
    return false;
  }
  from.rollback();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'moveRows' rolls back transaction on 'from' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
  // CHECK-NOTES: :[[@LINE-10]]:29: note: the caller's transaction arrives through 'from'
  return to.commit();
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Begins and ends the transaction on the connection it was handed.
bool saveOrder(QSqlDatabase &db, int id) {
  if (!db.transaction())
    return false;
  if (!insertRow(db, id)) {
    db.rollback();
    return false;
  }
  return db.commit();
}

// Begins only when asked to, and then ends it.
bool saveRows(QSqlDatabase &db, const QList<int> &ids, bool ownTransaction) {
  if (ownTransaction && !db.transaction())
    return false;
  bool ok = true;
  for (int id : ids)
    ok = ok && insertRow(db, id);
  if (ownTransaction) {
    if (ok)
      return db.commit();
    db.rollback();
  }
  return ok;
}

// Writes and reads only: the caller decides.
bool writeFooter(QSqlDatabase &db, int orderId) {
  QSqlQuery q(db);
  q.prepare("UPDATE orders SET complete = 1 WHERE id = ?");
  q.addBindValue(orderId);
  return q.exec();
}

// Closing a connection is not a commit or a rollback.
void disconnect(QSqlDatabase &db) { db.close(); }

// A connection looked up inside the function is not received from a caller.
bool commitDefault() {
  QSqlDatabase db = QSqlDatabase::database();
  return db.commit();
}

// A wrapper class owns its connection: members of `this` are its own.
class Transaction {
public:
  explicit Transaction(const QSqlDatabase &db) : m_db(db) { m_db.transaction(); }
  bool commit() { return m_db.commit(); }
  void rollback() { this->m_db.rollback(); }

private:
  QSqlDatabase m_db;
};

// A lambda's parameter is handed over by the helper that owns the
// transaction and calls back.
bool placeOrder(QSqlDatabase &db, int id) {
  return runInTransaction(db, [id](QSqlDatabase &conn) {
    if (!insertRow(conn, id)) {
      conn.rollback();
      return false;
    }
    return conn.commit();
  });
}

// The caller that owns the transaction.
bool importOrder(QSqlDatabase &db, int id, const QList<int> &ids) {
  if (!db.transaction())
    return false;
  if (!writeHeader(db, id) || !writeLines(db, ids))
    return false;
  return writeFooter(db, id);
}
