// txn-connection-leak with the MySQL (MariaDB) C API, compiled against the
// real <mysql.h>. mysql_init(nullptr) allocates the handle (null when out of
// memory); mysql_real_connect connects it and returns null on failure, and
// the handle from mysql_init must be closed with mysql_close either way.
//
// RUN: %check_txnlint %s txn-connection-leak %t -- -- -I/usr/include/mariadb

#include <mysql.h>

bool connect_leaks(const char *host) {
  MYSQL *mysql = mysql_init(nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:18: warning: connection opened into 'mysql' is left open on some path out of 'connect_leaks'; close it, or return or store it, before leaving [txn-connection-leak]
  if (!mysql)
    return false;
  if (!mysql_real_connect(mysql, host, "u", "p", "shop", 0, nullptr, 0))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: connection is still open at this return
  mysql_query(mysql, "DELETE FROM carts");
  mysql_close(mysql);
  return true;
}

// Negatives.

bool connect_and_close(const char *host) {
  MYSQL *mysql = mysql_init(nullptr);
  if (mysql == nullptr)
    return false;
  if (!mysql_real_connect(mysql, host, "u", "p", "shop", 0, nullptr, 0)) {
    mysql_close(mysql);
    return false;
  }
  bool ok = mysql_query(mysql, "DELETE FROM carts") == 0;
  mysql_close(mysql);
  return ok;
}

MYSQL *connect_for_caller(const char *host) {
  MYSQL *mysql = mysql_init(nullptr);
  if (mysql && !mysql_real_connect(mysql, host, "u", "p", "shop", 0, nullptr, 0)) {
    mysql_close(mysql);
    return nullptr;
  }
  return mysql;
}

// The helper hands its connection back: it is the caller's to close. A null
// one is none.
bool count_leaks(const char *host) {
  MYSQL *mysql = connect_for_caller(host);
  // CHECK-NOTES: :[[@LINE-1]]:18: warning: connection opened into 'mysql' is left open on some path out of 'count_leaks'; close it, or return or store it, before leaving [txn-connection-leak]
  if (!mysql)
    return false;
  if (mysql_query(mysql, "SELECT COUNT(*) FROM carts"))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: connection is still open at this return
  mysql_close(mysql);
  return true;
}

bool count_closes(const char *host) {
  MYSQL *mysql = connect_for_caller(host);
  if (mysql == nullptr)
    return false;
  bool ok = mysql_query(mysql, "SELECT COUNT(*) FROM carts") == 0;
  mysql_close(mysql);
  return ok;
}

struct Session {
  explicit Session(MYSQL *handle) : handle(handle) {}
  ~Session() { mysql_close(handle); }
  MYSQL *handle;
};

Session *open_session(const char *host) {
  MYSQL *mysql = connect_for_caller(host);
  if (!mysql)
    return nullptr;
  return new Session(mysql);
}

// A method that opens into a local and keeps it in its object: the caller
// holds the object, not the connection.
class Client {
public:
  ~Client() { mysql_close(handle_); }
  bool connect(const char *host) {
    MYSQL *mysql = mysql_init(nullptr);
    if (!mysql_real_connect(mysql, host, "u", "p", "shop", 0, nullptr, 0)) {
      mysql_close(mysql);
      return false;
    }
    handle_ = mysql;
    return true;
  }

private:
  MYSQL *handle_ = nullptr;
};

bool ping(const char *host) {
  Client client;
  if (!client.connect(host))
    return false;
  return true;
}

// mysql_real_connect returns the handle it connects, or null: storing what
// it returns stores the handle (TrinityCore's MySQLConnection::Open), which
// the error path closes.
class Link {
public:
  ~Link() {
    if (conn_)
      mysql_close(conn_);
  }
  int open(const char *host) {
    MYSQL *init = mysql_init(nullptr);
    if (!init)
      return 1;
    conn_ = mysql_real_connect(init, host, "u", "p", "shop", 0, nullptr, 0);
    if (conn_) {
      mysql_autocommit(conn_, 1);
      return 0;
    }
    unsigned err = mysql_errno(init);
    mysql_close(init);
    return int(err);
  }

private:
  MYSQL *conn_ = nullptr;
};
