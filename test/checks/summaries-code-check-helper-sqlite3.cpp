// A helper that tests the status code its caller passes and returns a bool
// (Zeek's `bool checkError(int code)`, true where the code is no success)
// is a test of the call whose code it is given: `if
// (checkError(sqlite3_exec(db, "COMMIT;", ...)))` branches on the commit.
//
// RUN: %check_txnlint %s txn-use-after-end,txn-missing-rollback %t -- -- -std=c++17

#include <sqlite3.h>

void Error(const char *Message);

class SQLiteWriter {
public:
  bool checkError(int Code) {
    if (Code != SQLITE_OK && Code != SQLITE_DONE) {
      Error(sqlite3_errstr(Code));
      return true;
    }
    return false;
  }
  static bool succeeded(int Code) { return Code == SQLITE_OK; }
  bool writeBatch();
  bool writeChecked();

private:
  sqlite3 *Db = nullptr;
};

// Negative: the ROLLBACK runs where the COMMIT failed, which left the
// transaction open; the BEGIN that failed opened nothing.
bool SQLiteWriter::writeBatch() {
  if (checkError(sqlite3_exec(Db, "BEGIN;", nullptr, nullptr, nullptr)))
    return false;
  if (checkError(sqlite3_exec(Db, "INSERT INTO log VALUES (1);", nullptr,
                              nullptr, nullptr))) {
    sqlite3_exec(Db, "ROLLBACK;", nullptr, nullptr, nullptr);
    return false;
  }
  if (checkError(sqlite3_exec(Db, "COMMIT;", nullptr, nullptr, nullptr))) {
    sqlite3_exec(Db, "ROLLBACK;", nullptr, nullptr, nullptr);
    return false;
  }
  return true;
}

// The same through a helper whose true says success.
bool SQLiteWriter::writeChecked() {
  if (!succeeded(sqlite3_exec(Db, "BEGIN;", nullptr, nullptr, nullptr)))
    return false;
  if (!succeeded(sqlite3_exec(Db, "COMMIT;", nullptr, nullptr, nullptr))) {
    sqlite3_exec(Db, "ROLLBACK;", nullptr, nullptr, nullptr);
    return false;
  }
  sqlite3_exec(Db, "ROLLBACK;", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'Db' is rolled back after it was committed{{.*}} [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-6]]:18: note: it is committed here
  return true;
}
