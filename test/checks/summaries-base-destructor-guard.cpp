// Transaction guards in the shape of Qt Creator's Sqlite library: the
// derived class's constructor begins, the base class keeps the database
// (through its own constructor) and its destructor rolls back what was not
// committed, under a flag that the derived destructor sets. Every txn-*
// check runs, so every finding in the file is listed.
//
// RUN: %check_txnlint %s 'txn-*' %t -- -- -std=c++17

#include <sqlite3.h>

#include <fstream>
#include <stdexcept>
#include <string>

class TransactionInterface {
public:
  virtual void immediateBegin() = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;

protected:
  ~TransactionInterface() = default;
};

class Database final : public TransactionInterface {
public:
  void execute(const std::string &Sql) {
    if (sqlite3_exec(Handle, Sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
      throw std::runtime_error(sqlite3_errmsg(Handle));
  }
  void immediateBegin() override { execute("BEGIN IMMEDIATE"); }
  void commit() override { execute("COMMIT"); }
  void rollback() override { execute("ROLLBACK"); }

private:
  sqlite3 *Handle = nullptr;
};

class AbstractTransaction {
public:
  void commit() {
    Interface.commit();
    Committed = true;
  }

protected:
  explicit AbstractTransaction(TransactionInterface &Interface)
      : Interface(Interface) {}
  ~AbstractTransaction() = default;

  TransactionInterface &Interface;
  bool Committed = false;
  bool RollBack = false;
};

class AbstractThrowingTransaction : public AbstractTransaction {
public:
  ~AbstractThrowingTransaction() noexcept(false) {
    if (RollBack)
      Interface.rollback();
  }

protected:
  explicit AbstractThrowingTransaction(TransactionInterface &Interface)
      : AbstractTransaction(Interface) {}
};

template <typename BaseTransaction>
class BasicImmediateTransaction final : public BaseTransaction {
public:
  explicit BasicImmediateTransaction(TransactionInterface &Interface)
      : BaseTransaction(Interface) {
    Interface.immediateBegin();
  }
  ~BasicImmediateTransaction() {
    BaseTransaction::RollBack = !BaseTransaction::Committed;
  }
};

using ImmediateTransaction =
    BasicImmediateTransaction<AbstractThrowingTransaction>;

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// The cache file is written while the transaction may still roll back.
void storeTypes(Database &Db, const std::string &Types) {
  ImmediateTransaction Transaction{Db};
  Db.execute("DELETE FROM types");
  std::ofstream Cache("types.cache");
  Cache << Types;
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: writing to 'Cache' has an effect outside the database but runs before transaction 'Transaction' commits; a rollback or a failed commit cannot undo it, so move it after the commit or record it in an outbox table [txn-side-effect-before-commit]
  Db.execute("INSERT INTO types VALUES ('" + Types + "')");
  Transaction.commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the transaction commits here
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// The guard rolls back at the early return and when a statement throws.
bool touchModule(Database &Db, int ModuleId) {
  ImmediateTransaction Transaction{Db};
  if (ModuleId < 0)
    return false;
  Db.execute("UPDATE modules SET used = 1 WHERE id = " + std::to_string(ModuleId));
  Db.execute("INSERT INTO usage (module) VALUES (" + std::to_string(ModuleId) + ")");
  Transaction.commit();
  return true;
}
