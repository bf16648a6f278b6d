// txn-commit-after-failed-write with RocksDB transactions, compiled against
// the real headers. Transaction::Put and Delete return a rocksdb::Status
// (returns-status); a dropped or unheeded Busy or TimedOut leaves the other
// writes to be committed alone.
//
// RUN: %check_txnlint %s txn-commit-after-failed-write %t -- -- -std=c++17

#include <rocksdb/utilities/transaction.h>
#include <rocksdb/utilities/transaction_db.h>

#include <memory>
#include <string>

rocksdb::Status move(rocksdb::TransactionDB *db) {
  rocksdb::Transaction *txn = db->BeginTransaction(rocksdb::WriteOptions());
  txn->Delete("queue/1");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the failure of this write is not handled before transaction 'txn' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  // CHECK-NOTES: :[[@LINE+7]]:23: note: committed here
  rocksdb::Status s = txn->Put("done/1", "x");
  if (!s.ok()) {
    txn->Rollback();
    delete txn;
    return s;
  }
  rocksdb::Status c = txn->Commit();
  delete txn;
  return c;
}

// Negative: a key already gone is no failure of the purge (the status says
// which failure it was); every other failure rolls back.
rocksdb::Status purge(rocksdb::TransactionDB *db, const std::string &keys) {
  std::unique_ptr<rocksdb::Transaction> txn(
      db->BeginTransaction(rocksdb::WriteOptions()));
  size_t missing = 0;
  for (char k : keys) {
    rocksdb::Status s = txn->Delete(std::string("k/") + k);
    if (s.IsNotFound()) {
      ++missing;
      continue;
    }
    if (!s.ok()) {
      txn->Rollback();
      return s;
    }
  }
  txn->Put("purged", std::to_string(keys.size() - missing));
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the failure of this write is not handled before transaction 'txn' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  return txn->Commit();
  // CHECK-NOTES: :[[@LINE-1]]:10: note: committed here
}
