// txn-connection-leak with LMDB's C API, compiled against the real <lmdb.h>.
// mdb_env_create(&env) stores a new environment through its argument; when
// it fails it allocates nothing. mdb_env_open does not allocate, but an
// environment it failed to open must still be closed ("If this function
// fails, mdb_env_close() must be called to discard the MDB_env handle").
//
// RUN: %check_txnlint %s txn-connection-leak %t

#include <lmdb.h>

int open_env_leaks(const char *path) {
  MDB_env *env;
  int rc = mdb_env_create(&env);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: connection opened into 'env' is left open on some path out of 'open_env_leaks'; close it, or return or store it, before leaving [txn-connection-leak]
  if (rc != 0)
    return rc;
  rc = mdb_env_open(env, path, 0, 0664);
  if (rc != 0)
    return rc;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: connection is still open at this return
  mdb_env_close(env);
  return 0;
}

// Negatives.

int open_env(const char *path, MDB_env **out) {
  MDB_env *env;
  // A failed create allocated nothing.
  if (int rc = mdb_env_create(&env))
    return rc;
  if (int rc = mdb_env_open(env, path, 0, 0664)) {
    mdb_env_close(env);
    return rc;
  }
  *out = env;
  return 0;
}

int stat_env(const char *path) {
  MDB_env *env = nullptr;
  if (mdb_env_create(&env) != MDB_SUCCESS)
    return -1;
  int rc = mdb_env_open(env, path, MDB_RDONLY, 0664);
  mdb_env_close(env);
  return rc;
}
