// Backoffs between attempts of a statement, written the ways real helpers
// write them: a retry helper around the program's own Execute()
// (AzerothCore), and a commit loop whose sleep follows the `if (...)
// break;` tests of the result (FlightGear's NavDataCache). The wait runs
// only where the statement could not; callers' transactions do not wait
// on their normal path. A helper that sleeps whatever happened is still
// reported.
//
// RUN: %check_txnlint %s txn-blocking-call-in-transaction %t -- -- -std=c++17 -I/usr/include/mariadb

#include <mysql.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>

class Connection {
public:
  bool Execute(const std::string &sql) {
    return mysql_query(m_Mysql, sql.c_str()) == 0;
  }
  unsigned GetLastError() { return mysql_errno(m_Mysql); }
  bool BeginTransaction() { return Execute("START TRANSACTION"); }
  bool CommitTransaction() { return Execute("COMMIT"); }
  void RollbackTransaction() { Execute("ROLLBACK"); }

private:
  MYSQL *m_Mysql = nullptr;
};

static const unsigned LockWaitTimeout = 1205;

static bool ExecuteWithRetry(Connection &conn, const std::string &sql) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    if (conn.Execute(sql))
      return true;
    if (conn.GetLastError() != LockWaitTimeout)
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

static bool ExecuteThrottled(Connection &conn, const std::string &sql) {
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  return conn.Execute(sql);
}

// Negative: the retry helper waits only where its statement failed.
bool resetTalents(Connection &conn, uint32_t guid) {
  if (!conn.BeginTransaction())
    return false;
  if (!ExecuteWithRetry(conn, "DELETE FROM character_talent WHERE guid = " +
                                  std::to_string(guid)) ||
      !ExecuteWithRetry(conn, "UPDATE characters SET talentGroupsCount = 1 "
                              "WHERE guid = " +
                                  std::to_string(guid))) {
    conn.RollbackTransaction();
    return false;
  }
  return conn.CommitTransaction();
}

// The throttled helper sleeps before its statement, whatever happened.
bool resetSpells(Connection &conn, uint32_t guid) {
  if (!conn.BeginTransaction())
    return false;
  if (!conn.Execute("DELETE FROM character_spell WHERE guid = " +
                    std::to_string(guid)) ||
      !ExecuteThrottled(conn, "UPDATE characters SET spellCount = 0 "
                              "WHERE guid = " +
                                  std::to_string(guid))) {
    // CHECK-NOTES: :[[@LINE-3]]:8: warning: 'ExecuteThrottled', which waits in 'std::this_thread::sleep_for', blocks while transaction on 'conn' holds the locks of its writes; every request that needs those rows waits as long, so wait before the first write or after the commit [txn-blocking-call-in-transaction]
    // CHECK-NOTES: :[[@LINE-6]]:8: note: the transaction writes here
    conn.RollbackTransaction();
    return false;
  }
  return conn.CommitTransaction();
}

class NavCache {
public:
  void commitTransaction() {
    int retries = 0;
    int result = SQLITE_OK;
    while (retries < 10) {
      result = sqlite3_step(commitStmt);
      if (result == SQLITE_DONE)
        break;
      if (sqlite3_get_autocommit(db))
        break;
      if (result != SQLITE_BUSY)
        break;
      std::this_thread::sleep_for(std::chrono::milliseconds(++retries * 100));
    }
    sqlite3_reset(commitStmt);
  }

  // Negative: the commit's busy-retry waits only where the COMMIT could not
  // run.
  void setAirportMetar(int airport) {
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    sqlite3_bind_int(setMetarStmt, 1, airport);
    sqlite3_step(setMetarStmt);
    sqlite3_reset(setMetarStmt);
    commitTransaction();
  }

  // A step that waits only while its statement is busy.
  int stepBusy(sqlite3_stmt *stmt) {
    int result = sqlite3_step(stmt);
    while (result == SQLITE_BUSY) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      sqlite3_reset(stmt);
      result = sqlite3_step(stmt);
    }
    return result;
  }

  // Negative: the second step waits only where its UPDATE could not run.
  bool setAirportsMetar(int first, int second) {
    if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
      return false;
    for (int airport : {first, second}) {
      sqlite3_bind_int(setMetarStmt, 1, airport);
      int result = stepBusy(setMetarStmt);
      sqlite3_reset(setMetarStmt);
      if (result != SQLITE_DONE) {
        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        return false;
      }
    }
    commitTransaction();
    return true;
  }

  void prepare() {
    sqlite3_prepare_v2(db, "COMMIT", -1, &commitStmt, nullptr);
    sqlite3_prepare_v2(db, "UPDATE airport SET has_metar = 1 WHERE rowid = ?",
                       -1, &setMetarStmt, nullptr);
  }

private:
  sqlite3 *db = nullptr;
  sqlite3_stmt *commitStmt = nullptr;
  sqlite3_stmt *setMetarStmt = nullptr;
};
