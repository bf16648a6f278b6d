// A reduction that holds a stand-in of its library beside the program (one
// file, as a bug report or a test case has it): the library's namespace is
// library code, the program's functions are still the program's, and their
// summaries carry the library's events to their callers. Here the library
// is sqlite_modern_cpp (its profile matches sqlite::database).
//
// RUN: %check_txnlint %s txn-autocommit-multi-write,txn-missing-rollback %t -- -- -std=c++17

#include <sqlite3.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace sqlite {

// A few lines of the library, enough for its profile: `db << sql` returns
// a binder that runs the statement when it is destroyed.
class database_binder {
public:
  database_binder(sqlite3 *Db, const std::string &Sql) {
    if (sqlite3_prepare_v2(Db, Sql.c_str(), -1, &Stmt, nullptr) != SQLITE_OK)
      throw std::runtime_error(sqlite3_errmsg(Db));
  }
  ~database_binder() noexcept(false) {
    int Rc = sqlite3_step(Stmt);
    sqlite3_finalize(Stmt);
    if (Rc != SQLITE_DONE && Rc != SQLITE_ROW)
      throw std::runtime_error(sqlite3_errstr(Rc));
  }
  database_binder &operator<<(int Value) {
    sqlite3_bind_int(Stmt, Index++, Value);
    return *this;
  }

private:
  sqlite3_stmt *Stmt = nullptr;
  int Index = 1;
};

class database {
public:
  explicit database(const std::string &Name) {
    sqlite3_open(Name.c_str(), &Db);
  }
  database_binder operator<<(const std::string &Sql) {
    return database_binder(Db, Sql);
  }

private:
  sqlite3 *Db = nullptr;
};

} // namespace sqlite

class TileStore {
public:
  explicit TileStore(const std::string &File) : db(File) {}
  void deleteAbove(int Zoom) { db << "DELETE FROM tiles WHERE zoom > ?;" << Zoom; }
  void writeMaxZoom(int Zoom) {
    db << "REPLACE INTO metadata VALUES ('maxzoom', ?);" << Zoom;
  }
  void truncate(int Zoom) {
    deleteAbove(Zoom);
    writeMaxZoom(Zoom);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  }
  // Negative: one transaction around both helpers, rolled back on any
  // exception.
  void truncateAtomically(int Zoom) {
    db << "BEGIN;";
    try {
      deleteAbove(Zoom);
      writeMaxZoom(Zoom);
      db << "COMMIT;";
    } catch (...) {
      db << "ROLLBACK;";
      throw;
    }
  }

private:
  sqlite::database db;
};
