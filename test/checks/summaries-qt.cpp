// Function summaries with Qt SQL: local lambdas that roll back, a lambda
// defined but never called, helpers that end a transaction on every path
// or only on some, and a singleton connection reached through a factory.
//
// RUN: %check_txnlint %s txn-missing-rollback,txn-use-after-end %t -- -- %qt5_flags
// RUN: %txnlint --dump-events --exit-zero %s -- %qt5_flags 2>/dev/null | FileCheck --check-prefix=DUMP %s

#include <QtCore/QString>
#include <QtCore/QVariant>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

// Negative: every failure path ends through the lambda.
bool merge(QSqlDatabase &db) {
  if (!db.transaction())
    return false;
  QSqlQuery first(db), second(db);
  auto abandon = [&] {
    db.rollback();
    return false;
  };
  if (!first.exec("UPDATE a SET merged = 1"))
    return abandon();
  // DUMP: summaries-qt.cpp:[[@LINE-1]]:12: remark: rollback on 'db' (summary of the lambda at line 18) [txnlint-dump-events]
  if (!second.exec("UPDATE b SET merged = 1"))
    return abandon();
  return db.commit();
}

// A lambda defined but not called does nothing.
bool merge_forgotten(QSqlDatabase &db) {
  if (!db.transaction())
    return false;
  // CHECK-NOTES: :[[@LINE-2]]:8: warning: transaction begun on 'db' is left open on some path out of 'merge_forgotten'; commit or roll it back before leaving [txn-missing-rollback]
  QSqlQuery first(db);
  auto abandon = [&] { db.rollback(); };
  if (!first.exec("UPDATE a SET merged = 1"))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  return db.commit();
}

// An immediately invoked lambda.
void reset_all(QSqlDatabase &db) {
  db.transaction();
  QSqlQuery q(db);
  q.exec("DELETE FROM cache");
  [&] { db.commit(); }();
}

// A helper that rolls back on every path, and one that does only on some:
// the second does not count as ending the transaction.
static void give_up(QSqlDatabase &db) { db.rollback(); }

static void give_up_if(QSqlDatabase &db, bool failed) {
  if (failed)
    db.rollback();
}

bool import_rows(QSqlDatabase &db, bool bad) {
  if (!db.transaction())
    return false;
  if (bad) {
    give_up(db);
    // DUMP: summaries-qt.cpp:[[@LINE-1]]:5: remark: rollback on 'db' (summary of 'give_up') [txnlint-dump-events]
    return false;
  }
  db.commit();
  db.commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is committed again after it was committed; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: it is committed here
  return true;
}

bool import_some(QSqlDatabase &db, bool bad) {
  if (!db.transaction())
    return false;
  give_up_if(db, bad);
  db.commit();
  give_up(db);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is rolled back after it was committed; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: it is committed here
  return true;
}

// The application's one connection, reached through a factory.
static QSqlDatabase connection() { return QSqlDatabase::database("main"); }

static bool begin_main() { return QSqlDatabase::database("main").transaction(); }

bool bump(int id) {
  if (!begin_main())
    return false;
  // CHECK-NOTES: :[[@LINE-2]]:8: warning: transaction begun on 'QSqlDatabase::database("main")' is left open on some path out of 'bump'; commit or roll it back before leaving [txn-missing-rollback]
  QSqlQuery q(QSqlDatabase::database("main"));
  if (!q.exec(QStringLiteral("UPDATE counters SET n = n + 1 WHERE id = %1").arg(id)))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  return QSqlDatabase::database("main").commit();
}

// An RAII wrapper class: its constructor begins on a member, its destructor
// rolls back unless committed. A local of it owns its transaction.
class Transaction {
public:
  explicit Transaction(QSqlDatabase &db) : db_(db) { db_.transaction(); }
  ~Transaction() {
    if (!done_)
      db_.rollback();
  }
  bool commit() {
    done_ = db_.commit();
    return done_;
  }

private:
  QSqlDatabase &db_;
  bool done_ = false;
};

// Negative: every early exit is rolled back by the destructor.
bool rename_all(QSqlDatabase &db, bool valid) {
  Transaction t(db);
  QSqlQuery q(db);
  if (!q.exec("UPDATE items SET name = upper(name)"))
    return false;
  if (!valid)
    return false;
  return t.commit();
}

// The same shape without a destructor that ends it: a leak.
class Batch {
public:
  explicit Batch(QSqlDatabase &db) : db_(db) { db_.transaction(); }
  bool commit() { return db_.commit(); }

private:
  QSqlDatabase &db_;
};

bool rename_some(QSqlDatabase &db) {
  Batch b(db);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'b' is left open on some path out of 'rename_some'; commit or roll it back before leaving [txn-missing-rollback]
  QSqlQuery q(db);
  if (!q.exec("UPDATE items SET name = lower(name)"))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  return b.commit();
}

// A helper that binds a value: the QString it hands to QVariant's
// constructor (defined in the library) carries no connection, so the
// helper ends nothing, and its failure return leaves the caller's
// transaction open.
static bool insertName(QSqlDatabase &db, const QString &name) {
  QSqlQuery q(db);
  q.prepare("INSERT INTO items (name) VALUES (?)");
  q.addBindValue(name);
  return q.exec();
}

bool importNames(QSqlDatabase &db, const QString &first, const QString &second) {
  db.transaction();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'importNames'; commit or roll it back before leaving [txn-missing-rollback]
  if (!insertName(db, first) || !insertName(db, second))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  return db.commit();
}
