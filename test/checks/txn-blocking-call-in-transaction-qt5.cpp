// txn-blocking-call-in-transaction with Qt 5's QSqlDatabase and QtConcurrent
// futures, compiled against the real QtSql and QtCore headers.
//
// RUN: %check_txnlint %s txn-blocking-call-in-transaction %t -- -- %qt5_flags

#include <QtCore/QEventLoop>
#include <QtCore/QFuture>
#include <QtCore/QString>
#include <QtCore/QThread>
#include <QtCore/QVariant>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

static bool insertAudit(QSqlDatabase &db, const QString &what) {
  QSqlQuery q(db);
  q.prepare("INSERT INTO audit (what) VALUES (?)");
  q.addBindValue(what);
  return q.exec();
}

// The helper's prepared INSERT writes; the thread sleeps with the lock held.
bool archive(QSqlDatabase &db) {
  if (!db.transaction())
    return false;
  insertAudit(db, "archive");
  QThread::msleep(500);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'QThread::msleep' blocks while transaction on 'db' holds the locks of its writes; every request that needs those rows waits as long, so wait before the first write or after the commit [txn-blocking-call-in-transaction]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the transaction writes here
  return db.commit();
}

// A nested event loop waits for a network reply.
bool sync(QSqlDatabase &db, QEventLoop &loop) {
  db.transaction();
  QSqlQuery q(db);
  q.exec("DELETE FROM outbox WHERE sent = 1");
  loop.exec();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'QEventLoop::exec' blocks while transaction on 'db' holds the locks of its writes; every request that needs those rows waits as long, so wait before the first write or after the commit [txn-blocking-call-in-transaction]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the transaction writes here
  return db.commit();
}

// Negatives: a read-only transaction; the wait after the commit.
void browse(QSqlDatabase &db, QFuture<void> &pending) {
  db.transaction();
  QSqlQuery q(db);
  q.exec("SELECT * FROM orders");
  pending.waitForFinished();
  db.commit();
}

// Reported at the wait; the result is ready after it and does not block.
bool syncRemote(QSqlDatabase &db, QFuture<QString> remote) {
  if (!db.transaction())
    return false;
  QSqlQuery q(db);
  q.exec("UPDATE notes SET syncing = 1");
  remote.waitForFinished();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'QFuture::waitForFinished' blocks while transaction on 'db' holds the locks of its writes; every request that needs those rows waits as long, so wait before the first write or after the commit [txn-blocking-call-in-transaction]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the transaction writes here
  q.prepare("UPDATE notes SET body = ? WHERE id = 1");
  q.addBindValue(remote.result());
  q.exec();
  return db.commit();
}

bool archiveThenWait(QSqlDatabase &db) {
  db.transaction();
  insertAudit(db, "archive");
  bool ok = db.commit();
  QThread::msleep(500);
  return ok;
}
