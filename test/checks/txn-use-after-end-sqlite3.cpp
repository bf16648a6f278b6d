// txn-use-after-end with the SQLite C API, compiled against the real
// <sqlite3.h>. Transactions are begun and ended by SQL text given to
// sqlite3_exec (or prepared and run by sqlite3_step); sqlite3_close ends the
// connection. A sqlite3* is a connection: after a COMMIT it may write in
// autocommit mode or begin anew, so only a second end (COMMIT, END,
// ROLLBACK, a second close) is a use of the ended transaction.
//
// RUN: %check_txnlint %s txn-use-after-end %t

#include <sqlite3.h>

#include <stdexcept>

// Defined in another translation unit: may begin a transaction of its own.
int run_batch(sqlite3 *db, int id);
void audit(int id);
void notify(int id);

// Defined in this file; writes in autocommit mode and never begins.
static int log_event(sqlite3 *db) {
  return sqlite3_exec(db, "INSERT INTO log (what) VALUES ('saved')", nullptr,
                      nullptr, nullptr);
}

// Defined in this file; begins a transaction on the connection it is given.
static int begin_immediate(sqlite3 *db) {
  return sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
}

constexpr const char *kCommit = "COMMIT";
constexpr const char kRollback[] = "ROLLBACK";

class Store {
public:
  explicit Store(sqlite3 *db) : m_db(db) {}
  int flush();

private:
  sqlite3 *m_db;
};

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// A rollback after the commit: there is nothing left to roll back.
int save_then_undo(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO orders (id) VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: transaction on 'db' is rolled back after it was committed; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: it is committed here
}

// A checked commit, then a rollback in the clean-up: on the only path that
// reaches it, the commit succeeded.
int save_with_cleanup(sqlite3 *db, int id) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  audit(id);
  if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  notify(id);
  sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is rolled back after it was committed; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-5]]:7: note: it is committed here
  return 0;
}

// A second COMMIT; the write in between runs in autocommit mode, and the
// helper that makes it never begins.
int save_twice(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "UPDATE stock SET qty = qty - 1", nullptr, nullptr, nullptr);
  sqlite3_exec(db, kCommit, nullptr, nullptr, nullptr);
  sqlite3_exec(db, "UPDATE stock SET reserved = 0", nullptr, nullptr, nullptr);
  log_event(db);
  return sqlite3_exec(db, "END TRANSACTION", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: transaction on 'db' is committed again after it was committed; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-5]]:3: note: it is committed here
}

// Each path ends the transaction, by a commit or by a rollback; the COMMIT
// after them has nothing to commit (darktable's history helpers).
int save_or_undo_then_commit(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  bool ok = sqlite3_exec(db, "DELETE FROM history", nullptr, nullptr, nullptr) == SQLITE_OK;
  if (ok)
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  else
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: transaction on 'db' is committed again after it was rolled back; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-3]]:5: note: it is rolled back here
}

// A commit after the rollback, in lower case and through a constant.
void undo_then_save(sqlite3 *db, int id) {
  sqlite3_exec(db, "begin", nullptr, nullptr, nullptr);
  sqlite3_exec(db, kRollback, nullptr, nullptr, nullptr);
  if (id > 0)
    sqlite3_exec(db, "commit", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: transaction on 'db' is committed again after it was rolled back; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: it is rolled back here
}

// A ROLLBACK prepared and stepped after the COMMIT.
int rollback_statement(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_stmt *stmt = nullptr;
  sqlite3_prepare_v2(db, "ROLLBACK", -1, &stmt, nullptr);
  int rc = sqlite3_step(stmt);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: transaction on 'db' is rolled back after it was committed; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-5]]:3: note: it is committed here
  sqlite3_finalize(stmt);
  return rc;
}

// The note names the latest end before each use.
void rollback_everything(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is rolled back after it was committed; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: it is committed here
  sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is rolled back after it was rolled back; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-5]]:3: note: it is rolled back here
}

// Closing the connection twice.
int close_twice(sqlite3 *db) {
  sqlite3_close(db);
  return sqlite3_close_v2(db);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: transaction on 'db' is closed after it was closed; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: it is closed here
}

