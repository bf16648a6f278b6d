// RocksDB's write batches, compiled against the real headers: a WriteBatch
// collects writes that DB::Write applies atomically, its commit. A batch
// dropped unwritten wrote nothing and holds nothing, so it needs no
// rollback; Clear() starts it anew.
//
// RUN: %check_txnlint %s 'txn-*' %t -- -- -std=c++17

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <memory>
#include <string>

using rocksdb::Status;
using rocksdb::WriteOptions;

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

void touch(rocksdb::DB *db, const std::string &key) {
  rocksdb::WriteBatch batch;
  batch.Put(key, "1");
  batch.Delete(key + ":stale");
  db->Write(WriteOptions(), &batch);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the result of committing transaction 'batch' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
}

Status increment(rocksdb::DB *db, const std::string &key, long value) {
  rocksdb::WriteBatch batch;
  batch.Put(key, std::to_string(value + 1));
  Status s = db->Write(WriteOptions(), &batch);
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: transaction 'batch' is committed before the function can return an error; a failure there leaves a partial write [txn-commit-before-validation]
  if (!s.ok())
    return s;
  if (value + 1 < 0)
    return Status::InvalidArgument("overflow");
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an error is returned here
  return s;
}

// The batch still holds the first write: the second Write applies it again.
Status moveTwice(rocksdb::DB *db) {
  rocksdb::WriteBatch batch;
  batch.Put("a", "1");
  Status s = db->Write(WriteOptions(), &batch);
  if (!s.ok())
    return s;
  batch.Put("b", "2");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'batch' is written to after it was committed; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-5]]:14: note: it is committed here
  return db->Write(WriteOptions(), &batch);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: transaction 'batch' is committed again after it was committed; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-8]]:14: note: it is committed here
}

//===----------------------------------------------------------------------===//
// Negatives
//===----------------------------------------------------------------------===//

// Several writes in one batch are one atomic write, not autocommit writes.
Status moveMember(rocksdb::DB *db, const std::string &from,
                  const std::string &to, const std::string &member) {
  rocksdb::WriteBatch batch;
  batch.Delete(from + member);
  batch.Put(to + member, "");
  return db->Write(WriteOptions(), &batch);
}

// Dropped on an early return: nothing was written, nothing to roll back.
Status validated(rocksdb::DB *db, long value) {
  rocksdb::WriteBatch batch;
  batch.Put("value", std::to_string(value));
  if (value < 0)
    return Status::InvalidArgument("negative");
  return db->Write(WriteOptions(), &batch);
}

// Cleared before its next use.
Status reused(rocksdb::DB *db) {
  rocksdb::WriteBatch batch;
  batch.Put("a", "1");
  Status s = db->Write(WriteOptions(), &batch);
  if (!s.ok())
    return s;
  batch.Clear();
  batch.Put("b", "2");
  return db->Write(WriteOptions(), &batch);
}

// Filled by a helper, written once by the caller; also on the heap.
static void stage(rocksdb::WriteBatch *batch, const std::string &key) {
  batch->Put(key, "1");
  batch->Delete(key + ":old");
}

Status staged(rocksdb::DB *db) {
  auto batch = std::make_unique<rocksdb::WriteBatch>();
  stage(batch.get(), "x");
  stage(batch.get(), "y");
  return db->Write(WriteOptions(), batch.get());
}

// Through a smart pointer of the program's own (Kvrocks's
// ObserverOrUniquePtr<WriteBatchBase>): still writes into the batch.
template <typename T> class Owned {
public:
  explicit Owned(T *Object) : Object(Object) {}
  ~Owned() { delete Object; }
  T *operator->() const { return Object; }
  T *get() const { return Object; }

private:
  T *Object;
};

Status ownedBatch(rocksdb::DB *db, const std::string &key) {
  Owned<rocksdb::WriteBatchBase> batch(new rocksdb::WriteBatch());
  Status s = batch->Put(key, "1");
  if (!s.ok())
    return s;
  s = batch->Delete(key + ":old");
  if (!s.ok())
    return s;
  return db->Write(WriteOptions(), batch->GetWriteBatch());
}

// A write stall (TryAgain, Busy with no_slowdown) applied nothing of the
// batch: writing it again is a retry of a commit that failed, not a second
// commit.
Status retriedOnStall(rocksdb::DB *db, const std::string &key) {
  rocksdb::WriteBatch batch;
  batch.Put(key, "1");
  batch.Put(key + ":slot", "");
  Status s = db->Write(WriteOptions(), &batch);
  int retries = 0;
  while ((s.IsTryAgain() || s.IsBusy()) && retries < 3) {
    ++retries;
    s = db->Write(WriteOptions(), &batch);
  }
  if (!s.ok())
    return s;
  return Status::OK();
}
