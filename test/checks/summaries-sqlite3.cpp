// Function summaries with the SQLite C API: an SQL-forwarding helper, a
// wrapper class whose methods run SQL on a member connection (wrapper of a
// wrapper), recursion and virtual calls. Every txn-* check runs, so every
// finding in the file is listed.
//
// RUN: %check_txnlint %s 'txn-*' %t

#include <sqlite3.h>

#include <string>

// The SQL is the caller's: "BEGIN" at the call site begins, and the return
// value reports the statement's failure (non-zero).
static int run(sqlite3 *db, const std::string &sql) {
  return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
}

bool close_day(sqlite3 *db) {
  if (run(db, "BEGIN") != SQLITE_OK)
    return false;
  // CHECK-NOTES: :[[@LINE-2]]:7: warning: transaction begun on 'db' is left open on some path out of 'close_day'; commit or roll it back before leaving [txn-missing-rollback]
  if (run(db, "UPDATE ledger SET closed = 1") != SQLITE_OK)
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  return run(db, "COMMIT") == SQLITE_OK;
}

// Negative: the failed write rolls back through the same helper.
bool close_day_rolled_back(sqlite3 *db) {
  if (run(db, "BEGIN") != SQLITE_OK)
    return false;
  if (run(db, "UPDATE ledger SET closed = 1") != SQLITE_OK) {
    run(db, "ROLLBACK");
    return false;
  }
  return run(db, "COMMIT") == SQLITE_OK;
}

// A helper of the helper: the SQL goes through two parameters.
static bool exec_checked(sqlite3 *db, const char *sql) { return run(db, sql) == 0; }

bool archive(sqlite3 *db) {
  if (!exec_checked(db, "BEGIN"))
    return false;
  // CHECK-NOTES: :[[@LINE-2]]:8: warning: transaction begun on 'db' is left open on some path out of 'archive'; commit or roll it back before leaving [txn-missing-rollback]
  if (!exec_checked(db, "DELETE FROM ledger WHERE closed = 1"))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  exec_checked(db, "COMMIT");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the result of committing transaction on 'db' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
  return true;
}

// A wrapper class: every method works on the member connection, so the
// caller's object is the handle.
class Store {
public:
  bool exec(const std::string &sql) {
    return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
  }
  bool begin() { return exec("BEGIN"); }
  bool commit() { return exec("COMMIT"); }
  bool rollback() { return exec("ROLLBACK"); }
  bool insert(int id) { return exec("INSERT INTO orders VALUES (1)"); }

private:
  sqlite3 *db_ = nullptr;
};

bool place(Store &s, int id) {
  if (!s.begin())
    return false;
  // CHECK-NOTES: :[[@LINE-2]]:8: warning: transaction begun on 's' is left open on some path out of 'place'; commit or roll it back before leaving [txn-missing-rollback]
  if (!s.insert(id))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  s.commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the result of committing transaction on 's' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
  return true;
}

// Negative: the same workflow written correctly.
bool place_checked(Store &s, int id) {
  if (!s.begin())
    return false;
  if (!s.insert(id)) {
    s.rollback();
    return false;
  }
  return s.commit();
}

// A begin through a wrapper that reports failure with constants.
class Ledger {
public:
  bool open() {
    if (sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
      return false;
    return true;
  }
  void close() { sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr); }
  // CHECK-NOTES: :[[@LINE-1]]:18: warning: the result of committing transaction on 'db_' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]

private:
  sqlite3 *db_ = nullptr;
};

void post(Ledger &l, bool valid) {
  if (!l.open())
    return; // a failed begin opened nothing
  // CHECK-NOTES: :[[@LINE-2]]:8: warning: transaction begun on 'l' is left open on some path out of 'post'; commit or roll it back before leaving [txn-missing-rollback]
  if (!valid)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  l.close();
}

// Recursion: no summary for a function while its own summary is computed,
// so the recursive call is an unknown callee (it may end the transaction).
int drain(sqlite3 *db, int n) {
  if (n == 0)
    return run(db, "COMMIT");
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'drain' commits transaction on 'db' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
  // CHECK-NOTES: :[[@LINE-4]]:20: note: the caller's transaction arrives through 'db'
  return drain(db, n - 1);
}

