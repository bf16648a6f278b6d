// A transaction class of the program whose destructor commits on every path
// (digiKam's CoreDbTransaction: `~CoreDbTransaction() {
// m_access->backend()->commitTransaction(); }`): the end of a local's scope
// commits what its constructor began, also when an exception unwinds it, so
// an exception between two writes commits the first alone
// (txn-missing-rollback), and a write whose failure is dropped is committed
// without it (txn-commit-after-failed-write). A destructor that rolls back,
// or commits on some paths only, is no such class. Every txn-* check runs,
// so every finding in the file is listed.
//
// RUN: %check_txnlint %s 'txn-*' %t

#include <sqlite3.h>

#include <stdexcept>
#include <string>

class Backend {
public:
  bool begin() { return exec("BEGIN"); }
  bool commit() { return exec("COMMIT"); }
  bool rollback() { return exec("ROLLBACK"); }
  bool exec(const std::string &sql) {
    return sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, nullptr) ==
           SQLITE_OK;
  }

private:
  sqlite3 *m_db = nullptr;
};

class CoreDbTransaction {
public:
  explicit CoreDbTransaction(Backend *backend) : m_backend(backend) {
    m_backend->begin();
  }
  ~CoreDbTransaction() { (void)m_backend->commit(); }

private:
  Backend *m_backend;
};

class RollbackGuard {
public:
  explicit RollbackGuard(Backend *backend) : m_backend(backend) {
    m_backend->begin();
  }
  ~RollbackGuard() {
    if (!m_done)
      m_backend->rollback();
  }
  bool commit() {
    m_done = true;
    return m_backend->commit();
  }

private:
  Backend *m_backend;
  bool m_done = false;
};

int tagIdFor(const std::string &name) {
  if (name.empty())
    throw std::invalid_argument("no tag");
  return 1;
}

// Positive: tagIdFor throws after the first write, and the unwinding
// destructor commits it alone; a failed write returns early, and the
// destructor commits the other one without it.
void retag(Backend &backend, const std::string &name) {
  CoreDbTransaction transaction(&backend);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'transaction' commits a partial write when an exception unwinds it; its destructor should roll back unless it was committed [txn-missing-rollback]
  // CHECK-NOTES: :[[@LINE+5]]:13: note: an exception can leave its scope here
  if (!backend.exec("DELETE FROM tags WHERE image = 1"))
    // CHECK-NOTES: :[[@LINE-1]]:8: warning: the failure of this write is not handled before transaction 'transaction' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: committed here
  int tag = tagIdFor(name);
  if (!backend.exec("INSERT INTO tags VALUES (1, " + std::to_string(tag) + ")"))
    // CHECK-NOTES: :[[@LINE-1]]:8: warning: the failure of this write is not handled before transaction 'transaction' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: committed here
}

// Negatives: the same with a guard whose destructor rolls back unless
// committed, and with one that commits or rolls back as its constructor was
// told (Mozilla's mozStorageTransaction: no such class).
bool retag_guarded(Backend &backend, const std::string &name) {
  RollbackGuard guard(&backend);
  if (!backend.exec("DELETE FROM tags WHERE image = 3"))
    return false;
  int tag = tagIdFor(name);
  if (!backend.exec("INSERT INTO tags VALUES (3, " + std::to_string(tag) + ")"))
    return false;
  return guard.commit();
}

class CommitWhenTold {
public:
  CommitWhenTold(Backend *backend, bool commitOnExit)
      : m_backend(backend), m_commit(commitOnExit) {
    m_backend->begin();
  }
  ~CommitWhenTold() {
    if (m_commit)
      (void)m_backend->commit();
    else
      (void)m_backend->rollback();
  }

private:
  Backend *m_backend;
  bool m_commit;
};

void retag_told(Backend &backend) {
  CommitWhenTold transaction(&backend, false);
  backend.exec("DELETE FROM tags WHERE image = 4");
}
