// A connection wrapper that owns its connection through a std::unique_ptr
// whose deleter closes it (Aktualizr's SQLite3Guard: `std::unique_ptr<
// sqlite3, int (*)(sqlite3 *)> handle_` made as `handle_(nullptr,
// sqlite3_close)`): a local wrapper that dies closes the connection, and
// closing rolls back the open transaction. Its destructor's own body does
// something else.
//
// RUN: %check_txnlint %s txn-missing-rollback %t -- -- -std=c++17

#include <sqlite3.h>

#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

class SQLite3Guard {
public:
  SQLite3Guard(const char *path, std::mutex *m) : handle_(nullptr, sqlite3_close), m_(m) {
    m_->lock();
    sqlite3 *h = nullptr;
    sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, nullptr);
    handle_.reset(h);
  }
  SQLite3Guard(SQLite3Guard &&other) noexcept
      : handle_(std::move(other.handle_)), m_(other.m_) {
    other.m_ = nullptr;
  }
  ~SQLite3Guard() {
    if (m_)
      m_->unlock();
  }
  int exec(const std::string &sql) {
    return sqlite3_exec(handle_.get(), sql.c_str(), nullptr, nullptr, nullptr);
  }
  void beginTransaction() {
    if (exec("BEGIN TRANSACTION;") != SQLITE_OK)
      throw std::runtime_error("Can't begin transaction");
  }
  void commitTransaction() {
    if (exec("COMMIT TRANSACTION;") != SQLITE_OK)
      throw std::runtime_error("Can't commit transaction");
  }

private:
  std::unique_ptr<sqlite3, int (*)(sqlite3 *)> handle_;
  std::mutex *m_;
};

// The same with a deleter class.
struct CloseConnection {
  void operator()(sqlite3 *db) const { sqlite3_close_v2(db); }
};
class Connection {
public:
  explicit Connection(sqlite3 *db) : db_(db) {}
  bool exec(const char *sql) {
    return sqlite3_exec(db_.get(), sql, nullptr, nullptr, nullptr) == SQLITE_OK;
  }

private:
  std::unique_ptr<sqlite3, CloseConnection> db_;
};

// A wrapper that only borrows the connection closes nothing.
class Borrowed {
public:
  explicit Borrowed(std::shared_ptr<sqlite3> db) : db_(std::move(db)) {}
  bool exec(const char *sql) {
    return sqlite3_exec(db_.get(), sql, nullptr, nullptr, nullptr) == SQLITE_OK;
  }

private:
  std::shared_ptr<sqlite3> db_;
};

class Storage {
public:
  SQLite3Guard dbConnection() const { return SQLite3Guard("state.db", &mutex_); }

  void storeRoot(const std::string &data) {
    SQLite3Guard db = dbConnection();
    db.beginTransaction();
    if (db.exec("DELETE FROM meta WHERE type = 'root'") != SQLITE_OK)
      return;
    if (db.exec("INSERT INTO meta VALUES ('root', '" + data + "')") != SQLITE_OK)
      return;
    db.commitTransaction();
  }

  bool storeSerial(const std::string &serial) {
    sqlite3 *raw = nullptr;
    if (sqlite3_open("state.db", &raw) != SQLITE_OK)
      return false;
    Connection db(raw);
    if (!db.exec("BEGIN"))
      return false;
    if (!db.exec("INSERT INTO serials VALUES (1)"))
      return false;
    return db.exec("COMMIT");
  }

  bool storeShared(std::shared_ptr<sqlite3> shared) {
    Borrowed db(shared);
    if (!db.exec("BEGIN"))
      // CHECK-NOTES: :[[@LINE-1]]:10: warning: transaction begun on 'db' is left open on some path out of 'Storage::storeShared'; commit or roll it back before leaving [txn-missing-rollback]
      return false;
    if (!db.exec("INSERT INTO serials VALUES (2)"))
      return false;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: transaction is still open at this return
    return db.exec("COMMIT");
  }

private:
  mutable std::mutex mutex_;
};
