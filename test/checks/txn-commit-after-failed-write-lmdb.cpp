// txn-commit-after-failed-write with the LMDB C API, compiled against the
// real <lmdb.h>. A write returns 0 or an error code; where the result
// equals an error code the code names (MDB_NOTFOUND on a delete,
// MDB_KEYEXIST on a put with MDB_NOOVERWRITE), that failure is tolerated on
// purpose; the other failures are not.
//
// RUN: %check_txnlint %s txn-commit-after-failed-write %t

#include <lmdb.h>

#include <stdexcept>

void note(const char *);

// Negative: a missing key is fine, every other failure throws.
void forget(MDB_env *Env, MDB_dbi Dbi, MDB_val *Key) {
  MDB_txn *Txn;
  if (mdb_txn_begin(Env, nullptr, 0, &Txn))
    return;
  int Rc = mdb_del(Txn, Dbi, Key, nullptr);
  if (Rc && Rc != MDB_NOTFOUND)
    throw std::runtime_error("del");
  if (mdb_txn_commit(Txn))
    throw std::runtime_error("commit");
}

// Negative: an existing key counts as success, then the result is tested.
void remember(MDB_env *Env, MDB_dbi Dbi, MDB_val *Key, MDB_val *Value) {
  MDB_txn *Txn;
  if (mdb_txn_begin(Env, nullptr, 0, &Txn))
    return;
  int Rc = mdb_put(Txn, Dbi, Key, Value, MDB_NOOVERWRITE);
  if (Rc == MDB_KEYEXIST)
    Rc = 0;
  if (Rc)
    throw std::runtime_error("put");
  if (mdb_txn_commit(Txn))
    throw std::runtime_error("commit");
}

// Negative: the tolerated code, tested the other way round.
int drop_if_there(MDB_env *Env, MDB_dbi Dbi) {
  MDB_txn *Txn;
  if (mdb_txn_begin(Env, nullptr, 0, &Txn))
    return -1;
  int Rc = mdb_drop(Txn, Dbi, 0);
  if (MDB_NOTFOUND != Rc && Rc != 0) {
    mdb_txn_abort(Txn);
    return Rc;
  }
  return mdb_txn_commit(Txn);
}

// Positive: only MDB_NOTFOUND is told apart; any other failure of the
// delete goes on to the commit.
void replace(MDB_env *Env, MDB_dbi Dbi, MDB_val *Key, MDB_val *Value) {
  MDB_txn *Txn;
  if (mdb_txn_begin(Env, nullptr, 0, &Txn))
    return;
  int Rc = mdb_del(Txn, Dbi, Key, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: the failure of this write is not handled before transaction 'Txn' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  if (Rc != MDB_NOTFOUND)
    note("replacing");
  if (mdb_put(Txn, Dbi, Key, Value, 0))
    throw std::runtime_error("put");
  if (mdb_txn_commit(Txn))
    // CHECK-NOTES: :[[@LINE-1]]:7: note: committed here
    throw std::runtime_error("commit");
}
