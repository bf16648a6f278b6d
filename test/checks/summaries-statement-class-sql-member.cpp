// Statement classes whose constructor keeps the caller's SQL and connection
// and prepares through a helper of the class: vsqlite++'s `sqlite::command`
// (SQL kept in a member, prepared by prepare(), run by emit(), and
// `sqlite::execute(db, "BEGIN", true)` running at its construction), and
// Cherrytree's Sqlite3StmtAuto (prepared by `_prepare(pDb, sql)`, stepped
// through its conversion to `sqlite3_stmt *`, SQL in brace-initialized
// constants). Each object runs its own SQL on the connection it was built
// on.
//
// RUN: %check_txnlint %s 'txn-autocommit-multi-write,txn-missing-rollback' %t -- -- -std=c++17

#include <sqlite3.h>

#include <stdexcept>
#include <string>

namespace sqlite {
class connection {
public:
  sqlite3 *get_handle() { return handle; }

private:
  sqlite3 *handle = nullptr;
};

class command {
public:
  command(connection &con, const std::string &sql) : m_con(con), m_sql(sql) {
    prepare();
  }
  virtual ~command() { sqlite3_finalize(stmt); }
  bool emit() { return step(); }

protected:
  void prepare() {
    if (sqlite3_prepare_v2(m_con.get_handle(), m_sql.c_str(), -1, &stmt,
                           nullptr) != SQLITE_OK)
      throw std::runtime_error("prepare");
  }
  bool step() {
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW)
      return true;
    if (rc == SQLITE_DONE)
      return false;
    throw std::runtime_error("step");
  }

private:
  connection &m_con;
  std::string m_sql;
  sqlite3_stmt *stmt = nullptr;
};

class execute : public command {
public:
  execute(connection &con, const std::string &sql, bool immediately = false)
      : command(con, sql) {
    if (immediately)
      emit();
  }
};
} // namespace sqlite

void remove_row(sqlite::connection &db) {
  sqlite::command del_data(db, "DELETE FROM data WHERE id = ?");
  del_data.emit();
  sqlite::command del_index(db, "DELETE FROM data_index WHERE id = ?");
  del_index.emit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: the earlier write commits here on its own
}

// The constructor runs its SQL: a begin, then an early return, or an
// exception of the statements, that leaves it open.
bool append_rows(sqlite::connection &db, int n) {
  sqlite::execute(db, "BEGIN", true);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'append_rows'; commit or roll it back before leaving [txn-missing-rollback]
  for (int i = 0; i < n; ++i) {
    sqlite::command ins(db, "INSERT INTO log (id) VALUES (?)");
    if (ins.emit())
      return false;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: transaction is still open at this return
    // CHECK-NOTES: :[[@LINE-4]]:21: note: transaction is still open when an exception leaves the function here
    // CHECK-NOTES: :[[@LINE-4]]:9: note: transaction is still open when an exception leaves the function here
  }
  sqlite::execute(db, "COMMIT", true);
  return true;
}

// Negative: both deletes inside BEGIN ... COMMIT, undone when one throws.
void remove_row_atomically(sqlite::connection &db) {
  sqlite::execute(db, "BEGIN", true);
  try {
    sqlite::command del_data(db, "DELETE FROM data WHERE id = ?");
    del_data.emit();
    sqlite::command del_index(db, "DELETE FROM data_index WHERE id = ?");
    del_index.emit();
  } catch (...) {
    sqlite::execute(db, "ROLLBACK", true);
    throw;
  }
  sqlite::execute(db, "COMMIT", true);
}

// A guard whose constructor begins through statement objects on the
// connection it is given, when it is given one: the writes after it may be
// inside its transaction.
class transaction_guarder {
public:
  explicit transaction_guarder(sqlite::connection *conn, bool immediate = true)
      : m_conn(conn) {
    if (m_conn) {
      if (immediate)
        sqlite::execute(*conn, "BEGIN IMMEDIATE", true);
      else
        sqlite::execute(*conn, "BEGIN", true);
      m_open = true;
    }
  }
  ~transaction_guarder() {
    if (m_open)
      sqlite::execute(*m_conn, "ROLLBACK", true);
  }
  void commit() {
    sqlite::execute(*m_conn, "COMMIT", true);
    m_open = false;
  }

private:
  sqlite::connection *m_conn;
  bool m_open = false;
};

void remove_row_guarded(sqlite::connection &db) {
  transaction_guarder guard(&db);
  sqlite::command del_data(db, "DELETE FROM data WHERE id = ?");
  del_data.emit();
  sqlite::command del_index(db, "DELETE FROM data_index WHERE id = ?");
  del_index.emit();
  guard.commit();
}

class Sqlite3StmtAuto {
public:
  Sqlite3StmtAuto(sqlite3 *pDb, const char *sql) { _prepare(pDb, sql); }
  ~Sqlite3StmtAuto() { sqlite3_finalize(_pStmt); }
  operator sqlite3_stmt *() { return _pStmt; }
  bool is_bad() { return !_pStmt; }

private:
  bool _prepare(sqlite3 *pDb, const char *sql) {
    return sqlite3_prepare_v2(pDb, sql, -1, &_pStmt, nullptr) == SQLITE_OK;
  }
  sqlite3_stmt *_pStmt{nullptr};
};

class Storage {
public:
  void write_bookmarks(const long *bookmarks, int n);

private:
  static const char TABLE_BOOKMARK_DELETE[];
  static const char TABLE_BOOKMARK_INSERT[];
  sqlite3 *_pDb = nullptr;
};

const char Storage::TABLE_BOOKMARK_DELETE[]{"DELETE FROM bookmark"};
const char Storage::TABLE_BOOKMARK_INSERT[]{"INSERT INTO bookmark VALUES(?,?)"};

void Storage::write_bookmarks(const long *bookmarks, int n) {
  if (sqlite3_exec(_pDb, TABLE_BOOKMARK_DELETE, nullptr, nullptr, nullptr) !=
      SQLITE_OK)
    throw std::runtime_error("delete");
  Sqlite3StmtAuto stmt{_pDb, TABLE_BOOKMARK_INSERT};
  if (stmt.is_bad())
    throw std::runtime_error("prepare");
  for (int i = 0; i < n; ++i) {
    sqlite3_bind_int64(stmt, 1, bookmarks[i]);
    if (sqlite3_step(stmt) != SQLITE_DONE)
      // CHECK-NOTES: :[[@LINE-1]]:9: warning: '_pDb' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
      // CHECK-NOTES: :[[@LINE-10]]:7: note: the earlier write commits here on its own
      throw std::runtime_error("step");
    sqlite3_reset(stmt);
  }
}
