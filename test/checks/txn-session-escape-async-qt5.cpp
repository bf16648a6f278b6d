// txn-session-escape with Qt 5: a local QSqlDatabase handed to work that
// runs later (QTimer::singleShot, QThreadPool::start, QtConcurrent::run), and
// QSqlDatabase's thread affinity: a connection may only be used on the thread
// that created it, so a copy captured by value and used on a pool thread is
// reported too, waited for or not.
//
// RUN: %check_txnlint %s txn-session-escape %t -- -- %qt5_flags

#include <QtConcurrent/QtConcurrentRun>
#include <QtCore/QCoreApplication>
#include <QtCore/QFuture>
#include <QtCore/QString>
#include <QtCore/QThreadPool>
#include <QtCore/QTimer>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

#include <functional>

bool insertRow(QSqlDatabase &db, int id);

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// A timer fires after the function returned: the reference dangles.
void commitLater() {
  QSqlDatabase db = QSqlDatabase::database("import");
  QTimer::singleShot(0, [&db] { db.commit(); });
  // CHECK-NOTES: :[[@LINE-1]]:25: warning: connection 'db' escapes its scope: a lambda capturing it by reference is passed to 'QTimer::singleShot'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:16: note: 'db' is declared here
}

// A copy captured by value is a connection of its own, but it is used on a
// pool thread.
void importInPool() {
  QSqlDatabase db = QSqlDatabase::database("import");
  QThreadPool::globalInstance()->start([db]() mutable { insertRow(db, 1); });
  // CHECK-NOTES: :[[@LINE-1]]:40: warning: connection 'db' is used on another thread: a lambda capturing it is passed to 'QThreadPool::start'; it may only be used on the thread that opened it [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:16: note: 'db' is declared here
}

// Waiting for the future ends the work in time, but not on this thread.
bool importConcurrently() {
  QSqlDatabase db = QSqlDatabase::database("import");
  if (!db.transaction())
    return false;
  QFuture<bool> done = QtConcurrent::run([&db] { return insertRow(db, 2); });
  // CHECK-NOTES: :[[@LINE-1]]:42: warning: session in a transaction 'db' is used on another thread: a lambda capturing it is passed to 'QtConcurrent::run'; it may only be used on the thread that opened it [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-5]]:16: note: 'db' is declared here
  done.waitForFinished();
  return db.commit();
}

// The connection itself passed to a function run on a pool thread.
void countInPool() {
  QSqlDatabase db = QSqlDatabase::database("import");
  QtConcurrent::run(insertRow, db, 3).waitForFinished();
  // CHECK-NOTES: :[[@LINE-1]]:32: warning: connection 'db' is used on another thread: it is passed to 'QtConcurrent::run'; it may only be used on the thread that opened it [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:16: note: 'db' is declared here
}

// A wrapper of the user's that holds the connection by value is as bound to
// its thread as the connection.
class TagStore {
public:
  bool addTag(int id) {
    QSqlQuery q(m_db);
    q.prepare("INSERT INTO tags (id) VALUES (?)");
    q.addBindValue(id);
    return q.exec();
  }

private:
  QSqlDatabase m_db = QSqlDatabase::database("tags");
};

void tagInPool(int id) {
  TagStore store;
  QtConcurrent::run([store, id]() mutable { store.addTag(id); }).waitForFinished();
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: connection 'store' is used on another thread: a lambda capturing it is passed to 'QtConcurrent::run'; it may only be used on the thread that opened it [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:12: note: 'store' is declared here
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// The wrapper's copy runs on this thread.
void tagHere(int id) {
  TagStore store;
  auto add = [store, id]() mutable { store.addTag(id); };
  add();
}

// Run synchronously before the return.
bool importNow() {
  QSqlDatabase db = QSqlDatabase::database("import");
  if (!db.transaction())
    return false;
  bool ok = [&db] { return insertRow(db, 4); }();
  auto finish = [&] { return ok && db.commit(); };
  return finish();
}

// A timer that captures the connection by value runs on this thread.
void commitCopyLater() {
  QSqlDatabase db = QSqlDatabase::database("import");
  QTimer::singleShot(0, [db]() mutable { db.commit(); });
}

// The pool thread opens its own connection.
void ownConnectionInPool() {
  QThreadPool::globalInstance()->start([] {
    QSqlDatabase db = QSqlDatabase::database("worker");
    insertRow(db, 5);
  });
}

// A query's values, not the connection, go to the pool.
void valuesInPool() {
  QSqlDatabase db = QSqlDatabase::database("import");
  QSqlQuery count(db);
  count.exec("SELECT COUNT(*) FROM rows");
  count.next();
  int rows = count.value(0).toInt();
  QtConcurrent::run([rows] { return rows * 2; }).waitForFinished();
}

// A heap object that keeps a copy of the connection, not a reference.
class Exporter {
public:
  explicit Exporter(const QSqlDatabase &db) : m_db(db) {}

private:
  QSqlDatabase m_db;
};

Exporter *makeExporter() {
  QSqlDatabase db = QSqlDatabase::database("export");
  return new Exporter(db);
}

// In main, the timer fires inside app.exec(), while main's locals live; no
// event loop runs on this thread once main returns. A pool thread is no
// event loop of main's: the reference given to it escapes.
int main(int argc, char **argv) {
  QCoreApplication app(argc, argv);
  QSqlDatabase db = QSqlDatabase::database("main");
  QTimer::singleShot(0, &app, [&db] { db.transaction(); });
  QThreadPool::globalInstance()->start([&db] { insertRow(db, 1); });
  // CHECK-NOTES: :[[@LINE-1]]:40: warning: connection 'db' escapes its scope: a lambda capturing it by reference is passed to 'QThreadPool::start'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-4]]:16: note: 'db' is declared here
  return app.exec();
}
