// A helper that returns a status class of the program's (absl-style:
// `Status::OK()` against `Status::Error(...)`, tested with `ok()`, or in
// tdlib's spelling with `is_error()` and `is_ok()`) reports
// its statement's failure as the status: a caller's `if (!st.ok())` after
// a commit through it tests the commit itself. Every txn-* check runs, so
// every finding in the file is listed.
//
// RUN: %check_txnlint %s 'txn-*' %t

#include <sqlite3.h>

#include <string>
#include <utility>

class Status {
public:
  Status() = default;
  static Status OK() { return Status(); }
  static Status Error(int code, std::string message) {
    Status s;
    s.code_ = code;
    s.message_ = std::move(message);
    return s;
  }
  bool ok() const { return code_ == 0; }

private:
  int code_ = 0;
  std::string message_;
};

#define RETURN_IF_ERROR_ROLLBACK(db, expr)                                     \
  do {                                                                         \
    Status st_ = (expr);                                                       \
    if (!st_.ok()) {                                                           \
      sqlite3_exec((db), "ROLLBACK", nullptr, nullptr, nullptr);               \
      return st_;                                                              \
    }                                                                          \
  } while (0)

static Status exec(sqlite3 *db, const char *sql) {
  char *error = nullptr;
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    Status s = Status::Error(rc, error ? error : "");
    sqlite3_free(error);
    return s;
  }
  return Status::OK();
}

// Negative: the failure branch after the commit is the commit's own (no
// rollback after a commit, no later step that fails).
Status transfer(sqlite3 *db) {
  if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) !=
      SQLITE_OK)
    return Status::Error(SQLITE_BUSY, "begin");
  RETURN_IF_ERROR_ROLLBACK(db, exec(db, "UPDATE accounts SET n = n - 1"));
  RETURN_IF_ERROR_ROLLBACK(db, exec(db, "UPDATE accounts SET n = n + 1"));
  RETURN_IF_ERROR_ROLLBACK(db, exec(db, "COMMIT"));
  return Status::OK();
}

// Positive: a write's status dropped before the commit.
Status archive(sqlite3 *db) {
  RETURN_IF_ERROR_ROLLBACK(db, exec(db, "BEGIN"));
  exec(db, "DELETE FROM log");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the failure of this write is not handled before transaction on 'db' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  RETURN_IF_ERROR_ROLLBACK(db, exec(db, "COMMIT"));
  // CHECK-NOTES: :[[@LINE-1]]:32: note: committed here
  return Status::OK();
}

// tdlib's spelling: tested with `is_error()` (or `is_ok()`).
class Result {
public:
  static Result OK() { return Result(); }
  static Result Error(std::string message) {
    Result r;
    r.error_ = true;
    r.message_ = std::move(message);
    return r;
  }
  bool is_ok() const { return !error_; }
  bool is_error() const { return error_; }

private:
  bool error_ = false;
  std::string message_;
};

#define TRY_RESULT(expr)                                                       \
  do {                                                                         \
    Result r_ = (expr);                                                        \
    if (r_.is_error())                                                         \
      return r_;                                                               \
  } while (0)

static Result run(sqlite3 *db, const char *sql) {
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
    return Result::Error(sqlite3_errmsg(db));
  return Result::OK();
}

// Negative: the begin failed where TRY_RESULT returns; the write's failure
// is rolled back.
Result flush(sqlite3 *db) {
  TRY_RESULT(run(db, "BEGIN"));
  Result written = run(db, "INSERT INTO messages VALUES (1)");
  if (!written.is_ok()) {
    run(db, "ROLLBACK");
    return written;
  }
  return run(db, "COMMIT");
}

// Positive: the commit's status is dropped.
void flush_unchecked(sqlite3 *db) {
  if (run(db, "BEGIN").is_error())
    return;
  if (run(db, "INSERT INTO messages VALUES (2)").is_error()) {
    run(db, "ROLLBACK");
    return;
  }
  run(db, "COMMIT");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the result of committing transaction on 'db' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
}

// Skrooge's SKGError: a status that starts as success, is replaced where
// the statement failed, and is tested through its operators (`if (err)` is
// a failure, `if (!err)` a success).
class SkgError {
public:
  SkgError() = default;
  explicit SkgError(int Rc) : Rc(Rc) {}
  bool isFailed() const { return Rc != 0; }
  bool isSucceeded() const { return Rc == 0; }
  bool operator!() const { return isSucceeded(); }
  explicit operator bool() const { return isFailed(); }

private:
  int Rc = 0;
};

SkgError executeSqliteOrder(sqlite3 *db, const char *sql) {
  SkgError err;
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
    err = SkgError(1);
  return err;
}

// Negative: the rollback runs only where the commit failed.
SkgError saveBudget(sqlite3 *db, int amount) {
  SkgError err = executeSqliteOrder(db, "BEGIN");
  if (err)
    return err;
  err = executeSqliteOrder(db, "UPDATE budget SET amount = 1");
  if (!err) {
    err = executeSqliteOrder(db, "COMMIT");
    if (err)
      executeSqliteOrder(db, "ROLLBACK");
    return err;
  }
  executeSqliteOrder(db, "ROLLBACK");
  return err;
}

// Positive: where the UPDATE failed, the function returns with the
// transaction open.
SkgError saveCategory(sqlite3 *db) {
  SkgError err = executeSqliteOrder(db, "BEGIN");
  // CHECK-NOTES: :[[@LINE-1]]:18: warning: transaction begun on 'db' is left open on some path out of 'saveCategory'; commit or roll it back before leaving [txn-missing-rollback]
  if (err)
    return err;
  err = executeSqliteOrder(db, "UPDATE category SET name = 'x'");
  if (err)
    return err;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  return executeSqliteOrder(db, "COMMIT");
}

// An RAII transaction whose submit() passes the commit's status on through
// a local (Ceph's KeyValueDB shape); its caller's failure branch is the
// commit's own.
class KvTransaction {
public:
  explicit KvTransaction(sqlite3 *Db) : Db(Db) { exec(Db, "BEGIN"); }
  ~KvTransaction() {
    if (!Done)
      exec(Db, "ROLLBACK");
  }
  Status set(const char *Sql) { return exec(Db, Sql); }
  Status submit() {
    Status S = exec(Db, "COMMIT");
    if (S.ok())
      Done = true;
    return S;
  }

private:
  sqlite3 *Db;
  bool Done = false;
};

// Negative: the error return after the submit is the commit's failure.
int storeInfo(sqlite3 *db) {
  KvTransaction T(db);
  if (!T.set("UPDATE pg_info SET epoch = epoch + 1").ok())
    return -1;
  Status S = T.submit();
  if (!S.ok())
    return -5;
  return 0;
}
