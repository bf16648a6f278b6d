// txn-session-escape with database wrappers of the user's, which no model
// names: a class that holds a modelled connection by value, or whose
// methods run statements on the connection it keeps (from their bodies).
// A local object of such a class is a local session: a reference to it
// must not outlive the function. A transaction class (its constructor
// begins) is a local transaction.
//
// RUN: %check_txnlint %s txn-session-escape %t -- -- -std=c++17

#include <sqlite3.h>
#include <pqxx/pqxx>

#include <functional>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

class Database {
public:
  explicit Database(const std::string &path) { sqlite3_open(path.c_str(), &db_); }
  ~Database() { sqlite3_close(db_); }
  bool exec(const std::string &sql) {
    return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
  }

private:
  sqlite3 *db_ = nullptr;
};

// Holds the library's connection; no method of its own is needed.
struct PgStore {
  explicit PgStore(const std::string &dsn) : conn(dsn) {}
  pqxx::connection conn;
};

class Transaction {
public:
  explicit Transaction(sqlite3 *db) : db_(db) {
    sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr);
  }
  void commit() { sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr); }

private:
  sqlite3 *db_;
};

class JobQueue {
public:
  void post(std::function<void()> job) { jobs_.push_back(std::move(job)); }

private:
  std::vector<std::function<void()>> jobs_;
};

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// A job kept by the queue captures the local wrapper by reference.
void schedule_cleanup(JobQueue &queue) {
  Database db("/var/lib/app/app.db");
  queue.post([&db] { db.exec("DELETE FROM sessions"); });
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: connection 'db' escapes its scope: a lambda capturing it by reference is passed to 'JobQueue::post'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:12: note: 'db' is declared here
}

// A detached thread, through a default capture.
void vacuum_later() {
  Database db("/var/lib/app/app.db");
  std::thread([&] { db.exec("VACUUM"); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: connection 'db' escapes its scope: a lambda capturing it by reference is passed to 'std::thread'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:12: note: 'db' is declared here
}

// The future outlives the function that owns the connection.
std::future<void> refresh_later(const std::string &dsn) {
  PgStore store(dsn);
  return std::async(std::launch::async, [&store] {
    // CHECK-NOTES: :[[@LINE-1]]:41: warning: connection 'store' escapes its scope: a lambda capturing it by reference is passed to 'std::async'; it can be used after it has ended [txn-session-escape]
    // CHECK-NOTES: :[[@LINE-3]]:11: note: 'store' is declared here
    pqxx::nontransaction n(store.conn);
    n.exec("REFRESH MATERIALIZED VIEW totals");
  });
}

// Waited for, but the wrapper's pqxx::connection is used on another thread
// than the one that made it (libpqxx connections are thread-affine in the
// model).
bool refresh_now(const std::string &dsn) {
  PgStore store(dsn);
  auto done = std::async(std::launch::async, [&store] {
    // CHECK-NOTES: :[[@LINE-1]]:46: warning: connection 'store' is used on another thread: a lambda capturing it is passed to 'std::async'; it may only be used on the thread that opened it [txn-session-escape]
    // CHECK-NOTES: :[[@LINE-3]]:11: note: 'store' is declared here
    pqxx::nontransaction n(store.conn);
    n.exec("REFRESH MATERIALIZED VIEW totals");
  });
  done.wait();
  return true;
}

// A transaction object's address kept by the caller.
void open_batch(sqlite3 *db, Transaction **out) {
  Transaction t(db);
  *out = &t;
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: transaction 't' escapes its scope: it is stored in the caller's 'out'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:15: note: 't' is declared here
}

// The same object owned by a local smart pointer: its raw pointer kept in a
// member outlives the owner.
class BatchSession {
public:
  void begin(sqlite3 *db) {
    std::unique_ptr<Transaction> owner(new Transaction(db));
    m_current = owner.get();
    // CHECK-NOTES: :[[@LINE-1]]:17: warning: transaction 'owner' escapes its scope: it is stored in member 'm_current'; it can be used after it has ended [txn-session-escape]
    // CHECK-NOTES: :[[@LINE-3]]:34: note: 'owner' is declared here
  }

  // Negative: the ownership itself moves into the member.
  void adopt(sqlite3 *db) {
    std::unique_ptr<Transaction> owner(new Transaction(db));
    m_owned = std::move(owner);
  }

private:
  Transaction *m_current = nullptr;
  std::unique_ptr<Transaction> m_owned;
};

//===----------------------------------------------------------------------===//
// Negatives
//===----------------------------------------------------------------------===//

// The thread is joined before the function returns.
void vacuum_now() {
  Database db("/var/lib/app/app.db");
  std::thread worker([&] { db.exec("VACUUM"); });
  worker.join();
}

// The future is waited for on every path.
bool purge_in_thread() {
  Database db("/var/lib/app/app.db");
  auto done = std::async(std::launch::async, [&db] { db.exec("DELETE FROM sessions"); });
  done.wait();
  return true;
}

// A lambda run on the spot.
void purge_now() {
  Database db("/var/lib/app/app.db");
  auto purge = [&db] { db.exec("DELETE FROM sessions"); };
  purge();
}

// Returned by value: the caller gets the object, not a reference to it.
Transaction begin_on(sqlite3 *db) {
  Transaction t(db);
  return t;
}

// Not a database wrapper: a local container captured by reference is
// another check's business.
void collect(JobQueue &queue) {
  std::vector<int> ids;
  queue.post([&ids] { ids.push_back(1); });
}

// A copy of the wrapper goes into the container, not a reference to it.
class RecentConnections {
public:
  void remember(const std::string &path) {
    Database db(path);
    m_recent.push_back(db);
  }

private:
  std::vector<Database> m_recent;
};
