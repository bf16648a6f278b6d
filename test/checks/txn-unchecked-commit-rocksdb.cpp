// txn-unchecked-commit with RocksDB transactions, compiled against the real
// <rocksdb/utilities/transaction_db.h>. Transaction::Commit() returns a
// rocksdb::Status (returns-status): Busy, TimedOut or Expired mean nothing
// was written. Dropping it, or storing it and never looking at it, hides a
// failed commit. PermitUncheckedError() and a cast to void are explicit
// decisions.
//
// RUN: %check_txnlint %s txn-unchecked-commit %t -- -- -std=c++17

#include <rocksdb/utilities/transaction.h>
#include <rocksdb/utilities/transaction_db.h>

#include <memory>
#include <string>
#include <iostream>

using rocksdb::Status;
using rocksdb::Transaction;
using rocksdb::TransactionDB;
using rocksdb::WriteOptions;

// Defined in another translation unit.
void log_status(const Status &s);
bool retryable(const Status &s);

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// The commit as a statement of its own.
void save(TransactionDB *db) {
  std::unique_ptr<Transaction> txn(db->BeginTransaction(WriteOptions()));
  txn->Put("order:1", "new");
  txn->Commit();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the result of committing transaction 'txn' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
}

// A raw Transaction*, deleted after the unchecked commit.
void save_raw(TransactionDB *db) {
  Transaction *txn = db->BeginTransaction(WriteOptions());
  txn->Put("order:1", "new");
  txn->Commit();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the result of committing transaction 'txn' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
  delete txn;
}

// Stored in a Status that is never read.
bool save_stored(TransactionDB *db) {
  std::unique_ptr<Transaction> txn(db->BeginTransaction(WriteOptions()));
  txn->Put("order:1", "new");
  Status s = txn->Commit();
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: the result of committing transaction 'txn' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
  return true;
}

// Assigned to a Status that is never read.
bool save_assigned(TransactionDB *db) {
  Status s;
  std::unique_ptr<Transaction> txn(db->BeginTransaction(WriteOptions()));
  txn->Put("order:1", "new");
  s = txn->Commit();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: the result of committing transaction 'txn' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
  return true;
}

// One transaction per key.
void save_each(TransactionDB *db, int n) {
  for (int i = 0; i < n; ++i) {
    std::unique_ptr<Transaction> txn(db->BeginTransaction(WriteOptions()));
    txn->Put("item:" + std::to_string(i), "x");
    txn->Commit();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the result of committing transaction 'txn' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
  }
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Returned.
Status save_returned(TransactionDB *db) {
  std::unique_ptr<Transaction> txn(db->BeginTransaction(WriteOptions()));
  txn->Put("order:1", "new");
  return txn->Commit();
}

bool save_ok(TransactionDB *db) {
  std::unique_ptr<Transaction> txn(db->BeginTransaction(WriteOptions()));
  txn->Put("order:1", "new");
  return txn->Commit().ok();
}

// Stored and tested.
Status save_tested(TransactionDB *db) {
  std::unique_ptr<Transaction> txn(db->BeginTransaction(WriteOptions()));
  Status s = txn->Put("order:1", "new");
  if (!s.ok())
    return s;
  s = txn->Commit();
  if (!s.ok())
    txn->Rollback();
  return s;
}

// Tested directly.
bool save_if(TransactionDB *db) {
  Transaction *txn = db->BeginTransaction(WriteOptions());
  txn->Put("order:1", "new");
  bool ok = true;
  if (!txn->Commit().ok())
    ok = false;
  delete txn;
  return ok;
}

// Retried while it is busy.
void save_retrying(TransactionDB *db) {
  for (;;) {
    std::unique_ptr<Transaction> txn(db->BeginTransaction(WriteOptions()));
    txn->Put("order:1", "new");
    Status s = txn->Commit();
    if (s.ok() || !retryable(s))
      break;
  }
}

// Passed on.
void save_logged(TransactionDB *db) {
  std::unique_ptr<Transaction> txn(db->BeginTransaction(WriteOptions()));
  txn->Put("order:1", "new");
  log_status(txn->Commit());
}

// Ignored on purpose.
void save_best_effort(TransactionDB *db) {
  std::unique_ptr<Transaction> txn(db->BeginTransaction(WriteOptions()));
  txn->Put("cache:1", "x");
  txn->Commit().PermitUncheckedError();
  std::unique_ptr<Transaction> other(db->BeginTransaction(WriteOptions()));
  other->Put("cache:2", "y");
  (void)other->Commit();
}

// Not commits: writes, rollbacks and save points whose Status is dropped.
void not_commits(TransactionDB *db) {
  std::unique_ptr<Transaction> txn(db->BeginTransaction(WriteOptions()));
  txn->SetSavePoint();
  txn->Put("a", "1");
  txn->RollbackToSavePoint();
  txn->Delete("b");
  txn->Rollback();
}

// Negative: a snapshot read; logging with a manipulator of the library's
// (`std::endl`, run through a function pointer) writes nothing.
int readPair(rocksdb::TransactionDB *Db, std::string *A, std::string *B) {
  std::unique_ptr<rocksdb::Transaction> Txn(
      Db->BeginTransaction(rocksdb::WriteOptions()));
  rocksdb::ReadOptions Options;
  Txn->Get(Options, "a", A);
  std::clog << "read a: " << *A << std::endl;
  Txn->Get(Options, "b", B);
  Txn->Commit();
  return 0;
}
