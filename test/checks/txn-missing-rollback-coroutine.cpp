// txn-missing-rollback in coroutines: a coroutine's body is analyzed like
// any function's, with co_return as a return. An exception in the body ends
// it too (the promise's unhandled_exception() takes it over), so it is an
// exit like any other.
//
// RUN: %check_txnlint %s txn-missing-rollback %t -- -- -std=c++20

#include <sqlite3.h>

#include <coroutine>
#include <stdexcept>

// A minimal eager task: runs to completion when called.
struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_value(int) {}
    void unhandled_exception() {}
  };
};

// Suspends nothing; stands for an asynchronous step.
struct Step {
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  int await_resume() const noexcept { return 0; }
};

bool valid(int id);
void check_id(int id) {
  if (id < 0)
    throw std::invalid_argument("negative id");
}

Task early_co_return(sqlite3 *db, int id) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    co_return -1;
  // CHECK-NOTES: :[[@LINE-2]]:7: warning: transaction begun on 'db' is left open on some path out of 'early_co_return'; commit or roll it back before leaving [txn-missing-rollback]
  co_await Step{};
  if (!valid(id))
    co_return -2;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  co_return 0;
}

Task thrown_in_body(sqlite3 *db, int id) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'thrown_in_body'; commit or roll it back before leaving [txn-missing-rollback]
  check_id(id);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: transaction is still open when an exception leaves the function here
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  co_return 0;
}

// Every path ends the transaction: nothing to report.
Task rolled_back(sqlite3 *db, int id) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  co_await Step{};
  if (!valid(id)) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    co_return -2;
  }
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  co_return 0;
}
