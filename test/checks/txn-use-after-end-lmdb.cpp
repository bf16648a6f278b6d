// txn-use-after-end with LMDB, compiled against the real <lmdb.h> and
// <lmdb++.h>.
//
// C API: the MDB_txn* that mdb_txn_begin stores through its last argument is
// a transaction (handle role "transaction"): mdb_txn_commit and mdb_txn_abort
// free it, so any later mdb_put, mdb_get, mdb_del, commit or abort on it uses
// freed memory. mdb_txn_reset ends a read-only transaction until
// mdb_txn_renew begins it again.
// lmdb++: lmdb::txn (from lmdb::txn::begin) is a transaction object; its
// destructor aborts an uncommitted transaction and is never a use.
//
// RUN: %check_txnlint %s txn-use-after-end %t -- -- -std=c++17

#include <lmdb++.h>
#include <lmdb.h>

#include <cstring>
#include <string>

// Defined in another translation unit.
void fill(MDB_txn *txn, MDB_dbi dbi);
void log_line(const char *text);

static MDB_val text(const char *s) {
  MDB_val v;
  v.mv_size = std::strlen(s);
  v.mv_data = const_cast<char *>(s);
  return v;
}

//===----------------------------------------------------------------------===//
// Positives: the C API
//===----------------------------------------------------------------------===//

// A write after the commit.
int save(MDB_env *env, MDB_dbi dbi) {
  MDB_txn *txn;
  int rc = mdb_txn_begin(env, nullptr, 0, &txn);
  if (rc != MDB_SUCCESS)
    return rc;
  MDB_val key = text("order:1"), value = text("new");
  mdb_put(txn, dbi, &key, &value, 0);
  rc = mdb_txn_commit(txn);
  value = text("saved");
  mdb_put(txn, dbi, &key, &value, 0);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'txn' is written to after it was committed; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-4]]:8: note: it is committed here
  return rc;
}

// A read after the abort.
int lookup(MDB_env *env, MDB_dbi dbi, MDB_val *value) {
  MDB_txn *txn;
  if (mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn) != 0)
    return -1;
  MDB_val key = text("order:1");
  mdb_txn_abort(txn);
  return mdb_get(txn, dbi, &key, value);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: transaction 'txn' is read from after it was rolled back; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: it is rolled back here
}

// Aborted after the commit: a double free.
int commit_then_abort(MDB_env *env, MDB_dbi dbi) {
  MDB_txn *txn;
  if (mdb_txn_begin(env, nullptr, 0, &txn) != 0)
    return -1;
  MDB_val key = text("k");
  mdb_del(txn, dbi, &key, nullptr);
  if (mdb_txn_commit(txn) != MDB_SUCCESS)
    return -1;
  log_line("deleted");
  mdb_txn_abort(txn);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'txn' is rolled back after it was committed; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-5]]:7: note: it is committed here
  return 0;
}

// Committed after the abort.
int abort_then_commit(MDB_env *env, bool keep) {
  MDB_txn *txn;
  if (mdb_txn_begin(env, nullptr, 0, &txn) != 0)
    return -1;
  if (!keep)
    mdb_txn_abort(txn);
  else
    return mdb_txn_commit(txn);
  return mdb_txn_commit(txn);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: transaction 'txn' is committed again after it was rolled back; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-5]]:5: note: it is rolled back here
}

// A read after mdb_txn_reset, before any mdb_txn_renew.
int read_after_reset(MDB_txn *reader, MDB_dbi dbi, MDB_val *value) {
  MDB_val key = text("k");
  mdb_get(reader, dbi, &key, value);
  mdb_txn_reset(reader);
  return mdb_get(reader, dbi, &key, value);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: transaction 'reader' is read from after it was rolled back; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: it is rolled back here
}

//===----------------------------------------------------------------------===//
// Positives: lmdb++
//===----------------------------------------------------------------------===//

