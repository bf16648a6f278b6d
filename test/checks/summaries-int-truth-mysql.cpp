// ZoneMinder's zmDbDo returns an int: 1 where its statement ran, 0 where it
// did not (not connected, or the statement failed), and callers test it as
// a bool (`if (!zmDbDo(sql))`). An int function that returns only 1 and 0
// is read that way when its constants agree with its statement so; one
// that returns 0 for success and 1 for failure (an exit code) is read the
// other way.
//
// RUN: %check_txnlint %s txn-missing-rollback,txn-use-after-end,txn-autocommit-multi-write %t -- -- -std=c++17 -I/usr/include/mariadb

#include <mysql.h>

#include <mutex>
#include <string>

MYSQL dbconn;
bool zmDbConnected = false;
std::mutex db_mutex;

bool zmDbConnect();

int zmDbDo(const std::string &query) {
  std::lock_guard<std::mutex> lck(db_mutex);
  if (!zmDbConnected && !zmDbConnect())
    return 0;
  if (mysql_query(&dbconn, query.c_str()))
    return 0;
  return 1;
}

// Negative: a START TRANSACTION that failed opened nothing, and a COMMIT
// that failed is rolled back.
bool deleteEvent() {
  if (!zmDbDo("START TRANSACTION"))
    return false;
  if (!zmDbDo("DELETE FROM Frames WHERE EventId = 1")) {
    zmDbDo("ROLLBACK");
    return false;
  }
  if (!zmDbDo("COMMIT")) {
    zmDbDo("ROLLBACK");
    return false;
  }
  return true;
}

bool copyZones(bool valid) {
  if (!zmDbDo("START TRANSACTION"))
    return false;
  // CHECK-NOTES: :[[@LINE-2]]:8: warning: transaction begun on 'dbconn' is left open on some path out of 'copyZones'; commit or roll it back before leaving [txn-missing-rollback]
  if (!zmDbDo("DELETE FROM Zones WHERE MonitorId = 2")) {
    zmDbDo("ROLLBACK");
    return false;
  }
  if (!valid)
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  if (!zmDbDo("COMMIT")) {
    zmDbDo("ROLLBACK");
    return false;
  }
  return true;
}

void purgeEvent() {
  if (!zmDbDo("DELETE FROM Frames WHERE EventId = 1"))
    return;
  zmDbDo("DELETE FROM Stats WHERE EventId = 1");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'dbconn' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-4]]:8: note: the earlier write commits here on its own
}

// An exit code: 1 for failure.
int runSql(MYSQL *db, const char *sql) {
  if (mysql_query(db, sql))
    return 1;
  return 0;
}

int saveZone(MYSQL *db, bool valid) {
  if (runSql(db, "BEGIN"))
    return 1;
  // CHECK-NOTES: :[[@LINE-2]]:7: warning: transaction begun on 'db' is left open on some path out of 'saveZone'; commit or roll it back before leaving [txn-missing-rollback]
  if (runSql(db, "INSERT INTO Zones VALUES (1)")) {
    runSql(db, "ROLLBACK");
    return 1;
  }
  if (!valid)
    return 1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  if (runSql(db, "COMMIT")) {
    runSql(db, "ROLLBACK");
    return 1;
  }
  return 0;
}