// On a member connection.
int Store::flush() {
  if (sqlite3_exec(m_db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  sqlite3_exec(m_db, "END", nullptr, nullptr, nullptr);
  return sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: transaction on 'm_db' is committed again after it was committed; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: it is committed here
}

// A helper that ends its caller's transaction whichever way the work went
// (darktable's `_history_end_transaction(all_ok)`): after the call the
// transaction is ended, and the caller's own COMMIT is a second end.
static void end_history(sqlite3 *db, bool ok) {
  if (ok)
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  else
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
}
void truncate_history(sqlite3 *db, int end) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  bool ok = sqlite3_exec(db, "DELETE FROM history WHERE num >= 1", nullptr,
                         nullptr, nullptr) == SQLITE_OK;
  end_history(db, ok);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is committed again after it was handed to a callee that ends it; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: it is handed to a callee that ends it here
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// One call chooses the end (Valhalla's `run_sql(db, ok ? "COMMIT" :
// "ROLLBACK")`); where it failed, only the commit's failure rolls back.
static bool run_sql(sqlite3 *db, const char *sql) {
  return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
}
bool build_admins(sqlite3 *db, int n) {
  if (!run_sql(db, "BEGIN"))
    return false;
  bool ok = true;
  for (int i = 0; i < n; ++i)
    if (!run_sql(db, "INSERT INTO admins VALUES (1)")) {
      ok = false;
      break;
    }
  if (!run_sql(db, ok ? "COMMIT" : "ROLLBACK")) {
    if (ok)
      run_sql(db, "ROLLBACK");
    return false;
  }
  return ok;
}


// The helper ended the transaction; the next one begins anew.
void compress_history(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  bool ok = sqlite3_exec(db, "DELETE FROM history WHERE num >= 1", nullptr,
                         nullptr, nullptr) == SQLITE_OK;
  end_history(db, ok);
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "UPDATE images SET history_end = 0", nullptr, nullptr,
               nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// Closing the connection after the transaction ended is how a connection is
// finished with, not a use of the transaction.
int save_and_close(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO orders (id) VALUES (1)", nullptr, nullptr, nullptr);
  int rc = sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  return rc;
}

int undo_and_close(sqlite3 *db, int id) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  if (id < 0) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close_v2(db);
    return -1;
  }
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// The rollback runs on the commit's failure branch, where it did not commit.
int commit_or_rollback(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return -1;
  }
  return 0;
}

int commit_or_rollback_rc(sqlite3 *db) {
  int rc = sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  if (rc)
    return rc;
  rc = sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK)
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  return rc;
}

int commit_else_rollback(sqlite3 *db) {
  if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK)
    return 0;
  sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  return -1;
}

int commit_truthy(sqlite3 *db) {
  if (sqlite3_exec(db, "END", nullptr, nullptr, nullptr)) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return -1;
  }
  return 0;
}

// A COMMIT that failed with SQLITE_BUSY leaves the transaction open: it may
// be rolled back (or committed again).
int commit_or_give_up(sqlite3 *db) {
  int rc = sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  if (rc == SQLITE_BUSY) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return rc;
  }
  return rc;
}

// Writes and reads after a commit run in autocommit mode: not this check.
int save_then_log(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO orders (id) VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO log (what) VALUES ('saved')", nullptr, nullptr,
               nullptr);
  sqlite3_stmt *stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT count(*) FROM orders", -1, &stmt, nullptr);
  int rc = sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  return rc;
}

// A new BEGIN after the commit: the second COMMIT ends the new transaction.
int two_transactions(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO orders (id) VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "BEGIN IMMEDIATE TRANSACTION", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO audit (id) VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// Several statements in one string, each string a transaction of its own.
void batches(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN; DELETE FROM staging; COMMIT;", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "BEGIN; INSERT INTO staging SELECT * FROM input; COMMIT;",
               nullptr, nullptr, nullptr);
}

// One transaction per iteration.
int save_each(sqlite3 *db, const int *ids, int n) {
  for (int i = 0; i < n; ++i) {
    if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
      return -1;
    audit(ids[i]);
    if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
      return -1;
  }
  return sqlite3_exec(db, "BEGIN; DELETE FROM queue; COMMIT;", nullptr, nullptr,
                      nullptr);
}

// Ended on some paths only.
int maybe_committed(sqlite3 *db, bool done) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  if (done)
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
}

// Handed to a function that may begin anew.
int save_in_two_steps(sqlite3 *db, int id) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  run_batch(db, id);
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

