// txn-commit-after-failed-write with Qt 5's QSqlDatabase / QSqlQuery,
// compiled against the real QtSql headers. QSqlQuery::exec returns false
// when the statement fails (returns-bool). Inside a transaction, a failed
// exec whose result is dropped, or whose failure branch still reaches
// db.commit(), commits the statements that did succeed: a partial write.
//
// RUN: %check_txnlint %s txn-commit-after-failed-write %t -- -- %qt5_flags

#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QVariant>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlError>
#include <QtSql/QSqlQuery>

void log_error(const QString &text);
bool log_failure(const QString &what);

// The example: both results dropped, then a checked commit.
void purge(QSqlDatabase &db, int user) {
  if (!db.transaction())
    return;
  QSqlQuery q(db);
  q.exec(QStringLiteral("DELETE FROM sessions WHERE user_id = %1").arg(user));
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the failure of this write is not handled before transaction on 'db' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  // CHECK-NOTES: :[[@LINE+4]]:8: note: committed here
  q.exec(QStringLiteral("DELETE FROM users WHERE id = %1").arg(user));
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the failure of this write is not handled before transaction on 'db' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  // CHECK-NOTES: :[[@LINE+1]]:8: note: committed here
  if (!db.commit())
    db.rollback();
}

// Tested, but the failure branch only logs and falls through to the commit.
bool rename(QSqlDatabase &db, int id, const QString &name) {
  db.transaction();
  QSqlQuery q(db);
  q.prepare("UPDATE users SET name = ? WHERE id = ?");
  q.addBindValue(name);
  q.addBindValue(id);
  if (!q.exec())
    // CHECK-NOTES: :[[@LINE-1]]:8: warning: the failure of this write is not handled before transaction on 'db' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
    // CHECK-NOTES: :[[@LINE+2]]:10: note: committed here
    log_error(q.lastError().text());
  return db.commit();
}

// The result in a variable, tested, failure logged, commit reached anyway.
void archive(QSqlDatabase &db) {
  db.transaction();
  QSqlQuery q(db);
  bool ok = q.exec("INSERT INTO archive SELECT * FROM orders");
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: the failure of this write is not handled before transaction on 'db' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  // CHECK-NOTES: :[[@LINE+6]]:3: note: committed here
  if (!ok)
    log_error("archive failed");
  q.exec("DELETE FROM orders WHERE archived = 0");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the failure of this write is not handled before transaction on 'db' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  // CHECK-NOTES: :[[@LINE+1]]:3: note: committed here
  db.commit();
}

// A helper whose result reports its write's failure, dropped by the caller.
bool insertEvent(QSqlDatabase &db, const QString &what) {
  QSqlQuery q(db);
  q.prepare("INSERT INTO events(what) VALUES(?)");
  q.addBindValue(what);
  return q.exec();
}

void recordTwo(QSqlDatabase &db) {
  if (!db.transaction())
    return;
  if (!insertEvent(db, "first")) {
    db.rollback();
    return;
  }
  insertEvent(db, "second");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the failure of this write is not handled before transaction on 'db' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  // CHECK-NOTES: :[[@LINE+1]]:3: note: committed here
  db.commit();
}

// Every insert of a range-for loop drops its result.
void importTitles(QSqlDatabase &db, const QStringList &titles) {
  if (!db.transaction())
    return;
  for (const QString &title : titles)
    QSqlQuery(db).exec("INSERT INTO titles VALUES ('" + title + "')");
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: the failure of this write is not handled before transaction on 'db' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  if (!db.commit())
  // CHECK-NOTES: :[[@LINE-1]]:8: note: committed here
    db.rollback();
}

// A class whose methods share its connection member: the helper's write
// is on the same m_db the caller begins and commits.
class Library {
public:
  bool saveTrack(int id) {
    QSqlQuery q(m_db);
    q.prepare("INSERT INTO tracks (id) VALUES (?)");
    q.addBindValue(id);
    return q.exec();
  }
  void importTracks(const QList<int> &ids) {
    if (!m_db.transaction())
      return;
    for (int id : ids)
      saveTrack(id);
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: the failure of this write is not handled before transaction on 'm_db' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
    if (!m_db.commit())
    // CHECK-NOTES: :[[@LINE-1]]:10: note: committed here
      m_db.rollback();
  }
  void importTracksChecked(const QList<int> &ids) {
    if (!m_db.transaction())
      return;
    for (int id : ids)
      if (!saveTrack(id)) {
        m_db.rollback();
        return;
      }
    m_db.commit();
  }

private:
  QSqlDatabase m_db;
};

// A failed update whose logging succeeds goes on to the commit: the `||`
// has temporaries, so clang's CFG computes its value before the branch.
bool tag_or_log(QSqlDatabase &db) {
  QSqlQuery q(db);
  db.transaction();
  if (q.exec(QStringLiteral("UPDATE tags SET n = n + 1")) ||
      // CHECK-NOTES: :[[@LINE-1]]:7: warning: the failure of this write is not handled before transaction on 'db' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
      log_failure(QStringLiteral("tags")))
    return db.commit();
  // CHECK-NOTES: :[[@LINE-1]]:12: note: committed here
  db.rollback();
  return false;
}

//===-- Not bugs -----------------------------------------------------------===//

// Both writes tested in one condition with temporaries; either failure
// rolls back.
bool retag(QSqlDatabase &db) {
  if (!db.transaction())
    return false;
  QSqlQuery q(db);
  if (!q.exec(QStringLiteral("UPDATE tags SET n = 0")) ||
      !q.exec(QString("DELETE FROM tag_log"))) {
    db.rollback();
    return false;
  }
  return db.commit();
}

