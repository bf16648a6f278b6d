// A transaction guard class on a connection every function reaches the
// same way (a singleton's accessor): begin() begins on it, the destructor
// rolls back unless commit() ran. A local guard owns the transaction its
// begin() began, so an early return rolls it back (The Forgotten Server's
// DBTransaction). Every txn-* check runs, so every finding in the file is
// listed.
//
// RUN: %check_txnlint %s 'txn-*' %t

#include <sqlite3.h>

#include <stdexcept>
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

// The write's failure is dropped and the guard's commit() goes ahead: the
// local reference is the singleton its accessor returns, so the write is in
// the guard's transaction (TFS's saveHouseInfo).
bool saveHouseInfo(int id, int owner) {
  Database &db = Database::instance();
  DBTransaction transaction;
  if (!transaction.begin())
    return false;
  db.exec("UPDATE houses SET owner = " + std::to_string(owner) +
          " WHERE id = " + std::to_string(id));
  // CHECK-NOTES: :[[@LINE-2]]:3: warning: the failure of this write is not handled before transaction on 'Database::instance()' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  return transaction.commit();
  // CHECK-NOTES: :[[@LINE-1]]:10: note: committed here
}

// A guard that begins in its constructor and commits in its destructor, on
// a connection kept in a global (Mumble's TransactionHolder): the scope's
// end commits, also when an exception unwinds it.
sqlite3 *g_db = nullptr;

class TransactionHolder {
public:
  TransactionHolder() {
    sqlite3_exec(g_db, "BEGIN", nullptr, nullptr, nullptr);
  }
  ~TransactionHolder() {
    sqlite3_exec(g_db, "COMMIT", nullptr, nullptr, nullptr);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: the result of committing transaction on 'g_db' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
  }
};

void exec_or_throw(const std::string &sql) {
  if (sqlite3_exec(g_db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
    throw std::runtime_error(sqlite3_errmsg(g_db));
}

// Negative: the early return destroys the holder, which commits; the one
// statement's own failure leaves nothing partial to commit.
void setConf(int server, const std::string &value) {
  TransactionHolder th;
  if (value.empty())
    return;
  exec_or_throw("REPLACE INTO config VALUES (" + std::to_string(server) +
                ", '" + value + "')");
}

void renameChannel(int channel, const std::string &name) {
  TransactionHolder th;
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'g_db' commits a partial write when an exception unwinds it; its destructor should roll back unless it was committed [txn-missing-rollback]
  exec_or_throw("UPDATE channels SET name = '" + name + "' WHERE id = " +
                std::to_string(channel));
  exec_or_throw("DELETE FROM channel_acl WHERE id = " + std::to_string(channel));
  // CHECK-NOTES: :[[@LINE-1]]:3: note: an exception can leave its scope here
}
