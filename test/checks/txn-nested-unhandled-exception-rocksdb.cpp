// txn-nested-unhandled-exception with RocksDB transactions, compiled against
// the real headers (<rocksdb/utilities/transaction.h>). Transaction::
// SetSavePoint() pushes an unnamed savepoint; RollbackToSavePoint() and
// PopSavePoint() end it, Commit() and Rollback() end the transaction and its
// savepoints. RocksDB reports failure by returning a Status, never by
// throwing, so the exceptions here are the application's own. An unnamed
// savepoint is named by its transaction: "savepoint on 'txn'".
//
// RUN: %check_txnlint %s txn-nested-unhandled-exception %t -- -- -std=c++17

#include <rocksdb/utilities/transaction.h>
#include <rocksdb/utilities/transaction_db.h>

#include <memory>
#include <stdexcept>
#include <string>

struct Item {
  std::string key;
  std::string value;
  int qty;
};

// Defined in another translation unit: not known to throw.
void log_line(const std::string &text);
std::string encode(const Item &item);

// Throws std::invalid_argument.
static void check_item(const Item &item) {
  if (item.qty <= 0)
    throw std::invalid_argument("quantity must be positive");
}

namespace codec {
// Throws std::length_error.
std::string encode_checked(const Item &item) {
  if (item.value.size() > 4096)
    throw std::length_error("value too large");
  return item.value;
}
} // namespace codec

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// A throwing call between SetSavePoint and PopSavePoint.
void put_item(rocksdb::Transaction *txn, const Item &item) {
  txn->SetSavePoint();
  txn->Put(item.key, item.value);
  check_item(item);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: an exception from 'check_item' escapes savepoint on 'txn' and aborts the enclosing transaction; catch it inside the savepoint and roll back to the savepoint [txn-nested-unhandled-exception]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: savepoint on 'txn' is opened here
  txn->PopSavePoint();
}

// A throw of the function's own; the transaction is owned here.
void put_items(rocksdb::TransactionDB *db, const Item &a, const Item &b) {
  std::unique_ptr<rocksdb::Transaction> txn(
      db->BeginTransaction(rocksdb::WriteOptions()));
  txn->Put(a.key, a.value);
  txn->SetSavePoint();
  rocksdb::Status s = txn->Put(b.key, b.value);
  if (!s.ok())
    throw std::runtime_error(s.ToString());
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: an exception thrown here escapes savepoint on 'txn' and aborts the enclosing transaction; catch it inside the savepoint and roll back to the savepoint [txn-nested-unhandled-exception]
  // CHECK-NOTES: :[[@LINE-5]]:3: note: savepoint on 'txn' is opened here
  // CHECK-NOTES: :[[@LINE-8]]:7: note: transaction 'txn', begun here, is then rolled back by its destructor as the exception unwinds
  txn->PopSavePoint();
  txn->Commit();
}

// A try around the savepoint whose handler neither rolls back to it nor
// rethrows: the half-written item is committed.
void put_item_logged(rocksdb::Transaction *txn, const Item &item) {
  try {
    txn->SetSavePoint();
    txn->Put(item.key, codec::encode_checked(item));
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: an exception from 'codec::encode_checked' is caught without rolling back to savepoint on 'txn'; the savepoint's partial work stays in the enclosing transaction [txn-nested-unhandled-exception]
    // CHECK-NOTES: :[[@LINE-3]]:5: note: savepoint on 'txn' is opened here
    txn->PopSavePoint();
  } catch (const std::length_error &) {
    log_line("item too large");
  }
  txn->Commit();
}

// The same with the transaction passed by reference.
void put_item_by_ref(rocksdb::Transaction &txn, const Item &item) {
  try {
    txn.SetSavePoint();
    txn.Put(item.key, item.value);
    check_item(item);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: an exception from 'check_item' is caught without rolling back to savepoint on 'txn'; the savepoint's partial work stays in the enclosing transaction [txn-nested-unhandled-exception]
    // CHECK-NOTES: :[[@LINE-4]]:5: note: savepoint on 'txn' is opened here
    txn.PopSavePoint();
  } catch (const std::exception &) {
    log_line("skipped");
  }
}

