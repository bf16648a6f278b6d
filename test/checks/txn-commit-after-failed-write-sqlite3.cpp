// txn-commit-after-failed-write with the SQLite C API, compiled against the
// real <sqlite3.h>. sqlite3_exec returns SQLITE_OK (0) or an error code
// (returns-zero). SQLite keeps the transaction open after most statement
// errors (a constraint violation, SQLITE_BUSY on one statement), so a COMMIT
// after a failed, unhandled INSERT stores the statements that succeeded.
//
// RUN: %check_txnlint %s txn-commit-after-failed-write %t

#include <sqlite3.h>

#include <cstdio>
#include <functional>
#include <stdexcept>
#include <string>

// The result dropped.
void transfer(sqlite3 *db) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return;
  sqlite3_exec(db, "UPDATE acct SET n = n - 10 WHERE id = 1", nullptr, nullptr,
               nullptr);
  // CHECK-NOTES: :[[@LINE-2]]:3: warning: the failure of this write is not handled before transaction on 'db' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  // CHECK-NOTES: :[[@LINE+5]]:7: note: committed here
  sqlite3_exec(db, "UPDATE acct SET n = n + 10 WHERE id = 2", nullptr, nullptr,
               nullptr);
  // CHECK-NOTES: :[[@LINE-2]]:3: warning: the failure of this write is not handled before transaction on 'db' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  // CHECK-NOTES: :[[@LINE+1]]:7: note: committed here
  if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
}

// Tested, the error printed, and the loop goes on to the commit.
int import_rows(sqlite3 *db, const char *const *rows, int n) {
  char *err = nullptr;
  sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  for (int i = 0; i < n; ++i) {
    int rc = sqlite3_exec(db, rows[i], nullptr, nullptr, &err);
    // CHECK-NOTES: :[[@LINE-1]]:14: warning: the failure of this write is not handled before transaction on 'db' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
    // CHECK-NOTES: :[[@LINE+6]]:10: note: committed here
    if (rc != SQLITE_OK) {
      std::fprintf(stderr, "row %d: %s\n", i, err);
      sqlite3_free(err);
    }
  }
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// A prepared statement's step: sqlite3_step succeeds with SQLITE_DONE (or
// SQLITE_ROW); its result dropped, or its failure only logged.
bool add_line(sqlite3 *db, int order, int qty) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  sqlite3_stmt *st = nullptr;
  if (sqlite3_prepare_v2(db, "INSERT INTO lines (ord, qty) VALUES (?, ?)", -1,
                         &st, nullptr) != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  sqlite3_bind_int(st, 1, order);
  sqlite3_bind_int(st, 2, qty);
  sqlite3_step(st);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the failure of this write is not handled before transaction on 'db' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  sqlite3_finalize(st);
  // CHECK-NOTES: :[[@LINE+1]]:10: note: committed here
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
}

bool count_line(sqlite3 *db, int order) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  sqlite3_stmt *st = nullptr;
  if (sqlite3_prepare_v2(db, "UPDATE orders SET lines = lines + 1 WHERE id = ?",
                         -1, &st, nullptr) != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  sqlite3_bind_int(st, 1, order);
  if (sqlite3_step(st) != SQLITE_DONE)
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: the failure of this write is not handled before transaction on 'db' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
    std::fprintf(stderr, "%s\n", sqlite3_errmsg(db));
  sqlite3_finalize(st);
  // CHECK-NOTES: :[[@LINE+1]]:10: note: committed here
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
}

//===-- Not bugs -----------------------------------------------------------===//

// The step's success turned into SQLITE_OK, which then decides the end.
int bump_normalized(sqlite3 *db) {
  int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK)
    return rc;
  sqlite3_stmt *st = nullptr;
  sqlite3_prepare_v2(db, "UPDATE counters SET n = n + 1", -1, &st, nullptr);
  rc = sqlite3_step(st);
  sqlite3_finalize(st);
  if (rc == SQLITE_DONE)
    rc = SQLITE_OK;
  if (rc == SQLITE_OK)
    rc = sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK)
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  return rc;
}

