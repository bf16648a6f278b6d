// A wrapper whose methods return a status object made by its constructor
// (osquery's `Status(rc, sqlite3_errmsg(db_))` where a statement failed,
// `Status::success()` or `Status(0, "OK")` where it did not): the caller's
// `s.ok()` tests that statement. Every txn-* check runs, so every finding
// in the file is listed.
//
// RUN: %check_txnlint %s 'txn-*' %t -- -- -std=c++17

#include <sqlite3.h>

#include <string>

class Status {
public:
  Status() : code_(0) {}
  explicit Status(int code) : code_(code) {}
  Status(int code, std::string message)
      : code_(code), message_(std::move(message)) {}
  bool ok() const { return code_ == 0; }
  int getCode() const { return code_; }
  static Status success() { return Status(0); }

private:
  int code_;
  std::string message_;
};

void logWarning(const std::string &what);

class DatabasePlugin {
public:
  Status beginTransaction();
  Status commitTransaction();
  void rollbackTransaction();
  Status put(const std::string &key, const std::string &value);

private:
  sqlite3 *db_ = nullptr;
};

Status DatabasePlugin::beginTransaction() {
  int rc = sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK)
    return Status(rc, std::string("cannot begin: ") + sqlite3_errmsg(db_));
  return Status::success();
}

Status DatabasePlugin::commitTransaction() {
  int rc = sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK)
    return Status(rc, std::string("cannot commit: ") + sqlite3_errmsg(db_));
  return Status(0, "OK");
}

void DatabasePlugin::rollbackTransaction() {
  sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

Status DatabasePlugin::put(const std::string &key, const std::string &value) {
  int rc = sqlite3_exec(db_, "INSERT OR REPLACE INTO kv VALUES ('k', 'v')",
                        nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK)
    return Status(1, "cannot store " + key);
  return Status::success();
}

// Logs the failure of its write and goes on (osquery's updateCarveValue).
static void updateValue(DatabasePlugin &db, const std::string &key,
                        const std::string &value) {
  Status s = db.put(key, value);
  if (!s.ok())
    logWarning("cannot update " + key);
}

Status finishCarve(DatabasePlugin &db) {
  Status s = db.beginTransaction();
  if (!s.ok())
    return s;
  updateValue(db, "size", "10");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'updateValue' does not report the failure of its write, and transaction on 'db' commits after it; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  // CHECK-NOTES: :[[@LINE+4]]:7: note: committed here
  updateValue(db, "status", "SUCCESS");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'updateValue' does not report the failure of its write, and transaction on 'db' commits after it; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  // CHECK-NOTES: :[[@LINE+1]]:7: note: committed here
  s = db.commitTransaction();
  if (!s.ok()) {
    db.rollbackTransaction();
    return s;
  }
  return Status::success();
}

// Negatives: a begin that failed opened nothing; a commit that failed left
// the transaction open for the rollback.
Status storeAll(DatabasePlugin &db) {
  Status s = db.beginTransaction();
  if (!s.ok())
    return s;
  s = db.put("a", "1");
  if (!s.ok()) {
    db.rollbackTransaction();
    return s;
  }
  s = db.commitTransaction();
  if (!s.ok()) {
    db.rollbackTransaction();
    return s;
  }
  return Status::success();
}
