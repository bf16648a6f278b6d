// txn-unchecked-commit with Qt 5's QSqlDatabase / QSqlQuery, compiled against
// the real QtSql headers. QSqlDatabase::commit() and QSqlQuery::exec(sql)
// return false when they fail (returns-bool); a commit whose result is
// dropped hides a failed commit. rollback() and transaction() are not
// commits.
//
// RUN: %check_txnlint %s txn-unchecked-commit %t -- -- %qt5_flags

#include <QtCore/QString>
#include <QtCore/QVariant>
#include <QtCore/QVector>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlError>
#include <QtSql/QSqlQuery>

// Defined in another translation unit.
bool insert_order(QSqlDatabase &db, int id);
void report(bool committed);
void log_error(const QString &text);

class Repository {
public:
  void save(int id);
  void saveChecked(int id);
  bool lastOk() const { return m_ok; }

private:
  QSqlDatabase m_db;
  bool m_ok = false;
};

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// The commit as a statement of its own.
bool save_order(QSqlDatabase &db, int id) {
  db.transaction();
  if (!insert_order(db, id)) {
    db.rollback();
    return false;
  }
  db.commit();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the result of committing transaction on 'db' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
  return true;
}

// Stored in a variable that is never read.
void save_quietly(QSqlDatabase &db, int id) {
  db.transaction();
  insert_order(db, id);
  bool ok = db.commit();
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: the result of committing transaction on 'db' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
}

// Assigned to a variable that is never read.
bool save_assigned(QSqlDatabase &db, int id) {
  bool ok;
  db.transaction();
  insert_order(db, id);
  ok = db.commit();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: the result of committing transaction on 'db' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
  return true;
}

// COMMIT through a query: QSqlQuery::exec returns false when it fails.
void commit_by_query(QSqlDatabase &db) {
  db.transaction();
  QSqlQuery q(db);
  q.exec("INSERT INTO orders (id) VALUES (1)");
  q.exec("COMMIT");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the result of committing transaction on 'db' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
}

// The connection from the registry.
void save_default(int id) {
  QSqlDatabase::database().transaction();
  QSqlQuery q(QSqlDatabase::database());
  q.exec("DELETE FROM cart");
  QSqlDatabase::database().commit();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the result of committing transaction on 'QSqlDatabase::database()' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
}

// On a member connection; one transaction per row.
void Repository::save(int id) {
  for (int row = 0; row < id; ++row) {
    if (!m_db.transaction())
      return;
    insert_order(m_db, row);
    m_db.commit();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the result of committing transaction on 'm_db' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
  }
}

// Inside a lambda.
void save_later(QSqlDatabase &db) {
  auto finish = [&db] {
    db.commit();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the result of committing transaction on 'db' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
  };
  db.transaction();
  finish();
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Returned to the caller.
bool save_returned(QSqlDatabase &db, int id) {
  db.transaction();
  insert_order(db, id);
  return db.commit();
}

// Tested.
bool save_tested(QSqlDatabase &db, int id) {
  if (!db.transaction())
    return false;
  insert_order(db, id);
  if (!db.commit()) {
    log_error(db.lastError().text());
    db.rollback();
    return false;
  }
  return true;
}

// Stored, then read.
bool save_stored(QSqlDatabase &db, int id) {
  db.transaction();
  insert_order(db, id);
  const bool committed = db.commit();
  if (!committed)
    db.rollback();
  return committed;
}

bool save_assigned_then_read(QSqlDatabase &db, int id) {
  bool ok = db.transaction();
  insert_order(db, id);
  ok = db.commit();
  return ok;
}

// Combined with other results.
bool save_all(QSqlDatabase &db, const QVector<int> &ids) {
  bool ok = db.transaction();
  for (int id : ids)
    ok = ok && insert_order(db, id);
  ok = ok && db.commit();
  return ok;
}

bool save_accumulated(QSqlDatabase &db, int id) {
  bool ok = db.transaction();
  ok &= insert_order(db, id);
  ok &= db.commit();
  return ok;
}

bool begin_and_commit(QSqlDatabase &db) {
  return db.transaction() && db.commit();
}

bool commit_or_rollback(QSqlDatabase &db, bool good) {
  db.transaction();
  return good ? db.commit() : db.rollback();
}

// Passed on.
void save_reported(QSqlDatabase &db, int id) {
  db.transaction();
  insert_order(db, id);
  report(db.commit());
}

// Stored in a member for later.
void Repository::saveChecked(int id) {
  m_db.transaction();
  insert_order(m_db, id);
  m_ok = m_db.commit();
}

// Retried until it succeeds; in a switch; in an if with an initializer.
void save_retrying(QSqlDatabase &db) {
  db.transaction();
  while (!db.commit())
    log_error(db.lastError().text());
}

int save_switch(QSqlDatabase &db) {
  db.transaction();
  switch (db.commit()) {
  case true:
    return 0;
  default:
    return -1;
  }
}

bool save_init(QSqlDatabase &db) {
  db.transaction();
  if (bool ok = db.commit(); !ok) {
    log_error(db.lastError().text());
    return false;
  }
  return true;
}

// Ignored on purpose.
void save_best_effort(QSqlDatabase &db) {
  db.transaction();
  (void)db.commit();
  db.transaction();
  static_cast<void>(db.commit());
  db.transaction();
  Q_UNUSED(db.commit());
}

// A checked COMMIT through a query.
bool commit_by_query_checked(QSqlDatabase &db) {
  db.transaction();
  QSqlQuery q(db);
  if (!q.exec("COMMIT")) {
    log_error(q.lastError().text());
    return false;
  }
  return true;
}

// Not commits: begin, rollback, close, and queries that are not COMMIT.
void not_commits(QSqlDatabase &db) {
  db.transaction();
  QSqlQuery q(db);
  q.exec("INSERT INTO orders (id) VALUES (1)");
  db.rollback();
  q.exec("SELECT count(*) FROM orders");
  db.close();
}

// Negative: a reporting transaction that only reads, through a helper
// given its SQL as QStringLiteral (a lambda that Qt's macro writes, library
// code): its failed commit loses nothing.
static QVariant scalar(QSqlDatabase &db, const QString &sql) {
  QSqlQuery q(db);
  q.prepare(sql);
  if (!q.exec() || !q.next())
    return QVariant();
  return q.value(0);
}

int report_totals(QSqlDatabase db) {
  if (!db.transaction())
    return -1;
  QVariant orders = scalar(db, QStringLiteral("SELECT count(*) FROM orders"));
  QVariant users = scalar(db, QStringLiteral("SELECT count(*) FROM users"));
  db.commit();
  return orders.toInt() + users.toInt();
}
