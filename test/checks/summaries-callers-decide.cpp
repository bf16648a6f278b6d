// A function that begins a transaction and does not end it is judged by its
// callers in this translation unit: they replay the begin. With no caller in
// view, a begin followed by statements is a unit of work left open, while a
// bare begin is a begin() wrapper. A path that begins and returns at once
// leaves the transaction to the caller on purpose (a BEGIN/COMMIT dispatcher,
// commit-and-begin-anew).
//
// RUN: %check_txnlint %s txn-missing-rollback %t -- -- %qt5_flags

#include <QtCore/QString>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

// No caller in view: it opens a transaction, runs queries and returns
// unrelated data.
int count_and_mark(QSqlDatabase &db) {
  db.transaction();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'count_and_mark'; commit or roll it back before leaving [txn-missing-rollback]
  QSqlQuery q(db);
  q.exec("UPDATE items SET seen = 1");
  return q.numRowsAffected();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: transaction is still open at this return
}

// Negative: a begin() wrapper with no caller in view.
bool begin_work(QSqlDatabase &db) { return db.transaction(); }

// Negative: a command dispatcher leaves the transaction to its caller on
// the BEGIN branch and ends it on the others.
bool dispatch(QSqlDatabase &db, const QString &command) {
  if (command == "BEGIN") {
    db.transaction();
    return true;
  }
  if (command == "COMMIT")
    return db.commit();
  if (command == "ROLLBACK")
    return db.rollback();
  return false;
}

// Negative: commits and begins the next transaction for the caller.
bool checkpoint(QSqlDatabase &db) {
  if (!db.commit())
    return false;
  return db.transaction();
}

// A validation failure after the begin, in a function that commits on its
// other path: the branch is work done inside the transaction.
bool rename(QSqlDatabase &db, const QString &name) {
  if (!db.transaction())
    return false;
  // CHECK-NOTES: :[[@LINE-2]]:8: warning: transaction begun on 'db' is left open on some path out of 'rename'; commit or roll it back before leaving [txn-missing-rollback]
  if (name.isEmpty())
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  QSqlQuery q(db);
  q.exec("UPDATE settings SET name = 'x'");
  return db.commit();
}

// Begins and prepares a temporary table for its callers, which end the
// transaction: judged by them.
static void start_import(QSqlDatabase &db) {
  db.transaction();
  QSqlQuery q(db);
  q.exec("CREATE TEMP TABLE staging (id INTEGER)");
}

// Negative: the caller ends what start_import began, on every path.
bool import_all(QSqlDatabase &db) {
  start_import(db);
  QSqlQuery q(db);
  if (!q.exec("INSERT INTO items SELECT id FROM staging")) {
    db.rollback();
    return false;
  }
  return db.commit();
}

// A caller that forgets to end it on one path.
bool import_some(QSqlDatabase &db, bool quick) {
  start_import(db);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'import_some'; commit or roll it back before leaving [txn-missing-rollback]
  if (quick)
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  return db.commit();
}

// Negative: a transaction kept by the object between its methods is the
// object's; its users end it.
class Batch {
public:
  explicit Batch(QSqlDatabase db) : db_(db) {}
  void open() {
    db_.transaction();
    QSqlQuery q(db_);
    q.exec("DELETE FROM batch_log");
  }
  bool close() { return db_.commit(); }

private:
  QSqlDatabase db_;
};

// A local lambda that begins and writes, called once; the enclosing
// function never ends what it began.
void refresh(QSqlDatabase &db) {
  auto stage = [&] {
    db.transaction();
    QSqlQuery q(db);
    q.exec("DELETE FROM cache");
  };
  stage();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'refresh'; commit or roll it back before leaving [txn-missing-rollback]
  // CHECK-NOTES: :[[@LINE+1]]:1: note: transaction is still open at the end of the function
}
