// A helper that swallows its write's failure, with Qt 5's QtSql: a method
// that logs a failed QSqlQuery::exec and returns, a lambda that does the
// same, and their negatives (a signal, an error member, a flag the lambda
// captures by reference, a method whose bool the caller tests).
//
// RUN: %check_txnlint %s txn-commit-after-failed-write %t -- -- %qt5_flags

#include <QtCore/QDebug>
#include <QtCore/QObject>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QVariant>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlError>
#include <QtSql/QSqlQuery>

class Playlist : public QObject {
public:
  void importTracks(const QStringList &paths);
  void importTracksReported(const QStringList &paths);
  bool importTracksChecked(const QStringList &paths);
  void renameAll(const QString &prefix);

signals:
  void storeFailed(const QString &message);

private:
  void addTrack(const QString &path);
  void addTrackReported(const QString &path);
  void addTrackRemembered(const QString &path);
  bool addTrackChecked(const QString &path);

  QSqlDatabase m_db;
  QString m_lastError;
};

void Playlist::addTrack(const QString &path) {
  QSqlQuery query(m_db);
  query.prepare("INSERT INTO tracks (path) VALUES (:path)");
  query.bindValue(":path", path);
  if (!query.exec())
    qWarning() << "cannot add" << path << query.lastError().text();
}

void Playlist::importTracks(const QStringList &paths) {
  if (!m_db.transaction())
    return;
  for (const QString &path : paths)
    addTrack(path);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'Playlist::addTrack' does not report the failure of its write, and transaction on 'm_db' commits after it; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  if (!m_db.commit())
  // CHECK-NOTES: :[[@LINE-1]]:8: note: committed here
    m_db.rollback();
}

// A lambda that logs and goes on.
void Playlist::renameAll(const QString &prefix) {
  if (!m_db.transaction())
    return;
  auto rename = [this, &prefix](int id) {
    QSqlQuery query(m_db);
    query.prepare("UPDATE tracks SET name = :prefix || name WHERE id = :id");
    query.bindValue(":prefix", prefix);
    query.bindValue(":id", id);
    if (!query.exec())
      qDebug() << query.lastError();
  };
  rename(1);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the lambda does not report the failure of its write, and transaction on 'm_db' commits after it; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  // CHECK-NOTES: :[[@LINE+3]]:8: note: committed here
  rename(2);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the lambda does not report the failure of its write, and transaction on 'm_db' commits after it; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  if (!m_db.commit())
  // CHECK-NOTES: :[[@LINE-1]]:8: note: committed here
    m_db.rollback();
}

// Negatives.

// A signal tells whoever listens.
void Playlist::addTrackReported(const QString &path) {
  QSqlQuery query(m_db);
  query.prepare("INSERT INTO tracks (path) VALUES (:path)");
  query.bindValue(":path", path);
  if (!query.exec())
    emit storeFailed(query.lastError().text());
}

// The object keeps the error for the caller to read.
void Playlist::addTrackRemembered(const QString &path) {
  QSqlQuery query(m_db);
  query.prepare("INSERT INTO tracks (path) VALUES (:path)");
  query.bindValue(":path", path);
  if (!query.exec())
    m_lastError = query.lastError().text();
}

void Playlist::importTracksReported(const QStringList &paths) {
  if (!m_db.transaction())
    return;
  m_lastError.clear();
  for (const QString &path : paths) {
    addTrackReported(path);
    addTrackRemembered(path);
  }
  if (!m_lastError.isEmpty() || !m_db.commit())
    m_db.rollback();
}

bool Playlist::addTrackChecked(const QString &path) {
  QSqlQuery query(m_db);
  query.prepare("INSERT INTO tracks (path) VALUES (:path)");
  query.bindValue(":path", path);
  if (!query.exec()) {
    qWarning() << query.lastError().text();
    return false;
  }
  return true;
}

bool Playlist::importTracksChecked(const QStringList &paths) {
  if (!m_db.transaction())
    return false;
  bool ok = true;
  // A flag the lambda sets by reference.
  auto add = [&](const QString &path) {
    QSqlQuery query(m_db);
    query.prepare("INSERT INTO tracks (path) VALUES (:path)");
    query.bindValue(":path", path);
    if (!query.exec())
      ok = false;
  };
  for (const QString &path : paths) {
    if (!addTrackChecked(path)) {
      m_db.rollback();
      return false;
    }
    add(path + ".bak");
  }
  if (!ok) {
    m_db.rollback();
    return false;
  }
  return m_db.commit();
}
