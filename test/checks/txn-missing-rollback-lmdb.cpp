// txn-missing-rollback with LMDB's C API and lmdb++, compiled against the real
// <lmdb.h> and <lmdb++.h>. mdb_txn_begin(env, parent, flags, &txn) stores a
// new transaction through its last argument and returns 0 on success;
// mdb_txn_commit and mdb_txn_abort end it (and free it). An MDB_txn* held in
// a local belongs to the function: one that is neither committed nor aborted
// on some path leaks, holding the writer lock or a reader slot, even when the
// function never ends it on any path. One that is returned, or stored where
// it outlives the function (a member, an out-parameter), is handed over.
// lmdb++'s lmdb::txn aborts in its destructor and is never reported.
//
// RUN: %check_txnlint %s txn-missing-rollback %t -- -- -std=c++17

#include <lmdb++.h>
#include <lmdb.h>

#include <cstring>
#include <functional>
#include <stdexcept>

// Defined in another translation unit.
bool valid_key(const char *key);
void keep_reading(MDB_txn *txn);

static MDB_val text(const char *s) {
  MDB_val v;
  v.mv_size = std::strlen(s);
  v.mv_data = const_cast<char *>(s);
  return v;
}

// Throws: a call to it after a begin is an exit from the caller.
static void check_size(std::size_t n) {
  if (n > 4096)
    throw std::length_error("value too large");
}

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// Never committed or aborted: the transaction leaks.
void touch(MDB_env *env, MDB_dbi dbi) {
  MDB_txn *txn;
  mdb_txn_begin(env, nullptr, 0, &txn);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'txn' is left open on some path out of 'touch'; commit or roll it back before leaving [txn-missing-rollback]
  MDB_val k = text("heartbeat"), v = text("1");
  mdb_put(txn, dbi, &k, &v, 0);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: transaction is still open at the end of the function

int lookup(MDB_env *env, MDB_dbi dbi, const char *key, MDB_val *out) {
  MDB_txn *txn;
  int rc = mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: transaction begun on 'txn' is left open on some path out of 'lookup'; commit or roll it back before leaving [txn-missing-rollback]
  if (rc != 0)
    return rc;
  MDB_val k = text(key);
  return mdb_get(txn, dbi, &k, out);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: transaction is still open at this return
}

// An early return before the commit.
int put_order(MDB_env *env, MDB_dbi dbi, const char *key) {
  MDB_txn *txn;
  int rc = mdb_txn_begin(env, nullptr, 0, &txn);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: transaction begun on 'txn' is left open on some path out of 'put_order'; commit or roll it back before leaving [txn-missing-rollback]
  if (rc != MDB_SUCCESS)
    return rc;
  if (!valid_key(key))
    return EINVAL;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  MDB_val k = text(key), v = text("new");
  rc = mdb_put(txn, dbi, &k, &v, MDB_NOOVERWRITE);
  if (rc != MDB_SUCCESS) {
    mdb_txn_abort(txn);
    return rc;
  }
  return mdb_txn_commit(txn);
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

// Aborted or committed on every path; the failed begin opened nothing.
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

// Aborted in a handler that rethrows.
int put_large_checked(MDB_env *env, MDB_dbi dbi, const char *value) {
  MDB_txn *txn;
  if (mdb_txn_begin(env, nullptr, 0, &txn) != MDB_SUCCESS)
    return -1;
  try {
    check_size(std::strlen(value));
  } catch (...) {
    mdb_txn_abort(txn);
    throw;
  }
  MDB_val k = text("blob"), v = text(value);
  mdb_put(txn, dbi, &k, &v, 0);
  return mdb_txn_commit(txn);
}

// A read-only transaction reset and aborted.
int read_twice(MDB_env *env, MDB_dbi dbi, MDB_val *key, MDB_val *out) {
  MDB_txn *txn;
  if (mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn) != 0)
    return -1;
  int rc = mdb_get(txn, dbi, key, out);
  mdb_txn_reset(txn);
  if (mdb_txn_renew(txn) != 0) {
    mdb_txn_abort(txn);
    return -1;
  }
  rc = mdb_get(txn, dbi, key, out);
  mdb_txn_abort(txn);
  return rc;
}

// Returned, or stored where it outlives the function: handed over.
MDB_txn *begin_read(MDB_env *env) {
  MDB_txn *txn = nullptr;
  if (mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn) != 0)
    return nullptr;
  return txn;
}

