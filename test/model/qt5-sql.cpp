// The qt-sql profile against the installed Qt 5 QtSql headers:
// QSqlDatabase::transaction/commit/rollback (bool results), close and exec;
// QSqlQuery q(db) binds the query to its connection, exec(sql) runs SQL text,
// prepare(sql) prepares SQL that exec() and execBatch() then run on the
// query's connection.
//
// RUN: %txnlint --dump-events --exit-zero %s -- %qt5_flags 2>/dev/null | FileCheck %s
// RUN: %check_txnlint %s txn-missing-rollback %t -- -- %qt5_flags -DTXN_CHECK
//
// QSqlQuery(const QString &query, QSqlDatabase db) has the connection in
// argument 1 and runs a non-empty query at once: the profile lists it as a
// second constructor, by its argument count.

#include <QtCore/QString>
#include <QtCore/QVariant>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

#include <stdexcept>

// Defined in another translation unit.
void audit(int id);

//===----------------------------------------------------------------------===//
// Recognition (dump); txn-missing-rollback does not look at these.
//===----------------------------------------------------------------------===//

#ifndef TXN_CHECK
void database(QSqlDatabase &db) {
  // CHECK: :[[@LINE+1]]:3: remark: begin on 'db' (failure: returns-bool) [txnlint-dump-events]
  db.transaction();
  // CHECK: :[[@LINE+1]]:3: remark: write on 'db' [txnlint-dump-events]
  db.exec("DELETE FROM staging");
  // CHECK: :[[@LINE+1]]:3: remark: commit on 'db' (failure: returns-bool) [txnlint-dump-events]
  db.commit();
  // CHECK: :[[@LINE+1]]:3: remark: begin on 'db' [txnlint-dump-events]
  db.exec(QStringLiteral("BEGIN"));
  // CHECK: :[[@LINE+1]]:3: remark: rollback on 'db' (failure: returns-bool) [txnlint-dump-events]
  db.rollback();
  // CHECK: :[[@LINE+1]]:3: remark: close on 'db' [txnlint-dump-events]
  db.close();
}

void query_text(QSqlDatabase &db) {
  // CHECK: :[[@LINE+1]]:13: remark: prepare-sql on 'db' [txnlint-dump-events]
  QSqlQuery q(db);
  // CHECK: :[[@LINE+1]]:3: remark: begin on 'db' (failure: returns-bool) [txnlint-dump-events]
  q.exec("BEGIN IMMEDIATE");
  // CHECK: :[[@LINE+1]]:3: remark: write on 'db' (failure: returns-bool) [txnlint-dump-events]
  q.exec(QStringLiteral("INSERT INTO orders (id) VALUES (1)"));
  // CHECK: :[[@LINE+1]]:3: remark: savepoint on 'db' 'lines' (failure: returns-bool) [txnlint-dump-events]
  q.exec(QString("SAVEPOINT lines"));
  // CHECK: :[[@LINE+1]]:3: remark: rollback-to-savepoint on 'db' 'lines' (failure: returns-bool) [txnlint-dump-events]
  q.exec(QLatin1String("ROLLBACK TO SAVEPOINT lines"));
  // CHECK: :[[@LINE+1]]:3: remark: read on 'db' (failure: returns-bool) [txnlint-dump-events]
  q.exec("SELECT id FROM orders");
  // CHECK: :[[@LINE+1]]:3: remark: commit on 'db' (failure: returns-bool) [txnlint-dump-events]
  q.exec("COMMIT");
}

void query_prepared(QSqlDatabase &db, int id) {
  // CHECK: :[[@LINE+1]]:13: remark: prepare-sql on 'db' [txnlint-dump-events]
  QSqlQuery q(db);
  // CHECK: :[[@LINE+1]]:3: remark: prepare-sql on 'q' (failure: returns-bool) [txnlint-dump-events]
  q.prepare("BEGIN");
  // CHECK: :[[@LINE+1]]:3: remark: begin on 'db' (failure: returns-bool) [txnlint-dump-events]
  q.exec();
  // CHECK: :[[@LINE+1]]:3: remark: prepare-sql on 'q' (failure: returns-bool) [txnlint-dump-events]
  q.prepare(QStringLiteral("INSERT INTO orders (id) VALUES (?)"));
  q.addBindValue(id);
  // CHECK: :[[@LINE+1]]:3: remark: write on 'db' (failure: returns-bool) [txnlint-dump-events]
  q.exec();
  // CHECK: :[[@LINE+1]]:3: remark: write on 'db' (failure: returns-bool) [txnlint-dump-events]
  q.execBatch();
  // CHECK: :[[@LINE+1]]:3: remark: prepare-sql on 'q' (failure: returns-bool) [txnlint-dump-events]
  q.prepare("ROLLBACK");
  // CHECK: :[[@LINE+1]]:3: remark: rollback on 'db' (failure: returns-bool) [txnlint-dump-events]
  q.exec();
}

