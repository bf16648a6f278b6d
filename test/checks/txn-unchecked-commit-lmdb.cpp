// txn-unchecked-commit with LMDB, compiled against the real <lmdb.h> and
// <lmdb++.h>. mdb_txn_commit returns 0 (MDB_SUCCESS) or an error such as
// MDB_MAP_FULL or ENOSPC (returns-zero), and then nothing was written.
// lmdb++'s lmdb::txn::commit() throws lmdb::error instead: a failure there
// cannot go unnoticed, so it is never reported.
//
// RUN: %check_txnlint %s txn-unchecked-commit %t -- -- -std=c++17

#include <lmdb++.h>
#include <lmdb.h>

#include <cstdio>
#include <cstring>

// Defined in another translation unit.
void report(int rc);

static MDB_val text(const char *s) {
  MDB_val v;
  v.mv_size = std::strlen(s);
  v.mv_data = const_cast<char *>(s);
  return v;
}

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// The commit as a statement of its own.
int save(MDB_env *env, MDB_dbi dbi) {
  MDB_txn *txn;
  if (mdb_txn_begin(env, nullptr, 0, &txn) != MDB_SUCCESS)
    return -1;
  MDB_val key = text("k"), value = text("v");
  if (mdb_put(txn, dbi, &key, &value, 0) != MDB_SUCCESS) {
    mdb_txn_abort(txn);
    return -1;
  }
  mdb_txn_commit(txn);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the result of committing transaction 'txn' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
  return 0;
}

// Stored in a variable that is never read.
void save_stored(MDB_txn *txn, MDB_dbi dbi) {
  MDB_val key = text("k"), value = text("v");
  mdb_put(txn, dbi, &key, &value, 0);
  int rc = mdb_txn_commit(txn);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: the result of committing transaction 'txn' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
}

// Assigned to a variable that is never read.
int save_assigned(MDB_txn *txn, MDB_dbi dbi) {
  int rc;
  MDB_val key = text("k");
  mdb_del(txn, dbi, &key, nullptr);
  rc = mdb_txn_commit(txn);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: the result of committing transaction 'txn' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
  return 0;
}

// One transaction per key.
int save_each(MDB_env *env, MDB_dbi dbi, int n) {
  for (int i = 0; i < n; ++i) {
    MDB_txn *txn;
    if (mdb_txn_begin(env, nullptr, 0, &txn) != 0)
      return -1;
    MDB_val key = text("k"), value = text("v");
    mdb_put(txn, dbi, &key, &value, MDB_NOOVERWRITE);
    mdb_txn_commit(txn);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the result of committing transaction 'txn' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
  }
  return 0;
}

// Flags without MDB_RDONLY: the helper may write.
void dump_cursor(MDB_txn *txn, MDB_dbi dbi);

void touch(MDB_env *env, MDB_dbi dbi) {
  MDB_txn *txn;
  if (mdb_txn_begin(env, nullptr, MDB_NOSYNC, &txn) != MDB_SUCCESS)
    return;
  dump_cursor(txn, dbi);
  mdb_txn_commit(txn);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the result of committing transaction 'txn' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Tested.
int save_tested(MDB_env *env, MDB_dbi dbi) {
  MDB_txn *txn;
  if (mdb_txn_begin(env, nullptr, 0, &txn) != MDB_SUCCESS)
    return -1;
  MDB_val key = text("k"), value = text("v");
  mdb_put(txn, dbi, &key, &value, 0);
  if (mdb_txn_commit(txn) != MDB_SUCCESS)
    return -1;
  return 0;
}

int save_if_init(MDB_txn *txn) {
  if (int rc = mdb_txn_commit(txn)) {
    std::fprintf(stderr, "commit: %s\n", mdb_strerror(rc));
    return rc;
  }
  return 0;
}

// Returned.
int save_returned(MDB_txn *txn, MDB_dbi dbi) {
  MDB_val key = text("k"), value = text("v");
  mdb_put(txn, dbi, &key, &value, 0);
  return mdb_txn_commit(txn);
}

// Stored and read.
int save_rc(MDB_env *env, MDB_dbi dbi) {
  MDB_txn *txn;
  int rc = mdb_txn_begin(env, nullptr, 0, &txn);
  if (rc != MDB_SUCCESS)
    return rc;
  MDB_val key = text("k"), value = text("v");
  mdb_put(txn, dbi, &key, &value, 0);
  rc = mdb_txn_commit(txn);
  if (rc == MDB_MAP_FULL)
    std::fprintf(stderr, "map full\n");
  return rc;
}

// In a switch; passed on.
int save_switch(MDB_txn *txn) {
  switch (mdb_txn_commit(txn)) {
  case MDB_SUCCESS:
    return 0;
  case MDB_MAP_FULL:
    return 1;
  default:
    return -1;
  }
}

void save_reported(MDB_txn *txn) { report(mdb_txn_commit(txn)); }

// Ignored on purpose: a read-only transaction has nothing to lose.
void finish_reading(MDB_env *env, MDB_dbi dbi) {
  MDB_txn *txn;
  if (mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn) != 0)
    return;
  MDB_val key = text("k"), value;
  mdb_get(txn, dbi, &key, &value);
  (void)mdb_txn_commit(txn);
}

// Not commits: abort, reset, writes.
void not_commits(MDB_txn *txn, MDB_txn *reader, MDB_dbi dbi) {
  MDB_val key = text("k"), value = text("v");
  mdb_put(txn, dbi, &key, &value, 0);
  mdb_del(txn, dbi, &key, nullptr);
  mdb_txn_abort(txn);
  mdb_txn_reset(reader);
}

// lmdb++: commit() throws on failure.
void save_xx(lmdb::env &env, lmdb::dbi &dbi) {
  auto txn = lmdb::txn::begin(env);
  dbi.put(txn, "count", 1);
  txn.commit();
}

// Begun with MDB_RDONLY, a read-only transaction has nothing to lose when
// its commit fails, also when a helper reads through it.

void dump(MDB_env *env, MDB_dbi dbi) {
  MDB_txn *txn;
  if (mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn) != MDB_SUCCESS)
    return;
  dump_cursor(txn, dbi);
  mdb_txn_commit(txn);
}