void drain_all(sqlite3 *db) {
  run(db, "BEGIN");
  drain(db, 3);
}

// Virtual calls: Backend::finish is the only overrider in view, so
// b.finish(db) replays its commit (an override in another class out of view
// is a known limitation, docs/summaries.md).
class Backend {
public:
  virtual ~Backend() = default;
  virtual void finish(sqlite3 *db) { run(db, "COMMIT"); }
  // CHECK-NOTES: :[[@LINE-1]]:38: warning: 'Backend::finish' commits transaction on 'db' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
  // CHECK-NOTES: :[[@LINE-2]]:32: note: the caller's transaction arrives through 'db'
  // CHECK-NOTES: :[[@LINE-3]]:38: warning: the result of committing transaction on 'db' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
};

void through_base(Backend &b, sqlite3 *db) {
  run(db, "BEGIN");
  b.finish(db);
}

// A class's methods on its member connection, through two levels of its
// own methods: done() commits on m_db through finish(), so the write that
// insert() makes on m_db, whose result save() drops, reaches that commit.
class SqlDb {
public:
  bool exec(const char *sql) {
    return sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
  }
  bool begin() { return exec("BEGIN"); }
  bool commit() { return exec("COMMIT"); }

private:
  sqlite3 *db_ = nullptr;
};

class Journal {
public:
  bool save() {
    if (!m_db.begin())
      return false;
    insert();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: the failure of this write is not handled before transaction on 'm_db' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
    return done();
    // CHECK-NOTES: :[[@LINE-1]]:12: note: committed here
  }

private:
  bool finish() { return m_db.commit(); }
  bool done() { return finish(); }
  bool insert() { return m_db.exec("INSERT INTO journal VALUES (1)"); }
  SqlDb m_db;
};

// A helper that returns at once on a null connection: the connection it
// runs the caller's SQL on is the caller's on every path that has one.
static bool run_checked(sqlite3 *db, const char *sql) {
  if (!db || !sql)
    return false;
  return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
}

bool close_day_checked(sqlite3 *db) {
  if (!run_checked(db, "BEGIN"))
    // CHECK-NOTES: :[[@LINE-1]]:8: warning: transaction begun on 'db' is left open on some path out of 'close_day_checked'; commit or roll it back before leaving [txn-missing-rollback]
    return false;
  if (!run_checked(db, "UPDATE ledger SET closed = 1"))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  return run_checked(db, "COMMIT");
}

// A query helper that returns early when its statement cannot be prepared
// reads with the caller's SELECT on the path that steps it: the transaction
// only reads, and its commit's result loses nothing.
static int query_int(sqlite3 *db, const char *sql) {
  sqlite3_stmt *stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK)
    return -1;
  int value = -1;
  if (sqlite3_step(stmt) == SQLITE_ROW)
    value = sqlite3_column_int(stmt, 0);
  sqlite3_finalize(stmt);
  return value;
}

int count_pages(sqlite3 *db) {
  if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  int pages = query_int(db, "SELECT count(*) FROM pages");
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return pages;
}

// Given a write, the same helper may not reach its step: a write that no
// finding rests on (two of them are no autocommit pair).
void purge_twice(sqlite3 *db) {
  query_int(db, "DELETE FROM sessions");
  query_int(db, "DELETE FROM caches");
}

// The helper runs its caller's SQL through a local it converts it into
// (Amarok's `const QByteArray utf8 = statement.toUtf8();`): still the
// caller's SQL, so two calls are two writes in autocommit.
void log_statement(const std::string &text);
static bool run_logged(sqlite3 *db, const std::string &statement) {
  const std::string text = statement;
  log_statement(text);
  return sqlite3_exec(db, text.c_str(), nullptr, nullptr, nullptr) ==
         SQLITE_OK;
}

void remove_track(sqlite3 *db) {
  run_logged(db, "DELETE FROM tracks WHERE url = 1");
  run_logged(db, "DELETE FROM statistics WHERE url = 1");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the earlier write commits here on its own
}

// Negative: the same reads.
void count_tracks(sqlite3 *db) {
  run_logged(db, "SELECT count(*) FROM tracks");
  run_logged(db, "SELECT count(*) FROM statistics");
}
