// txn-missing-rollback with RocksDB's transactions, compiled against the real
// headers. TransactionDB::BeginTransaction (and OptimisticTransactionDB's)
// returns an owning rocksdb::Transaction*; Commit() or Rollback() ends it,
// and deleting it uncommitted rolls it back. A Transaction* held in a local
// belongs to the function: one that is neither committed, rolled back nor
// deleted on some path leaks, with its locks, even when the function never
// ends it on any path. One that is returned, or stored where it outlives the
// function (a member, an out-parameter), is handed over. A
// std::unique_ptr<Transaction> rolls back in its destructor and is never
// reported.
//
// RUN: %check_txnlint %s txn-missing-rollback %t -- -- -std=c++17

#include <rocksdb/utilities/optimistic_transaction_db.h>
#include <rocksdb/utilities/transaction.h>
#include <rocksdb/utilities/transaction_db.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

using rocksdb::OptimisticTransactionDB;
using rocksdb::ReadOptions;
using rocksdb::Status;
using rocksdb::Transaction;
using rocksdb::TransactionDB;
using rocksdb::WriteOptions;

// Defined in another translation unit.
bool valid_order(int id);
void enqueue(Transaction *txn);

// Throws: a call to it after a begin is an exit from the caller.
static void check_quantity(int qty) {
  if (qty <= 0)
    throw std::invalid_argument("quantity must be positive");
}

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// Never committed, rolled back or deleted: the transaction leaks.
void touch(TransactionDB *db) {
  Transaction *txn = db->BeginTransaction(WriteOptions());
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: transaction begun on 'txn' is left open on some path out of 'touch'; commit or roll it back before leaving [txn-missing-rollback]
  txn->Put("heartbeat", "1");
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: transaction is still open at the end of the function

std::string peek(OptimisticTransactionDB *db, const std::string &key) {
  Transaction *txn = db->BeginTransaction(WriteOptions());
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: transaction begun on 'txn' is left open on some path out of 'peek'; commit or roll it back before leaving [txn-missing-rollback]
  std::string value;
  txn->Get(ReadOptions(), key, &value);
  return value;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: transaction is still open at this return
}

// An early return before the commit.
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

// An exception between the begin and the commit.
Status reserve(TransactionDB *db, int qty) {
  Transaction *txn = db->BeginTransaction(WriteOptions());
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: transaction begun on 'txn' is left open on some path out of 'reserve'; commit or roll it back before leaving [txn-missing-rollback]
  check_quantity(qty);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: transaction is still open when an exception leaves the function here
  txn->Put("stock", std::to_string(qty));
  Status s = txn->Commit();
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

// `continue` skips the commit and the delete.
void import_all(TransactionDB *db, const std::vector<std::string> &keys) {
  for (const std::string &key : keys) {
    Transaction *txn = db->BeginTransaction(WriteOptions());
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: transaction begun on 'txn' is left open on some path out of 'import_all'; commit or roll it back before leaving [txn-missing-rollback]
    if (!txn->Put(key, "1").ok())
      continue;
    txn->Commit();
    delete txn;
  }
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: transaction is still open at the end of the function

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Deleted or ended on every path.
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

// Committed: no longer open (deleting it is memory management).
Status commit_only(TransactionDB *db) {
  Transaction *txn = db->BeginTransaction(WriteOptions());
  txn->Put("a", "1");
  return txn->Commit();
}

// Rolled back and deleted in a handler that rethrows.
Status reserve_or_rethrow(TransactionDB *db, int qty) {
  Transaction *txn = db->BeginTransaction(WriteOptions());
  try {
    check_quantity(qty);
  } catch (...) {
    txn->Rollback();
    delete txn;
    throw;
  }
  Status s = txn->Commit();
  delete txn;
  return s;
}

// A transaction that was never begun needs no rollback.
Status place_order_if_begun(TransactionDB *db, int id) {
  Transaction *txn = db->BeginTransaction(WriteOptions());
  if (txn == nullptr)
    return Status::Busy();
  Status s = txn->Put("order", std::to_string(id));
  if (s.ok())
    s = txn->Commit();
  else
    txn->Rollback();
  delete txn;
  return s;
}

// std::unique_ptr<Transaction> rolls back in its destructor, also when it
// takes over a raw pointer.
Status place_order_owned(TransactionDB *db, int id) {
  std::unique_ptr<Transaction> txn(db->BeginTransaction(WriteOptions()));
  if (!valid_order(id))
    return Status::InvalidArgument("order");
  check_quantity(id);
  return txn->Commit();
}

Status adopt(TransactionDB *db, int qty) {
  Transaction *raw = db->BeginTransaction(WriteOptions());
  std::unique_ptr<Transaction> txn(raw);
  check_quantity(qty);
  return txn->Commit();
}

// Returned, or stored where it outlives the function: handed over.
Transaction *begin_order(TransactionDB *db) {
  Transaction *txn = db->BeginTransaction(WriteOptions());
  txn->Put("order", "draft");
  return txn;
}

Transaction *begin_direct(OptimisticTransactionDB *db) {
  return db->BeginTransaction(WriteOptions());
}

void begin_into(TransactionDB *db, Transaction **out) {
  Transaction *txn = db->BeginTransaction(WriteOptions());
  *out = txn;
}

class Batch {
public:
  void start();
  void start_direct();
  void start_queued();
  Status finish();

private:
  TransactionDB *m_db;
  Transaction *m_txn = nullptr;
  std::vector<Transaction *> m_queue;
};

void Batch::start() {
  Transaction *txn = m_db->BeginTransaction(WriteOptions());
  txn->Put("batch", "open");
  m_txn = txn;
}

void Batch::start_direct() {
  m_txn = m_db->BeginTransaction(WriteOptions());
  m_txn->Put("batch", "open");
}

void Batch::start_queued() {
  Transaction *txn = m_db->BeginTransaction(WriteOptions());
  m_queue.push_back(txn);
}

Status Batch::finish() {
  Status s = m_txn->Commit();
  delete m_txn;
  m_txn = nullptr;
  return s;
}

// Passed to a function defined elsewhere, which takes it over.
void begin_and_enqueue(TransactionDB *db) {
  Transaction *txn = db->BeginTransaction(WriteOptions());
  enqueue(txn);
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
