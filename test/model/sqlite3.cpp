// The sqlite3 profile against the real <sqlite3.h>: SQL text given to
// sqlite3_exec, SQL prepared by every sqlite3_prepare* variant (the statement
// handle is their 4th argument, or the 5th for the _v3 ones that take
// prepFlags first) and run by sqlite3_step on the statement's connection, and
// sqlite3_close.
//
// RUN: %txnlint --dump-events --exit-zero %s -- 2>/dev/null | FileCheck %s
// RUN: %check_txnlint %s txn-missing-rollback %t

#include <sqlite3.h>

void audit(int id);


//===----------------------------------------------------------------------===//
// Recognition (dump)
//===----------------------------------------------------------------------===//

int exec_text(sqlite3 *db) {
  // CHECK: :[[@LINE+1]]:3: remark: begin on 'db' (failure: returns-zero) [txnlint-dump-events]
  sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  // CHECK: :[[@LINE+1]]:3: remark: write on 'db' (failure: returns-zero) [txnlint-dump-events]
  sqlite3_exec(db, "INSERT INTO t VALUES (1)", nullptr, nullptr, nullptr);
  // CHECK: :[[@LINE+1]]:3: remark: savepoint on 'db' 'sp' (failure: returns-zero) [txnlint-dump-events]
  sqlite3_exec(db, "SAVEPOINT sp", nullptr, nullptr, nullptr);
  // CHECK: :[[@LINE+1]]:3: remark: rollback-to-savepoint on 'db' 'sp' (failure: returns-zero) [txnlint-dump-events]
  sqlite3_exec(db, "ROLLBACK TO sp", nullptr, nullptr, nullptr);
  // CHECK: :[[@LINE+1]]:3: remark: release-savepoint on 'db' 'sp' (failure: returns-zero) [txnlint-dump-events]
  sqlite3_exec(db, "RELEASE sp", nullptr, nullptr, nullptr);
  // CHECK: :[[@LINE+1]]:3: remark: commit on 'db' (failure: returns-zero) [txnlint-dump-events]
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  // CHECK: :[[@LINE+1]]:3: remark: begin on 'db' (failure: returns-zero) [txnlint-dump-events]
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  // CHECK: :[[@LINE+1]]:3: remark: rollback on 'db' (failure: returns-zero) [txnlint-dump-events]
  sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  // CHECK: :[[@LINE+1]]:3: remark: close on 'db' [txnlint-dump-events]
  sqlite3_close(db);
  // CHECK: :[[@LINE+1]]:3: remark: close on 'db' [txnlint-dump-events]
  sqlite3_close_v2(db);
  return 0;
}

// Every prepare variant; each step runs its statement's SQL on 'db'.
int prepare_variants(sqlite3 *db) {
  sqlite3_stmt *b = nullptr, *w = nullptr, *s = nullptr, *r = nullptr,
               *q = nullptr, *c = nullptr;
  // CHECK: :[[@LINE+1]]:3: remark: prepare-sql on 'db' (failure: returns-zero) [txnlint-dump-events]
  sqlite3_prepare(db, "BEGIN", -1, &b, nullptr);
  // CHECK: :[[@LINE+1]]:3: remark: begin on 'db' (failure: returns-code) [txnlint-dump-events]
  sqlite3_step(b);
  // CHECK: :[[@LINE+1]]:3: remark: prepare-sql on 'db' (failure: returns-zero) [txnlint-dump-events]
  sqlite3_prepare_v2(db, "INSERT INTO t VALUES (?)", -1, &w, nullptr);
  sqlite3_bind_int(w, 1, 42);
  // CHECK: :[[@LINE+1]]:3: remark: write on 'db' (failure: returns-code) [txnlint-dump-events]
  sqlite3_step(w);
  // CHECK: :[[@LINE+1]]:3: remark: prepare-sql on 'db' (failure: returns-zero) [txnlint-dump-events]
  sqlite3_prepare_v3(db, "SAVEPOINT s1", -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr);
  // CHECK: :[[@LINE+1]]:3: remark: savepoint on 'db' 's1' (failure: returns-code) [txnlint-dump-events]
  sqlite3_step(s);
  // CHECK: :[[@LINE+1]]:3: remark: prepare-sql on 'db' (failure: returns-zero) [txnlint-dump-events]
  sqlite3_prepare16(db, u"RELEASE s1", -1, &r, nullptr);
  // CHECK: :[[@LINE+1]]:3: remark: release-savepoint on 'db' 's1' (failure: returns-code) [txnlint-dump-events]
  sqlite3_step(r);
  // CHECK: :[[@LINE+1]]:3: remark: prepare-sql on 'db' (failure: returns-zero) [txnlint-dump-events]
  sqlite3_prepare16_v2(db, u"SELECT count(*) FROM t", -1, &q, nullptr);
  // CHECK: :[[@LINE+1]]:3: remark: read on 'db' (failure: returns-code) [txnlint-dump-events]
  sqlite3_step(q);
  // CHECK: :[[@LINE+1]]:3: remark: prepare-sql on 'db' (failure: returns-zero) [txnlint-dump-events]
  sqlite3_prepare16_v3(db, u"COMMIT", -1, 0, &c, nullptr);
  // CHECK: :[[@LINE+1]]:3: remark: commit on 'db' (failure: returns-code) [txnlint-dump-events]
  sqlite3_step(c);
  sqlite3_finalize(b);
  sqlite3_finalize(w);
  sqlite3_finalize(s);
  sqlite3_finalize(r);
  sqlite3_finalize(q);
  sqlite3_finalize(c);
  return 0;
}

