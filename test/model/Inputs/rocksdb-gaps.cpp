// KNOWN ENGINE GAPS for the rocksdb profile, written as txnlint SHOULD
// behave; run by the last RUN line of test/model/rocksdb.cpp. Each function
// below owns its transaction through a std::unique_ptr, whose destructor
// rolls back, so nothing may be reported. Today the engine does not bind the
// begun transaction to the smart pointer in these spellings, so it reports a
// transaction "begun on 'db->BeginTransaction(WriteOptions())'" left open
// on the exception path out of check().

#include <rocksdb/utilities/transaction.h>
#include <rocksdb/utilities/transaction_db.h>

#include <memory>
#include <stdexcept>

using rocksdb::Status;
using rocksdb::Transaction;
using rocksdb::TransactionDB;
using rocksdb::WriteOptions;

static void check(int qty) {
  if (qty < 0)
    throw std::invalid_argument("qty");
}

// The smart pointer built with a functional cast: `auto p = T(call())`.
Status owned_by_cast(TransactionDB *db, int qty) {
  auto txn = std::unique_ptr<Transaction>(db->BeginTransaction(WriteOptions()));
  check(qty);
  return txn->Commit();
}

// The smart pointer given the transaction by reset().
Status owned_by_reset(TransactionDB *db, int qty) {
  std::unique_ptr<Transaction> txn;
  txn.reset(db->BeginTransaction(WriteOptions()));
  check(qty);
  return txn->Commit();
}
