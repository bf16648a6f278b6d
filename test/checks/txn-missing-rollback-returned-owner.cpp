// txn-missing-rollback for a function that begins a transaction and returns
// it inside an owning object: the caller receives the transaction, so the
// function hands it over rather than leaking it. RocksDB's real headers.
//
// RUN: %check_txnlint %s txn-missing-rollback %t -- -- -std=c++17

#include <rocksdb/utilities/transaction.h>
#include <rocksdb/utilities/transaction_db.h>

#include <memory>
#include <utility>

using rocksdb::Transaction;
using rocksdb::TransactionDB;
using rocksdb::WriteOptions;

// Owns a transaction; its destructor rolls back what was not committed.
class UnitOfWork {
public:
  explicit UnitOfWork(Transaction *txn) : txn_(txn) {}
  UnitOfWork(UnitOfWork &&other) noexcept : txn_(std::exchange(other.txn_, nullptr)) {}
  ~UnitOfWork() {
    if (txn_)
      delete txn_;
  }

private:
  Transaction *txn_;
};

bool valid_key(int key);

//===----------------------------------------------------------------------===//
// Negatives
//===----------------------------------------------------------------------===//

std::unique_ptr<Transaction> begin_owned(TransactionDB *db) {
  Transaction *txn = db->BeginTransaction(WriteOptions());
  txn->Put("started", "1");
  return std::unique_ptr<Transaction>(txn);
}

std::unique_ptr<Transaction> begin_checked(TransactionDB *db, int key) {
  Transaction *txn = db->BeginTransaction(WriteOptions());
  if (!valid_key(key)) {
    txn->Rollback();
    delete txn;
    return nullptr;
  }
  return std::unique_ptr<Transaction>(txn);
}

UnitOfWork begin_unit(TransactionDB *db) {
  Transaction *txn = db->BeginTransaction(WriteOptions());
  return UnitOfWork(txn);
}

UnitOfWork begin_unit_braced(TransactionDB *db) {
  Transaction *txn = db->BeginTransaction(WriteOptions());
  return UnitOfWork{txn};
}

std::unique_ptr<UnitOfWork> begin_unit_on_heap(TransactionDB *db) {
  Transaction *txn = db->BeginTransaction(WriteOptions());
  return std::make_unique<UnitOfWork>(txn);
}

std::shared_ptr<Transaction> begin_shared(TransactionDB *db) {
  return std::shared_ptr<Transaction>(db->BeginTransaction(WriteOptions()));
}

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// Another transaction is returned; this one leaks on the early return.
std::unique_ptr<Transaction> begin_other(TransactionDB *db, int key) {
  Transaction *first = db->BeginTransaction(WriteOptions());
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: transaction begun on 'first' is left open on some path out of 'begin_other'; commit or roll it back before leaving [txn-missing-rollback]
  Transaction *second = db->BeginTransaction(WriteOptions());
  if (!valid_key(key))
    return std::unique_ptr<Transaction>(second);
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  first->Commit();
  delete first;
  return std::unique_ptr<Transaction>(second);
}