int save_with_begin_helper(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  if (begin_immediate(db) != SQLITE_OK)
    return -1;
  log_event(db);
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// Another connection.
int copy_between(sqlite3 *from, sqlite3 *to) {
  sqlite3_exec(from, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(to, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(from, "COMMIT", nullptr, nullptr, nullptr);
  return sqlite3_exec(to, "COMMIT", nullptr, nullptr, nullptr);
}

// A rollback in a handler that only exceptions thrown before the commit
// reach.
void archive(sqlite3 *db, int id) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  try {
    if (id < 0)
      throw std::invalid_argument("negative id");
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  } catch (...) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

// Savepoints after the commit start a new transaction in SQLite.
void savepoint_after_commit(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "SAVEPOINT cleanup", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "DELETE FROM staging", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "RELEASE cleanup", nullptr, nullptr, nullptr);
}

// The end and the later call are in different functions.
void end_here(sqlite3 *db) { sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr); }
void end_there(sqlite3 *db) { sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr); }

// The commit retried while the database is busy, its status assigned in the
// loop's condition: the rollback runs only where the commit failed.
int commit_when_idle(sqlite3 *db) {
  if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  int rc;
  while ((rc = sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr)) ==
         SQLITE_BUSY)
    sqlite3_sleep(20);
  if (rc != SQLITE_OK)
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  return rc;
}

// Through the methods of a wrapper class: the commit ends the transaction
// for good, so the rollback after it has nothing to roll back.
class Database {
public:
  bool exec(const char *sql) {
    return sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
  }
  bool begin() { return exec("BEGIN IMMEDIATE"); }
  bool commit() { return exec("COMMIT"); }
  void rollback() { exec("ROLLBACK"); }

private:
  sqlite3 *db_ = nullptr;
};
bool archive(Database &db) {
  if (!db.begin())
    return false;
  if (!db.exec("DELETE FROM orders WHERE id = 1")) {
    db.rollback();
    return false;
  }
  if (!db.commit()) {
    db.rollback();
    return false;
  }
  db.rollback();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is rolled back after it was committed; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-6]]:8: note: it is committed here
  return true;
}

// Negative: a nesting wrapper whose outermost commit rolls back when the
// commit failed. Replayed at the call, its commit and that rollback are one
// end, not a rollback after a commit.
class NestingStore {
public:
  bool beginTx() {
    if (Level++ == 0)
      return sqlite3_exec(Db, "BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK;
    return true;
  }
  bool commitTx();

private:
  sqlite3 *Db = nullptr;
  int Level = 0;
};

bool NestingStore::commitTx() {
  if (--Level == 0) {
    if (sqlite3_exec(Db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
      sqlite3_exec(Db, "ROLLBACK", nullptr, nullptr, nullptr);
      return false;
    }
  }
  return true;
}

bool save_nested(NestingStore &S) {
  if (!S.beginTx())
    return false;
  return S.commitTx();
}

// A transaction class whose object keeps whether its end failed (WebKit's
// SQLiteTransaction: `m_inProgress = !executeCommand("COMMIT")`): where
// inProgress() says one is still open after the commit, the commit failed,
// and rolling back there ends what is open.
class Transaction {
public:
  explicit Transaction(sqlite3 *Db) : Db(Db) {}
  ~Transaction() {
    if (InProgress)
      rollback();
  }
  void begin() {
    if (!InProgress)
      InProgress = run("BEGIN IMMEDIATE");
  }
  void commit() {
    if (InProgress)
      InProgress = !run("COMMIT");
  }
  void rollback() {
    if (InProgress) {
      run("ROLLBACK");
      InProgress = false;
    }
  }
  bool inProgress() const { return InProgress; }

private:
  bool run(const char *Sql) {
    return sqlite3_exec(Db, Sql, nullptr, nullptr, nullptr) == SQLITE_OK;
  }
  sqlite3 *Db;
  bool InProgress = false;
};

bool delete_origin(sqlite3 *Db) {
  Transaction T(Db);
  T.begin();
  if (!T.inProgress())
    return false;
  T.commit();
  if (T.inProgress()) {
    T.rollback();
    return false;
  }
  return true;
}

// Positive: told nothing, the rollback follows the commit.
bool delete_origin_twice(sqlite3 *Db) {
  Transaction T(Db);
  T.begin();
  if (!T.inProgress())
    return false;
  T.commit();
  T.rollback();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'T' is rolled back after it was committed; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: it is committed here
  return true;
}
