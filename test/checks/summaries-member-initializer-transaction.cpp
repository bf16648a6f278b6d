// A class whose constructor begins a transaction in a member initializer
// (`w_(conn)` of a `pqxx::work` member, or `w_(std::make_unique<pqxx::work>(
// conn))`): the begin is the member's, as if the body assigned it, so the
// class's methods are operations on a transaction its object holds and a
// caller's local of the class is checked like a transaction. The member's
// destructor aborts what was not committed, so an early return is no leak.
// Every txn-* check runs, so every finding in the file is listed.
//
// RUN: %check_txnlint %s 'txn-*' %t -- -- -std=c++17

#include <pqxx/pqxx>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

class UnitOfWork {
public:
  explicit UnitOfWork(pqxx::connection &c) : w_(c) {}
  void insert_row(const std::string &payload) {
    w_.exec_params0("INSERT INTO staging (payload) VALUES ($1)", payload);
  }
  void commit() { w_.commit(); }

private:
  pqxx::work w_;
};

class TxScope {
public:
  explicit TxScope(pqxx::connection &c)
      : w_(std::make_unique<pqxx::work>(c)) {}
  void exec(const std::string &sql) { w_->exec0(sql); }
  void commit() { w_->commit(); }

private:
  std::unique_ptr<pqxx::work> w_;
};

bool ready();

// Positive: the wait holds the locks of the row the object's transaction
// wrote.
void import_row(pqxx::connection &c, const std::string &payload) {
  UnitOfWork uow(c);
  uow.insert_row(payload);
  while (!ready())
    // CHECK-NOTES: :[[@LINE+1]]:5: warning: 'std::this_thread::sleep_for' blocks while transaction 'uow' holds the locks of its writes; every request that needs those rows waits as long, so wait before the first write or after the commit [txn-blocking-call-in-transaction]
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  // CHECK-NOTES: :[[@LINE-4]]:3: note: the transaction writes here
  uow.commit();
}

// Negative: the early return destroys the object, whose member aborts.
bool import_checked(pqxx::connection &c, const std::string &payload) {
  UnitOfWork uow(c);
  uow.insert_row(payload);
  if (payload.empty())
    return false;
  uow.commit();
  return true;
}

// Positive: the object's transaction is used after its commit.
void settle(pqxx::connection &c, int id) {
  TxScope tx(c);
  tx.exec("UPDATE payouts SET state = 'settled' WHERE id = " +
          std::to_string(id));
  tx.commit();
  // CHECK-NOTES: :[[@LINE+1]]:3: warning: transaction 'tx' is written to after it was committed; begin a new transaction for this work [txn-use-after-end]
  tx.exec("UPDATE payouts SET notified = true WHERE id = " +
          std::to_string(id));
  // CHECK-NOTES: :[[@LINE-4]]:3: note: it is committed here
}

// Negative: the same with the wait after the commit.
void settle_then_wait(pqxx::connection &c, int id) {
  TxScope tx(c);
  tx.exec("UPDATE payouts SET state = 'settled' WHERE id = " +
          std::to_string(id));
  tx.commit();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
}
