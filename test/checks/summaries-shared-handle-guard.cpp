// A transaction guard class on a connection every function reaches the
// same way (a singleton's accessor): begin() begins on it, the destructor
// rolls back unless commit() ran. A local guard owns the transaction its
// begin() began, so an early return rolls it back (The Forgotten Server's
// DBTransaction). Every txn-* check runs, so every finding in the file is
// listed.
//
// RUN: %check_txnlint %s 'txn-*' %t

#include <sqlite3.h>

#include <string>

class Database {
public:
  static Database &instance() {
    static Database db;
    return db;
  }
  bool exec(const std::string &sql) {
    return sqlite3_exec(handle_, sql.c_str(), nullptr, nullptr, nullptr) ==
           SQLITE_OK;
  }
  bool begin() { return exec("BEGIN"); }
  bool commit() { return exec("COMMIT"); }
  bool rollback() { return exec("ROLLBACK"); }

private:
  sqlite3 *handle_ = nullptr;
};

class DBTransaction {
public:
  ~DBTransaction() {
    if (state_ == Started)
      Database::instance().rollback();
  }
  bool begin() {
    state_ = Started;
    return Database::instance().begin();
  }
  bool commit() {
    if (state_ != Started)
      return false;
    state_ = Committed;
    return Database::instance().commit();
  }

private:
  enum State { Idle, Started, Committed } state_ = Idle;
};

// Negative: every early return destroys the guard, which rolls back.
bool saveHouse(int id, const std::string &tiles) {
  Database &db = Database::instance();
  DBTransaction transaction;
  if (!transaction.begin())
    return false;
  if (!db.exec("DELETE FROM tile_store WHERE house_id = " + std::to_string(id)))
    return false;
  if (!db.exec("INSERT INTO tile_store VALUES (" + std::to_string(id) + ", '" +
               tiles + "')"))
    return false;
  return transaction.commit();
}

// A guard whose destructor does nothing owns nothing: the early return
// leaves the transaction open.
class PlainTransaction {
public:
  bool begin() { return Database::instance().begin(); }
  bool commit() { return Database::instance().commit(); }
};

bool saveGuild(int id) {
  Database &db = Database::instance();
  PlainTransaction transaction;
  if (!transaction.begin())
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: transaction begun on 'Database::instance()' is left open on some path out of 'saveGuild'; commit or roll it back before leaving [txn-missing-rollback]
    return false;
  if (!db.exec("DELETE FROM guild_ranks WHERE guild_id = " + std::to_string(id)))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  return transaction.commit();
}
