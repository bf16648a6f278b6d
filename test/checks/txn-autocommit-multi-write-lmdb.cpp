// txn-autocommit-multi-write with LMDB and lmdb++, compiled against the real
// <lmdb.h> and <lmdb++.h>. LMDB has no autocommit: mdb_put, mdb_del and
// lmdb::dbi::put/del always write into a transaction (MDB_txn *, lmdb::txn),
// so nothing in this file may be reported, whether the function began the
// transaction or received it from its caller.
//
// RUN: %check_txnlint %s txn-autocommit-multi-write %t -- -- -std=c++17

#include <lmdb++.h>
#include <lmdb.h>

// Begun, written and committed here.
int move_key(MDB_env *env, MDB_dbi dbi, MDB_val *from, MDB_val *to, MDB_val *value) {
  MDB_txn *txn;
  if (mdb_txn_begin(env, nullptr, 0, &txn) != 0)
    return -1;
  mdb_put(txn, dbi, to, value, 0);
  mdb_del(txn, dbi, from, nullptr);
  return mdb_txn_commit(txn);
}

// Written through a transaction the caller began and will commit.
int move_key_in(MDB_txn *txn, MDB_dbi dbi, MDB_val *from, MDB_val *to, MDB_val *value) {
  int rc = mdb_put(txn, dbi, to, value, 0);
  if (rc != 0)
    return rc;
  return mdb_del(txn, dbi, from, nullptr);
}

// Cursor writes work in the cursor's transaction.
int clear_and_mark(MDB_txn *txn, MDB_dbi dbi, MDB_val *mark, MDB_val *value) {
  MDB_cursor *cursor;
  if (mdb_cursor_open(txn, dbi, &cursor) != 0)
    return -1;
  MDB_val k, v;
  while (mdb_cursor_get(cursor, &k, &v, MDB_NEXT) == 0)
    mdb_cursor_del(cursor, 0);
  mdb_cursor_close(cursor);
  return mdb_put(txn, dbi, mark, value, 0);
}

// lmdb++: an RAII transaction, and one received from the caller.
void move_stock(lmdb::env &env) {
  auto txn = lmdb::txn::begin(env);
  auto dbi = lmdb::dbi::open(txn, nullptr);
  dbi.put(txn, "stock:a", "9");
  dbi.del(txn, "stock:b");
  txn.commit();
}

void move_stock_in(lmdb::txn &txn, lmdb::dbi &dbi) {
  dbi.put(txn, "stock:a", "9");
  dbi.put(txn, "stock:b", "11");
  dbi.del(txn, "reservation:7");
}

// A cursor kept in a member works in the transaction it was opened in.
class Index {
  MDB_cursor *cursor_ = nullptr;

public:
  int link(MDB_val *key, MDB_val *value) {
    if (int rc = mdb_cursor_put(cursor_, key, value, 0))
      return rc;
    return mdb_cursor_put(cursor_, value, key, 0);
  }
};

// Cursors opened here on the member transaction, kept in members.
class Outputs {
  MDB_txn *write_txn_ = nullptr;
  MDB_dbi amounts_ = 0, owners_ = 0;
  MDB_cursor *amounts_cursor_ = nullptr, *owners_cursor_ = nullptr;

public:
  int add(MDB_val *amount, MDB_val *owner) {
    if (!amounts_cursor_ && mdb_cursor_open(write_txn_, amounts_, &amounts_cursor_))
      return -1;
    if (!owners_cursor_ && mdb_cursor_open(write_txn_, owners_, &owners_cursor_))
      return -1;
    if (int rc = mdb_cursor_put(amounts_cursor_, amount, owner, 0))
      return rc;
    return mdb_cursor_put(owners_cursor_, owner, amount, 0);
  }
};