// Two savepoints on the stack: the innermost is reported.
void put_nested(rocksdb::Transaction *txn, const Item &item) {
  txn->SetSavePoint();
  txn->Put(item.key, item.value);
  txn->SetSavePoint();
  check_item(item);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: an exception from 'check_item' escapes savepoint on 'txn' and aborts the enclosing transaction; catch it inside the savepoint and roll back to the savepoint [txn-nested-unhandled-exception]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: savepoint on 'txn' is opened here
  txn->PopSavePoint();
  txn->PopSavePoint();
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Status-returning calls and calls not known to throw inside the savepoint;
// throws before it and after it is popped or rolled back to.
void put_item_checked(rocksdb::Transaction *txn, const Item &item) {
  check_item(item);
  txn->SetSavePoint();
  rocksdb::Status s = txn->Put(item.key, encode(item));
  std::string old;
  txn->Get(rocksdb::ReadOptions(), item.key, &old);
  log_line(old);
  if (!s.ok()) {
    txn->RollbackToSavePoint();
    throw std::runtime_error(s.ToString());
  }
  txn->PopSavePoint();
  check_item(item);
}

// A try inside the savepoint whose handler rolls back to it.
void put_item_or_undo(rocksdb::Transaction *txn, const Item &item) {
  txn->SetSavePoint();
  txn->Put(item.key, item.value);
  try {
    check_item(item);
  } catch (const std::invalid_argument &) {
    txn->RollbackToSavePoint();
    return;
  }
  txn->PopSavePoint();
}

// A try around the savepoint whose handler rolls back to it and rethrows.
void put_item_or_fail(rocksdb::Transaction *txn, const Item &item) {
  try {
    txn->SetSavePoint();
    txn->Put(item.key, codec::encode_checked(item));
    check_item(item);
    txn->PopSavePoint();
  } catch (...) {
    txn->RollbackToSavePoint();
    throw;
  }
}

// A try around the savepoint whose handler rolls back the transaction.
// Reported: it gets past the savepoint and then ends the enclosing transaction
// (issue 15), though this function sits among the negatives.
void put_item_or_abort(rocksdb::Transaction *txn, const Item &item) {
  try {
    txn->SetSavePoint();
    txn->Put(item.key, item.value);
    check_item(item);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: an exception from 'check_item' escapes savepoint on 'txn' and aborts the enclosing transaction; catch it inside the savepoint and roll back to the savepoint [txn-nested-unhandled-exception]
    // CHECK-NOTES: :[[@LINE-4]]:5: note: savepoint on 'txn' is opened here
    // CHECK-NOTES: :[[@LINE+3]]:5: note: the handler then rolls back the whole transaction here
    txn->PopSavePoint();
  } catch (const std::exception &) {
    txn->Rollback();
    throw;
  }
  txn->Commit();
}

// Reported: it gets past the savepoint and then ends the enclosing transaction
// (issue 15), though this function sits among the negatives.
// The transaction itself is owned by a std::unique_ptr declared in the try
// block: unwinding deletes it, which rolls it back with its savepoints.
void put_item_owned(rocksdb::TransactionDB *db, const Item &item) {
  try {
    std::unique_ptr<rocksdb::Transaction> txn(
        db->BeginTransaction(rocksdb::WriteOptions()));
    txn->SetSavePoint();
    txn->Put(item.key, item.value);
    check_item(item);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: an exception from 'check_item' escapes savepoint on 'txn' and aborts the enclosing transaction; catch it inside the savepoint and roll back to the savepoint [txn-nested-unhandled-exception]
    // CHECK-NOTES: :[[@LINE-4]]:5: note: savepoint on 'txn' is opened here
    // CHECK-NOTES: :[[@LINE-6]]:9: note: transaction 'txn', begun here, is then rolled back by its destructor as the exception unwinds
    txn->PopSavePoint();
    txn->Commit();
  } catch (const std::exception &) {
    log_line("not stored");
  }
}

// Committing ends the transaction and its savepoints.
void commit_then_check(rocksdb::Transaction *txn, const Item &item) {
  txn->SetSavePoint();
  txn->Put(item.key, item.value);
  txn->Commit();
  check_item(item);
}
