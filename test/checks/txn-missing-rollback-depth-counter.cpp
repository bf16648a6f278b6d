// txn-missing-rollback where a wrapper nests with a depth counter kept in a
// member: only the outermost level begins (`if (depth_ == 0) begin`) and
// only it ends (`if (--depth_ == 0) commit`). The branches on the counter
// agree whatever its value at the entry, so the level that began is the
// level that ends. libpqxx and the SQLite C API, real headers.
//
// RUN: %check_txnlint %s txn-missing-rollback %t -- -- -std=c++17

#include <pqxx/pqxx>
#include <sqlite3.h>

#include <functional>
#include <memory>

// Defined in another translation unit.
bool valid(int id);

//===----------------------------------------------------------------------===//
// Negatives
//===----------------------------------------------------------------------===//

// A unit of work: nested run() calls join the outermost one's transaction,
// and the outermost one commits it, or destroys it when the work throws.
class UnitOfWork {
public:
  explicit UnitOfWork(pqxx::connection &c) : conn_(c) {}
  void run(const std::function<void(pqxx::work &)> &fn);
  void runChecked(const std::function<bool(pqxx::work &)> &fn);

private:
  pqxx::connection &conn_;
  std::unique_ptr<pqxx::work> work_;
  int depth_ = 0;
};

void UnitOfWork::run(const std::function<void(pqxx::work &)> &fn) {
  if (depth_ == 0)
    work_ = std::make_unique<pqxx::work>(conn_);
  ++depth_;
  try {
    fn(*work_);
  } catch (...) {
    if (--depth_ == 0)
      work_.reset();
    throw;
  }
  if (--depth_ == 0) {
    work_->commit();
    work_.reset();
  }
}

// The same with `depth_ > 0` tests and a compound step.
void UnitOfWork::runChecked(const std::function<bool(pqxx::work &)> &fn) {
  if (!(depth_ > 0))
    work_ = std::make_unique<pqxx::work>(conn_);
  depth_ += 1;
  bool ok = false;
  try {
    ok = fn(*work_);
  } catch (...) {
    depth_ -= 1;
    if (depth_ == 0)
      work_.reset();
    throw;
  }
  depth_ -= 1;
  if (depth_ > 0)
    return;
  if (ok)
    work_->commit();
  work_.reset();
}

// A SQLite wrapper whose begin and end nest with a counter.
class Store {
public:
  bool begin() {
    if (depth_ == 0 &&
        sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
      return false;
    ++depth_;
    return true;
  }
  bool commit() {
    if (--depth_ > 0)
      return true;
    return sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
  }
  void rollback() {
    if (--depth_ == 0)
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  bool write(int id) {
    return sqlite3_exec(db_, "INSERT INTO t VALUES (1)", nullptr, nullptr,
                        nullptr) == SQLITE_OK;
  }

  // Saves one row inside whatever transaction is open, or its own.
  bool saveRow(int id) {
    if (depth_ == 0 &&
        sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
      return false;
    ++depth_;
    if (!write(id)) {
      if (--depth_ == 0)
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      return false;
    }
    if (--depth_ == 0)
      return sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) ==
             SQLITE_OK;
    return true;
  }

private:
  sqlite3 *db_ = nullptr;
  int depth_ = 0;
};

// A caller that ends the wrapper's transaction on every path.
bool save_both(Store &s, int a, int b) {
  if (!s.begin())
    return false;
  if (!s.write(a) || !s.write(b)) {
    s.rollback();
    return false;
  }
  return s.commit();
}

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// The handler steps the counter back but never ends the outermost level's
// transaction: it stays open when the exception leaves.
class LeakyUnit {
public:
  explicit LeakyUnit(sqlite3 *db) : db_(db) {}
  void run(const std::function<void()> &fn) {
    if (depth_ == 0)
      sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr);
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: transaction begun on 'db_' is left open on some path out of 'LeakyUnit::run'; commit or roll it back before leaving [txn-missing-rollback]
    ++depth_;
    try {
      fn();
    } catch (...) {
      --depth_;
      throw;
      // CHECK-NOTES: :[[@LINE-1]]:7: note: transaction is still open when an exception leaves the function here
    }
    if (--depth_ == 0)
      sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
  }

private:
  sqlite3 *db_;
  int depth_ = 0;
};

// The early return leaves before the counter is stepped back: the outermost
// level returns with its transaction open.
class Ledger {
public:
  bool post(int id) {
    if (depth_ == 0)
      sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr);
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: transaction begun on 'db_' is left open on some path out of 'Ledger::post'; commit or roll it back before leaving [txn-missing-rollback]
    ++depth_;
    if (!valid(id))
      return false;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: transaction is still open at this return
    if (--depth_ == 0)
      sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
    return true;
  }

private:
  sqlite3 *db_ = nullptr;
  int depth_ = 0;
};

// A caller of the nesting wrapper that returns without ending what it
// began: to its caller, Store::begin() begins (or joins) a transaction.
bool save_one(Store &s, int a) {
  if (!s.begin())
    return false;
  // CHECK-NOTES: :[[@LINE-2]]:8: warning: transaction begun on 's' is left open on some path out of 'save_one'; commit or roll it back before leaving [txn-missing-rollback]
  if (!s.write(a))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  return s.commit();
}

// Nesting around a begin whose result it returns: the level that began
// reports the begin's failure, a nested level returns true.
class Nesting {
public:
  bool beginTransaction() {
    return sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK;
  }
  bool commit() {
    return sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
  }
  void rollback() { sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr); }
  bool beginNested() {
    if (nesting_++ == 0)
      return beginTransaction();
    return true;
  }
  bool commitNested() {
    if (--nesting_ == 0)
      return commit();
    return true;
  }
  void rollbackNested() {
    if (--nesting_ == 0)
      rollback();
  }
  bool insert(int id) {
    return sqlite3_exec(db_, "INSERT INTO t VALUES (1)", nullptr, nullptr,
                        nullptr) == SQLITE_OK;
  }

private:
  sqlite3 *db_ = nullptr;
  int nesting_ = 0;
};

// Negative: a failed begin opened nothing; the failed insert rolls back.
bool import_rows(Nesting &n, const int *ids, int count) {
  if (!n.beginNested())
    return false;
  for (int i = 0; i < count; ++i)
    if (!n.insert(ids[i])) {
      n.rollbackNested();
      return false;
    }
  return n.commitNested();
}

// Positive: the failed insert returns with the level open.
bool import_first(Nesting &n, const int *ids) {
  if (!n.beginNested())
    return false;
  // CHECK-NOTES: :[[@LINE-2]]:8: warning: transaction begun on 'n' is left open on some path out of 'import_first'; commit or roll it back before leaving [txn-missing-rollback]
  if (!n.insert(ids[0]))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  return n.commitNested();
}