// Committed twice.
void save_twice(lmdb::env &env, lmdb::dbi &dbi) {
  auto txn = lmdb::txn::begin(env);
  dbi.put(txn, "count", 1);
  txn.commit();
  log_line("saved");
  txn.commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'txn' is committed again after it was committed; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: it is committed here
}

// Committed after the abort.
void abort_then_commit_xx(lmdb::env &env) {
  lmdb::txn txn = lmdb::txn::begin(env, nullptr, MDB_RDONLY);
  txn.abort();
  txn.commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'txn' is committed again after it was rolled back; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: it is rolled back here
}

// Writes and reads through lmdb::dbi on the ended lmdb::txn.
void put_after_commit(lmdb::env &env, lmdb::dbi &dbi) {
  auto txn = lmdb::txn::begin(env);
  dbi.put(txn, "count", 1);
  txn.commit();
  dbi.put(txn, "count", 2);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'txn' is written to after it was committed; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: it is committed here
}

int get_after_abort(lmdb::env &env, lmdb::dbi &dbi) {
  auto txn = lmdb::txn::begin(env, nullptr, MDB_RDONLY);
  txn.abort();
  int count = 0;
  dbi.get(txn, "count", count);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'txn' is read from after it was rolled back; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: it is rolled back here
  return count;
}

