// txn-unchecked-commit with the SQLite C API, compiled against the real
// <sqlite3.h>. sqlite3_exec returns SQLITE_OK (0) or an error code
// (returns-zero); a COMMIT can fail with SQLITE_BUSY or a deferred
// constraint, and then nothing was committed. COMMIT, END [TRANSACTION], and
// a string whose statements end in a COMMIT are commits.
//
// RUN: %check_txnlint %s txn-unchecked-commit %t

#include <sqlite3.h>

#include <cstdio>

// Defined in another translation unit.
int insert_rows(sqlite3 *db, int n);
void check_rc(int rc, const char *what);
void log_line(const char *text);

constexpr const char *kCommit = "COMMIT";

#define TRY(call)                                                              \
  do {                                                                         \
    if ((call) != SQLITE_OK)                                                   \
      return -1;                                                               \
  } while (0)

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// The commit as a statement of its own.
int save(sqlite3 *db, int n) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  if (insert_rows(db, n) != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return -1;
  }
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the result of committing transaction on 'db' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
  return 0;
}

// END TRANSACTION, lower case, and a constant.
void save_end(sqlite3 *db) {
  sqlite3_exec(db, "begin immediate", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "DELETE FROM cart", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "end transaction", nullptr, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the result of committing transaction on 'db' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "DELETE FROM wishlist", nullptr, nullptr, nullptr);
  sqlite3_exec(db, kCommit, nullptr, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the result of committing transaction on 'db' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
}

// A commit or a rollback, chosen by a flag: the commit may fail unseen.
void save_if(sqlite3 *db, bool ok) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "DELETE FROM cart", nullptr, nullptr, nullptr);
  sqlite3_exec(db, ok ? "COMMIT" : "ROLLBACK", nullptr, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the result of committing transaction on 'db' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
}

// A whole transaction in one string.
void save_script(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN; INSERT INTO orders (id) VALUES (1); COMMIT;", nullptr,
               nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-2]]:3: warning: the result of committing transaction on 'db' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
}

// Stored in a variable that is never read.
void save_stored(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  insert_rows(db, 1);
  int rc = sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: the result of committing transaction on 'db' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
}

// One transaction per row.
int save_each(sqlite3 *db, int n) {
  for (int i = 0; i < n; ++i) {
    TRY(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr));
    TRY(insert_rows(db, 1));
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the result of committing transaction on 'db' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
  }
  return 0;
}

// On a member connection.
struct Journal {
  sqlite3 *m_db;
  void flush() {
    sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the result of committing transaction on 'm_db' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
  }
};

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Tested directly.
int save_tested(sqlite3 *db, int n) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  insert_rows(db, n);
  if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return -1;
  }
  return 0;
}

int save_truthy(sqlite3 *db) {
  if (sqlite3_exec(db, "END", nullptr, nullptr, nullptr))
    return -1;
  return 0;
}

// Returned.
int save_returned(sqlite3 *db, int n) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  insert_rows(db, n);
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// Stored and read.
int save_rc(sqlite3 *db) {
  int rc = sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK)
    return rc;
  rc = sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  if (rc == SQLITE_BUSY)
    log_line("database is busy");
  return rc;
}

int save_logged(sqlite3 *db) {
  const int rc = sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  std::printf("commit: %s\n", sqlite3_errstr(rc));
  return 0;
}

bool save_compared(sqlite3 *db) {
  bool ok = sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
  return ok;
}

// Passed on to a checker, or through a checking macro.
void save_checked_by_helper(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  check_rc(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), "commit");
}

int save_with_macro(sqlite3 *db) {
  TRY(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr));
  TRY(insert_rows(db, 3));
  TRY(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr));
  return 0;
}

// Retried while the database is busy.
void save_retrying(sqlite3 *db) {
  while (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_BUSY)
    sqlite3_sleep(10);
}

int save_switch(sqlite3 *db) {
  switch (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr)) {
  case SQLITE_OK:
    return 0;
  case SQLITE_BUSY:
    return 1;
  default:
    return -1;
  }
}

// Ignored on purpose.
void save_best_effort(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  (void)sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  static_cast<void>(sqlite3_exec(db, "END", nullptr, nullptr, nullptr));
}

// Not commits: begin, rollback, writes, savepoints, a COMMIT in a comment,
// and "COMMIT" text that never reaches SQLite.
void not_commits(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO orders (id) VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "SAVEPOINT line", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "RELEASE line", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "-- COMMIT\nSELECT count(*) FROM orders", nullptr, nullptr,
               nullptr);
  sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  log_line("COMMIT");
}