// Success by another name: the program's own macro for SQLITE_DONE.
#define STEP_DONE SQLITE_DONE
bool add_line_aliased(sqlite3 *db, sqlite3_stmt *insert) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  if (sqlite3_step(insert) == STEP_DONE)
    return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
  sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  return false;
}

// The step's error read back from sqlite3_finalize, which returns it.
bool add_line_finalized(sqlite3 *db, int order) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  sqlite3_stmt *st = nullptr;
  if (sqlite3_prepare_v2(db, "INSERT INTO lines (ord) VALUES (?)", -1, &st,
                         nullptr) != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  sqlite3_bind_int(st, 1, order);
  sqlite3_step(st);
  if (sqlite3_finalize(st) != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
}

// The step's result tested: a failure rolls back; a duplicate, named by its
// code, is tolerated on purpose.
bool add_line_checked(sqlite3 *db, int order) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  sqlite3_stmt *st = nullptr;
  if (sqlite3_prepare_v2(db, "INSERT INTO lines (ord) VALUES (?)", -1, &st,
                         nullptr) != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  sqlite3_bind_int(st, 1, order);
  int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE && rc != SQLITE_CONSTRAINT) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
}

// Both writes tested in one condition whose SQL is a temporary string: the
// failure branch rolls back.
bool close_day(sqlite3 *db, int day) {
  if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  if (sqlite3_exec(db,
                   ("UPDATE days SET closed = 1 WHERE day = " +
                    std::to_string(day))
                       .c_str(),
                   nullptr, nullptr, nullptr) != SQLITE_OK ||
      sqlite3_exec(db, "INSERT INTO day_log (day) VALUES (1)", nullptr, nullptr,
                   nullptr) != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
}

// Every failure rolls back and returns.
int transfer_correct(sqlite3 *db) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return 1;
  if (sqlite3_exec(db, "UPDATE acct SET n = n - 10 WHERE id = 1", nullptr,
                   nullptr, nullptr) != SQLITE_OK ||
      sqlite3_exec(db, "UPDATE acct SET n = n + 10 WHERE id = 2", nullptr,
                   nullptr, nullptr) != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return 1;
  }
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// The status code decides between COMMIT and ROLLBACK.
int import_correct(sqlite3 *db, const char *const *rows, int n) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  int rc = SQLITE_OK;
  for (int i = 0; i < n && rc == SQLITE_OK; ++i)
    rc = sqlite3_exec(db, rows[i], nullptr, nullptr, nullptr);
  if (rc == SQLITE_OK)
    return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  return rc;
}

// A best-effort statement inside a savepoint that is rolled back to.
int touch_correct(sqlite3 *db) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return 1;
  if (sqlite3_exec(db, "INSERT INTO t VALUES(1)", nullptr, nullptr, nullptr)) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return 1;
  }
  sqlite3_exec(db, "SAVEPOINT touch", nullptr, nullptr, nullptr);
  if (sqlite3_exec(db, "UPDATE stats SET n = n + 1", nullptr, nullptr,
                   nullptr) != SQLITE_OK)
    sqlite3_exec(db, "ROLLBACK TO touch", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "RELEASE touch", nullptr, nullptr, nullptr);
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// A failure handed to a helper that always throws (not declared
// [[noreturn]]) stops before the commit; one that may return does not.
struct DbError {
  int code;
};
template <typename E> void raise(const E &e) {
  std::fprintf(stderr, "database error %d\n", e.code);
  throw e;
}
static void report(int code) {
  if (code == SQLITE_BUSY)
    throw DbError{code};
  std::fprintf(stderr, "database error %d\n", code);
}
void move_stock(sqlite3 *db) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return;
  if (int rc = sqlite3_exec(db, "UPDATE stock SET n = n - 1 WHERE id = 1",
                            nullptr, nullptr, nullptr))
    raise(DbError{rc});
  if (int rc = sqlite3_exec(db, "UPDATE stock SET n = n + 1 WHERE id = 2",
                            nullptr, nullptr, nullptr))
    // CHECK-NOTES: :[[@LINE-2]]:16: warning: the failure of this write is not handled before transaction on 'db' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
    report(rc);
  // CHECK-NOTES: :[[@LINE+1]]:7: note: committed here
  if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
    raise(DbError{-1});
}

