// Function summaries for a transaction class that a factory returns by
// value: `auto t = db.begin();` where Database::begin() is
// `return Transaction(db_);` (or builds a local and returns it). The
// caller's variable is a transaction on the Database it was asked of, so
// the Database's writes are inside it; the destructor, when it rolls back,
// covers every early return. Every txn-* check runs, so every finding in
// the file is listed.
//
// RUN: %check_txnlint %s 'txn-*' %t

#include <sqlite3.h>

#include <string>

class Transaction {
public:
  explicit Transaction(sqlite3 *db) : db_(db) {
    sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr);
  }
  Transaction(Transaction &&other) noexcept : db_(other.db_), done_(other.done_) {
    other.done_ = true;
  }
  ~Transaction() {
    if (!done_)
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  bool commit() {
    done_ = true;
    return sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
  }

private:
  sqlite3 *db_;
  bool done_ = false;
};

class Database {
public:
  Transaction begin() { return Transaction(db_); }
  Transaction beginNamed() {
    Transaction t(db_);
    return t;
  }
  bool exec(const std::string &sql) {
    return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
  }

private:
  sqlite3 *db_ = nullptr;
};

// A factory of a factory, and a free function on a parameter.
class Repository {
public:
  Transaction transaction() { return db_.begin(); }
  bool insert(int id) { return db_.exec("INSERT INTO items VALUES (1)"); }
  bool tag(int id) { return db_.exec("INSERT INTO tags VALUES (1)"); }

private:
  Database db_;
};

static Transaction beginOn(sqlite3 *db) { return Transaction(db); }

// Negative: every failure returns and the destructor rolls back; the two
// writes are inside t, not in autocommit.
bool save(Database &db) {
  auto t = db.begin();
  if (!db.exec("INSERT INTO a VALUES (1)"))
    return false;
  if (!db.exec("INSERT INTO b VALUES (1)"))
    return false;
  return t.commit();
}

// Positive: the commit's result is dropped.
bool save_unchecked(Database &db) {
  auto t = db.begin();
  if (!db.exec("INSERT INTO a VALUES (1)"))
    return false;
  t.commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the result of committing transaction 't' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
  return true;
}

// Positive: a write's failure is ignored, then t commits.
bool save_ignored(Database &db) {
  Transaction t = db.beginNamed();
  db.exec("INSERT INTO a VALUES (1)");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the failure of this write is not handled before transaction 't' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  if (!db.exec("INSERT INTO b VALUES (1)"))
    return false;
  return t.commit();
  // CHECK-NOTES: :[[@LINE-1]]:10: note: committed here
}

static bool valid(int v) { return v > 0; }

// Positive: committed before the validation that can still fail.
bool save_then_validate(Repository &repo, int v) {
  auto t = repo.transaction();
  if (!repo.insert(v))
    return false;
  if (!t.commit())
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: transaction 't' is committed before 'valid' can fail; a failure there leaves a partial write [txn-commit-before-validation]
    return false;
  if (!valid(v))
  // CHECK-NOTES: :[[@LINE-1]]:8: note: 'valid' can fail here
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an error is returned here
  return true;
}

// Negative: the factory of a factory; both writes inside t.
bool save_tagged(Repository &repo, int id) {
  auto t = repo.transaction();
  if (!repo.insert(id) || !repo.tag(id))
    return false;
  return t.commit();
}

// Inside a class, its own factory hands out its member's transaction: the
// writes made on that member are inside it.
class Service {
public:
  Transaction begin() { return repo_.transaction(); }
  bool add(int id) {
    auto t = begin();
    repo_.insert(id);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: the failure of this write is not handled before transaction 't' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
    return t.commit();
    // CHECK-NOTES: :[[@LINE-1]]:12: note: committed here
  }

private:
  Repository repo_;
};

// Positive: a write ignored inside a transaction begun by a free function.
bool save_raw(sqlite3 *db) {
  auto t = beginOn(db);
  sqlite3_exec(db, "INSERT INTO a VALUES (1)", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the failure of this write is not handled before transaction 't' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  return t.commit();
  // CHECK-NOTES: :[[@LINE-1]]:10: note: committed here
}

// A transaction handle whose destructor does nothing: its holder must end
// it on every path.
class Manual {
public:
  explicit Manual(sqlite3 *db) : db_(db) {
    sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr);
  }
  bool commit() {
    return sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
  }
  void rollback() { sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr); }

private:
  sqlite3 *db_;
};

class Store {
public:
  Manual begin() { return Manual(db_); }
  bool exec(const char *sql) {
    return sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
  }

private:
  sqlite3 *db_ = nullptr;
};

// Positive: left open on the failure return.
bool store_leaks(Store &s) {
  Manual m = s.begin();
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: transaction begun on 'm' is left open on some path out of 'store_leaks'; commit or roll it back before leaving [txn-missing-rollback]
  if (!s.exec("INSERT INTO a VALUES (1)"))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  return m.commit();
}

// Negative: the failure path rolls back.
bool store_rolls_back(Store &s) {
  Manual m = s.begin();
  if (!s.exec("INSERT INTO a VALUES (1)")) {
    m.rollback();
    return false;
  }
  return m.commit();
}
