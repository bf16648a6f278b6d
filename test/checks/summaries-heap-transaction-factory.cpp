// Function summaries for a transaction object built on the heap: a factory
// that returns `new Transaction(db_)`, `std::make_unique<Transaction>(db_)`
// or `std::unique_ptr<Transaction>(new Transaction(db_))`, and a caller
// that builds one itself. The caller's pointer is a transaction on the
// connection it was built from; a smart pointer's destructor runs the
// class's, which covers the early returns when it rolls back, and a plain
// pointer's runs only at a delete. Every txn-* check runs, so every finding
// in the file is listed.
//
// RUN: %check_txnlint %s 'txn-*' %t

#include <sqlite3.h>

#include <memory>

// Rolls back what it has not committed when destroyed.
class ScopedTransaction {
public:
  explicit ScopedTransaction(sqlite3 *db) : db_(db) {
    sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr);
  }
  ~ScopedTransaction() {
    if (!done_)
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  bool commit() {
    done_ = true;
    return sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
  }

private:
  sqlite3 *db_;
  bool done_ = false;
};

// Leaves the transaction to its user.
class ManualTransaction {
public:
  explicit ManualTransaction(sqlite3 *db) : db_(db) {
    sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr);
  }
  bool commit() {
    return sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
  }
  void rollback() { sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr); }

private:
  sqlite3 *db_;
};

class Database {
public:
  std::unique_ptr<ScopedTransaction> begin() {
    return std::make_unique<ScopedTransaction>(db_);
  }
  std::unique_ptr<ScopedTransaction> beginWrapped() {
    return std::unique_ptr<ScopedTransaction>(new ScopedTransaction(db_));
  }
  ManualTransaction *beginManual() { return new ManualTransaction(db_); }
  bool exec(const char *sql) {
    return sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
  }

private:
  sqlite3 *db_ = nullptr;
};

// The destructor rolls back on each early return; the writes are inside the
// transaction, not in autocommit mode.
bool transfer(Database &db) {
  auto t = db.begin();
  if (!db.exec("UPDATE accounts SET balance = balance - 10 WHERE id = 1"))
    return false;
  if (!db.exec("UPDATE accounts SET balance = balance + 10 WHERE id = 2"))
    return false;
  return t->commit();
}

bool transferWrapped(Database &db) {
  std::unique_ptr<ScopedTransaction> t = db.beginWrapped();
  if (!db.exec("DELETE FROM pending WHERE id = 1"))
    return false;
  if (!db.exec("INSERT INTO done VALUES (1)"))
    return false;
  return t->commit();
}

// The commit's result is dropped.
void transferUnchecked(Database &db) {
  auto t = db.begin();
  if (!db.exec("UPDATE accounts SET balance = 0 WHERE id = 3"))
    return;
  t->commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the result of committing transaction 't' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
}

// A plain pointer: the delete does not end the transaction, and the early
// return leaves it open on the connection.
bool archive(Database &db) {
  ManualTransaction *t = db.beginManual();
  // CHECK-NOTES: :[[@LINE-1]]:26: warning: transaction begun on 't' is left open on some path out of 'archive'; commit or roll it back before leaving [txn-missing-rollback]
  if (!db.exec("INSERT INTO archive SELECT * FROM live")) {
    delete t;
    return false;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  }
  bool committed = t->commit();
  delete t;
  return committed;
}

bool archiveOk(Database &db) {
  ManualTransaction *t = db.beginManual();
  if (!db.exec("INSERT INTO archive SELECT * FROM live")) {
    t->rollback();
    delete t;
    return false;
  }
  bool committed = t->commit();
  delete t;
  return committed;
}

// Built by the caller itself.
bool purge(sqlite3 *db) {
  auto t = std::make_unique<ScopedTransaction>(db);
  if (sqlite3_exec(db, "DELETE FROM a", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  if (sqlite3_exec(db, "DELETE FROM b", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  return t->commit();
}

bool purgeManual(sqlite3 *db) {
  auto *t = new ManualTransaction(db);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 't' is left open on some path out of 'purgeManual'; commit or roll it back before leaving [txn-missing-rollback]
  if (sqlite3_exec(db, "DELETE FROM a", nullptr, nullptr, nullptr) != SQLITE_OK) {
    delete t;
    return false;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  }
  bool committed = t->commit();
  delete t;
  return committed;
}

// Built into a member by one method and committed by another: the class's
// methods are operations on its object, which the caller's transaction is
// on.
class Store {
public:
  void begin() { m_txn.reset(new ManualTransaction(m_db)); }
  void beginUnique() { m_txn = std::make_unique<ManualTransaction>(m_db); }
  bool commit() {
    bool committed = m_txn->commit();
    m_txn.reset();
    return committed;
  }
  bool put(int key) {
    return sqlite3_exec(m_db, "INSERT INTO kv VALUES (1)", nullptr, nullptr, nullptr) == SQLITE_OK;
  }

private:
  sqlite3 *m_db = nullptr;
  std::unique_ptr<ManualTransaction> m_txn;
};

bool fill(Store &store) {
  store.begin();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'store' is left open on some path out of 'fill'; commit or roll it back before leaving [txn-missing-rollback]
  if (!store.put(1))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  return store.commit();
}

bool fillUnique(Store &store) {
  store.beginUnique();
  // The failure branch of either write commits what the other stored.
  if (!store.put(1) || !store.put(2)) {
    // CHECK-NOTES: :[[@LINE-1]]:8: warning: the failure of this write is not handled before transaction on 'store' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
    // CHECK-NOTES: :[[@LINE+3]]:5: note: committed here
    // CHECK-NOTES: :[[@LINE-3]]:25: warning: the failure of this write is not handled before transaction on 'store' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
    // CHECK-NOTES: :[[@LINE+1]]:5: note: committed here
    store.commit();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: the result of committing transaction on 'store' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
    return false;
  }
  return store.commit();
}

// A delete runs the destructor, which rolls back what was not committed.
bool purgeDeleted(sqlite3 *db) {
  ScopedTransaction *t = new ScopedTransaction(db);
  if (sqlite3_exec(db, "DELETE FROM a", nullptr, nullptr, nullptr) != SQLITE_OK) {
    delete t;
    return false;
  }
  bool committed = t->commit();
  delete t;
  return committed;
}
