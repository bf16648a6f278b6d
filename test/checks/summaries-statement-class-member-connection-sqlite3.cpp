// A statement class whose constructor stores the caller's connection in a
// member and prepares the caller's SQL on that member (`Statement(sqlite3
// *db, const std::string &sql) : db_(db) { sqlite3_prepare_v2(db_, ...); }`)
// runs that SQL on the caller's connection when stepped: two statements
// stepped outside a transaction are two writes in autocommit.
//
// RUN: %check_txnlint %s txn-autocommit-multi-write %t -- -- -std=c++17

#include <sqlite3.h>

#include <stdexcept>
#include <string>

class Statement {
public:
  Statement(sqlite3 *db, const std::string &sql) : db_(db) {
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK)
      throw std::runtime_error(sqlite3_errmsg(db_));
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  int step() { return sqlite3_step(stmt_); }

private:
  sqlite3 *db_;
  sqlite3_stmt *stmt_ = nullptr;
};

bool unregisterEcu(sqlite3 *db) {
  Statement clear(db, "DELETE FROM ecus WHERE serial = 'primary'");
  if (clear.step() != SQLITE_DONE)
    return false;
  Statement forget(db, "DELETE FROM installed_versions WHERE ecu = 'primary'");
  return forget.step() == SQLITE_DONE;
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-5]]:7: note: the earlier write commits here on its own
}

// Negative: the same two statements inside one transaction.
bool unregisterEcuAtomically(sqlite3 *db) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  Statement clear(db, "DELETE FROM ecus WHERE serial = 'primary'");
  Statement forget(db, "DELETE FROM installed_versions WHERE ecu = 'primary'");
  if (clear.step() != SQLITE_DONE || forget.step() != SQLITE_DONE) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
}
