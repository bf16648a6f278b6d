// txn-autocommit-multi-write with RocksDB's transactions, compiled against the
// real headers. Every write the rocksdb profile models goes through a
// rocksdb::Transaction, so none of them is outside a transaction: nothing in
// this file may be reported, whether the function began the transaction or
// received it from its caller.
//
// RUN: %check_txnlint %s txn-autocommit-multi-write %t -- -- -std=c++17

#include <rocksdb/utilities/optimistic_transaction_db.h>
#include <rocksdb/utilities/transaction.h>
#include <rocksdb/utilities/transaction_db.h>

#include <memory>
#include <string>

using rocksdb::Status;
using rocksdb::Transaction;
using rocksdb::TransactionDB;
using rocksdb::WriteOptions;

// Begun, written and committed here.
Status move_stock(TransactionDB *db) {
  Transaction *txn = db->BeginTransaction(WriteOptions());
  txn->Put("stock:a", "9");
  txn->Put("stock:b", "11");
  txn->Delete("reservation:7");
  Status s = txn->Commit();
  delete txn;
  return s;
}

Status move_stock_owned(rocksdb::OptimisticTransactionDB *db) {
  std::unique_ptr<Transaction> txn(db->BeginTransaction(WriteOptions()));
  txn->Put("stock:a", "9");
  txn->Merge("counter", "1");
  return txn->Commit();
}

// Written through a transaction the caller began and will commit.
void write_order(Transaction *txn, int id) {
  txn->Put("order:" + std::to_string(id), "new");
  txn->Put("order_lines:" + std::to_string(id), "[]");
  txn->Delete("cart:" + std::to_string(id));
}

void write_order_ref(Transaction &txn, int id) {
  txn.Put("order:" + std::to_string(id), "new");
  txn.SingleDelete("cart:" + std::to_string(id));
}

// Untracked writes are still the transaction's writes.
void write_log(Transaction *txn) {
  txn->PutUntracked("log:1", "a");
  txn->PutUntracked("log:2", "b");
}