// A count through the committed transaction, for a log line (nheko).
std::size_t count_after_commit(lmdb::env &env, lmdb::dbi &dbi) {
  auto txn = lmdb::txn::begin(env);
  dbi.put(txn, "session", 1);
  txn.commit();
  return dbi.size(txn);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: transaction 'txn' is read from after it was committed; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: it is committed here
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Work, then the commit.
int save_properly(MDB_env *env, MDB_dbi dbi) {
  MDB_txn *txn;
  int rc = mdb_txn_begin(env, nullptr, 0, &txn);
  if (rc != MDB_SUCCESS)
    return rc;
  MDB_val key = text("k"), value = text("v");
  rc = mdb_put(txn, dbi, &key, &value, 0);
  if (rc != MDB_SUCCESS) {
    mdb_txn_abort(txn);
    return rc;
  }
  mdb_get(txn, dbi, &key, &value);
  return mdb_txn_commit(txn);
}

// A second transaction in the same variable.
int two_transactions(MDB_env *env, MDB_dbi dbi) {
  MDB_txn *txn;
  if (mdb_txn_begin(env, nullptr, 0, &txn) != 0)
    return -1;
  MDB_val key = text("k"), value = text("1");
  mdb_put(txn, dbi, &key, &value, 0);
  if (mdb_txn_commit(txn) != 0)
    return -1;
  if (mdb_txn_begin(env, nullptr, 0, &txn) != 0)
    return -1;
  value = text("2");
  mdb_put(txn, dbi, &key, &value, 0);
  return mdb_txn_commit(txn);
}

// A reset read-only transaction renewed before the next read.
int reread(MDB_txn *reader, MDB_dbi dbi, MDB_val *value) {
  MDB_val key = text("k");
  mdb_get(reader, dbi, &key, value);
  mdb_txn_reset(reader);
  if (mdb_txn_renew(reader) != MDB_SUCCESS)
    return -1;
  return mdb_get(reader, dbi, &key, value);
}

// Ended on some paths only.
int maybe_committed(MDB_env *env, MDB_dbi dbi, bool early) {
  MDB_txn *txn;
  if (mdb_txn_begin(env, nullptr, 0, &txn) != 0)
    return -1;
  MDB_val key = text("k"), value = text("v");
  if (early)
    return mdb_txn_commit(txn);
  mdb_put(txn, dbi, &key, &value, 0);
  return mdb_txn_commit(txn);
}

// One transaction per iteration.
int save_each(MDB_env *env, MDB_dbi dbi, int n) {
  for (int i = 0; i < n; ++i) {
    MDB_txn *txn;
    if (mdb_txn_begin(env, nullptr, 0, &txn) != 0)
      return -1;
    MDB_val key = text("k"), value = text("v");
    mdb_put(txn, dbi, &key, &value, 0);
    if (mdb_txn_commit(txn) != 0)
      return -1;
  }
  return 0;
}

// A child transaction ends; its parent goes on.
int nested(MDB_env *env, MDB_dbi dbi) {
  MDB_txn *parent, *child;
  if (mdb_txn_begin(env, nullptr, 0, &parent) != 0)
    return -1;
  if (mdb_txn_begin(env, parent, 0, &child) != 0) {
    mdb_txn_abort(parent);
    return -1;
  }
  MDB_val key = text("k"), value = text("v");
  mdb_put(child, dbi, &key, &value, 0);
  mdb_txn_abort(child);
  mdb_put(parent, dbi, &key, &value, 0);
  return mdb_txn_commit(parent);
}

// Handed to a function that may begin anew in it.
int save_with_helper(MDB_env *env, MDB_dbi dbi) {
  MDB_txn *txn;
  if (mdb_txn_begin(env, nullptr, 0, &txn) != 0)
    return -1;
  mdb_txn_commit(txn);
  fill(txn, dbi);
  return mdb_txn_commit(txn);
}

// lmdb++: the destructor after the commit is not a use.
void save_xx(lmdb::env &env, lmdb::dbi &dbi) {
  auto txn = lmdb::txn::begin(env);
  dbi.put(txn, "count", 1);
  int count = 0;
  dbi.get(txn, "count", count);
  txn.commit();
}

// lmdb++: a new transaction moved into the same variable.
void two_transactions_xx(lmdb::env &env, lmdb::dbi &dbi) {
  auto txn = lmdb::txn::begin(env);
  dbi.put(txn, "count", 1);
  txn.commit();
  txn = lmdb::txn::begin(env);
  dbi.put(txn, "count", 2);
  txn.commit();
}

// lmdb++: a reset read-only transaction renewed before the next read.
int reread_xx(lmdb::env &env, lmdb::dbi &dbi) {
  auto txn = lmdb::txn::begin(env, nullptr, MDB_RDONLY);
  int count = 0;
  dbi.get(txn, "count", count);
  txn.reset();
  txn.renew();
  dbi.get(txn, "count", count);
  return count;
}

// lmdb++: a commit that threw did not happen.
void commit_or_abort_xx(lmdb::env &env, lmdb::dbi &dbi) {
  auto txn = lmdb::txn::begin(env);
  dbi.put(txn, "count", 1);
  try {
    txn.commit();
  } catch (const lmdb::error &) {
    txn.abort();
    throw;
  }
}

// lmdb++: committed on some paths only.
void maybe_committed_xx(lmdb::env &env, lmdb::dbi &dbi, bool early) {
  auto txn = lmdb::txn::begin(env);
  if (early)
    txn.commit();
  else
    dbi.put(txn, "count", 1);
}

// A wrapper of the program holding the transaction in a public member
// (monero's mdb_txn_safe): given another transaction after its commit, the
// next commit is that one's.
struct TxnHolder {
  MDB_txn *m_txn = nullptr;
  void commit() {
    if (int Rc = mdb_txn_commit(m_txn))
      throw Rc;
    m_txn = nullptr;
  }
};
void batch(MDB_env *Env, MDB_txn *Next) {
  TxnHolder Txn;
  if (mdb_txn_begin(Env, nullptr, 0, &Txn.m_txn))
    return;
  Txn.commit();
  Txn.m_txn = Next;
  Txn.commit();
}

// The same wrapper committed twice with nothing in between.
void batch_twice(MDB_env *Env) {
  TxnHolder Txn;
  if (mdb_txn_begin(Env, nullptr, 0, &Txn.m_txn))
    return;
  Txn.commit();
  Txn.commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'Txn' is committed again after it was committed; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: it is committed here
}
