// A unit of work that owns a guard class of the program's through a
// member: the unit's implicit destructor destroys a std::unique_ptr member,
// whose guard rolls back what was not committed, so an early return from
// its user leaves nothing open. A plain pointer member is not destroyed
// with it; deleting the guard after its commit ends nothing more.
//
// RUN: %check_txnlint %s 'txn-*' %t -- -- -std=c++17

#include <sqlite3.h>
#include <memory>
#include <string>

struct Db {
  sqlite3 *h_ = nullptr;
  bool exec(const std::string &sql) {
    return sqlite3_exec(h_, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
  }
  bool begin() { return exec("BEGIN IMMEDIATE"); }
  bool commit() { return exec("COMMIT"); }
  bool rollback() { return exec("ROLLBACK"); }
};

class Transaction {
public:
  explicit Transaction(Db &db) : db_(db) { active_ = db_.begin(); }
  ~Transaction() {
    if (active_)
      db_.rollback();
  }
  bool ok() const { return active_; }
  bool commit() {
    if (!active_)
      return false;
    active_ = false;
    return db_.commit();
  }

private:
  Db &db_;
  bool active_ = false;
};

class UnitOfWork {
public:
  explicit UnitOfWork(Db &db) : db_(db) {}
  bool start() {
    tx_ = std::make_unique<Transaction>(db_);
    return tx_->ok();
  }
  bool finish() {
    if (!tx_)
      return false;
    bool ok = tx_->commit();
    tx_.reset();
    return ok;
  }

private:
  Db &db_;
  std::unique_ptr<Transaction> tx_;
};

class RawUnitOfWork {
public:
  explicit RawUnitOfWork(Db &db) : db_(db) {}
  bool start() {
    tx_ = new Transaction(db_);
    return tx_->ok();
  }
  bool finish() {
    bool ok = tx_->commit();
    delete tx_;
    tx_ = nullptr;
    return ok;
  }

private:
  Db &db_;
  Transaction *tx_ = nullptr;
};

// Positive: a plain pointer member is not destroyed with the unit, so the
// early return leaves the guard's transaction open. Its finish() deletes
// the guard after the commit: no use after the end.
bool placeRaw(Db &db, int id) {
  RawUnitOfWork uow(db);
  uow.start();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'uow' is left open on some path out of 'placeRaw'; commit or roll it back before leaving [txn-missing-rollback]
  if (!db.exec("INSERT INTO orders (id) VALUES (" + std::to_string(id) + ")"))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  return uow.finish();
}

// Negative: ~UnitOfWork destroys the owned guard, which rolls back.
bool place(Db &db, int id) {
  UnitOfWork uow(db);
  if (!uow.start())
    return false;
  if (!db.exec("INSERT INTO orders (id) VALUES (" + std::to_string(id) + ")"))
    return false;
  return uow.finish();
}
