// Generated persistence classes in the shape of Ryzom's ring database
// objects: update() returns early when the object is unchanged, tested
// through a getter (`if (getPersistentState() == os_clean) return true;`).
// Nothing happens on that path, so the UPDATE is what update() does, and
// two such writes outside a transaction commit one by one.
//
// RUN: %check_txnlint %s txn-autocommit-multi-write %t -- -- -std=c++17 -I/usr/include/mariadb

#include <mysql.h>

#include <cstdint>
#include <string>

class Connection {
public:
  bool query(const std::string &queryString) {
    return mysql_real_query(_MysqlContext, queryString.c_str(),
                            (unsigned long)queryString.size()) == 0;
  }

private:
  MYSQL *_MysqlContext = nullptr;
};

enum TPersistentState { os_new, os_clean, os_dirty, os_removed };

class CSession {
public:
  TPersistentState getPersistentState() const { return _ObjectState; }
  void setState(const std::string &state) {
    _State = state;
    _ObjectState = os_dirty;
  }
  bool update(Connection &connection) {
    if (getPersistentState() == os_clean)
      return true;
    if (!connection.query("UPDATE sessions SET state = '" + _State +
                          "' WHERE session_id = " + std::to_string(_Id)))
      return false;
    _ObjectState = os_clean;
    return true;
  }
  bool remove(Connection &connection) {
    if (!connection.query("DELETE FROM sessions WHERE session_id = " +
                          std::to_string(_Id)))
      return false;
    _ObjectState = os_removed;
    return true;
  }

private:
  uint32_t _Id = 0;
  std::string _State;
  TPersistentState _ObjectState = os_new;
};

bool closeSession(Connection &ringDb, CSession &session, CSession &log) {
  session.setState("ss_closed");
  if (!session.update(ringDb))
    return false;
  return log.remove(ringDb);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'ringDb' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-4]]:8: note: the earlier write commits here on its own
}

// Negative: both writes in one transaction.
bool closeSessionAtomically(Connection &ringDb, CSession &session,
                            CSession &log) {
  if (!ringDb.query("START TRANSACTION"))
    return false;
  session.setState("ss_closed");
  if (!session.update(ringDb) || !log.remove(ringDb)) {
    ringDb.query("ROLLBACK");
    return false;
  }
  return ringDb.query("COMMIT");
}
