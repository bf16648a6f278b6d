// The rocksdb profile, compiled against the real RocksDB headers
// (<rocksdb/utilities/transaction_db.h>, <rocksdb/utilities/transaction.h>).
// TransactionDB::BeginTransaction returns an owning Transaction*; deleting a
// transaction that was neither committed nor rolled back discards its
// buffered writes and releases its locks, so the destructor (run by `delete`
// or by std::unique_ptr) rolls back.
//
// RUN: %txnlint --dump-events --exit-zero %s -- -std=c++17 2>/dev/null | FileCheck --check-prefix=DUMP %s
// RUN: %check_txnlint %s txn-missing-rollback %t -- -- -std=c++17
//
// Known gaps: Inputs/rocksdb-gaps.cpp holds the cases the engine gets wrong
// today, written as they should behave (see the file). It is run last.
// RUN: %check_txnlint %S/Inputs/rocksdb-gaps.cpp txn-missing-rollback %t-gaps -- -- -std=c++17

#include <rocksdb/utilities/optimistic_transaction_db.h>
#include <rocksdb/utilities/transaction.h>
#include <rocksdb/utilities/transaction_db.h>

#include <memory>
#include <string>

using rocksdb::OptimisticTransactionDB;
using rocksdb::ReadOptions;
using rocksdb::Status;
using rocksdb::Transaction;
using rocksdb::TransactionDB;
using rocksdb::WriteOptions;

// Defined in another translation unit.
bool valid_order(int id);

//===----------------------------------------------------------------------===//
// What the profile recognizes
//===----------------------------------------------------------------------===//

Status recognized(TransactionDB *db) {
  // DUMP: :[[@LINE+1]]:22: remark: begin on 'txn' (failure: returns-bool) [txnlint-dump-events]
  Transaction *txn = db->BeginTransaction(WriteOptions());
  std::string value;
  // DUMP: :[[@LINE+1]]:3: remark: read on 'txn' (failure: returns-status) [txnlint-dump-events]
  txn->Get(ReadOptions(), "stock:1", &value);
  // DUMP: :[[@LINE+1]]:3: remark: read on 'txn' (failure: returns-status) [txnlint-dump-events]
  txn->GetForUpdate(ReadOptions(), "stock:1", &value);
  // DUMP: :[[@LINE+1]]:3: remark: write on 'txn' (failure: returns-status) [txnlint-dump-events]
  txn->Put("stock:1", "9");
  // DUMP: :[[@LINE+1]]:3: remark: savepoint on 'txn' [txnlint-dump-events]
  txn->SetSavePoint();
  // DUMP: :[[@LINE+1]]:3: remark: write on 'txn' (failure: returns-status) [txnlint-dump-events]
  txn->Delete("order:7");
  // DUMP: :[[@LINE+1]]:3: remark: write on 'txn' (failure: returns-status) [txnlint-dump-events]
  txn->Merge("counter", "1");
  // DUMP: :[[@LINE+1]]:3: remark: write on 'txn' (failure: returns-status) [txnlint-dump-events]
  txn->SingleDelete("tmp");
  // DUMP: :[[@LINE+1]]:3: remark: write on 'txn' (failure: returns-status) [txnlint-dump-events]
  txn->PutUntracked("log", "x");
  // DUMP: :[[@LINE+1]]:3: remark: rollback-to-savepoint on 'txn' (failure: returns-status) [txnlint-dump-events]
  txn->RollbackToSavePoint();
  // DUMP: :[[@LINE+1]]:3: remark: savepoint on 'txn' [txnlint-dump-events]
  txn->SetSavePoint();
  // DUMP: :[[@LINE+1]]:3: remark: release-savepoint on 'txn' (failure: returns-status) [txnlint-dump-events]
  txn->PopSavePoint();
  // DUMP: :[[@LINE+1]]:14: remark: commit on 'txn' (failure: returns-status) [txnlint-dump-events]
  Status s = txn->Commit();
  // DUMP: :[[@LINE+1]]:3: remark: rollback on 'txn' (destructor) [txnlint-dump-events]
  delete txn;
  return s;
}

Status recognized_rollback(OptimisticTransactionDB *db) {
  // DUMP: :[[@LINE+1]]:22: remark: begin on 'txn' (failure: returns-bool) [txnlint-dump-events]
  Transaction *txn = db->BeginTransaction(WriteOptions());
  // DUMP: :[[@LINE+1]]:14: remark: rollback on 'txn' (failure: returns-status) [txnlint-dump-events]
  Status s = txn->Rollback();
  // DUMP: :[[@LINE+1]]:3: remark: rollback on 'txn' (destructor) [txnlint-dump-events]
  delete txn;
  return s;
}