int begin_write(MDB_env *env, MDB_txn **txn) {
  return mdb_txn_begin(env, nullptr, 0, txn);
}

class Store {
public:
  int open();
  int open_checked();

private:
  MDB_env *m_env;
  MDB_txn *m_txn = nullptr;
};

int Store::open() { return mdb_txn_begin(m_env, nullptr, 0, &m_txn); }

int Store::open_checked() {
  MDB_txn *txn;
  int rc = mdb_txn_begin(m_env, nullptr, MDB_RDONLY, &txn);
  if (rc != 0)
    return rc;
  m_txn = txn;
  return 0;
}

// Passed to a function defined elsewhere, which takes it over.
void read_later(MDB_env *env) {
  MDB_txn *txn;
  if (mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn) == 0)
    keep_reading(txn);
}

// lmdb++'s txn aborts in its destructor: early returns and exceptions are
// fine.
bool put_raii(lmdb::env &env, const char *key) {
  auto txn = lmdb::txn::begin(env);
  auto dbi = lmdb::dbi::open(txn, nullptr);
  if (!valid_key(key))
    return false;
  check_size(std::strlen(key));
  dbi.put(txn, key, "new");
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

void touch_raii(lmdb::env &env, lmdb::dbi &dbi) {
  auto txn = lmdb::txn::begin(env);
  dbi.put(txn, "heartbeat", "1");
}

// A guard of the application's own, begun into its member: its destructor
// aborts whatever the member still holds (commit() clears it), so early
// returns and exceptions are fine; also through an always-throwing helper.
struct TxnGuard {
  MDB_txn *txn = nullptr;
  ~TxnGuard() {
    if (txn)
      mdb_txn_abort(txn);
  }
  void commit() {
    int rc = mdb_txn_commit(txn);
    txn = nullptr;
    if (rc)
      throw std::runtime_error("commit failed");
  }
};
template <typename T> void throw_error(const T &e) { throw e; }

void put_guarded(MDB_env *env, MDB_dbi dbi, const char *key) {
  TxnGuard guard;
  if (mdb_txn_begin(env, nullptr, 0, &guard.txn))
    throw std::runtime_error("begin failed");
  MDB_val k = text(key), v = text("new");
  if (mdb_put(guard.txn, dbi, &k, &v, 0))
    throw_error(std::runtime_error("put failed"));
  if (!valid_key(key))
    return;
  guard.commit();
}

// A holder without such a destructor owns nothing.
struct TxnHolder {
  MDB_txn *txn = nullptr;
};
void put_held(MDB_env *env, MDB_dbi dbi, const char *key) {
  TxnHolder held;
  if (mdb_txn_begin(env, nullptr, 0, &held.txn))
    return;
  // CHECK-NOTES: :[[@LINE-2]]:7: warning: transaction begun on 'held.txn' is left open on some path out of 'put_held'; commit or roll it back before leaving [txn-missing-rollback]
  if (!valid_key(key))
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  mdb_txn_commit(held.txn);
}

// The same guard handed to a begin by its conversion to MDB_txn **, through
// the application's own begin wrapper.
struct SafeTxn {
  MDB_txn *txn = nullptr;
  ~SafeTxn() {
    if (txn != nullptr)
      mdb_txn_abort(txn);
  }
  operator MDB_txn *() { return txn; }
  operator MDB_txn **() { return &txn; }
};
static int open_write_txn(MDB_env *env, MDB_txn **txn) {
  return mdb_txn_begin(env, nullptr, 0, txn);
}
void put_safe(MDB_env *env, MDB_dbi dbi, const char *key) {
  SafeTxn safe;
  if (open_write_txn(env, safe))
    throw std::runtime_error("begin failed");
  if (!valid_key(key))
    return;
  MDB_val k = text(key), v = text("new");
  if (mdb_put(safe, dbi, &k, &v, 0))
    return;
  mdb_txn_commit(safe);
  safe.txn = nullptr;
}

// A member read transaction reset and renewed per lookup: the reset before
// the renew is no end of the renewed transaction, which stays with the object
// (the destructor aborts it).
class Snapshot {
public:
  ~Snapshot() {
    if (m_reader)
      mdb_txn_abort(m_reader);
  }
  int get(MDB_dbi dbi, MDB_val *key, MDB_val *value) {
    mdb_txn_reset(m_reader);
    int rc = mdb_txn_renew(m_reader);
    if (rc)
      return rc;
    return mdb_get(m_reader, dbi, key, value);
  }

private:
  MDB_txn *m_reader = nullptr;
};

// A member write transaction the method commits on one path and abandons on
// another is this method's to end.
class Journal {
public:
  int append(MDB_dbi dbi, MDB_val *key, MDB_val *value) {
    int rc = mdb_txn_begin(m_env, nullptr, 0, &m_txn);
    // CHECK-NOTES: :[[@LINE-1]]:14: warning: transaction begun on 'm_txn' is left open on some path out of 'Journal::append'; commit or roll it back before leaving [txn-missing-rollback]
    if (rc)
      return rc;
    if (mdb_put(m_txn, dbi, key, value, 0))
      return -1;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: transaction is still open at this return
    return mdb_txn_commit(m_txn);
  }

private:
  MDB_env *m_env;
  MDB_txn *m_txn = nullptr;
};

// A variable holding whichever begin ran (renew the reset transaction, or
// begin it the first time): its test decides both, so nothing is open at
// the early return.
class Reader {
public:
  ~Reader() {
    if (txn_)
      mdb_txn_abort(txn_);
  }
  int get(MDB_val *key, MDB_val *value) {
    int rc = txn_ ? mdb_txn_renew(txn_)
                  : mdb_txn_begin(env_, nullptr, MDB_RDONLY, &txn_);
    if (rc != 0)
      return rc;
    rc = mdb_get(txn_, dbi_, key, value);
    mdb_txn_reset(txn_);
    return rc;
  }
  int count(MDB_stat *stat) {
    int rc;
    if (txn_)
      rc = mdb_txn_renew(txn_);
    else
      rc = mdb_txn_begin(env_, nullptr, MDB_RDONLY, &txn_);
    if (rc != 0)
      return rc;
    rc = mdb_stat(txn_, dbi_, stat);
    mdb_txn_reset(txn_);
    return rc;
  }

private:
  MDB_env *env_ = nullptr;
  MDB_dbi dbi_ = 0;
  MDB_txn *txn_ = nullptr;
};

// Positive: the same choice, but the failed put leaves the transaction the
// test found begun.
int put_under(MDB_env *env, MDB_txn *parent, MDB_dbi dbi, MDB_val *key,
              MDB_val *value) {
  MDB_txn *txn;
  int rc = parent ? mdb_txn_begin(env, parent, 0, &txn)
                  : mdb_txn_begin(env, nullptr, 0, &txn);
  // CHECK-NOTES: :[[@LINE-2]]:21: warning: transaction begun on 'txn' is left open on some path out of 'put_under'; commit or roll it back before leaving [txn-missing-rollback]
  // CHECK-NOTES: :[[@LINE+7]]:5: note: transaction is still open at this return
  // CHECK-NOTES: :[[@LINE-3]]:21: warning: transaction begun on 'txn' is left open on some path out of 'put_under'; commit or roll it back before leaving [txn-missing-rollback]
  // CHECK-NOTES: :[[@LINE+5]]:5: note: transaction is still open at this return
  if (rc != 0)
    return rc;
  rc = mdb_put(txn, dbi, key, value, 0);
  if (rc != 0)
    return rc;
  return mdb_txn_commit(txn);
}

// Negative: the write transaction is begun into a member, for the object's
// other methods to commit; resetting the read transaction another member
// holds ends nothing of it (two members, two transactions).
struct ReaderState {
  MDB_txn *Txn = nullptr;
  bool Active = false;
};
class WriteSession {
public:
  void startWrite();
  void startLocal();

private:
  MDB_env *Env = nullptr;
  MDB_txn *WriteTxn = nullptr;
  ReaderState *Reader = nullptr;
};

void WriteSession::startWrite() {
  if (int rc = mdb_txn_begin(Env, nullptr, 0, &WriteTxn))
    throw std::runtime_error(mdb_strerror(rc));
  if (Reader && Reader->Active) {
    mdb_txn_reset(Reader->Txn);
    Reader->Active = false;
  }
}

// Positive: a local transaction is no member's, and the reset of the
// reader's ends nothing of it.
void WriteSession::startLocal() {
  MDB_txn *Local = nullptr;
  if (mdb_txn_begin(Env, nullptr, 0, &Local))
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: transaction begun on 'Local' is left open on some path out of 'WriteSession::startLocal'; commit or roll it back before leaving [txn-missing-rollback]
    return;
  if (Reader && Reader->Active)
    mdb_txn_reset(Reader->Txn);
  // CHECK-NOTES: :[[@LINE+1]]:1: note: transaction is still open at the end of the function
}

// Negative: one transaction per environment in an array, each aborted by a
// scope guard of its own if still active, all committed in a second loop.
struct LeaveGuard {
  std::function<void()> OnLeave;
  LeaveGuard() = default;
  explicit LeaveGuard(std::function<void()> F) : OnLeave(std::move(F)) {}
  LeaveGuard &operator=(LeaveGuard &&Other) {
    OnLeave = std::move(Other.OnLeave);
    return *this;
  }
  ~LeaveGuard() {
    if (OnLeave)
      OnLeave();
  }
};

size_t compare_envs(MDB_env **envs) {
  MDB_txn *txn[2];
  bool active[2] = {false, false};
  LeaveGuard guards[2];
  for (int i = 0; i < 2; ++i) {
    if (int rc = mdb_txn_begin(envs[i], nullptr, MDB_RDONLY, &txn[i]))
      throw std::runtime_error(mdb_strerror(rc));
    guards[i] = LeaveGuard([&, i] {
      if (active[i])
        mdb_txn_abort(txn[i]);
    });
    active[i] = true;
  }
  if (!valid_key("diverge"))
    throw std::runtime_error("nothing to compare");
  for (int i = 0; i < 2; ++i) {
    mdb_txn_commit(txn[i]);
    active[i] = false;
  }
  return 2;
}

// Positive: the array's transactions are never ended on the early return.
bool open_both(MDB_env **envs, MDB_txn **out) {
  MDB_txn *txn[2];
  for (int i = 0; i < 2; ++i)
    if (mdb_txn_begin(envs[i], nullptr, 0, &txn[i]))
      // CHECK-NOTES: :[[@LINE-1]]:9: warning: transaction begun on 'txn[i]' is left open on some path out of 'open_both'; commit or roll it back before leaving [txn-missing-rollback]
      return false;
  if (!valid_key("both"))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  for (int i = 0; i < 2; ++i)
    mdb_txn_commit(txn[i]);
  return true;
}

// A begin wrapper that retries once when another process grew the map: its
// result is the begin's, as on the first try.
static int begin_retrying(MDB_env *env, unsigned flags, MDB_txn **txn) {
  int rc = mdb_txn_begin(env, nullptr, flags, txn);
  if (rc == MDB_MAP_RESIZED) {
    mdb_env_set_mapsize(env, 0);
    rc = mdb_txn_begin(env, nullptr, flags, txn);
  }
  return rc;
}

class Batch {
public:
  void start();

private:
  MDB_env *Env = nullptr;
  SafeTxn *Write = nullptr;
};

// Negative: begun into a member (the SafeTxn above) for the object's other
// methods; the failure branch, where the begin opened nothing, only frees
// the holder.
void Batch::start() {
  Write = new SafeTxn();
  if (int rc = begin_retrying(Env, 0, *Write)) {
    delete Write;
    Write = nullptr;
    throw std::runtime_error(mdb_strerror(rc));
  }
}
