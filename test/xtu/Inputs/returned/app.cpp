#include "store.h"

int put(MDB_env *env, MDB_dbi dbi, MDB_val *key, MDB_val *value) {
  MDB_txn *txn = begin_write(env);
  if (!txn)
    return -1;
  if (mdb_put(txn, dbi, key, value, 0) != 0)
    return -1;
  return mdb_txn_commit(txn);
}

int put_aborting(MDB_env *env, MDB_dbi dbi, MDB_val *key, MDB_val *value) {
  MDB_txn *txn = begin_write(env);
  if (!txn)
    return -1;
  if (mdb_put(txn, dbi, key, value, 0) != 0) {
    mdb_txn_abort(txn);
    return -1;
  }
  return mdb_txn_commit(txn);
}

void archive(sqlite3 *db) {
  Transaction txn(db);
  if (sqlite3_exec(db, "INSERT INTO archive SELECT * FROM live", nullptr, nullptr, nullptr) != SQLITE_OK)
    return;
  txn.commit();
}

bool archive_checked(sqlite3 *db) {
  Transaction txn(db);
  if (sqlite3_exec(db, "INSERT INTO archive SELECT * FROM live", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  return txn.commit();
}
