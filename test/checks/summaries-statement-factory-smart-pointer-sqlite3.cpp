// Aktualizr's statement class: a variadic template constructor prepares
// into a local handed to a std::unique_ptr member (`stmt_.reset(st)`), and
// the connection wrapper's factory builds it on what its own smart pointer
// holds (`return SQLiteStatement(handle_.get(), zSql, args...);`). What
// step() runs is the SQL the factory was given, on the wrapper's
// connection: two DELETE/INSERT steps are two autocommitted writes, and a
// transaction that only SELECTs stores nothing a later check could
// contradict.
//
// RUN: %check_txnlint %s txn-autocommit-multi-write,txn-commit-before-validation %t -- -- -std=c++17

#include <sqlite3.h>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

class SQLiteStatement {
public:
  template <typename... Types>
  SQLiteStatement(sqlite3 *db, const std::string &zSql, const Types &...args)
      : db_(db), stmt_(nullptr, sqlite3_finalize) {
    sqlite3_stmt *statement;
    if (sqlite3_prepare_v2(db_, zSql.c_str(), -1, &statement, nullptr) !=
        SQLITE_OK)
      throw std::runtime_error(sqlite3_errmsg(db_));
    stmt_.reset(statement);
    bindArguments(args...);
  }
  int step() const { return sqlite3_step(stmt_.get()); }
  std::string get_result_col_str(int col) {
    const auto *text =
        reinterpret_cast<const char *>(sqlite3_column_text(stmt_.get(), col));
    return text ? text : "";
  }

private:
  void bindArguments() {}
  template <typename T, typename... Types>
  void bindArguments(const T &v, const Types &...args) {
    sqlite3_bind_int(stmt_.get(), ++bound_, v);
    bindArguments(args...);
  }
  sqlite3 *db_;
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt *)> stmt_;
  int bound_ = 0;
};

class SQLite3Guard {
public:
  explicit SQLite3Guard(const char *path) : handle_(nullptr, sqlite3_close) {
    sqlite3 *h = nullptr;
    sqlite3_open(path, &h);
    handle_.reset(h);
  }
  template <typename... Types>
  SQLiteStatement prepareStatement(const std::string &zSql,
                                   const Types &...args) {
    return SQLiteStatement(handle_.get(), zSql, args...);
  }
  int exec(const char *sql) {
    return sqlite3_exec(handle_.get(), sql, nullptr, nullptr, nullptr);
  }
  void beginTransaction() {
    if (exec("BEGIN TRANSACTION;") != SQLITE_OK)
      throw std::runtime_error("begin");
  }
  void commitTransaction() {
    if (exec("COMMIT TRANSACTION;") != SQLITE_OK)
      throw std::runtime_error("commit");
  }
  void rollbackTransaction() { exec("ROLLBACK TRANSACTION;"); }

private:
  std::unique_ptr<sqlite3, int (*)(sqlite3 *)> handle_;
};

void storeNonRoot(SQLite3Guard &db, int repo, int role) {
  auto del_statement = db.prepareStatement<int, int>(
      "DELETE FROM meta WHERE (repo=? AND meta_type=?);", repo, role);
  if (del_statement.step() != SQLITE_DONE)
    return;
  auto ins_statement = db.prepareStatement<int, int>(
      "INSERT INTO meta VALUES (?, ?);", repo, role);
  if (ins_statement.step() != SQLITE_DONE)
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
    // CHECK-NOTES: :[[@LINE-6]]:7: note: the earlier write commits here on its own
    return;
}

// Negative: a read-only snapshot; "not found" is decided after its commit.

bool loadPrimary(SQLite3Guard &db, std::string *serial) {
  std::optional<std::string> ecu_serial;
  db.beginTransaction();
  try {
    auto statement =
        db.prepareStatement("SELECT serial FROM ecus WHERE is_primary = 1;");
    if (statement.step() == SQLITE_ROW)
      ecu_serial = statement.get_result_col_str(0);
    db.commitTransaction();
  } catch (const std::exception &) {
    db.rollbackTransaction();
    throw;
  }
  if (!ecu_serial)
    return false;
  *serial = *ecu_serial;
  return true;
}
