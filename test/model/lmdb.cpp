// The lmdb and lmdb++ profiles, compiled against the real <lmdb.h> and
// <lmdb++.h>.
//
// LMDB C API: mdb_txn_begin(env, parent, flags, &txn) stores the new
// transaction through its last argument and returns 0 (MDB_SUCCESS) or an
// error; mdb_txn_commit and mdb_txn_abort end it (both free the handle).
// lmdb++: lmdb::txn::begin returns an lmdb::txn by value whose destructor
// aborts a transaction that was not committed or aborted.
//
// RUN: %txnlint --dump-events --exit-zero %s -- -std=c++17 2>/dev/null | FileCheck --check-prefix=DUMP %s
// RUN: %check_txnlint %s txn-missing-rollback %t -- -- -std=c++17
//
// Known gaps: Inputs/lmdb-gaps.cpp holds a case the engine gets wrong today,
// written as it should behave (see the file). It is run last.
// RUN: %check_txnlint %S/Inputs/lmdb-gaps.cpp txn-missing-rollback %t-gaps -- -- -std=c++17

#include <lmdb++.h>
#include <lmdb.h>

#include <cstring>
#include <stdexcept>

// Defined in another translation unit.
bool valid_key(const char *key);

static MDB_val text(const char *s) {
  MDB_val v;
  v.mv_size = std::strlen(s);
  v.mv_data = const_cast<char *>(s);
  return v;
}

// Throws: a call to it is an exit from the caller.
static void check_size(std::size_t n) {
  if (n > 4096)
    throw std::length_error("value too large");
}

//===----------------------------------------------------------------------===//
// What the profiles recognize: the C API
//===----------------------------------------------------------------------===//

int recognized(MDB_env *env, MDB_dbi dbi) {
  MDB_txn *txn;
  // DUMP: :[[@LINE+1]]:12: remark: begin on 'txn' (failure: returns-zero) [txnlint-dump-events]
  int rc = mdb_txn_begin(env, nullptr, 0, &txn);
  if (rc != MDB_SUCCESS)
    return rc;
  MDB_val key = text("k"), value = text("v");
  // DUMP: :[[@LINE+1]]:3: remark: write on 'txn' (failure: returns-zero) [txnlint-dump-events]
  mdb_put(txn, dbi, &key, &value, 0);
  // DUMP: :[[@LINE+1]]:3: remark: read on 'txn' (failure: returns-zero) [txnlint-dump-events]
  mdb_get(txn, dbi, &key, &value);
  // DUMP: :[[@LINE+1]]:3: remark: write on 'txn' (failure: returns-zero) [txnlint-dump-events]
  mdb_del(txn, dbi, &key, nullptr);
  // A cursor works on the transaction it was opened in.
  MDB_cursor *cursor;
  // DUMP: :[[@LINE+1]]:3: remark: prepare-sql on 'txn' (failure: returns-zero) [txnlint-dump-events]
  mdb_cursor_open(txn, dbi, &cursor);
  // DUMP: :[[@LINE+1]]:3: remark: write on 'txn' (failure: returns-zero) [txnlint-dump-events]
  mdb_cursor_put(cursor, &key, &value, 0);
  // DUMP: :[[@LINE+1]]:3: remark: read on 'txn' (failure: returns-zero) [txnlint-dump-events]
  mdb_cursor_get(cursor, &key, &value, MDB_NEXT);
  // DUMP: :[[@LINE+1]]:3: remark: write on 'txn' (failure: returns-zero) [txnlint-dump-events]
  mdb_cursor_del(cursor, 0);
  mdb_cursor_close(cursor);
  // DUMP: :[[@LINE+1]]:10: remark: commit on 'txn' (failure: returns-zero) [txnlint-dump-events]
  return mdb_txn_commit(txn);
}

void recognized_abort(MDB_env *env) {
  MDB_txn *txn;
  // DUMP: :[[@LINE+1]]:3: remark: begin on 'txn' (read-only) (failure: returns-zero) [txnlint-dump-events]
  mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn);
  // DUMP: :[[@LINE+1]]:3: remark: rollback on 'txn' [txnlint-dump-events]
  mdb_txn_reset(txn);
  // DUMP: :[[@LINE+1]]:3: remark: begin on 'txn' (failure: returns-zero) [txnlint-dump-events]
  mdb_txn_renew(txn);
  // DUMP: :[[@LINE+1]]:3: remark: rollback on 'txn' [txnlint-dump-events]
  mdb_txn_abort(txn);
}

