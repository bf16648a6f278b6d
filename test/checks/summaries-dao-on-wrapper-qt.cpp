// A data-access object built on the caller's database wrapper (`TrackDao
// tracks(db);`) runs its statements on the connection the wrapper hands out
// (`QSqlQuery q(m_db.connection())`): they are on the caller's wrapper, in
// the transaction the caller begins on it. Qt 5, real QtSql headers.
//
// RUN: %check_txnlint %s txn-commit-after-failed-write %t -- -- %qt5_flags

#include <QtCore/QDebug>
#include <QtCore/QString>
#include <QtCore/QVariant>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

class Database {
public:
  bool beginTransaction() { return m_db.transaction(); }
  bool commit() { return m_db.commit(); }
  void rollback() { m_db.rollback(); }
  QSqlDatabase &connection() { return m_db; }

private:
  QSqlDatabase m_db;
};

class TrackDao {
public:
  explicit TrackDao(Database &db) : m_db(db) {}
  // Logs a failure and goes on.
  void touch(int id) {
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("UPDATE tracks SET played = 1 WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec())
      qWarning() << "touch failed";
  }
  // Reports it.
  bool rate(int id, int stars) {
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("UPDATE tracks SET stars = ? WHERE id = ?"));
    q.addBindValue(stars);
    q.addBindValue(id);
    return q.exec();
  }

private:
  Database &m_db;
};

bool record(Database &db, int id) {
  TrackDao tracks(db);
  if (!db.beginTransaction())
    return false;
  tracks.touch(id);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'TrackDao::touch' does not report the failure of its write, and transaction on 'db' commits after it; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  return db.commit();
  // CHECK-NOTES: :[[@LINE-1]]:10: note: committed here
}

// Negative: the failure is reported, and the caller rolls back.
bool rateAll(Database &db, const int *ids, int n, int stars) {
  TrackDao tracks(db);
  if (!db.beginTransaction())
    return false;
  for (int i = 0; i < n; ++i)
    if (!tracks.rate(ids[i], stars)) {
      db.rollback();
      return false;
    }
  return db.commit();
}

// The same with the data-access object a member of a service, built in the
// service's constructor from the wrapper the service keeps.
class History {
public:
  explicit History(Database &db) : m_db(db), m_tracks(db) {}
  bool record(int id) {
    if (!m_db.beginTransaction())
      return false;
    m_tracks.touch(id);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'TrackDao::touch' does not report the failure of its write, and transaction on 'm_db' commits after it; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
    return m_db.commit();
    // CHECK-NOTES: :[[@LINE-1]]:12: note: committed here
  }

private:
  Database &m_db;
  TrackDao m_tracks;
};
