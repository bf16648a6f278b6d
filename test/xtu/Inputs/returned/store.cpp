#include "store.h"

MDB_txn *begin_write(MDB_env *env) {
  MDB_txn *txn = nullptr;
  if (mdb_txn_begin(env, nullptr, 0, &txn) != 0)
    return nullptr;
  return txn;
}

Transaction::~Transaction() {
  if (!done_)
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

bool Transaction::commit() {
  done_ = sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
  return done_;
}
