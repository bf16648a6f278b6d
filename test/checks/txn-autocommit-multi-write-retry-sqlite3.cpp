// txn-autocommit-multi-write with the SQLite C API: a statement that failed
// wrote nothing, so running it again after SQLITE_BUSY is a retry, not a
// second write. Real <sqlite3.h>.
//
// RUN: %check_txnlint %s txn-autocommit-multi-write %t

#include <sqlite3.h>

constexpr const char kBump[] = "UPDATE counters SET n = n + 1 WHERE id = 1";

//===----------------------------------------------------------------------===//
// Negatives
//===----------------------------------------------------------------------===//

int bump(sqlite3 *db) {
  int rc = sqlite3_exec(db, kBump, nullptr, nullptr, nullptr);
  if (rc == SQLITE_BUSY) {
    sqlite3_sleep(100);
    rc = sqlite3_exec(db, kBump, nullptr, nullptr, nullptr);
  }
  return rc;
}

int bump_until_free(sqlite3 *db) {
  int rc = sqlite3_exec(db, kBump, nullptr, nullptr, nullptr);
  while (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
    sqlite3_sleep(100);
    rc = sqlite3_exec(db, kBump, nullptr, nullptr, nullptr);
  }
  return rc;
}

int bump_or_fail(sqlite3 *db) {
  if (sqlite3_exec(db, kBump, nullptr, nullptr, nullptr) != SQLITE_OK)
    return sqlite3_exec(db, kBump, nullptr, nullptr, nullptr);
  return SQLITE_OK;
}

// The prepared statement stepped again after SQLITE_BUSY (darktable).
int set_aspect_ratio(sqlite3 *db, double ratio, int id) {
  sqlite3_stmt *stmt = nullptr;
  sqlite3_prepare_v2(db, "UPDATE images SET aspect_ratio = ?1 WHERE id = ?2", -1, &stmt, nullptr);
  sqlite3_bind_double(stmt, 1, ratio);
  sqlite3_bind_int(stmt, 2, id);
  int rc = sqlite3_step(stmt);
  if (rc == SQLITE_BUSY) {
    sqlite3_reset(stmt);
    rc = sqlite3_step(stmt);
  }
  sqlite3_finalize(stmt);
  return rc;
}

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// The retry is one write; the statement after it is a second one.
int bump_then_log(sqlite3 *db) {
  int rc = sqlite3_exec(db, kBump, nullptr, nullptr, nullptr);
  if (rc == SQLITE_BUSY)
    rc = sqlite3_exec(db, kBump, nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO log (what) VALUES ('bump')", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-5]]:12: note: the earlier write commits here on its own
  return rc;
}

// A status other than SQLITE_OK does not say the first write failed
// (SQLITE_DONE is not an error here, but `rc != SQLITE_BUSY` says nothing).
int bump_twice(sqlite3 *db) {
  int rc = sqlite3_exec(db, kBump, nullptr, nullptr, nullptr);
  if (rc != SQLITE_BUSY)
    rc = sqlite3_exec(db, "UPDATE counters SET n = n + 1 WHERE id = 2", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-4]]:12: note: the earlier write commits here on its own
  return rc;
}

// A loop with two writes: one pair, reported once.
void drain(sqlite3 *db, int n) {
  for (int i = 0; i < n; ++i) {
    sqlite3_exec(db, "DELETE FROM queue LIMIT 1", nullptr, nullptr, nullptr);
    sqlite3_exec(db, "UPDATE stats SET drained = drained + 1", nullptr, nullptr, nullptr);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
    // CHECK-NOTES: :[[@LINE-3]]:5: note: the earlier write commits here on its own
  }
}
