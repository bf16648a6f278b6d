// A profile names the classes its library throws (SQLiteC++'s
// SQLite::Exception): a helper that catches them, or a base of them, lets
// no database failure out, so its caller's transaction is not left open by
// an exception from it. std::get is known to throw bad_variant_access, but
// not where std::holds_alternative has just said that the variant holds
// that alternative (Wesnoth's dbconn::query binding its parameters).
//
// RUN: %check_txnlint %s txn-missing-rollback %t -- -- -std=c++17

#include <SQLiteCpp/SQLiteCpp.h>

#include <stdexcept>
#include <string>
#include <variant>

using Param = std::variant<bool, int, std::string>;

class Store {
public:
  explicit Store(const char *File) : Db(File) {}
  bool tryExec(const char *Sql) {
    try {
      Db.exec(Sql);
      return true;
    } catch (SQLite::Exception &E) {
      return false;
    }
  }
  bool tryExecBase(const char *Sql) {
    try {
      Db.exec(Sql);
      return true;
    } catch (std::runtime_error &E) {
      return false;
    }
  }
  bool bind(SQLite::Statement &Stmt, const Param &P) {
    try {
      if (std::holds_alternative<bool>(P))
        Stmt.bind(1, std::get<bool>(P) ? 1 : 0);
      else if (std::holds_alternative<int>(P))
        Stmt.bind(1, std::get<int>(P));
      else if (std::holds_alternative<std::string>(P))
        Stmt.bind(1, std::get<std::string>(P));
      Stmt.exec();
      return true;
    } catch (SQLite::Exception &E) {
      return false;
    }
  }
  bool bindUnchecked(SQLite::Statement &Stmt, const Param &P) {
    try {
      Stmt.bind(1, std::get<int>(P));
      Stmt.exec();
      return true;
    } catch (SQLite::Exception &E) {
      return false;
    }
  }
  bool prune();
  bool hide(const Param &P);
  bool hideUnchecked(const Param &P);

private:
  SQLite::Database Db;
};

// Negative: no exception leaves the helpers.
bool Store::prune() {
  if (!tryExec("BEGIN"))
    return false;
  if (!tryExec("DELETE FROM tiles WHERE zoom > 3") ||
      !tryExecBase("DELETE FROM metadata WHERE name = 'maxzoom'")) {
    tryExec("ROLLBACK");
    return false;
  }
  if (!tryExec("COMMIT")) {
    tryExec("ROLLBACK");
    return false;
  }
  return true;
}

// Negative: the std::get calls are guarded.
bool Store::hide(const Param &P) {
  SQLite::Statement Stmt(Db, "UPDATE addons SET hidden = ?");
  if (!tryExec("BEGIN"))
    return false;
  if (!bind(Stmt, P)) {
    tryExec("ROLLBACK");
    return false;
  }
  return tryExec("COMMIT");
}

bool Store::hideUnchecked(const Param &P) {
  SQLite::Statement Stmt(Db, "UPDATE addons SET hidden = ?");
  if (!tryExec("BEGIN"))
    return false;
  // CHECK-NOTES: :[[@LINE-2]]:8: warning: transaction begun on 'Db' is left open on some path out of 'Store::hideUnchecked'; commit or roll it back before leaving [txn-missing-rollback]
  if (!bindUnchecked(Stmt, P)) {
  // CHECK-NOTES: :[[@LINE-1]]:8: note: transaction is still open when an exception leaves the function here
    tryExec("ROLLBACK");
    return false;
  }
  return tryExec("COMMIT");
}
