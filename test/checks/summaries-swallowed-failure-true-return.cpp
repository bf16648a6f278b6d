// A function that says it succeeded after a write of it failed: its
// `return true;` follows the write with the failure unhandled, so the
// caller that commits on true commits without the write. A helper is
// reported at its call, as one that returns nothing is; a lambda handed to
// a transaction runner is reported at its write, with a note at the commit
// the runner reaches after calling it. Every txn-* check runs, so every
// finding in the file is listed.
//
// RUN: %check_txnlint %s 'txn-*' %t

#include <sqlite3.h>

#include <functional>
#include <string>

static bool run(sqlite3 *db, const std::string &sql) {
  return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
}

// The second write's failure is dropped: true says nothing of it.
static bool moveNote(sqlite3 *db, int id) {
  if (!run(db, "UPDATE notes SET folder = 2 WHERE id = " + std::to_string(id)))
    return false;
  run(db, "UPDATE folders SET note_count = note_count + 1 WHERE id = 2");
  return true;
}

bool moveNotes(sqlite3 *db) {
  if (!run(db, "BEGIN"))
    return false;
  if (!moveNote(db, 1)) {
    // CHECK-NOTES: :[[@LINE-1]]:8: warning: 'moveNote' does not report the failure of its write, and transaction on 'db' commits after it; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
    run(db, "ROLLBACK");
    return false;
  }
  return run(db, "COMMIT");
  // CHECK-NOTES: :[[@LINE-1]]:10: note: committed here
}

bool withTransaction(sqlite3 *db, const std::function<bool()> &body) {
  if (!run(db, "BEGIN"))
    return false;
  if (!body()) {
    run(db, "ROLLBACK");
    return false;
  }
  if (!run(db, "COMMIT")) {
    run(db, "ROLLBACK");
    return false;
  }
  return true;
}

bool moveNoteInRunner(sqlite3 *db, int id) {
  return withTransaction(db, [&] {
    if (!run(db, "UPDATE notes SET folder = 3 WHERE id = " + std::to_string(id)))
      return false;
    run(db, "UPDATE folders SET note_count = note_count + 1 WHERE id = 3");
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: the failure of this write is not reported to the transaction this lambda runs in, which commits after it returns; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
    // CHECK-NOTES: :[[@LINE-13]]:8: note: committed here after the lambda returns
    return true;
  });
}

// A runner template calls the lambda itself: still reported in the lambda,
// not in the runner that every caller shares.
template <typename Body> bool inTransaction(sqlite3 *db, Body &&body) {
  if (!run(db, "BEGIN"))
    return false;
  if (!body()) {
    run(db, "ROLLBACK");
    return false;
  }
  return run(db, "COMMIT");
}

bool renameFolder(sqlite3 *db) {
  return inTransaction(db, [&] {
    run(db, "UPDATE folders SET name = 'old' WHERE id = 4");
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: the failure of this write is not reported to the transaction this lambda runs in, which commits after it returns; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
    // CHECK-NOTES: :[[@LINE-7]]:10: note: committed here after the lambda returns
    return true;
  });
}

// Negatives.

// Each write's result decides what the lambda returns.
bool moveNoteChecked(sqlite3 *db, int id) {
  return withTransaction(db, [&] {
    return run(db, "UPDATE notes SET folder = 5 WHERE id = " +
                       std::to_string(id)) &&
           run(db, "UPDATE folders SET note_count = note_count + 1");
  });
}

// The failure returns false: the runner rolls back.
bool moveNoteFailing(sqlite3 *db) {
  return withTransaction(db, [&] {
    if (!run(db, "UPDATE notes SET folder = 6"))
      return false;
    if (!run(db, "UPDATE folders SET note_count = 0"))
      return false;
    return true;
  });
}

// A helper whose true follows only successes.
static bool touchFolder(sqlite3 *db) {
  if (!run(db, "UPDATE folders SET touched = 1"))
    return false;
  return true;
}

bool touchFolders(sqlite3 *db) {
  if (!run(db, "BEGIN"))
    return false;
  if (!touchFolder(db)) {
    run(db, "ROLLBACK");
    return false;
  }
  return run(db, "COMMIT");
}

// A runner that commits nothing (a retry loop in autocommit mode): a
// dropped failure there is the program's choice.
bool retrying(const std::function<bool()> &body) {
  for (int attempt = 0; attempt < 3; ++attempt)
    if (body())
      return true;
  return false;
}

bool cleanUp(sqlite3 *db) {
  return retrying([&] {
    run(db, "DELETE FROM trash");
    return true;
  });
}

// A helper whose dropped write is inside its own transaction, left open
// when a write fails: that is the helper's txn-missing-rollback, not a
// swallowed write of the caller's transaction.
static void recordAll(sqlite3 *db, int count) {
  run(db, "BEGIN");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'recordAll'; commit or roll it back before leaving [txn-missing-rollback]
  for (int i = 0; i < count; ++i)
    if (!run(db, "INSERT INTO events VALUES (" + std::to_string(i) + ")"))
      return;
  // CHECK-NOTES: :[[@LINE-1]]:7: note: transaction is still open at this return
  if (!run(db, "COMMIT"))
    run(db, "ROLLBACK");
}

void recordAndTouch(sqlite3 *db) {
  recordAll(db, 3);
  if (!run(db, "BEGIN"))
    return;
  if (!touchFolder(db)) {
    run(db, "ROLLBACK");
    return;
  }
  if (!run(db, "COMMIT"))
    run(db, "ROLLBACK");
}