//===----------------------------------------------------------------------===//
// What the profiles recognize: lmdb++
//===----------------------------------------------------------------------===//

void recognized_raii(lmdb::env &env, bool keep) {
  // DUMP: :[[@LINE+1]]:14: remark: begin on 'txn' (RAII) (failure: exception) [txnlint-dump-events]
  auto txn = lmdb::txn::begin(env);
  auto dbi = lmdb::dbi::open(txn, nullptr);
  // DUMP: :[[@LINE+1]]:3: remark: write on 'txn' (failure: exception) [txnlint-dump-events]
  dbi.put(txn, "stock:1", "9");
  int qty = 0;
  // DUMP: :[[@LINE+1]]:3: remark: read on 'txn' (failure: exception) [txnlint-dump-events]
  dbi.get(txn, "stock:1", qty);
  // DUMP: :[[@LINE+1]]:3: remark: write on 'txn' (failure: exception) [txnlint-dump-events]
  dbi.del(txn, "order:7");
  if (!keep) {
    // DUMP: :[[@LINE+1]]:5: remark: rollback on 'txn' [txnlint-dump-events]
    txn.abort();
    return;
    // DUMP: :[[@LINE-1]]:5: remark: rollback on 'txn' (destructor) [txnlint-dump-events]
  }
  // DUMP: :[[@LINE+1]]:3: remark: commit on 'txn' (failure: exception) [txnlint-dump-events]
  txn.commit();
}
// DUMP: :[[@LINE-1]]:1: remark: rollback on 'txn' (destructor) [txnlint-dump-events]

void recognized_read_only(MDB_env *env, lmdb::dbi &dbi) {
  // DUMP: :[[@LINE+1]]:20: remark: begin on 'rtxn' (read-only) (RAII) (failure: exception) [txnlint-dump-events]
  lmdb::txn rtxn = lmdb::txn::begin(env, nullptr, MDB_RDONLY);
  int qty = 0;
  // DUMP: :[[@LINE+1]]:3: remark: read on 'rtxn' (failure: exception) [txnlint-dump-events]
  dbi.get(rtxn, "stock:1", qty);
  // DUMP: :[[@LINE+1]]:3: remark: rollback on 'rtxn' [txnlint-dump-events]
  rtxn.reset();
}
// DUMP: :[[@LINE-1]]:1: remark: rollback on 'rtxn' (destructor) [txnlint-dump-events]

//===----------------------------------------------------------------------===//
// Positives: the C API's manual transactions
//===----------------------------------------------------------------------===//

// An early return leaves the write transaction open (and the writer lock
// held).
int put_order(MDB_env *env, MDB_dbi dbi, const char *key) {
  MDB_txn *txn;
  int rc = mdb_txn_begin(env, nullptr, 0, &txn);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: transaction begun on 'txn' is left open on some path out of 'put_order'; commit or roll it back before leaving [txn-missing-rollback]
  if (rc != 0)
    return rc;
  if (!valid_key(key))
    return EINVAL;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  MDB_val k = text(key), v = text("new");
  rc = mdb_put(txn, dbi, &k, &v, MDB_NOOVERWRITE);
  if (rc != 0) {
    mdb_txn_abort(txn);
    return rc;
  }
  return mdb_txn_commit(txn);
}

// A failed put returns without mdb_txn_abort.
int restock(MDB_env *env, MDB_dbi dbi) {
  MDB_txn *txn;
  if (mdb_txn_begin(env, nullptr, 0, &txn))
    return -1;
  // CHECK-NOTES: :[[@LINE-2]]:7: warning: transaction begun on 'txn' is left open on some path out of 'restock'; commit or roll it back before leaving [txn-missing-rollback]
  MDB_val k = text("stock:1"), v = text("10");
  if (mdb_put(txn, dbi, &k, &v, 0) != MDB_SUCCESS)
    return -2;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  return mdb_txn_commit(txn);
}

// A read-only transaction left open pins its reader slot.
int lookup(MDB_env *env, MDB_dbi dbi, const char *key, MDB_val *out) {
  MDB_txn *txn;
  mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'txn' is left open on some path out of 'lookup'; commit or roll it back before leaving [txn-missing-rollback]
  MDB_val k = text(key);
  int rc = mdb_get(txn, dbi, &k, out);
  if (rc == MDB_NOTFOUND)
    return rc;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  mdb_txn_abort(txn);
  return rc;
}

