// A helper ends the transaction as its caller says, in one statement
// (Zeal-style `execute(commit ? "COMMIT" : "ROLLBACK")`): to its callers
// it ends the transaction either way, not a commit. Handing it the flag a
// failed write cleared is how the caller rolls that write back.
//
// RUN: %check_txnlint %s txn-commit-after-failed-write,txn-use-after-end %t -- -- -std=c++17

#include <sqlite3.h>

#include <cstdio>
#include <string>
#include <vector>

class Database {
public:
  bool execute(const std::string &sql) {
    return sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, nullptr) ==
           SQLITE_OK;
  }

private:
  sqlite3 *m_db = nullptr;
};

class SearchHistory {
public:
  explicit SearchHistory(Database *db) : m_db(db) {}
  bool replaceAll(const std::vector<std::string> &queries);
  bool clearAll();

private:
  bool endTransaction(bool commit) {
    if (!m_db->execute(commit ? "COMMIT" : "ROLLBACK")) {
      std::fprintf(stderr, "cannot end transaction\n");
      return false;
    }
    return true;
  }

  Database *m_db = nullptr;
};

// Negative: a failed write clears `ok`, and endTransaction(ok) rolls back.
bool SearchHistory::replaceAll(const std::vector<std::string> &queries) {
  if (!m_db->execute("BEGIN"))
    return false;
  bool ok = m_db->execute("DELETE FROM history");
  for (const std::string &query : queries) {
    if (!ok)
      break;
    ok = m_db->execute("INSERT INTO history (query) VALUES ('" + query + "')");
  }
  return endTransaction(ok) && ok;
}

bool SearchHistory::clearAll() {
  if (!m_db->execute("BEGIN"))
    return false;
  bool ok = m_db->execute("DELETE FROM history");
  if (!endTransaction(ok))
    return false;
  if (!ok) {
    m_db->execute("ROLLBACK");
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: transaction on 'm_db' is rolled back after it was handed to a callee that ends it; begin a new transaction for this work [txn-use-after-end]
    // CHECK-NOTES: :[[@LINE-5]]:8: note: it is handed to a callee that ends it here
    return false;
  }
  return true;
}
