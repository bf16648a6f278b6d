// txn-session-escape when a local connection is bound to a reference
// parameter of a helper in the same translation unit, with the real QtSql
// headers. Inside the helper, the parameter names the caller's object itself:
// assigning a new connection to it, or copying it into a member, keeps no
// reference to the local. Taking its address and keeping that does.
//
// RUN: %check_txnlint %s txn-session-escape %t -- -- %qt5_flags

#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

// Defined in another translation unit.
QSqlDatabase otherDb();

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

QSqlDatabase *g_current = nullptr;

static void track(QSqlDatabase &db) { g_current = &db; }
static void trackAll(QSqlDatabase &db) { track(db); }

bool importTracked() {
  QSqlDatabase db = QSqlDatabase::database("import");
  if (!db.transaction())
    return false;
  trackAll(db);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: session in a transaction 'db' escapes its scope: it is passed to 'trackAll', which stores it; it can be used after it has ended [txn-session-escape]
  return db.commit();
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Reassigned through two calls.
static void rebind(QSqlDatabase &db) { db = otherDb(); }
static void reconnect(QSqlDatabase &db) { rebind(db); }

bool importReconnected() {
  QSqlDatabase db = QSqlDatabase::database("import");
  if (!db.transaction())
    return false;
  reconnect(db);
  return db.commit();
}

// Copied from, into another connection and into a member.
static void copyInto(QSqlDatabase &to, QSqlDatabase &from) { to = from; }
static void refresh(QSqlDatabase &to, QSqlDatabase &from) { copyInto(to, from); }

class Service {
public:
  void remember(QSqlDatabase &db) { m_last = db; }
  void keep(QSqlDatabase &db) { remember(db); }
  bool run();

private:
  QSqlDatabase m_last;
};

bool Service::run() {
  QSqlDatabase db = QSqlDatabase::database("import");
  if (!db.transaction())
    return false;
  QSqlDatabase backup;
  refresh(backup, db);
  keep(db);
  return db.commit();
}
