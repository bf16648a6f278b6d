// txn-session-escape with Qt 5's QSqlDatabase, compiled against the real
// QtSql, QtCore and QtConcurrent headers. Qt has no transaction object: a
// local QSqlDatabase is a "session in a transaction" in a function that calls
// transaction() on it, a "connection" otherwise. A copy of a QSqlDatabase is a value of its own, not a
// reference to the local, so copies are not escapes.
//
// RUN: %check_txnlint %s txn-session-escape %t -- -- %qt5_flags

#include <QtConcurrent/QtConcurrentRun>
#include <QtCore/QFuture>
#include <QtCore/QHash>
#include <QtCore/QList>
#include <QtCore/QString>
#include <QtCore/QThreadPool>
#include <QtCore/QVariant>
#include <QtCore/QVector>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

#include <algorithm>
#include <functional>

// Defined in another translation unit.
bool insertRow(QSqlDatabase &db, int id);
void logConnection(const QSqlDatabase *db);

QSqlDatabase *g_importDb;

// Same translation unit, only uses the connection.
static bool purge(QSqlDatabase &db) {
  QSqlQuery q(db);
  return q.exec("DELETE FROM staging");
}

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

class Importer {
public:
  bool start();
  bool startNamed(const QString &name);
  bool queueCommit();
  bool commitInPool();
  bool commitConcurrently();

private:
  QSqlDatabase *m_db = nullptr;
  QHash<QString, QSqlDatabase *> m_byName;
  QVector<QSqlDatabase *> m_open;
  std::function<bool()> m_finish;
  QFuture<bool> m_pending;
};

// The address of the local connection stored in a member.
bool Importer::start() {
  QSqlDatabase db = QSqlDatabase::database("import");
  if (!db.transaction())
    return false;
  m_db = &db;
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: session in a transaction 'db' escapes its scope: it is stored in member 'm_db'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-5]]:16: note: 'db' is declared here
  return purge(db);
}

// Qt containers in members: insert, operator[] and push_back.
bool Importer::startNamed(const QString &name) {
  QSqlDatabase db = QSqlDatabase::database(name);
  db.transaction();
  m_byName.insert(name, &db);
  // CHECK-NOTES: :[[@LINE-1]]:26: warning: session in a transaction 'db' escapes its scope: it is stored in a container in member 'm_byName'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-4]]:16: note: 'db' is declared here
  m_byName[name] = &db;
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: session in a transaction 'db' escapes its scope: it is stored in member 'm_byName'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-7]]:16: note: 'db' is declared here
  m_open.push_back(&db);
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: session in a transaction 'db' escapes its scope: it is stored in a container in member 'm_open'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-10]]:16: note: 'db' is declared here
  return db.commit();
}

// A lambda capturing the connection by reference, kept for later.
bool Importer::queueCommit() {
  QSqlDatabase db = QSqlDatabase::database("import");
  if (!db.transaction())
    return false;
  insertRow(db, 1);
  m_finish = [&db] { return db.commit(); };
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: session in a transaction 'db' escapes its scope: a lambda capturing it by reference is stored in member 'm_finish'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-6]]:16: note: 'db' is declared here
  return true;
}

// QThreadPool::start runs the job on another thread, later.
bool Importer::commitInPool() {
  QSqlDatabase db = QSqlDatabase::database("import");
  if (!db.transaction())
    return false;
  QThreadPool::globalInstance()->start([&db] { db.commit(); });
  // CHECK-NOTES: :[[@LINE-1]]:40: warning: session in a transaction 'db' escapes its scope: a lambda capturing it by reference is passed to 'QThreadPool::start'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-5]]:16: note: 'db' is declared here
  return true;
}

// QtConcurrent::run, with the future kept in a member.
bool Importer::commitConcurrently() {
  QSqlDatabase db = QSqlDatabase::database("import");
  db.transaction();
  m_pending = QtConcurrent::run([&] { return insertRow(db, 2) && db.commit(); });
  // CHECK-NOTES: :[[@LINE-1]]:33: warning: session in a transaction 'db' escapes its scope: a lambda capturing it by reference is passed to 'QtConcurrent::run'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-4]]:16: note: 'db' is declared here
  return true;
}

// A global.
void beginImport() {
  QSqlDatabase db = QSqlDatabase::database("import");
  db.transaction();
  g_importDb = &db;
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: session in a transaction 'db' escapes its scope: it is stored in global 'g_importDb'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-4]]:16: note: 'db' is declared here
}

// Returned by address.
QSqlDatabase *openTransaction(const QString &name) {
  QSqlDatabase db = QSqlDatabase::database(name);
  if (!db.transaction())
    return nullptr;
  return &db;
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: session in a transaction 'db' escapes its scope: it is returned; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-5]]:16: note: 'db' is declared here
}

// A local connection is a handle whether or not a transaction is begun
// on it.
class Recent {
public:
  void remember() {
    QSqlDatabase db = QSqlDatabase::database("session");
    m_last = &db;
    // CHECK-NOTES: :[[@LINE-1]]:15: warning: connection 'db' escapes its scope: it is stored in member 'm_last'; it can be used after it has ended [txn-session-escape]
    // CHECK-NOTES: :[[@LINE-3]]:18: note: 'db' is declared here
  }

private:
  QSqlDatabase *m_last = nullptr;
};

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Copies of the connection: returned, stored and captured by value.
QSqlDatabase beginOn(const QString &name) {
  QSqlDatabase db = QSqlDatabase::database(name);
  db.transaction();
  return db;
}

class Session {
public:
  bool open() {
    QSqlDatabase db = QSqlDatabase::database("session");
    if (!db.transaction())
      return false;
    m_db = db;
    m_finish = [db]() mutable { return db.commit(); };
    return true;
  }
  // The connection is a parameter, not a local.
  void adopt(QSqlDatabase &db) {
    db.transaction();
    m_last = &db;
  }

private:
  QSqlDatabase m_db;
  QSqlDatabase *m_last = nullptr;
  std::function<bool()> m_finish;
};

// Used through queries, helpers, local containers and local lambdas.
bool importRows(const QList<int> &ids) {
  QSqlDatabase db = QSqlDatabase::database("import");
  if (!db.transaction())
    return false;
  QSqlQuery insert(db);
  insert.prepare("INSERT INTO rows (id) VALUES (?)");
  QVector<QSqlDatabase *> open;
  open.push_back(&db);
  logConnection(&db);
  QSqlDatabase &same = db;
  for (int id : ids) {
    insert.addBindValue(id);
    if (!insert.exec()) {
      same.rollback();
      return false;
    }
  }
  bool ok = std::all_of(ids.begin(), ids.end(), [&](int id) { return insertRow(db, id); });
  auto finish = [&db] { return db.commit(); };
  if (!ok || !purge(db)) {
    db.rollback();
    return false;
  }
  return finish();
}
