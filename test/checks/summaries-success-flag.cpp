// A helper that reports its statement's failure through a success flag it
// returns (`bool success = true; ...; success = false; ...; return
// success;`, The Forgotten Server's Database::executeQuery): false only
// where the statement failed, so `if (!exec("BEGIN")) return false;`
// returns with nothing begun, and a caller that drops the flag of a write
// drops the write's failure. Every txn-* check runs, so every finding in
// the file is listed.
//
// RUN: %check_txnlint %s 'txn-*' %t

#include <sqlite3.h>

#include <cstdio>
#include <string>

static sqlite3 *g_db;

static bool execute(const std::string &query) {
  bool success = true;
  int rc;
  while ((rc = sqlite3_exec(g_db, query.c_str(), nullptr, nullptr, nullptr)) !=
         SQLITE_OK) {
    std::fprintf(stderr, "%s: %s\n", query.c_str(), sqlite3_errmsg(g_db));
    if (rc != SQLITE_LOCKED) {
      success = false;
      break;
    }
  }
  return success;
}

bool saveAccount(int id, int balance) {
  if (!execute("BEGIN"))
    return false;
  execute("UPDATE accounts SET balance = " + std::to_string(balance) +
          " WHERE id = " + std::to_string(id));
  // CHECK-NOTES: :[[@LINE-2]]:3: warning: the failure of this write is not handled before transaction on 'g_db' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  // CHECK-NOTES: :[[@LINE+1]]:10: note: committed here
  return execute("COMMIT");
}

// Negative: every flag tested.
bool saveAccountChecked(int id, int balance) {
  if (!execute("BEGIN"))
    return false;
  if (!execute("UPDATE accounts SET balance = " + std::to_string(balance) +
               " WHERE id = " + std::to_string(id))) {
    execute("ROLLBACK");
    return false;
  }
  return execute("COMMIT");
}

// A flag cleared for another reason than the statement says nothing of it:
// the caller's test of it is no test of the begin.
static bool beginUnlessReadOnly(bool readOnly) {
  bool success = true;
  sqlite3_exec(g_db, "BEGIN", nullptr, nullptr, nullptr);
  if (readOnly)
    success = false;
  return success;
}

bool touch(bool readOnly) {
  if (!beginUnlessReadOnly(readOnly))
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: transaction begun on 'g_db' is left open on some path out of 'touch'; commit or roll it back before leaving [txn-missing-rollback]
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  return sqlite3_exec(g_db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
}

// A flag set true only where the statement succeeded, in a busy-retry loop
// (RetroShare's RetroDb::execSQL): true says it ran and succeeded, false
// that it did not.
static bool execSQL(const char *Query) {
  sqlite3_stmt *Stmt = nullptr;
  if (sqlite3_prepare_v2(g_db, Query, -1, &Stmt, nullptr) != SQLITE_OK)
    return false;
  bool TimeOut = false, Ok = false;
  int Tries = 0;
  while (!TimeOut) {
    int Rc = sqlite3_step(Stmt);
    if (Rc == SQLITE_DONE) {
      Ok = true;
      break;
    }
    if (Rc != SQLITE_BUSY)
      break;
    if (++Tries > 10)
      TimeOut = true;
  }
  sqlite3_finalize(Stmt);
  return Ok;
}

bool removeGroup(int Id) {
  if (!execSQL("BEGIN;"))
    // CHECK-NOTES: :[[@LINE-1]]:8: warning: transaction begun on 'g_db' is left open on some path out of 'removeGroup'; commit or roll it back before leaving [txn-missing-rollback]
    return false;
  execSQL("DELETE FROM messages WHERE grp = 7");
  if (Id < 0)
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  // CHECK-NOTES: :[[@LINE-4]]:3: warning: the failure of this write is not handled before transaction on 'g_db' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  return execSQL("COMMIT;");
  // CHECK-NOTES: :[[@LINE-1]]:10: note: committed here
}
