// txn-session-escape with RocksDB and libpqxx 6: a raw pointer taken from
// a local owner (`txn.get()` of a std::unique_ptr<rocksdb::Transaction>,
// `&*txn`) outlives the owner when it is stored or returned; a local
// pqxx::connection is thread-affine, so work on another thread may not use
// it even when the function waits for that work.
//
// RUN: %check_txnlint %s txn-session-escape %t -- -- -std=c++20

#include <pqxx/pqxx>
#include <rocksdb/utilities/transaction.h>
#include <rocksdb/utilities/transaction_db.h>

#include <memory>
#include <string>
#include <thread>

rocksdb::Transaction *g_current;
void write_row(rocksdb::Transaction *txn);
void count_rows(pqxx::connection &c);

class Importer {
public:
  void begin(rocksdb::TransactionDB *db);
  void adopt(rocksdb::TransactionDB *db);
  rocksdb::Transaction *raw(rocksdb::TransactionDB *db);

private:
  rocksdb::Transaction *m_txn = nullptr;
  std::unique_ptr<rocksdb::Transaction> m_owned;
};

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// The owner dies at the return and deletes the transaction.
void Importer::begin(rocksdb::TransactionDB *db) {
  std::unique_ptr<rocksdb::Transaction> txn(
      db->BeginTransaction(rocksdb::WriteOptions()));
  m_txn = txn.get();
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: transaction 'txn' escapes its scope: it is stored in member 'm_txn'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-4]]:41: note: 'txn' is declared here
  g_current = &*txn;
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: transaction 'txn' escapes its scope: it is stored in global 'g_current'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-7]]:41: note: 'txn' is declared here
  txn->Put("k", "v");
  txn->Commit();
}

rocksdb::Transaction *Importer::raw(rocksdb::TransactionDB *db) {
  auto txn = std::unique_ptr<rocksdb::Transaction>(
      db->BeginTransaction(rocksdb::WriteOptions()));
  return txn.get();
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: transaction 'txn' escapes its scope: it is returned; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-4]]:8: note: 'txn' is declared here
}

// A local connection used on another thread, joined or not.
void count_in_thread(const std::string &options) {
  pqxx::connection c(options);
  std::thread counter([&c] { count_rows(c); });
  // CHECK-NOTES: :[[@LINE-1]]:23: warning: connection 'c' is used on another thread: a lambda capturing it is passed to 'std::thread'; it may only be used on the thread that opened it [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:20: note: 'c' is declared here
  counter.join();
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Ownership handed over: moved into a member, released to the caller.
void Importer::adopt(rocksdb::TransactionDB *db) {
  std::unique_ptr<rocksdb::Transaction> txn(
      db->BeginTransaction(rocksdb::WriteOptions()));
  write_row(txn.get());
  txn->Put("k", "v");
  m_owned = std::move(txn);
}

rocksdb::Transaction *release(rocksdb::TransactionDB *db) {
  std::unique_ptr<rocksdb::Transaction> txn(
      db->BeginTransaction(rocksdb::WriteOptions()));
  rocksdb::Transaction *local = txn.get();
  local->Put("k", "v");
  return txn.release();
}

// Each thread opens its own connection; the connection of this thread is
// used here only.
void own_connections(const std::string &options) {
  pqxx::connection c(options);
  std::thread worker([&options] {
    pqxx::connection mine(options);
    count_rows(mine);
  });
  count_rows(c);
  worker.join();
}

// Negative: the transaction is published in a member only while the
// function runs (hooks reach it there), and the member is cleared on every
// way out, the handler of an exception included: through the smart
// pointer's get(), and with a local of the library's in the try block
// whose destructor runs at its end.
class HookedStore {
public:
  int apply(const std::string &Key) {
    std::unique_ptr<rocksdb::Transaction> Txn(
        Db->BeginTransaction(rocksdb::WriteOptions()));
    Current = Txn.get();
    try {
      Txn->Put(Key, "v");
      runHooks();
    } catch (...) {
      Current = nullptr;
      Txn->Rollback();
      throw;
    }
    Current = nullptr;
    return Txn->Commit().ok() ? 0 : -1;
  }

  int drop(pqxx::connection &Conn, const std::string &Nick) {
    pqxx::work Tx(Conn);
    Published = &Tx;
    try {
      pqxx::result R = Tx.exec("DELETE FROM accounts WHERE nick = " +
                               Tx.quote(Nick));
      runHooks();
    } catch (...) {
      Published = nullptr;
      throw;
    }
    Published = nullptr;
    Tx.commit();
    return 0;
  }

private:
  void runHooks();
  rocksdb::TransactionDB *Db = nullptr;
  rocksdb::Transaction *Current = nullptr;
  pqxx::work *Published = nullptr;
};
