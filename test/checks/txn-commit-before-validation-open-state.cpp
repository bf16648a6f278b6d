// A transaction class that reports its commit through its state, in the
// shape of WebKit's SQLiteTransaction: commit() leaves inProgress() true
// when COMMIT failed. Testing inProgress() right after the commit is the
// commit's own failure branch, not a step that can fail after it; a
// validation after the commit still is.
//
// RUN: %check_txnlint %s txn-commit-before-validation %t -- -- -std=c++17

#include <sqlite3.h>

class Database {
public:
  bool executeCommand(const char *sql) {
    if (!m_db)
      return false;
    return sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
  }
  bool recordRemoval(int domain) {
    return executeCommand("UPDATE stats SET removed = removed + 1");
  }
  bool isKnownDomain(int domain);

private:
  sqlite3 *m_db = nullptr;
};

class Transaction {
public:
  explicit Transaction(Database &db) : m_db(db) {}
  ~Transaction() {
    if (m_inProgress)
      m_db.executeCommand("ROLLBACK");
  }
  void begin() {
    if (!m_inProgress)
      m_inProgress = m_db.executeCommand("BEGIN IMMEDIATE");
  }
  void commit() {
    if (m_inProgress)
      m_inProgress = !m_db.executeCommand("COMMIT");
  }
  bool inProgress() const { return m_inProgress; }

private:
  Database &m_db;
  bool m_inProgress = false;
};

bool recordDataRemoval(Database &db, int domain) {
  Transaction transaction(db);
  transaction.begin();
  if (!transaction.inProgress())
    return false;
  if (!db.recordRemoval(domain))
    return false;
  transaction.commit();
  if (transaction.inProgress())
    return false;
  return true;
}

bool recordKnownRemoval(Database &db, int domain) {
  Transaction transaction(db);
  transaction.begin();
  if (!transaction.inProgress())
    return false;
  if (!db.recordRemoval(domain))
    return false;
  transaction.commit();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: transaction on 'transaction' is committed before 'Database::isKnownDomain' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  if (transaction.inProgress() || !db.isKnownDomain(domain))
    return false;
  return true;
}