// One status carried through the steps: each runs only if the last
// succeeded, and the end commits only if the status is still SQLITE_OK. The
// final test decides every write whose result it may hold, also past a
// prepare whose result it holds on the other paths.
bool index_rows(sqlite3 *db, int n) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  int rc = sqlite3_exec(db, "CREATE TABLE idx (x)", nullptr, nullptr, nullptr);
  sqlite3_stmt *st = nullptr;
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(db, "INSERT INTO idx VALUES (?)", -1, &st, nullptr);
  for (int i = 0; rc == SQLITE_OK && i < n; ++i) {
    sqlite3_bind_int(st, 1, i);
    rc = sqlite3_step(st);
    if (rc == SQLITE_DONE)
      rc = sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  else
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  return rc == SQLITE_OK;
}

bool tag_rows(sqlite3 *db) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  int rc = sqlite3_exec(db, "UPDATE t SET tagged = 1", nullptr, nullptr, nullptr);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec(db, "UPDATE u SET tagged = 1", nullptr, nullptr, nullptr);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  else
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  return rc == SQLITE_OK;
}

// The same chain with an unconditional commit: a failed first write skips
// the second and is committed over.
bool tag_rows_anyway(sqlite3 *db) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  int rc = sqlite3_exec(db, "UPDATE t SET tagged = 1", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: the failure of this write is not handled before transaction on 'db' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  if (rc == SQLITE_OK)
    rc = sqlite3_exec(db, "UPDATE u SET tagged = 1", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE+1]]:10: note: committed here
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK && rc == SQLITE_OK;
}

// A loop that only logs a failed statement: a later statement that
// succeeds overwrites the status, and the final test commits without the
// failed one (akonadi's schema updater).
int record_version(sqlite3 *db);
bool upgrade(sqlite3 *db, const char *const *stmts, int n) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  int rc = SQLITE_OK;
  for (int i = 0; i < n; ++i) {
    rc = sqlite3_exec(db, stmts[i], nullptr, nullptr, nullptr);
    // CHECK-NOTES: :[[@LINE-1]]:10: warning: the failure of this write is not handled before transaction on 'db' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
    if (rc != SQLITE_OK)
      std::fprintf(stderr, "failed: %s\n", stmts[i]);
  }
  if (rc == SQLITE_OK)
    rc = record_version(db);
  if (rc != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  // CHECK-NOTES: :[[@LINE+1]]:10: note: committed here
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
}

// A write retried until it succeeds: the attempt that succeeded leaves the
// loop with the flag set, and every attempt failing leads to the rollback.
// The earlier failures are behind the successful attempt.
bool log_with_retries(sqlite3 *db) {
  if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  bool logged = false;
  for (int attempt = 0; attempt < 3; ++attempt) {
    if (sqlite3_exec(db, "INSERT INTO log (name) VALUES ('x')", nullptr,
                     nullptr, nullptr) == SQLITE_OK) {
      logged = true;
      break;
    }
  }
  if (!logged) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
}

// A flag cleared by any failed write of the loop and never set again
// decides between commit and rollback.
bool tag_all(sqlite3 *db, int n) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  bool all_ok = true;
  for (int i = 0; i < n; ++i)
    if (sqlite3_exec(db, "UPDATE items SET tagged = 1 WHERE id = 1", nullptr,
                     nullptr, nullptr) != SQLITE_OK)
      all_ok = false;
  if (!all_ok) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
}

