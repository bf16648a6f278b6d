// A wrapper whose exec() returns a result object that says whether its
// statement failed (SQLiteStudio's SqlQueryPtr): the object is made for
// success, and replaced only where sqlite3_exec failed, so the caller's
// `results->isError()` tests that failure, through the smart pointer.
// begin() and commit() then report their failure by their bool. Every
// txn-* check runs, so every finding in the file is listed.
//
// RUN: %check_txnlint %s 'txn-*' %t -- -- -std=c++17
// RUN: %txnlint --dump-events --exit-zero %s -- -std=c++17 2>/dev/null | FileCheck --check-prefix=DUMP %s

#include <sqlite3.h>
#include <memory>
#include <string>

class SqlQuery {
public:
  SqlQuery(int code, std::string text) : code_(code), text_(std::move(text)) {}
  bool isError() const { return code_ != SQLITE_OK; }
  const std::string &errorText() const { return text_; }

private:
  int code_;
  std::string text_;
};
using SqlQueryPtr = std::shared_ptr<SqlQuery>;

void logError(const std::string &what);

class Db {
public:
  SqlQueryPtr exec(const std::string &sql) {
    char *message = nullptr;
    auto results = std::make_shared<SqlQuery>(SQLITE_OK, "");
    int res = sqlite3_exec(handle_, sql.c_str(), nullptr, nullptr, &message);
    if (res != SQLITE_OK) {
      results = std::make_shared<SqlQuery>(res, message ? message : "");
      sqlite3_free(message);
    }
    lastError_ = results->errorText();
    return results;
  }
  // DUMP: :[[@LINE+2]]:27: remark: begin on 'handle_' (failure: returns-status) (summary of 'Db::exec')
  bool begin() {
    SqlQueryPtr results = exec("BEGIN;");
    if (results->isError()) {
      logError("cannot begin: " + results->errorText());
      return false;
    }
    return true;
  }
  // Negative: the failure branch of COMMIT is no step after the commit.
  bool commit() {
    SqlQueryPtr results = exec("COMMIT;");
    if (results->isError()) {
      logError("cannot commit: " + results->errorText());
      return false;
    }
    return true;
  }
  bool rollback() { return !exec("ROLLBACK;")->isError(); }

private:
  sqlite3 *handle_ = nullptr;
  std::string lastError_;
};

// Negative: a failed begin opened nothing; a failed commit is rolled back.
bool importRows(Db *db, int rows) {
  if (!db->begin())
    return false;
  for (int i = 0; i < rows; ++i)
    if (db->exec("INSERT INTO t VALUES (1)")->isError()) {
      db->rollback();
      return false;
    }
  if (!db->commit()) {
    db->rollback();
    return false;
  }
  return true;
}

// Positive: a failed insert returns with the transaction open.
bool importOne(Db *db) {
  if (!db->begin())
    // CHECK-NOTES: :[[@LINE-1]]:8: warning: transaction begun on 'db' is left open on some path out of 'importOne'; commit or roll it back before leaving [txn-missing-rollback]
    return false;
  if (db->exec("INSERT INTO t VALUES (2)")->isError())
    return false;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  return db->commit();
}
