// Function summaries of in-house wrappers around the SQLite C API: an
// SQL-forwarding helper called once per statement, an RAII transaction class
// that keeps the caller's connection in a member, and commit methods that
// report failure through a variable or a member they return. Every txn-*
// check runs, so every finding in the file is listed.
//
// RUN: %check_txnlint %s 'txn-*' %t
// RUN: %txnlint --dump-events --exit-zero %s 2>/dev/null | FileCheck --check-prefix=DUMP %s

#include <sqlite3.h>

static bool exec(sqlite3 *db, const char *sql) {
  return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
}

// Each call of the helper runs the statement its caller gives it: two calls
// are two writes, each committed on its own.
bool move_stock(sqlite3 *db) {
  if (!exec(db, "UPDATE stock SET n = n - 1 WHERE shelf = 1"))
    return false;
  return exec(db, "UPDATE stock SET n = n + 1 WHERE shelf = 2");
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-4]]:8: note: the earlier write commits here on its own
}

// A helper with its own statement, called twice: the same statement run
// again, as in a loop.
static bool bump_counter(sqlite3 *db) {
  return exec(db, "UPDATE counters SET n = n + 1");
}

void bump_twice(sqlite3 *db) {
  bump_counter(db);
  bump_counter(db);
}

// The transaction object keeps the caller's connection: its begin, commit
// and rollback are on that connection.
class Transaction {
  sqlite3 *db_;
  bool done_ = false;

public:
  explicit Transaction(sqlite3 *db) : db_(db) {
    sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr);
  }
  ~Transaction() {
    if (!done_)
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  // The result is kept in a member, then returned.
  bool commit() {
    done_ = sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
    return done_;
  }
};

// Negative: the writes on the connection are inside the object's transaction.
bool transfer(sqlite3 *db) {
  Transaction txn(db);
  if (!exec(db, "UPDATE accounts SET balance = balance - 10 WHERE id = 1"))
    return false;
  if (!exec(db, "UPDATE accounts SET balance = balance + 10 WHERE id = 2"))
    return false;
  return txn.commit();
}
// DUMP: summaries-wrapper-results.cpp:[[@LINE-2]]:10: remark: commit on 'txn' (failure: returns-bool) (summary of 'Transaction::commit') [txnlint-dump-events]

void transfer_unchecked(sqlite3 *db) {
  Transaction txn(db);
  if (!exec(db, "UPDATE accounts SET balance = balance - 10 WHERE id = 1"))
    return;
  if (!exec(db, "UPDATE accounts SET balance = balance + 10 WHERE id = 2"))
    return;
  txn.commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the result of committing transaction 'txn' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
}

// A write on the connection whose failure is ignored, then the object's
// commit: the commit is on that connection.
bool transfer_ignoring(sqlite3 *db) {
  Transaction txn(db);
  exec(db, "UPDATE accounts SET balance = balance - 10 WHERE id = 1");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the failure of this write is not handled before transaction 'txn' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  if (!exec(db, "UPDATE accounts SET balance = balance + 10 WHERE id = 2"))
    return false;
  return txn.commit();
  // CHECK-NOTES: :[[@LINE-1]]:10: note: committed here
}

// The commit's result in a local variable that is returned; the rollback on
// its failure is not a use after the end.
class Batch {
  sqlite3 *db_;

public:
  explicit Batch(sqlite3 *db) : db_(db) {}
  bool begin() { return exec(db_, "BEGIN IMMEDIATE"); }
  bool finish() {
    bool ok = sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
    if (!ok)
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return ok;
  }
};

