// A wrapper that ends its object's transaction whichever way its caller
// asks, in the shape of a MySQL connection's `EndTransaction(bool commit)`:
// it commits when told to and rolls back otherwise, or where the commit
// failed. Called with a flag that a failed write cleared, it rolls back:
// nothing commits after the failure.
//
// RUN: %check_txnlint %s txn-commit-after-failed-write %t -- -- -std=c++17 -I/usr/include/mariadb

#include <mysql.h>

#include <cstdint>
#include <string>

void logError(const char *message);

class Connection {
public:
  bool Execute(const std::string &sql) {
    return mysql_query(m_Mysql, sql.c_str()) == 0;
  }
  bool BeginTransaction() { return Execute("START TRANSACTION"); }
  bool CommitTransaction() { return Execute("COMMIT"); }
  void RollbackTransaction() { Execute("ROLLBACK"); }
  bool EndTransaction(bool commit) {
    if (commit && CommitTransaction())
      return true;
    if (commit)
      logError("commit failed, rolling back");
    RollbackTransaction();
    return false;
  }

private:
  MYSQL *m_Mysql = nullptr;
};

// Negative: a failed write clears `ok`, and EndTransaction(false) rolls
// back.
bool saveHomebind(Connection &conn, uint32_t guid, uint32_t mapId) {
  if (!conn.BeginTransaction())
    return false;
  bool ok = conn.Execute("DELETE FROM character_homebind WHERE guid = " +
                         std::to_string(guid)) &&
            conn.Execute("INSERT INTO character_homebind VALUES (" +
                         std::to_string(guid) + ", " + std::to_string(mapId) +
                         ")");
  return conn.EndTransaction(ok);
}

// The failure of the first write is only logged: the commit goes ahead.
bool saveHomebindLogged(Connection &conn, uint32_t guid, uint32_t mapId) {
  if (!conn.BeginTransaction())
    return false;
  if (!conn.Execute("DELETE FROM character_homebind WHERE guid = " +
                    std::to_string(guid)))
    // CHECK-NOTES: :[[@LINE-2]]:8: warning: the failure of this write is not handled before transaction on 'conn' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
    logError("could not delete the old homebind");
  if (!conn.Execute("INSERT INTO character_homebind VALUES (" +
                    std::to_string(guid) + ", " + std::to_string(mapId) +
                    ")")) {
    conn.RollbackTransaction();
    return false;
  }
  return conn.CommitTransaction();
  // CHECK-NOTES: :[[@LINE-1]]:10: note: committed here
}