// An exception between the begin and the commit.
int put_large(MDB_env *env, MDB_dbi dbi, const char *value) {
  MDB_txn *txn;
  if (mdb_txn_begin(env, nullptr, 0, &txn) != MDB_SUCCESS)
    return -1;
  // CHECK-NOTES: :[[@LINE-2]]:7: warning: transaction begun on 'txn' is left open on some path out of 'put_large'; commit or roll it back before leaving [txn-missing-rollback]
  check_size(std::strlen(value));
  // CHECK-NOTES: :[[@LINE-1]]:3: note: transaction is still open when an exception leaves the function here
  MDB_val k = text("blob"), v = text(value);
  mdb_put(txn, dbi, &k, &v, 0);
  return mdb_txn_commit(txn);
}

// A nested transaction is a transaction of its own.
int nested(MDB_env *env, MDB_txn *parent, MDB_dbi dbi, bool keep) {
  MDB_txn *child;
  if (mdb_txn_begin(env, parent, 0, &child) != 0)
    return -1;
  // CHECK-NOTES: :[[@LINE-2]]:7: warning: transaction begun on 'child' is left open on some path out of 'nested'; commit or roll it back before leaving [txn-missing-rollback]
  MDB_val k = text("k");
  mdb_del(child, dbi, &k, nullptr);
  if (!keep)
    return 0;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  return mdb_txn_commit(child);
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Abort or commit on every path; the failed begin opened nothing.
int put_order_checked(MDB_env *env, MDB_dbi dbi, const char *key) {
  MDB_txn *txn;
  int rc = mdb_txn_begin(env, nullptr, 0, &txn);
  if (rc)
    return rc;
  if (!valid_key(key)) {
    mdb_txn_abort(txn);
    return EINVAL;
  }
  MDB_val k = text(key), v = text("new");
  rc = mdb_put(txn, dbi, &k, &v, 0);
  if (rc != MDB_SUCCESS) {
    mdb_txn_abort(txn);
    return rc;
  }
  return mdb_txn_commit(txn);
}

// Only the successful begin enters the block that commits.
int put_when_begun(MDB_env *env, MDB_dbi dbi) {
  MDB_txn *txn;
  if (mdb_txn_begin(env, nullptr, 0, &txn) == MDB_SUCCESS) {
    MDB_val k = text("k"), v = text("v");
    mdb_put(txn, dbi, &k, &v, 0);
    return mdb_txn_commit(txn);
  }
  return -1;
}

// A cursor's writes, then a commit; a read-only transaction reset and
// aborted.
int scan(MDB_env *env, MDB_dbi dbi) {
  MDB_txn *txn;
  if (mdb_txn_begin(env, nullptr, 0, &txn) != 0)
    return -1;
  MDB_cursor *cursor;
  if (mdb_cursor_open(txn, dbi, &cursor) != 0) {
    mdb_txn_abort(txn);
    return -1;
  }
  MDB_val k, v;
  while (mdb_cursor_get(cursor, &k, &v, MDB_NEXT) == 0)
    mdb_cursor_del(cursor, 0);
  mdb_cursor_close(cursor);
  return mdb_txn_commit(txn);
}

// lmdb++'s txn aborts in its destructor: early returns and exceptions are
// fine.
bool put_raii(lmdb::env &env, const char *key) {
  auto txn = lmdb::txn::begin(env);
  auto dbi = lmdb::dbi::open(txn, nullptr);
  if (!valid_key(key))
    return false;
  check_size(std::strlen(key));
  if (!dbi.put(txn, key, "new"))
    return false;
  txn.commit();
  return true;
}

int read_raii(MDB_env *env, lmdb::dbi &dbi, const char *key) {
  lmdb::txn rtxn = lmdb::txn::begin(env, nullptr, MDB_RDONLY);
  int qty = 0;
  if (!dbi.get(rtxn, key, qty))
    return -1;
  return qty;
}

// A function that only begins hands the transaction to its caller.
int begin_write(MDB_env *env, MDB_txn **txn) {
  return mdb_txn_begin(env, nullptr, 0, txn);
}