void import_rows(sqlite3 *db) {
  Batch batch(db);
  if (!batch.begin())
    return;
  sqlite3_exec(db, "INSERT INTO rows SELECT * FROM staging", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the failure of this write is not handled before transaction 'batch' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  batch.finish();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: committed here
  // CHECK-NOTES: :[[@LINE-2]]:3: warning: the result of committing transaction 'batch' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
}

// Negative: a returned variable that also holds something else does not
// report the commit's failure.
class Flusher {
  sqlite3 *db_;
  bool tolerate_busy_;

public:
  Flusher(sqlite3 *db, bool tolerate_busy) : db_(db), tolerate_busy_(tolerate_busy) {}
  bool begin() { return exec(db_, "BEGIN"); }
  bool flush() {
    bool ok = sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
    if (!ok && tolerate_busy_)
      ok = true;
    return ok;
  }
};

void flush_log(sqlite3 *db) {
  Flusher flusher(db, true);
  if (!flusher.begin())
    return;
  if (!exec(db, "INSERT INTO log SELECT * FROM pending")) {
    exec(db, "ROLLBACK");
    return;
  }
  flusher.flush();
}

// A nesting wrapper with a depth counter: only the outermost call begins
// and commits, and to a caller soft_begin() begins (or joins) a transaction
// that soft_commit() commits. The early returns leave it open, and the
// writes after the commit run in autocommit mode.
class Store {
  sqlite3 *db_ = nullptr;
  int depth_ = 0;

public:
  bool soft_begin() {
    if (depth_++ == 0)
      return exec(db_, "BEGIN");
    return true;
  }
  bool soft_commit() {
    if (--depth_ == 0)
      return exec(db_, "COMMIT");
    return true;
  }
  bool rebuild();
};

bool Store::rebuild() {
  soft_begin();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'db_' is left open on some path out of 'Store::rebuild'; commit or roll it back before leaving [txn-missing-rollback]
  if (!exec(db_, "DELETE FROM tiles"))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  if (!exec(db_, "INSERT INTO tiles SELECT * FROM staging"))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  if (!soft_commit())
    return false;
  // CHECK-NOTES: :[[@LINE-2]]:8: warning: transaction on 'db_' is committed before 'db_' is written again; a failure there leaves a partial write [txn-commit-before-validation]
  exec(db_, "UPDATE meta SET rebuilt = 1");
  // CHECK-NOTES: :[[@LINE-1]]:3: note: a write after the commit
  return exec(db_, "UPDATE stats SET rebuilds = rebuilds + 1");
  // CHECK-NOTES: :[[@LINE-1]]:10: note: a write after the commit
  // CHECK-NOTES: :[[@LINE-2]]:10: warning: 'db_' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-5]]:3: note: the earlier write commits here on its own
}

// A commit method that maps its result to an error code, zero for success
// (Ceph's `if (!s.ok()) return -EIO; return 0;`): its caller's dropped code
// is an unchecked commit; a checked one is none.
class KeyValueStore {
public:
  void begin() { exec(m_db, "BEGIN"); }
  bool put(const char *sql) { return exec(m_db, sql); }
  void abort() { exec(m_db, "ROLLBACK"); }
  int submit() {
    int rc = sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK)
      return -5;
    return 0;
  }

private:
  sqlite3 *m_db = nullptr;
};

void trim(KeyValueStore &store) {
  store.begin();
  if (!store.put("DELETE FROM paxos WHERE v < 10")) {
    store.abort();
    return;
  }
  store.submit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the result of committing transaction on 'store' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
}

int trim_checked(KeyValueStore &store) {
  store.begin();
  if (!store.put("DELETE FROM paxos WHERE v < 10")) {
    store.abort();
    return -1;
  }
  if (store.submit() != 0)
    return -1;
  return 0;
}

// Chromium's sql::Database: a nesting counter, and a commit that rolls back
// instead when a nested level asked to, returning false. To the caller the
// call is a commit whose false says it did not commit.
class NestingDatabase {
public:
  bool BeginTransaction() {
    if (needs_rollback_)
      return false;
    if (!nesting_ && !exec(db_, "BEGIN TRANSACTION"))
      return false;
    ++nesting_;
    return true;
  }
  bool CommitTransaction() {
    --nesting_;
    if (nesting_ > 0)
      return !needs_rollback_;
    if (needs_rollback_) {
      exec(db_, "ROLLBACK");
      needs_rollback_ = false;
      return false;
    }
    return exec(db_, "COMMIT");
  }
  void RollbackTransaction() {
    needs_rollback_ = true;
    if (--nesting_ > 0)
      return;
    exec(db_, "ROLLBACK");
    needs_rollback_ = false;
  }
  bool Execute(const char *sql) { return exec(db_, sql); }

private:
  sqlite3 *db_ = nullptr;
  int nesting_ = 0;
  bool needs_rollback_ = false;
};

bool remove_logins(NestingDatabase &db) {
  if (!db.BeginTransaction())
    return false;
  if (!db.Execute("DELETE FROM logins")) {
    db.RollbackTransaction();
    return false;
  }
  db.CommitTransaction();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the result of committing transaction on 'db' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
  return true;
}

bool remove_logins_checked(NestingDatabase &db) {
  if (!db.BeginTransaction())
    return false;
  if (!db.Execute("DELETE FROM logins")) {
    db.RollbackTransaction();
    return false;
  }
  return db.CommitTransaction();
}