// A std::unique_ptr owns the transaction: its destructor rolls back.
Status recognized_unique_ptr(TransactionDB *db, int id) {
  // DUMP: :[[@LINE+1]]:36: remark: begin on 'txn' (RAII) (failure: returns-bool) [txnlint-dump-events]
  std::unique_ptr<Transaction> txn(db->BeginTransaction(WriteOptions()));
  if (!valid_order(id))
    return Status::InvalidArgument("order");
  // DUMP: :[[@LINE-1]]:5: remark: rollback on 'txn' (destructor) [txnlint-dump-events]
  // DUMP: :[[@LINE+2]]:3: remark: rollback on 'txn' (destructor) [txnlint-dump-events]
  // DUMP: :[[@LINE+1]]:10: remark: commit on 'txn' (failure: returns-status) [txnlint-dump-events]
  return txn->Commit();
}

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// An early return leaks the transaction (and the locks it holds).
Status place_order(TransactionDB *db, int id) {
  Transaction *txn = db->BeginTransaction(WriteOptions());
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: transaction begun on 'txn' is left open on some path out of 'place_order'; commit or roll it back before leaving [txn-missing-rollback]
  if (!valid_order(id))
    return Status::InvalidArgument("order");
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  Status s = txn->Put("order:" + std::to_string(id), "new");
  if (!s.ok()) {
    txn->Rollback();
    delete txn;
    return s;
  }
  s = txn->Commit();
  delete txn;
  return s;
}

// A failed write returns without Rollback() or delete.
Status restock(TransactionDB *db, const std::string &key) {
  Transaction *txn = db->BeginTransaction(WriteOptions());
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: transaction begun on 'txn' is left open on some path out of 'restock'; commit or roll it back before leaving [txn-missing-rollback]
  std::string qty;
  Status s = txn->GetForUpdate(ReadOptions(), key, &qty);
  if (!s.ok())
    return s;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  s = txn->Put(key, qty + "0");
  if (s.ok())
    s = txn->Commit();
  delete txn;
  return s;
}

// The null check is understood; the return after it is not.
Status reserve(OptimisticTransactionDB *db, int id) {
  Transaction *txn = nullptr;
  txn = db->BeginTransaction(WriteOptions());
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: transaction begun on 'txn' is left open on some path out of 'reserve'; commit or roll it back before leaving [txn-missing-rollback]
  if (txn == nullptr)
    return Status::Busy();
  if (id < 0)
    return Status::InvalidArgument("id");
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  Status s = txn->Commit();
  delete txn;
  return s;
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Deleting the transaction on the early return rolls it back.
Status place_order_checked(TransactionDB *db, int id) {
  Transaction *txn = db->BeginTransaction(WriteOptions());
  if (!valid_order(id)) {
    delete txn;
    return Status::InvalidArgument("order");
  }
  Status s = txn->Put("order", "new");
  if (!s.ok()) {
    txn->Rollback();
    delete txn;
    return s;
  }
  s = txn->Commit();
  delete txn;
  return s;
}

// std::unique_ptr<Transaction> is RAII.
Status place_order_owned(TransactionDB *db, int id) {
  std::unique_ptr<Transaction> txn(db->BeginTransaction(WriteOptions()));
  if (!valid_order(id))
    return Status::InvalidArgument("order");
  Status s = txn->Put("order", "new");
  if (!s.ok())
    return s;
  return txn->Commit();
}

// A transaction that was never begun needs no rollback.
Status place_order_if_begun(TransactionDB *db, int id) {
  Transaction *txn = db->BeginTransaction(WriteOptions());
  if (!txn)
    return Status::Busy();
  Status s = txn->Put("order", std::to_string(id));
  if (s.ok())
    s = txn->Commit();
  else
    txn->Rollback();
  delete txn;
  return s;
}

// Save points inside a transaction that is ended on every path.
Status move_stock(TransactionDB *db, bool partial) {
  std::unique_ptr<Transaction> txn(db->BeginTransaction(WriteOptions()));
  txn->SetSavePoint();
  txn->Delete("stock:a");
  if (partial)
    txn->RollbackToSavePoint();
  else
    txn->PopSavePoint();
  return txn->Commit();
}

// A function that only begins hands the transaction to its caller.
Transaction *begin_order(TransactionDB *db) {
  return db->BeginTransaction(WriteOptions());
}
