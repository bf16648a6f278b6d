#include "cursor.h"

#include <stdexcept>

void Cursor::open(MDB_env *env) { mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn_); }
std::string Cursor::next() {
  if (!txn_)
    throw std::runtime_error("closed");
  return "";
}
void Cursor::close() {
  mdb_txn_abort(txn_);
  txn_ = nullptr;
}
