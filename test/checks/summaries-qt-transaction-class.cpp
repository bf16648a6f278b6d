// Function summaries with a Qt SQL transaction class of the user's: the
// constructor begins in a member initializer (`m_active(m_db.transaction())`),
// commit() and rollback() do nothing once the object holds no transaction
// (`if (!m_active) return false;`), and the destructor rolls back through
// rollback(). Its users are checked as if they called QSqlDatabase.
//
// RUN: %check_txnlint %s txn-missing-rollback,txn-unchecked-commit,txn-commit-after-failed-write,txn-commit-before-validation,txn-autocommit-multi-write %t -- -- %qt5_flags

#include <QtCore/QString>
#include <QtCore/QVariant>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

class SqlTransaction {
public:
  explicit SqlTransaction(const QSqlDatabase &db)
      : m_db(db), m_active(m_db.transaction()) {}
  ~SqlTransaction() {
    if (m_active)
      rollback();
  }
  bool commit() {
    if (!m_active)
      return false;
    bool ok = m_db.commit();
    m_active = false;
    return ok;
  }
  bool rollback() {
    if (!m_active)
      return false;
    m_active = false;
    return m_db.rollback();
  }
  explicit operator bool() const { return m_active; }

private:
  QSqlDatabase m_db;
  bool m_active;
};

// Commits every hundred rows; the test of the count is no state guard.
class BatchWriter {
public:
  explicit BatchWriter(QSqlDatabase db) : m_db(db) { m_db.transaction(); }
  void flush() {
    if (m_pending < 100)
      return;
    if (!m_db.commit())
      m_failed = true;
    m_pending = 0;
    m_db.transaction();
  }
  int m_pending = 0;
  bool m_failed = false;

private:
  QSqlDatabase m_db;
};

static bool exec(QSqlQuery &q) { return q.exec(); }

// Positive: the wrapper's commit result is dropped.
void rename_track(const QSqlDatabase &db, int id, const QString &name) {
  SqlTransaction t(db);
  if (!t)
    return;
  QSqlQuery q(db);
  q.prepare("UPDATE tracks SET name = ? WHERE id = ?");
  q.addBindValue(name);
  q.addBindValue(id);
  if (!exec(q))
    return;
  t.commit();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the result of committing transaction 't' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
}

// Positive: a write's failure is not handled before the wrapper commits.
bool move_tracks(const QSqlDatabase &db, int from, int to) {
  SqlTransaction t(db);
  QSqlQuery q(db);
  q.prepare("UPDATE tracks SET crate = ? WHERE crate = ?");
  q.addBindValue(to);
  q.addBindValue(from);
  q.exec();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the failure of this write is not handled before transaction 't' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  QSqlQuery d(db);
  d.prepare("DELETE FROM crates WHERE id = ?");
  d.addBindValue(from);
  if (!d.exec())
    return false;
  return t.commit();
}

// Positive: committed, then a check that can still fail.
bool import_row(const QSqlDatabase &db, const QString &value) {
  SqlTransaction t(db);
  QSqlQuery q(db);
  q.prepare("INSERT INTO rows(v) VALUES (?)");
  q.addBindValue(value);
  if (!q.exec())
    return false;
  if (!t.commit())
    // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: transaction 't' is committed before 'QString::isEmpty' can fail; a failure there leaves a partial write [txn-commit-before-validation]
    return false;
  if (value.trimmed().isEmpty())
    return false;
  return true;
}

// Negative: every early return leaves through the destructor's rollback,
// the commit is checked, and both writes are inside the transaction.
bool retag(const QSqlDatabase &db, int id, const QString &tag) {
  SqlTransaction t(db);
  if (!t)
    return false;
  QSqlQuery q(db);
  q.prepare("DELETE FROM tags WHERE track = ?");
  q.addBindValue(id);
  if (!q.exec())
    return false;
  q.prepare("INSERT INTO tags(track, tag) VALUES (?, ?)");
  q.addBindValue(id);
  q.addBindValue(tag);
  if (!q.exec())
    return false;
  return t.commit();
}

// Negative: flush() commits only when enough rows are pending, and then
// begins the next batch: the check after it is no validation of the
// committed rows.
bool add_row(BatchWriter &writer, QSqlDatabase db, const QString &value) {
  QSqlQuery q(db);
  q.prepare("INSERT INTO rows(v) VALUES (?)");
  q.addBindValue(value);
  if (!q.exec())
    return false;
  ++writer.m_pending;
  writer.flush();
  if (value.isEmpty())
    return false;
  return true;
}