// A statement stepped in a loop (a later basic block than its prepare), and
// SQL held in a constant.
constexpr const char kRollback[] = "ROLLBACK";
int step_loop(sqlite3 *db) {
  sqlite3_stmt *q = nullptr;
  sqlite3_stmt *rb = nullptr;
  // CHECK: :[[@LINE+1]]:3: remark: prepare-sql on 'db' (failure: returns-zero) [txnlint-dump-events]
  sqlite3_prepare_v2(db, kRollback, -1, &rb, nullptr);
  // CHECK: :[[@LINE+1]]:3: remark: rollback on 'db' (failure: returns-code) [txnlint-dump-events]
  sqlite3_step(rb);
  // CHECK: :[[@LINE+1]]:3: remark: prepare-sql on 'db' (failure: returns-zero) [txnlint-dump-events]
  sqlite3_prepare_v2(db, "SELECT id FROM t", -1, &q, nullptr);
  int n = 0;
  // CHECK: :[[@LINE+1]]:10: remark: read on 'db' (failure: returns-code) [txnlint-dump-events]
  while (sqlite3_step(q) == SQLITE_ROW)
    ++n;
  sqlite3_finalize(q);
  sqlite3_finalize(rb);
  return n;
}

//===----------------------------------------------------------------------===//
// txn-missing-rollback: positives
//===----------------------------------------------------------------------===//

// BEGIN through a prepared statement, left open by an early return.
int begin_prepared(sqlite3 *db, int id) {
  sqlite3_stmt *begin = nullptr;
  sqlite3_prepare_v2(db, "BEGIN", -1, &begin, nullptr);
  sqlite3_step(begin);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'begin_prepared'; commit or roll it back before leaving [txn-missing-rollback]
  sqlite3_finalize(begin);
  if (id < 0)
    return SQLITE_MISUSE;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return SQLITE_OK;
}

// A failed insert through a prepared statement returns without a rollback.
int insert_prepared(sqlite3 *db, int id) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return SQLITE_ERROR;
  // CHECK-NOTES: :[[@LINE-2]]:7: warning: transaction begun on 'db' is left open on some path out of 'insert_prepared'; commit or roll it back before leaving [txn-missing-rollback]
  sqlite3_stmt *ins = nullptr;
  sqlite3_prepare_v3(db, "INSERT INTO t VALUES (?)", -1, 0, &ins, nullptr);
  sqlite3_bind_int(ins, 1, id);
  const int rc = sqlite3_step(ins);
  sqlite3_finalize(ins);
  if (rc != SQLITE_DONE)
    return rc;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

//===----------------------------------------------------------------------===//
// txn-missing-rollback: negatives
//===----------------------------------------------------------------------===//

// COMMIT and ROLLBACK run as prepared statements in the block that prepared
// them.
int end_prepared(sqlite3 *db, int id) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  if (id < 0) {
    sqlite3_stmt *rb = nullptr;
    sqlite3_prepare16_v2(db, u"ROLLBACK", -1, &rb, nullptr);
    sqlite3_step(rb);
    sqlite3_finalize(rb);
    return SQLITE_MISUSE;
  }
  audit(id);
  sqlite3_stmt *commit = nullptr;
  sqlite3_prepare(db, "COMMIT", -1, &commit, nullptr);
  const int rc = sqlite3_step(commit);
  sqlite3_finalize(commit);
  return rc;
}

// A statement of another connection does not end this one's transaction:
// both are ended here.
int two_connections(sqlite3 *a, sqlite3 *b) {
  sqlite3_exec(a, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_stmt *s = nullptr;
  sqlite3_prepare_v2(b, "BEGIN", -1, &s, nullptr);
  sqlite3_step(s);
  sqlite3_finalize(s);
  sqlite3_exec(b, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_exec(a, "COMMIT", nullptr, nullptr, nullptr);
  return 0;
}

// Closing the connection ends it.
int close_prepared(sqlite3 *db, int id) {
  sqlite3_stmt *begin = nullptr;
  sqlite3_prepare_v2(db, "BEGIN", -1, &begin, nullptr);
  sqlite3_step(begin);
  sqlite3_finalize(begin);
  if (id < 0) {
    sqlite3_close(db);
    return SQLITE_MISUSE;
  }
  sqlite3_exec(db, "END", nullptr, nullptr, nullptr);
  return SQLITE_OK;
}

// A COMMIT prepared before a branch and stepped after it ends the
// transaction.
int commit_prepared_early(sqlite3 *db, int id) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return SQLITE_ERROR;
  sqlite3_stmt *commit = nullptr;
  sqlite3_prepare_v2(db, "COMMIT", -1, &commit, nullptr);
  if (id < 0) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_finalize(commit);
    return SQLITE_MISUSE;
  }
  const int rc = sqlite3_step(commit);
  sqlite3_finalize(commit);
  return rc;
}

// sqlite3_step succeeds with SQLITE_DONE or SQLITE_ROW (returns-code): only
// a successful BEGIN step opens a transaction: nothing to report.
int begin_checked(sqlite3 *db, int id) {
  sqlite3_stmt *begin = nullptr;
  sqlite3_prepare_v2(db, "BEGIN", -1, &begin, nullptr);
  const int rc = sqlite3_step(begin);
  sqlite3_finalize(begin);
  if (rc != SQLITE_DONE)
    return rc;
  audit(id);
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}