// The failure branch rolls back and returns.
bool moveCorrect(QSqlDatabase &db, int from, int to) {
  if (!db.transaction())
    return false;
  QSqlQuery q(db);
  if (!q.exec(QStringLiteral("UPDATE a SET n = n - 1 WHERE id = %1").arg(from))) {
    db.rollback();
    return false;
  }
  if (!q.exec(QStringLiteral("UPDATE a SET n = n + 1 WHERE id = %1").arg(to))) {
    log_error(q.lastError().text());
    db.rollback();
    return false;
  }
  return db.commit();
}

// The failure is remembered in a flag that decides commit or rollback.
bool batchCorrect(QSqlDatabase &db) {
  db.transaction();
  QSqlQuery q(db);
  bool ok = true;
  if (!q.exec("DELETE FROM a"))
    ok = false;
  if (ok && !q.exec("DELETE FROM b"))
    ok = false;
  if (ok)
    return db.commit();
  db.rollback();
  return false;
}

// The failure branch throws: the commit is not reached.
void throwingCorrect(QSqlDatabase &db) {
  db.transaction();
  QSqlQuery q(db);
  if (!q.exec("DELETE FROM a")) {
    db.rollback();
    throw q.lastError();
  }
  db.commit();
}

// Each result is the condition of the commit itself.
bool chainedCorrect(QSqlDatabase &db, const QString &a, const QString &b) {
  db.transaction();
  QSqlQuery q(db);
  if (q.exec(a) && q.exec(b))
    return db.commit();
  db.rollback();
  return false;
}

// The same with temporaries in the condition (QStrings built from
// literals), where clang's CFG joins both operands' outcomes before the
// branch on the whole condition.
bool chainedTemporaries(QSqlDatabase &db) {
  db.transaction();
  QSqlQuery q(db);
  if (q.exec("DELETE FROM a") && q.exec("DELETE FROM b"))
    return db.commit();
  db.rollback();
  return false;
}

// A read's failure loses no write; a write outside a transaction is not
// this check's.
void readsAndAutocommit(QSqlDatabase &db) {
  QSqlQuery q(db);
  q.exec("DELETE FROM cache");
  db.transaction();
  q.exec("SELECT count(*) FROM a");
  db.commit();
}

// A deliberately best-effort write in a savepoint rolled back to on failure.
void bestEffortCorrect(QSqlDatabase &db) {
  if (!db.transaction())
    return;
  QSqlQuery q(db);
  if (!q.exec("INSERT INTO a VALUES(1)")) {
    db.rollback();
    return;
  }
  q.exec("SAVEPOINT stats");
  if (!q.exec("UPDATE stats SET n = n + 1"))
    q.exec("ROLLBACK TO SAVEPOINT stats");
  q.exec("RELEASE SAVEPOINT stats");
  db.commit();
}

// An explicit decision to ignore the result.
void explicitCorrect(QSqlDatabase &db) {
  db.transaction();
  QSqlQuery q(db);
  if (!q.exec("DELETE FROM a")) {
    db.rollback();
    return;
  }
  (void)q.exec("DELETE FROM tmp_cache");
  db.commit();
}

// A store whose accessor hands out a copy of the connection it keeps
// (opening it first): queries built on it write on the store.
class SessionStore {
public:
  QSqlDatabase database() {
    if (!m_db.isOpen())
      m_db.open();
    return m_db;
  }
  bool begin() { return m_db.transaction(); }
  bool commit() { return m_db.commit(); }
  void rollback() { m_db.rollback(); }

private:
  QSqlDatabase m_db;
};

bool purge_sessions(SessionStore *store) {
  if (!store->begin())
    return false;
  QSqlQuery q(store->database());
  q.exec(QStringLiteral("DELETE FROM sessions"));
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the failure of this write is not handled before transaction on 'store' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  // CHECK-NOTES: :[[@LINE+1]]:10: note: committed here
  return store->commit();
}

bool purge_users(SessionStore &store) {
  if (!store.begin())
    return false;
  QSqlQuery q(store.database());
  if (!q.exec(QStringLiteral("DELETE FROM users"))) {
    store.rollback();
    return false;
  }
  return store.commit();
}

// A QSqlQuery constructed without a connection writes in the transaction
// of the default connection; its failure is only logged before the commit.
bool cleanUpTemporaries() {
  QSqlDatabase::database().transaction();
  QSqlQuery q;
  q.prepare("DELETE FROM resources WHERE temporary = 1");
  if (!q.exec())
    // CHECK-NOTES: :[[@LINE-1]]:8: warning: the failure of this write is not handled before transaction on 'QSqlDatabase::database()' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
    // CHECK-NOTES: :[[@LINE+2]]:10: note: committed here
    qWarning("could not delete temporary resources");
  return QSqlDatabase::database().commit();
}

// Negative: one success flag carried through the steps from the first
// statement's result (Kaidan's schema conversions); every failure reaches
// the rollback.
bool convertToV2(QSqlDatabase &db) {
  if (!db.transaction())
    return false;
  QSqlQuery query(db);
  bool ok = query.exec("ALTER TABLE messages ADD COLUMN stanza_id TEXT");
  ok = ok && query.exec("UPDATE messages SET stanza_id = id");
  ok = ok && query.exec("UPDATE db_info SET version = 2");
  if (!ok) {
    db.rollback();
    return false;
  }
  return db.commit();
}
