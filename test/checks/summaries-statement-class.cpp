// A statement class of the program that prepares the SQL its constructor
// is given into a member, and methods that run that member (ROS 2
// rosbag2's SqliteStatementWrapper, made by SqliteWrapper::prepare_statement
// and run as `database_->prepare_statement("COMMIT;")->execute_and_reset()`,
// with fluent binds in between): each object runs its own SQL, on the
// connection it was built on. Every txn-* check runs, so every finding in
// the file is listed.
//
// RUN: %check_txnlint %s 'txn-*' %t

#include <sqlite3.h>

#include <atomic>
#include <memory>
#include <stdexcept>
#include <string>

struct SqliteException : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Statement : public std::enable_shared_from_this<Statement> {
public:
  Statement(sqlite3 *Database, const std::string &Query) {
    sqlite3_stmt *Prepared;
    if (sqlite3_prepare_v2(Database, Query.c_str(), -1, &Prepared, nullptr) !=
        SQLITE_OK)
      throw SqliteException("cannot prepare " + Query);
    Stmt = Prepared;
  }
  ~Statement() { sqlite3_finalize(Stmt); }
  std::shared_ptr<Statement> executeAndReset() {
    int Rc = sqlite3_step(Stmt);
    if (Rc != SQLITE_ROW && Rc != SQLITE_DONE)
      throw SqliteException("cannot run");
    sqlite3_reset(Stmt);
    return shared_from_this();
  }
  std::shared_ptr<Statement> bind(int Value) {
    sqlite3_bind_int(Stmt, ++Bound, Value);
    return shared_from_this();
  }
  template <typename... Values>
  std::shared_ptr<Statement> bind(int First, Values... Rest) {
    bind(First);
    return bind(Rest...);
  }

private:
  sqlite3_stmt *Stmt;
  int Bound = 0;
};

class Database {
public:
  std::shared_ptr<Statement> prepare(const std::string &Query) {
    return std::make_shared<Statement>(Db, Query);
  }
  sqlite3 *handle() { return Db; }

private:
  sqlite3 *Db = nullptr;
};

class Storage {
public:
  void begin() {
    if (Active)
      return;
    Db->prepare("BEGIN TRANSACTION;")->executeAndReset();
    Active = true;
  }
  void commit() {
    if (!Active)
      return;
    Db->prepare("COMMIT;")->executeAndReset();
    Active = false;
  }
  void rollback() {
    if (!Active)
      return;
    Db->prepare("ROLLBACK;")->executeAndReset();
    Active = false;
  }

  void write(int Topic, int Size) {
    begin();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: transaction begun on 'Db' is left open on some path out of 'Storage::write'; commit or roll it back before leaving [txn-missing-rollback]
    if (Size < 0)
      return;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: transaction is still open at this return
    Db->prepare("INSERT INTO messages(topic, size) VALUES (?, ?)")
        ->bind(Topic, Size)
        ->executeAndReset();
    // CHECK-NOTES: :[[@LINE-3]]:5: note: transaction is still open when an exception leaves the function here
    commit();
  }

  // Negative: the failure rolls back and rethrows.
  void writeChecked(int Topic, int Size) {
    begin();
    try {
      Db->prepare("INSERT INTO messages(topic, size) VALUES (?, ?)")
          ->bind(Topic, Size)
          ->executeAndReset();
    } catch (...) {
      rollback();
      throw;
    }
    commit();
  }

  // Negative: a read and one write.
  int countAndTouch(int Topic) {
    Statement Read(Db->handle(), "SELECT count(*) FROM topics");
    Read.executeAndReset();
    Db->prepare("UPDATE topics SET seen = 1 WHERE id = ?")
        ->bind(Topic)
        ->executeAndReset();
    return 0;
  }

private:
  std::unique_ptr<Database> Db;
  std::atomic_bool Active{false};
};

// Two writes, each on its own, through statements built in place.
void createTopic(Database &Db, int Topic) {
  Statement Insert(Db.handle(), "INSERT INTO topics(id) VALUES (?)");
  Insert.bind(Topic)->executeAndReset();
  Statement Count(Db.handle(), "UPDATE stats SET topics = topics + 1");
  Count.executeAndReset();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'Db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: the earlier write commits here on its own
}
