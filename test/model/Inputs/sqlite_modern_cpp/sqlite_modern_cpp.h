// STAND-IN, NOT A COPY: written for txnlint's tests from sqlite_modern_cpp's
// public documentation (its README), because the library is not packaged in
// Debian (projects bundle it, as Tilemaker does). It declares only what the
// tests use, with the documented meaning; it contains none of the library's
// code.
//
// Documented behaviour modelled by checks/model/profiles/sqlite-modern-cpp.json:
//   sqlite::database db("file.db");
//   db << "BEGIN;";                 // `db << sql` returns a database_binder;
//   db << "INSERT ... (?, ?)" << a << b;  // values are bound with <<, and the
//                                   // statement runs when the binder is
//                                   // destroyed, unless it already ran
//   db << "SELECT ..." >> value;    // >> runs it and reads the result
//   auto ps = db << "..."; ps << a; ps.execute();  // run explicitly
//   Every failure throws sqlite::sqlite_exception.

#ifndef TXNLINT_STANDIN_SQLITE_MODERN_CPP_H
#define TXNLINT_STANDIN_SQLITE_MODERN_CPP_H

#include <sqlite3.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace sqlite {

class sqlite_exception : public std::runtime_error {
public:
  explicit sqlite_exception(int Code)
      : std::runtime_error(sqlite3_errstr(Code)), Code(Code) {}
  int get_code() const { return Code; }

private:
  int Code;
};

class database_binder {
public:
  database_binder(std::shared_ptr<sqlite3> Db, const std::string &Sql)
      : Db(std::move(Db)) {
    int Rc = sqlite3_prepare_v2(this->Db.get(), Sql.c_str(), -1, &Stmt,
                                nullptr);
    if (Rc != SQLITE_OK)
      throw sqlite_exception(Rc);
  }
  database_binder(database_binder &&Other)
      : Db(std::move(Other.Db)), Stmt(Other.Stmt), Index(Other.Index),
        Ran(Other.Ran) {
    Other.Stmt = nullptr;
  }
  database_binder(const database_binder &) = delete;
  ~database_binder() noexcept(false) {
    if (Stmt && !Ran)
      execute();
    sqlite3_finalize(Stmt);
  }

  void execute() {
    Ran = true;
    int Rc;
    while ((Rc = sqlite3_step(Stmt)) == SQLITE_ROW) {
    }
    if (Rc != SQLITE_DONE)
      throw sqlite_exception(Rc);
    sqlite3_reset(Stmt);
  }
  void reset() {
    sqlite3_reset(Stmt);
    Index = 1;
    Ran = false;
  }
  void used(bool State) { Ran = State; }
  bool used() const { return Ran; }

  void operator>>(int &Value) {
    Ran = true;
    int Rc = sqlite3_step(Stmt);
    if (Rc != SQLITE_ROW)
      throw sqlite_exception(Rc);
    Value = sqlite3_column_int(Stmt, 0);
    sqlite3_reset(Stmt);
  }

  database_binder &bind(int Value) {
    sqlite3_bind_int(Stmt, Index++, Value);
    return *this;
  }
  database_binder &bind(const std::string &Value) {
    sqlite3_bind_text(Stmt, Index++, Value.c_str(), -1, SQLITE_TRANSIENT);
    return *this;
  }

private:
  std::shared_ptr<sqlite3> Db;
  sqlite3_stmt *Stmt = nullptr;
  int Index = 1;
  bool Ran = false;
};

template <typename T>
database_binder &operator<<(database_binder &Binder, const T &Value) {
  return Binder.bind(Value);
}
template <typename T>
database_binder &operator<<(database_binder &&Binder, const T &Value) {
  return Binder.bind(Value);
}

class database {
public:
  explicit database(const std::string &Name) {
    sqlite3 *Raw = nullptr;
    int Rc = sqlite3_open(Name.c_str(), &Raw);
    Db = std::shared_ptr<sqlite3>(Raw, [](sqlite3 *P) { sqlite3_close_v2(P); });
    if (Rc != SQLITE_OK)
      throw sqlite_exception(Rc);
  }
  explicit database(std::shared_ptr<sqlite3> Db) : Db(std::move(Db)) {}

  database_binder operator<<(const std::string &Sql) {
    return database_binder(Db, Sql);
  }
  database_binder operator<<(const char *Sql) {
    return *this << std::string(Sql);
  }

  std::shared_ptr<sqlite3> connection() const { return Db; }
  sqlite3_int64 last_insert_rowid() const {
    return sqlite3_last_insert_rowid(Db.get());
  }

private:
  std::shared_ptr<sqlite3> Db;
};

} // namespace sqlite

#endif