// A member connection, and the default connection by name.
struct Repo {
  QSqlDatabase m_db;
  void save() {
    // CHECK: :[[@LINE+1]]:15: remark: prepare-sql on 'm_db' [txnlint-dump-events]
    QSqlQuery q(m_db);
    // CHECK: :[[@LINE+1]]:5: remark: begin on 'm_db' (failure: returns-bool) [txnlint-dump-events]
    q.exec("BEGIN");
    // CHECK: :[[@LINE+1]]:15: remark: prepare-sql on 'QSqlDatabase::database()' [txnlint-dump-events]
    QSqlQuery d(QSqlDatabase::database());
    // CHECK: :[[@LINE+1]]:5: remark: commit on 'QSqlDatabase::database()' (failure: returns-bool) [txnlint-dump-events]
    d.exec("COMMIT");
  }
};

void query_with_text(QSqlDatabase &db) {
  // CHECK: :[[@LINE+2]]:13: remark: prepare-sql on 'db' [txnlint-dump-events]
  // CHECK: :[[@LINE+1]]:13: remark: write on 'db' [txnlint-dump-events]
  QSqlQuery q("DELETE FROM staging", db);
}

// Left to its default, empty, text the query runs nothing: it is bound to
// the default connection.
void query_without_text() {
  // CHECK: :[[@LINE+1]]:13: remark: prepare-sql on 'the default connection' [txnlint-dump-events]
  QSqlQuery q;
  // CHECK: :[[@LINE+1]]:3: remark: begin on 'the default connection' (failure: returns-bool) [txnlint-dump-events]
  q.exec("BEGIN");
}

// Bound in one basic block, executed in a later one.
void query_later(QSqlDatabase &db, int id) {
  QSqlQuery q(db);
  if (id < 0)
    return;
  // CHECK: :[[@LINE+1]]:3: remark: begin on 'db' (failure: returns-bool) [txnlint-dump-events]
  q.exec("BEGIN");
}
#endif // TXN_CHECK

//===----------------------------------------------------------------------===//
// txn-missing-rollback: positives
//===----------------------------------------------------------------------===//

// BEGIN through a query on the connection, left open by a return.
bool save_order(QSqlDatabase &db, int id) {
  QSqlQuery q(db);
  q.exec("BEGIN");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'save_order'; commit or roll it back before leaving [txn-missing-rollback]
  q.prepare("INSERT INTO orders (id) VALUES (?)");
  q.addBindValue(id);
  if (!q.exec())
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  return db.commit();
}

// A prepared BEGIN, checked, then left open by a throw.
void restock(QSqlDatabase &db, int qty) {
  QSqlQuery q(db);
  q.prepare("BEGIN");
  if (!q.exec())
    return;
  // CHECK-NOTES: :[[@LINE-2]]:8: warning: transaction begun on 'db' is left open on some path out of 'restock'; commit or roll it back before leaving [txn-missing-rollback]
  if (qty > 1000)
    throw std::out_of_range("too many");
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open when an exception leaves the function here
  q.exec("COMMIT");
}

//===----------------------------------------------------------------------===//
// txn-missing-rollback: negatives
//===----------------------------------------------------------------------===//

// The query's COMMIT and ROLLBACK end the transaction its BEGIN opened.
bool save_checked(QSqlDatabase &db, int id) {
  QSqlQuery q(db);
  if (!q.exec("BEGIN"))
    return false;
  q.prepare("INSERT INTO orders (id) VALUES (?)");
  q.addBindValue(id);
  if (!q.exec()) {
    q.exec("ROLLBACK");
    return false;
  }
  return q.exec("COMMIT");
}

// Begun on the connection, ended through a prepared statement of a query on
// it.
bool save_mixed(QSqlDatabase &db, int id) {
  if (!db.transaction())
    return false;
  audit(id);
  QSqlQuery q(db);
  q.prepare("COMMIT");
  return q.exec();
}

// Begun through a query, ended on the connection.
bool save_query_db(QSqlDatabase &db, int id) {
  QSqlQuery q(db);
  q.exec("BEGIN");
  if (id < 0) {
    db.rollback();
    return false;
  }
  return db.commit();
}
