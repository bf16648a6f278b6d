// Nesting wrappers in the shape of FlightGear's NavDataCache (`if
// (transactionLevel == 0) BEGIN; ++transactionLevel;`), running statements
// the object's private class prepared once. The outermost level's begin,
// commit and rollback are the wrappers' to their callers, though each
// level's paths join with a nested level's before the wrapper returns; a
// nested level's do nothing.
//
// RUN: %check_txnlint %s txn-missing-rollback %t -- -- -std=c++17

#include <sqlite3.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

class NavCache {
public:
  bool loadMetar(const std::vector<std::string> &lines);
  bool loadMetarChecked(const std::vector<std::string> &lines);

private:
  void beginTransaction();
  void commitTransaction();
  void abortTransaction();
  bool setMetar(const std::string &ident);

  struct Private {
    sqlite3 *db = nullptr;
    bool transactionAborted = false;
    sqlite3_stmt *beginStmt = nullptr, *commitStmt = nullptr,
                 *rollbackStmt = nullptr, *setMetarStmt = nullptr;

    sqlite3_stmt *prepare(const std::string &sql) {
      sqlite3_stmt *stmt = nullptr;
      if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) !=
          SQLITE_OK)
        throw std::runtime_error(sqlite3_errmsg(db));
      return stmt;
    }
    void prepareQueries() {
      beginStmt = prepare("BEGIN");
      commitStmt = prepare("COMMIT");
      rollbackStmt = prepare("ROLLBACK");
      setMetarStmt = prepare("UPDATE airport SET has_metar = 1 WHERE ident = ?");
    }
    bool stepSelect(sqlite3_stmt *stmt) {
      int result = sqlite3_step(stmt);
      if (result == SQLITE_ROW)
        return true;
      if (result == SQLITE_DONE)
        return false;
      throw std::runtime_error(sqlite3_errmsg(db));
    }
  };
  std::unique_ptr<Private> d;
  unsigned transactionLevel = 0;
};

void NavCache::beginTransaction() {
  if (transactionLevel == 0) {
    d->transactionAborted = false;
    d->stepSelect(d->beginStmt);
    sqlite3_reset(d->beginStmt);
  }
  ++transactionLevel;
}

void NavCache::commitTransaction() {
  if (--transactionLevel == 0) {
    d->stepSelect(d->commitStmt);
    sqlite3_reset(d->commitStmt);
  }
}

void NavCache::abortTransaction() {
  if (--transactionLevel == 0) {
    d->stepSelect(d->rollbackStmt);
    sqlite3_reset(d->rollbackStmt);
  }
  d->transactionAborted = true;
}

bool NavCache::setMetar(const std::string &ident) {
  sqlite3_bind_text(d->setMetarStmt, 1, ident.c_str(), -1, SQLITE_TRANSIENT);
  int result = sqlite3_step(d->setMetarStmt);
  sqlite3_reset(d->setMetarStmt);
  return result == SQLITE_DONE;
}

bool NavCache::loadMetar(const std::vector<std::string> &lines) {
  beginTransaction();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'd' is left open on some path out of 'NavCache::loadMetar'; commit or roll it back before leaving [txn-missing-rollback]
  for (const std::string &line : lines) {
    if (line.size() != 4)
      return false;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: transaction is still open at this return
    if (!setMetar(line)) {
      abortTransaction();
      return false;
    }
  }
  commitTransaction();
  return true;
}

// Negative: a malformed line aborts the level it began.
bool NavCache::loadMetarChecked(const std::vector<std::string> &lines) {
  beginTransaction();
  for (const std::string &line : lines) {
    if (line.size() != 4) {
      abortTransaction();
      return false;
    }
    if (!setMetar(line)) {
      abortTransaction();
      return false;
    }
  }
  commitTransaction();
  return true;
}