// The flag says whether the last attempt succeeded, not all of them: an
// earlier failed write of the loop is committed without.
bool tag_each(sqlite3 *db, int n) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  bool ok = true;
  for (int i = 0; i < n; ++i)
    ok = sqlite3_exec(db, "UPDATE items SET tagged = 2 WHERE id = 1", nullptr,
                      nullptr, nullptr) == SQLITE_OK;
  // CHECK-NOTES: :[[@LINE-2]]:10: warning: the failure of this write is not handled before transaction on 'db' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  if (!ok) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  // CHECK-NOTES: :[[@LINE+1]]:10: note: committed here
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
}

// A helper that steps its statement until it is not busy and only logs
// any other failure (ProxySQL's SAFE_SQLITE3_STEP2): leaving the retry loop
// says nothing of success.
void log_error(const char *what);
static void insert_digest(sqlite3_stmt *insert) {
  int rc;
  do {
    rc = sqlite3_step(insert);
  } while (rc == SQLITE_LOCKED || rc == SQLITE_BUSY);
  if (rc != SQLITE_DONE)
    log_error("insert digest");
  sqlite3_reset(insert);
}
bool save_digests(sqlite3 *db, int n) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  sqlite3_stmt *insert = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO digests VALUES (?1)", -1, &insert, nullptr);
  for (int i = 0; i < n; ++i)
    insert_digest(insert);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'insert_digest' does not report the failure of its write, and transaction on 'db' commits after it; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  sqlite3_finalize(insert);
  // CHECK-NOTES: :[[@LINE+1]]:10: note: committed here
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
}

