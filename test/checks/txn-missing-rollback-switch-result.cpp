// A switch on a call's result code tests it: a case of a success code is
// its success edge, a case of another code (for a call whose failure is
// non-zero) and the default beside a success case are failure edges. Every
// txn-* check runs, so every finding in the file is listed.
//
// RUN: %check_txnlint %s 'txn-*' %t

#include <lmdb.h>
#include <sqlite3.h>

// Negative: the commit's own failure codes, not later steps
// (txn-commit-before-validation) and not a commit that may have happened
// (the cases that return -2 and -1 committed nothing).
int put(MDB_env *env, MDB_dbi dbi, MDB_val *key, MDB_val *value) {
  MDB_txn *txn;
  int rc = mdb_txn_begin(env, nullptr, 0, &txn);
  if (rc)
    return rc;
  rc = mdb_put(txn, dbi, key, value, MDB_NOOVERWRITE);
  if (rc) {
    mdb_txn_abort(txn);
    return rc;
  }
  switch (mdb_txn_commit(txn)) {
  case MDB_SUCCESS:
    return 0;
  case MDB_MAP_FULL:
    return -2;
  default:
    return -1;
  }
}

// Positive: the busy case returns with the transaction open; the default
// rolls back. sqlite3_step succeeds with SQLITE_DONE or SQLITE_ROW.
bool add(sqlite3 *db, sqlite3_stmt *insert) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: transaction begun on 'db' is left open on some path out of 'add'; commit or roll it back before leaving [txn-missing-rollback]
    return false;
  switch (sqlite3_step(insert)) {
  case SQLITE_DONE:
    break;
  case SQLITE_BUSY:
    return false;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  default:
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
}

// Negative: every failure rolls back, and the success case goes on.
bool addAll(sqlite3 *db, sqlite3_stmt *insert) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  switch (sqlite3_exec(db, "UPDATE counts SET n = n + 1", nullptr, nullptr,
                       nullptr)) {
  case SQLITE_OK:
    break;
  default:
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  switch (sqlite3_step(insert)) {
  case SQLITE_ROW:
  case SQLITE_DONE:
    break;
  default:
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
}
