// A wrapper's method that copies its member connection into a local first
// (`sqlite3 *db = m_db;`, MaxScale's `auto conn = con;`) acts on the
// member: its callers see the events on the object's connection, and a
// commit through another method, which uses the member directly, ends the
// same transaction (not one the method received from its caller).
//
// RUN: %check_txnlint %s txn-missing-rollback,txn-autocommit-multi-write,txn-commit-in-callee %t -- -- -std=c++17

#include <sqlite3.h>

#include <string>

class Store {
public:
  bool exec(const std::string &sql) {
    sqlite3 *db = m_db;
    char *error = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      sqlite3_free(error);
      return false;
    }
    return true;
  }
  bool commit() {
    return sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
  }
  void rollback() {
    sqlite3 *&db = m_db;
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  // Reassigned: the local names the member on some paths only.
  bool execSomewhere(const std::string &sql, bool backup) {
    sqlite3 *db = m_db;
    if (backup)
      db = m_backup;
    return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
  }

private:
  sqlite3 *m_db = nullptr;
  sqlite3 *m_backup = nullptr;
};

bool rename_user(Store &store, const std::string &from, const std::string &to) {
  if (!store.exec("BEGIN"))
    // CHECK-NOTES: :[[@LINE-1]]:8: warning: transaction begun on 'store' is left open on some path out of 'rename_user'; commit or roll it back before leaving [txn-missing-rollback]
    return false;
  if (!store.exec("UPDATE users SET name = '" + to + "' WHERE name = '" + from + "'"))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  return store.commit();
}

void drop_user(Store &store, const std::string &name) {
  store.exec("DELETE FROM grants WHERE user = '" + name + "'");
  store.exec("DELETE FROM users WHERE name = '" + name + "'");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'store' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the earlier write commits here on its own
}

// Negatives: the begin through the local and the commit and rollback
// through the member end one transaction; statements that may run on the
// backup connection are not the member's.
bool grant(Store &store, const std::string &user, const std::string &role) {
  if (!store.exec("BEGIN"))
    return false;
  if (!store.exec("INSERT INTO grants VALUES ('" + user + "', '" + role + "')")) {
    store.rollback();
    return false;
  }
  if (!store.commit()) {
    store.rollback();
    return false;
  }
  return true;
}

void copy_users(Store &store) {
  store.execSomewhere("DELETE FROM users_copy", true);
  store.execSomewhere("INSERT INTO users_copy SELECT * FROM users", true);
}
