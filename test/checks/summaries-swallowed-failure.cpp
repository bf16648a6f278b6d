// A helper that swallows its write's failure: it logs it (or does nothing)
// and returns as if the write had worked, so a caller that runs it inside
// a transaction commits without the write. The helper's summary marks the
// write "failure swallowed" when some normal return leaves its failure
// unhandled and the helper can report it neither by its value (it returns
// void or a constant) nor otherwise (a member, a global, an output
// parameter, a method of its object that records it). Every txn-* check
// runs, so every finding in the file is listed.
//
// RUN: %check_txnlint %s 'txn-*' %t

#include <sqlite3.h>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

static void execOrLog(sqlite3 *db, const std::string &sql) {
  char *message = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::fprintf(stderr, "%s: %s\n", sql.c_str(), message);
    sqlite3_free(message);
  }
}

bool rotateLog(sqlite3 *db) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  execOrLog(db, "INSERT INTO log_archive SELECT * FROM log");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'execOrLog' does not report the failure of its write, and transaction on 'db' commits after it; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  // CHECK-NOTES: :[[@LINE+3]]:10: note: committed here
  execOrLog(db, "DELETE FROM log");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'execOrLog' does not report the failure of its write, and transaction on 'db' commits after it; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
  // CHECK-NOTES: :[[@LINE-1]]:10: note: committed here
}

// Through a second helper that only forwards.
static void purge(sqlite3 *db, const char *table) {
  execOrLog(db, std::string("DELETE FROM ") + table);
}

bool purgeAll(sqlite3 *db, const std::vector<const char *> &tables) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  for (const char *table : tables)
    purge(db, table);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'purge' does not report the failure of its write, and transaction on 'db' commits after it; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
  // CHECK-NOTES: :[[@LINE-1]]:10: note: committed here
}

// A helper that returns early on failure, with a bool that is always true.
static bool insertRow(sqlite3 *db, int id) {
  std::string sql = "INSERT INTO rows VALUES (" + std::to_string(id) + ")";
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "row %d not inserted\n", id);
    return true;
  }
  return true;
}

bool insertRows(sqlite3 *db, int count) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  for (int id = 0; id < count; ++id)
    if (!insertRow(db, id))
    // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'insertRow' does not report the failure of its write, and transaction on 'db' commits after it; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
      break;
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
  // CHECK-NOTES: :[[@LINE-1]]:10: note: committed here
}

// Negatives.

// A helper that throws on failure: the exception reports it.
static void execOrThrow(sqlite3 *db, const char *sql) {
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
    throw std::runtime_error(sqlite3_errmsg(db));
}

void moveRows(sqlite3 *db) {
  execOrThrow(db, "BEGIN");
  try {
    execOrThrow(db, "INSERT INTO archive SELECT * FROM live");
    execOrThrow(db, "DELETE FROM live");
    execOrThrow(db, "COMMIT");
  } catch (...) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

// A helper that returns the statement's result: the caller tests it.
static int execChecked(sqlite3 *db, const char *sql) {
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK)
    std::fprintf(stderr, "%s failed\n", sql);
  return rc;
}

bool moveRowsChecked(sqlite3 *db) {
  if (execChecked(db, "BEGIN") != SQLITE_OK)
    return false;
  if (execChecked(db, "DELETE FROM live") != SQLITE_OK) {
    execChecked(db, "ROLLBACK");
    return false;
  }
  return execChecked(db, "COMMIT") == SQLITE_OK;
}

// A helper that reports through an output parameter.
static void execInto(sqlite3 *db, const char *sql, std::string &error) {
  char *message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    error = message;
    sqlite3_free(message);
  }
}

bool clearLive(sqlite3 *db) {
  std::string error;
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  execInto(db, "DELETE FROM live", error);
  if (!error.empty()) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
}

// A helper that rolls back on failure: the caller's commit then fails, and
// no write is lost (deciding for the caller is txn-commit-in-callee's).
static void execOrRollback(sqlite3 *db, const char *sql) {
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'execOrRollback' rolls back transaction on 'db' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
  // CHECK-NOTES: :[[@LINE-4]]:37: note: the caller's transaction arrives through 'db'
}

bool clearLiveOrUndo(sqlite3 *db) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  execOrRollback(db, "DELETE FROM live");
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
}

// Outside any transaction a logged failure is the program's own choice.
void createTables(sqlite3 *db) {
  execOrLog(db, "CREATE TABLE IF NOT EXISTS log (line TEXT)");
  execOrLog(db, "CREATE TABLE IF NOT EXISTS log_archive (line TEXT)");
}

// A class that records a failure in its state, through a method of its
// own, and one whose helper logs.
class Journal {
public:
  bool append(const std::vector<std::string> &lines);
  bool appendBlindly(const std::vector<std::string> &lines);

private:
  void write(const std::string &line);
  void writeOrLog(const std::string &line);
  void noteFailure() { ++failures_; }

  sqlite3 *db_ = nullptr;
  int failures_ = 0;
};

void Journal::write(const std::string &line) {
  std::string sql = "INSERT INTO journal VALUES ('" + line + "')";
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
    noteFailure();
}

void Journal::writeOrLog(const std::string &line) {
  std::string sql = "INSERT INTO journal VALUES ('" + line + "')";
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
    std::fprintf(stderr, "journal: %s\n", sqlite3_errmsg(db_));
}

bool Journal::append(const std::vector<std::string> &lines) {
  if (sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  failures_ = 0;
  for (const std::string &line : lines)
    write(line);
  if (failures_) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  return sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
}

bool Journal::appendBlindly(const std::vector<std::string> &lines) {
  if (sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  for (const std::string &line : lines)
    writeOrLog(line);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'Journal::writeOrLog' does not report the failure of its write, and transaction on 'db_' commits after it; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  return sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
  // CHECK-NOTES: :[[@LINE-1]]:10: note: committed here
}

// A connection wrapper whose accessor is not const (Valhalla's Sqlite3):
// the helper's log line reads the handle through it, which records
// nothing.
class Sqlite3 {
public:
  sqlite3 *get() { return Db; }

private:
  sqlite3 *Db = nullptr;
};

static void insertExitRow(Sqlite3 &db, sqlite3_stmt *stmt, int exit) {
  sqlite3_bind_int(stmt, 1, exit);
  int ret = sqlite3_step(stmt);
  sqlite3_reset(stmt);
  if (ret == SQLITE_DONE || ret == SQLITE_ROW)
    return;
  std::fprintf(stderr, "sqlite3_step() error: %s\n", sqlite3_errmsg(db.get()));
}

bool insertExits(Sqlite3 &db, const std::vector<int> &exits) {
  sqlite3_stmt *stmt = nullptr;
  if (sqlite3_prepare_v2(db.get(), "INSERT INTO exits VALUES (?)", -1, &stmt,
                         nullptr) != SQLITE_OK)
    return false;
  sqlite3_exec(db.get(), "BEGIN", nullptr, nullptr, nullptr);
  for (int exit : exits)
    insertExitRow(db, stmt, exit);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'insertExitRow' does not report the failure of its write, and transaction on 'db' commits after it; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  sqlite3_finalize(stmt);
  return sqlite3_exec(db.get(), "COMMIT", nullptr, nullptr, nullptr) ==
         SQLITE_OK;
  // CHECK-NOTES: :[[@LINE-2]]:10: note: committed here
}