// Negatives: a retry runs the write again where it failed and leaves the
// loop where it succeeded; the last attempt's status is tested before the
// commit.
bool bump(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  int rc = SQLITE_ERROR;
  for (int attempt = 0; attempt < 5; ++attempt) {
    rc = sqlite3_exec(db, "UPDATE counters SET n = n + 1 WHERE id = 1",
                      nullptr, nullptr, nullptr);
    if (rc == SQLITE_OK)
      break;
  }
  if (rc != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
}

bool bump_while_busy(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  int rc;
  while ((rc = sqlite3_exec(db, "UPDATE counters SET n = n + 1 WHERE id = 2",
                            nullptr, nullptr, nullptr)) == SQLITE_BUSY)
    sqlite3_sleep(10);
  if (rc != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
}

// Positive: the loop goes on past a failure to the next row, so the test
// after it sees the last row's status only.
bool tag_rows(sqlite3 *db, const char *const *rows, int n) {
  sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  int rc = SQLITE_OK;
  for (int i = 0; i < n; ++i) {
    rc = sqlite3_exec(db, rows[i], nullptr, nullptr, nullptr);
    // CHECK-NOTES: :[[@LINE-1]]:10: warning: the failure of this write is not handled before transaction on 'db' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
    if (rc != SQLITE_OK)
      std::fprintf(stderr, "row %d failed\n", i);
  }
  if (rc != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  // CHECK-NOTES: :[[@LINE+1]]:10: note: committed here
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
}

// Negative: failures counted in a local (`++failures`) and the count alone
// decides between the commit and the rollback, in a loop too.
bool import_counted(sqlite3 *db, const char *const *rows, int n) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  int failures = 0;
  for (int i = 0; i < n; ++i)
    if (sqlite3_exec(db, rows[i], nullptr, nullptr, nullptr) != SQLITE_OK)
      ++failures;
  if (sqlite3_exec(db, "UPDATE stats SET imports = imports + 1", nullptr,
                   nullptr, nullptr) != SQLITE_OK)
    failures += 1;
  if (failures == 0)
    return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
  sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  return false;
}

// Positive: the failures are counted, but the commit does not look at the
// count.
int import_and_report(sqlite3 *db, const char *const *rows, int n) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  int failures = 0;
  for (int i = 0; i < n; ++i)
    if (sqlite3_exec(db, rows[i], nullptr, nullptr, nullptr) != SQLITE_OK)
      // CHECK-NOTES: :[[@LINE-1]]:9: warning: the failure of this write is not handled before transaction on 'db' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
      ++failures;
  // CHECK-NOTES: :[[@LINE+1]]:3: note: committed here
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  if (failures > 0)
    std::fprintf(stderr, "%d rows failed\n", failures);
  return failures;
}

// Negative: the failure kept in a member flag of the object, which alone
// decides between the rollback and the commit.
class RowIndexer {
public:
  void index(const char *const *rows, int n);
  void index_and_commit(const char *const *rows, int n);

private:
  sqlite3 *Db = nullptr;
  bool Failed = false;
};

void RowIndexer::index(const char *const *rows, int n) {
  sqlite3_exec(Db, "BEGIN", nullptr, nullptr, nullptr);
  for (int i = 0; i < n; ++i)
    if (sqlite3_exec(Db, rows[i], nullptr, nullptr, nullptr) != SQLITE_OK) {
      Failed = true;
      break;
    }
  if (Failed)
    sqlite3_exec(Db, "ROLLBACK", nullptr, nullptr, nullptr);
  else
    sqlite3_exec(Db, "COMMIT", nullptr, nullptr, nullptr);
}

// Positive: the member flag is set, but the commit does not look at it.
void RowIndexer::index_and_commit(const char *const *rows, int n) {
  sqlite3_exec(Db, "BEGIN", nullptr, nullptr, nullptr);
  for (int i = 0; i < n; ++i)
    if (sqlite3_exec(Db, rows[i], nullptr, nullptr, nullptr) != SQLITE_OK)
      // CHECK-NOTES: :[[@LINE-1]]:9: warning: the failure of this write is not handled before transaction on 'Db' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
      Failed = true;
  // CHECK-NOTES: :[[@LINE+1]]:3: note: committed here
  sqlite3_exec(Db, "COMMIT", nullptr, nullptr, nullptr);
}

// Negative: a local lambda that logs and clears the flag, called on each
// failure; the flag decides between rollback and commit.
bool delete_note(sqlite3 *db, const char *note, const char *attachments) {
  bool ok = true;
  auto fail = [&](const char *what) {
    std::fprintf(stderr, "delete_note: %s: %s\n", what, sqlite3_errmsg(db));
    ok = false;
  };
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  if (sqlite3_exec(db, attachments, nullptr, nullptr, nullptr) != SQLITE_OK)
    fail("attachments");
  if (sqlite3_exec(db, note, nullptr, nullptr, nullptr) != SQLITE_OK)
    fail("note");
  if (!ok) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
}

// Positive: the lambda clears the flag only when asked to; called with
// false, the failed write is committed.
bool delete_note_lenient(sqlite3 *db, const char *note) {
  bool ok = true;
  auto fail = [&](bool fatal) {
    if (fatal)
      ok = false;
  };
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  if (sqlite3_exec(db, note, nullptr, nullptr, nullptr) != SQLITE_OK)
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: the failure of this write is not handled before transaction on 'db' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
    fail(false);
  if (!ok) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  // CHECK-NOTES: :[[@LINE+1]]:10: note: committed here
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
}

// Positive: the lambda is handed to another function, which may call it
// or not; the flag is no longer known.
bool delete_note_deferred(sqlite3 *db, const char *note,
                          void (*defer)(const std::function<void()> &)) {
  bool ok = true;
  auto fail = [&] { ok = false; };
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  if (sqlite3_exec(db, note, nullptr, nullptr, nullptr) != SQLITE_OK)
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: the failure of this write is not handled before transaction on 'db' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
    defer(fail);
  if (!ok) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  // CHECK-NOTES: :[[@LINE+1]]:10: note: committed here
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
}

// The error message sqlite3_exec leaves in its last argument is null
// exactly when it succeeded: testing it tests the write.

// Negative: a wrapper that throws when the message is set (Inspector's
// Database::execute), and a caller that rolls back in its handler.
class Database {
public:
  void execute(const char *sql) {
    char *error = nullptr;
    sqlite3_exec(db_, sql, nullptr, nullptr, &error);
    if (error) {
      std::string message = error;
      sqlite3_free(error);
      throw std::runtime_error(message);
    }
  }

private:
  sqlite3 *db_ = nullptr;
};

void run_script(Database &db, const char *script) {
  db.execute("BEGIN");
  try {
    db.execute(script);
    db.execute("COMMIT");
  } catch (...) {
    db.execute("ROLLBACK");
    throw;
  }
}

// Positive: the message is only logged, and the commit follows.
bool log_and_commit(sqlite3 *db, const char *sql) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  char *error = nullptr;
  sqlite3_exec(db, sql, nullptr, nullptr, &error);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the failure of this write is not handled before transaction on 'db' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  if (error) {
    std::fprintf(stderr, "%s\n", error);
    sqlite3_free(error);
  }
  // CHECK-NOTES: :[[@LINE+1]]:10: note: committed here
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
}

