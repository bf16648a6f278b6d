// A factory that hands out a guard through its interface
// (`std::unique_ptr<ITransaction>`, as Wazuh's dbsync does): the
// interface's virtual destructor runs the guard's, which rolls back, so the
// caller's early exits leave nothing open.
//
// RUN: %check_txnlint %s txn-missing-rollback %t -- -- -std=c++17

#include <SQLiteCpp/SQLiteCpp.h>

#include <memory>
#include <stdexcept>

class ITransaction {
public:
  virtual ~ITransaction() = default;
  virtual void commit() = 0;
};

class Transaction : public ITransaction {
public:
  explicit Transaction(SQLite::Database &Db) : Txn(Db) {}
  void commit() override { Txn.commit(); }

private:
  SQLite::Transaction Txn;
};

class Factory {
public:
  std::unique_ptr<ITransaction> createTransaction(SQLite::Database &Db) {
    return std::make_unique<Transaction>(Db);
  }
};

// Negative: the guard rolls back at the throw.
void upgrade(Factory &F, SQLite::Database &Db, int Version) {
  auto Txn = F.createTransaction(Db);
  Db.exec("UPDATE meta SET version = 2");
  if (Version < 1)
    throw std::runtime_error("bad version");
  Txn->commit();
}

// A batch whose destructor ends nothing: its interface is no guard.
class IBatch {
public:
  virtual ~IBatch() = default;
  virtual void finish() = 0;
};

class Batch : public IBatch {
public:
  explicit Batch(SQLite::Database &Db) : Db(Db) {}
  void finish() override { Db.exec("COMMIT"); }

private:
  SQLite::Database &Db;
};

std::unique_ptr<IBatch> startBatch(SQLite::Database &Db) {
  Db.exec("BEGIN");
  return std::make_unique<Batch>(Db);
}

void import(SQLite::Database &Db, int Rows) {
  auto B = startBatch(Db);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: transaction begun on 'Db' is left open on some path out of 'import'; commit or roll it back before leaving [txn-missing-rollback]
  Db.exec("INSERT INTO rows VALUES (1)");
  // CHECK-NOTES: :[[@LINE-1]]:3: note: transaction is still open when an exception leaves the function here
  if (Rows < 1)
    throw std::runtime_error("no rows");
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open when an exception leaves the function here
  B->finish();
}
