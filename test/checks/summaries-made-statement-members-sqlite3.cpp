// Statements a private class prepares once into members through its own
// helpers and runs through others, in the shape of FlightGear's navigation
// cache: prepareSQL() prepares the caller's SQL into a local and returns it,
// prepare() keeps what prepareSQL() returns, init() assigns
// `beginStmt = prepare("BEGIN")`, and the outer class runs the statements
// through its pointer to the private class and a step helper
// (`d->stepSelect(d->beginStmt)`). A run of the member does what its SQL
// does. Every txn-* check runs, so every finding in the file is listed.
//
// RUN: %check_txnlint %s 'txn-*' %t -- -- -std=c++17

#include <sqlite3.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

class CacheError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

class CachePrivate {
public:
  sqlite3 *db = nullptr;
  std::vector<sqlite3_stmt *> prepared;
  sqlite3_stmt *beginStmt = nullptr;
  sqlite3_stmt *commitStmt = nullptr;
  sqlite3_stmt *rollbackStmt = nullptr;
  sqlite3_stmt *setMetarStmt = nullptr;

  sqlite3_stmt *prepareSQL(const std::string &sql) {
    sqlite3_stmt *stmt = nullptr;
    int result = sqlite3_prepare_v2(db, sql.c_str(), sql.length(), &stmt,
                                    nullptr);
    while (result == SQLITE_BUSY)
      result = sqlite3_prepare_v2(db, sql.c_str(), sql.length(), &stmt,
                                  nullptr);
    if (result == SQLITE_OK)
      return stmt;
    throw CacheError(sqlite3_errmsg(db));
  }

  sqlite3_stmt *prepare(const std::string &sql) {
    sqlite3_stmt *stmt = prepareSQL(sql);
    prepared.push_back(stmt);
    return stmt;
  }

  void init() {
    beginStmt = prepare("BEGIN");
    commitStmt = prepare("COMMIT");
    rollbackStmt = prepare("ROLLBACK");
    setMetarStmt = prepare("UPDATE airport SET has_metar = ?2 WHERE rowid = ?1");
  }

  bool stepSelect(sqlite3_stmt *stmt) {
    int result = sqlite3_step(stmt);
    if (result == SQLITE_ROW)
      return true;
    if (result == SQLITE_DONE)
      return false;
    throw CacheError(sqlite3_errmsg(db));
  }

  void execUpdate(sqlite3_stmt *stmt) {
    stepSelect(stmt);
    sqlite3_reset(stmt);
  }
};

class NavCache {
public:
  void beginTransaction() {
    d->stepSelect(d->beginStmt);
    sqlite3_reset(d->beginStmt);
  }
  void commitTransaction() {
    d->stepSelect(d->commitStmt);
    sqlite3_reset(d->commitStmt);
  }
  void abortTransaction() {
    d->stepSelect(d->rollbackStmt);
    sqlite3_reset(d->rollbackStmt);
  }
  void setAirportMetar(long id, bool hasMetar) {
    sqlite3_bind_int64(d->setMetarStmt, 1, id);
    sqlite3_bind_int(d->setMetarStmt, 2, hasMetar);
    d->execUpdate(d->setMetarStmt);
  }

  bool loadMetar(const std::vector<long> &ids);
  bool loadMetarChecked(const std::vector<long> &ids);

private:
  std::unique_ptr<CachePrivate> d;
};

bool NavCache::loadMetar(const std::vector<long> &ids) {
  beginTransaction();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'd' is left open on some path out of 'NavCache::loadMetar'; commit or roll it back before leaving [txn-missing-rollback]
  for (long id : ids) {
    if (id < 0)
      return false;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: transaction is still open at this return
    setAirportMetar(id, true);
    // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open when an exception leaves the function here
  }
  commitTransaction();
  return true;
}

bool NavCache::loadMetarChecked(const std::vector<long> &ids) {
  beginTransaction();
  try {
    for (long id : ids) {
      if (id < 0) {
        abortTransaction();
        return false;
      }
      setAirportMetar(id, true);
    }
  } catch (const CacheError &) {
    abortTransaction();
    throw;
  }
  commitTransaction();
  return true;
}
