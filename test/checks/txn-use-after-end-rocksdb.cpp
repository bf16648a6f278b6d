// txn-use-after-end with RocksDB transactions, compiled against the real
// <rocksdb/utilities/transaction_db.h>. The rocksdb::Transaction* returned by
// TransactionDB::BeginTransaction is a transaction object: after Commit() or
// Rollback() every Put, Get, Commit or Rollback on it is a use of an ended
// transaction (RocksDB answers with an error Status). Deleting it, directly
// or through a std::unique_ptr, is its destruction, never a use; passing it
// back to BeginTransaction as the transaction to reuse begins anew.
//
// RUN: %check_txnlint %s txn-use-after-end %t -- -- -std=c++17

#include <rocksdb/utilities/transaction.h>
#include <rocksdb/utilities/transaction_db.h>

#include <memory>
#include <string>

using rocksdb::ReadOptions;
using rocksdb::Status;
using rocksdb::Transaction;
using rocksdb::TransactionDB;
using rocksdb::TransactionOptions;
using rocksdb::WriteOptions;

// Defined in another translation unit.
void fill(Transaction *txn);
void log_status(const Status &s);

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// A write after the commit.
Status save(TransactionDB *db) {
  Transaction *txn = db->BeginTransaction(WriteOptions());
  txn->Put("order:1", "new");
  Status s = txn->Commit();
  txn->Put("order:1:audit", "saved");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'txn' is written to after it was committed; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-3]]:14: note: it is committed here
  delete txn;
  return s;
}

// A read after the rollback.
std::string read_back(TransactionDB *db) {
  std::unique_ptr<Transaction> txn(db->BeginTransaction(WriteOptions()));
  txn->Put("k", "v");
  txn->Rollback();
  std::string value;
  txn->Get(ReadOptions(), "k", &value);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'txn' is read from after it was rolled back; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: it is rolled back here
  return value;
}

// Committed twice.
Status commit_twice(TransactionDB *db) {
  std::unique_ptr<Transaction> txn(db->BeginTransaction(WriteOptions()));
  txn->Merge("counter", "1");
  Status s = txn->Commit();
  log_status(s);
  return txn->Commit();
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: transaction 'txn' is committed again after it was committed; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-4]]:14: note: it is committed here
}

// Rolled back after the commit, in a branch.
Status undo(TransactionDB *db, bool cancel) {
  std::unique_ptr<Transaction> txn(db->BeginTransaction(WriteOptions()));
  txn->Delete("cart:7");
  Status s = txn->Commit();
  if (cancel)
    s = txn->Rollback();
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: transaction 'txn' is rolled back after it was committed; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-4]]:14: note: it is committed here
  return s;
}

// Locking read and single delete after the commit; committed after the
// rollback.
void everything_after(TransactionDB *db) {
  Transaction *txn = db->BeginTransaction(WriteOptions());
  txn->Rollback();
  txn->Commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'txn' is committed again after it was rolled back; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: it is rolled back here
  std::string value;
  txn->GetForUpdate(ReadOptions(), "stock:3", &value);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'txn' is read from after it was committed; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-6]]:3: note: it is committed here
  txn->SingleDelete("stock:3");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'txn' is written to after it was committed; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-9]]:3: note: it is committed here
  delete txn;
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Deleting the transaction after its commit is how it is released.
Status save_and_delete(TransactionDB *db) {
  Transaction *txn = db->BeginTransaction(WriteOptions());
  txn->Put("order:1", "new");
  Status s = txn->Commit();
  delete txn;
  return s;
}

Status rollback_and_delete(TransactionDB *db, bool ok) {
  Transaction *txn = db->BeginTransaction(WriteOptions());
  txn->Put("order:1", "new");
  Status s = ok ? txn->Commit() : txn->Rollback();
  delete txn;
  return s;
}

// A unique_ptr's destructor after the commit.
Status save_owned(TransactionDB *db) {
  std::unique_ptr<Transaction> txn(db->BeginTransaction(WriteOptions()));
  txn->Put("order:1", "new");
  return txn->Commit();
}

// The rollback runs where the commit failed.
Status commit_or_rollback(TransactionDB *db) {
  std::unique_ptr<Transaction> txn(db->BeginTransaction(WriteOptions()));
  txn->Put("order:1", "new");
  Status s = txn->Commit();
  if (!s.ok())
    txn->Rollback();
  return s;
}

// Reusing the transaction object: BeginTransaction with the old transaction
// begins a new one in it.
Status reuse(TransactionDB *db) {
  Transaction *txn = db->BeginTransaction(WriteOptions());
  txn->Put("a", "1");
  Status s = txn->Commit();
  if (!s.ok()) {
    delete txn;
    return s;
  }
  txn = db->BeginTransaction(WriteOptions(), TransactionOptions(), txn);
  txn->Put("b", "2");
  s = txn->Commit();
  delete txn;
  return s;
}

// A new transaction held by the same unique_ptr.
Status reset_for_next(TransactionDB *db) {
  std::unique_ptr<Transaction> txn(db->BeginTransaction(WriteOptions()));
  txn->Put("a", "1");
  Status s = txn->Commit();
  txn.reset(db->BeginTransaction(WriteOptions()));
  txn->Put("b", "2");
  return txn->Commit();
}

// Committed on some paths only.
Status maybe_committed(TransactionDB *db, bool early) {
  std::unique_ptr<Transaction> txn(db->BeginTransaction(WriteOptions()));
  txn->Put("a", "1");
  if (early)
    txn->Commit();
  txn->Put("b", "2");
  return early ? Status::OK() : txn->Commit();
}

// Save points are not ends.
Status with_save_point(TransactionDB *db) {
  std::unique_ptr<Transaction> txn(db->BeginTransaction(WriteOptions()));
  txn->SetSavePoint();
  txn->Put("a", "1");
  txn->RollbackToSavePoint();
  txn->Put("b", "2");
  txn->SetSavePoint();
  txn->PopSavePoint();
  return txn->Commit();
}

// One transaction per iteration.
Status save_each(TransactionDB *db, int n) {
  Status s;
  for (int i = 0; i < n && s.ok(); ++i) {
    std::unique_ptr<Transaction> txn(db->BeginTransaction(WriteOptions()));
    txn->Put("item:" + std::to_string(i), "x");
    s = txn->Commit();
  }
  return s;
}

// Handed to a function that may do anything with it.
Status save_with_raw_helper(TransactionDB *db) {
  Transaction *txn = db->BeginTransaction(WriteOptions());
  Status s = txn->Commit();
  fill(txn);
  txn->Put("b", "2");
  delete txn;
  return s;
}

Status save_with_helper(TransactionDB *db) {
  std::unique_ptr<Transaction> txn(db->BeginTransaction(WriteOptions()));
  Status s = txn->Commit();
  fill(txn.get());
  txn->Put("b", "2");
  return s;
}

// Writes to the database itself after the commit.
Status write_db_after(TransactionDB *db) {
  std::unique_ptr<Transaction> txn(db->BeginTransaction(WriteOptions()));
  txn->Put("a", "1");
  Status s = txn->Commit();
  if (s.ok())
    s = db->Put(WriteOptions(), "last_saved", "a");
  return s;
}

// Two transactions.
Status two_transactions(TransactionDB *db) {
  std::unique_ptr<Transaction> first(db->BeginTransaction(WriteOptions()));
  std::unique_ptr<Transaction> second(db->BeginTransaction(WriteOptions()));
  first->Put("a", "1");
  Status s = first->Commit();
  second->Put("b", "2");
  return s.ok() ? second->Commit() : second->Rollback();
}