// Negative: a message per run of a loop, and a count of the failures that
// decides the commit: each run's test still decides that run.
bool insert_rows(sqlite3 *db, const char *const *rows, int count) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  int errors = 0;
  for (int i = 0; i < count; ++i) {
    char *error = nullptr;
    if (sqlite3_exec(db, rows[i], nullptr, nullptr, &error) != SQLITE_OK) {
      std::fprintf(stderr, "%s\n", error);
      sqlite3_free(error);
      ++errors;
    }
  }
  if (errors == 0 &&
      sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK)
    return true;
  sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  return false;
}

// A status chosen by ?: from the step's result: the branch on it decides
// the commit (negative), unless nothing tests it (positive).
int record_run(sqlite3 *db) {
  int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK)
    return rc;
  sqlite3_stmt *insert = nullptr;
  rc = sqlite3_prepare_v2(db, "INSERT INTO runs VALUES (1)", -1, &insert,
                          nullptr);
  if (rc == SQLITE_OK) {
    rc = sqlite3_step(insert) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
    sqlite3_finalize(insert);
  }
  if (rc == SQLITE_OK)
    rc = sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK)
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  return rc;
}

int record_run_blindly(sqlite3 *db) {
  int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK)
    return rc;
  sqlite3_stmt *insert = nullptr;
  if (sqlite3_prepare_v2(db, "INSERT INTO runs VALUES (2)", -1, &insert,
                         nullptr) != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return SQLITE_ERROR;
  }
  rc = sqlite3_step(insert) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: the failure of this write is not handled before transaction on 'db' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  // CHECK-NOTES: :[[@LINE+2]]:10: note: committed here
  sqlite3_reset(insert);
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// Negative: each turn's result lives in its own variable and its failure is
// counted; the commit runs only where nothing was.
int import_each_counted(sqlite3 *db, const char *const *sqls, int n) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  int errors = 0;
  for (int i = 0; i < n; ++i) {
    int rc = sqlite3_exec(db, sqls[i], nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK)
      ++errors;
  }
  if (errors == 0)
    return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  return -1;
}

// Positive: one variable outlives the turns; a failure it held is lost when
// the next turn overwrites it, and the final test sees the last turn only.
int import_each_last_checked(sqlite3 *db, const char *const *sqls, int n) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  int rc = SQLITE_OK;
  for (int i = 0; i < n; ++i)
    rc = sqlite3_exec(db, sqls[i], nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: the failure of this write is not handled before transaction on 'db' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  // CHECK-NOTES: :[[@LINE+5]]:10: note: committed here
  if (rc != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return -1;
  }
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}
