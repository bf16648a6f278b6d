// mysql++'s Connection::query() returns a Query made on the connection
// (`return Query(this);`), and the Query runs its statements on it. A local
// Query made that way in a helper runs the caller's SQL on the helper's
// connection (PokerTH's `mysqlpp::Query query = m_connData->conn.query();
// query.exec(sql)`), so its BEGIN and COMMIT reach the caller; and work on
// the Query after a commit is work on the connection, not on a
// transaction that ended.
//
// RUN: %check_txnlint %s txn-missing-rollback,txn-use-after-end %t -- -- -std=c++17 -I/usr/include/mariadb

#include <mysql.h>

#include <memory>
#include <string>

namespace mysqlpp {
class Connection;

class Query {
public:
  explicit Query(Connection *conn) : m_conn(conn) {}
  bool exec(const std::string &str);

private:
  Connection *m_conn;
};

class Connection {
public:
  MYSQL *driver() { return m_mysql; }
  Query query() { return Query(this); }

private:
  MYSQL *m_mysql = nullptr;
};

inline bool Query::exec(const std::string &str) {
  return mysql_real_query(m_conn->driver(), str.data(), str.length()) == 0;
}
} // namespace mysqlpp

struct ConnData {
  mysqlpp::Connection conn;
};

void log_error(const std::string &message);

class ServerDBThread {
public:
  bool ExecuteStatement(const std::string &sql) {
    mysqlpp::Query query = m_connData->conn.query();
    if (!query.exec(sql)) {
      log_error(sql);
      return false;
    }
    return true;
  }

  void StoreGamePlaces(int count) {
    if (!ExecuteStatement("START TRANSACTION"))
      return;
    // CHECK-NOTES: :[[@LINE-2]]:10: warning: transaction begun on 'this' is left open on some path out of 'ServerDBThread::StoreGamePlaces'; commit or roll it back before leaving [txn-missing-rollback]
    for (int i = 0; i < count; ++i)
      if (!ExecuteStatement("INSERT INTO gameplayer VALUES (1)"))
        return;
    // CHECK-NOTES: :[[@LINE-1]]:9: note: transaction is still open at this return
    if (!ExecuteStatement("COMMIT"))
      ExecuteStatement("ROLLBACK");
  }

  // Negative: the next statement after the commit runs on the connection,
  // in autocommit mode.
  bool CreateGame() {
    mysqlpp::Query query = m_connData->conn.query();
    if (!query.exec("START TRANSACTION"))
      return false;
    if (!query.exec("INSERT INTO game VALUES (1)")) {
      query.exec("ROLLBACK");
      return false;
    }
    if (!query.exec("COMMIT")) {
      query.exec("ROLLBACK");
      return false;
    }
    query.exec("UPDATE server_stats SET games = games + 1");
    return true;
  }

private:
  std::shared_ptr<ConnData> m_connData;
};
