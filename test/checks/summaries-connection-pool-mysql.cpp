// A SQL layer in the shape of Centreon Broker's over the MySQL C API: a
// pool runs each call on the connection it holds, and a connection commits
// in a retry loop (`while (attempts++ < MAX_ATTEMPTS && (res =
// mysql_commit(_conn)))`) and reports the last attempt's result. Every
// txn-* check runs, so every finding in the file is listed.
//
// RUN: %check_txnlint %s 'txn-*' %t -- -- -std=c++17

#include <mysql/mysql.h>

#include <memory>
#include <string>

void logError(const char *Message);

constexpr int MaxAttempts = 10;

class Connection {
public:
  bool runQuery(const std::string &Sql) {
    if (mysql_query(Conn, Sql.c_str())) {
      logError(mysql_error(Conn));
      return false;
    }
    return true;
  }
  bool commit() {
    int Attempts = 0;
    int Res = 0;
    while (Attempts++ < MaxAttempts && (Res = mysql_commit(Conn))) {
      if (mysql_errno(Conn) != 1213)
        break;
    }
    return Res == 0;
  }
  bool rollback() { return mysql_rollback(Conn) == 0; }

private:
  MYSQL *Conn;
};

class Pool {
public:
  bool runQuery(const std::string &Sql, int Id) {
    return Current->runQuery(Sql);
  }
  bool commit(int Id) { return Current->commit(); }
  bool rollback(int Id) { return Current->rollback(); }
  bool touch(int Id) {
    return runQuery("UPDATE stats SET touched = touched + 1", Id);
  }

private:
  std::shared_ptr<Connection> Current;
};

class Store {
public:
  bool removeIndex(int Index, int Conn);
  bool updateInstance(int Instance, int Conn);
  bool removeHost(int Host, int Conn);
  bool touchTwice(int Conn);
  bool logEvent(int Conn);

private:
  void updateInstanceRow(int Instance, int Conn);
  Pool Mysql;
};

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// The pool's calls act on the connection the store names: the early
// return leaves the transaction open.
bool Store::removeIndex(int Index, int Conn) {
  if (!Mysql.runQuery("START TRANSACTION", Conn))
    // CHECK-NOTES: :[[@LINE-1]]:8: warning: transaction begun on 'Mysql' is left open on some path out of 'Store::removeIndex'; commit or roll it back before leaving [txn-missing-rollback]
    return false;
  if (Index < 0)
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  if (!Mysql.runQuery("DELETE FROM index_data WHERE id = 1", Conn)) {
    Mysql.rollback(Conn);
    return false;
  }
  return Mysql.commit(Conn);
}

// The helper ends the transaction on every path, committing through the
// retry loop: the rollback after it ends nothing.
void Store::updateInstanceRow(int Instance, int Conn) {
  if (!Mysql.runQuery("UPDATE instances SET name = 'x' WHERE id = 1", Conn)) {
    Mysql.rollback(Conn);
    return;
  }
  if (!Mysql.commit(Conn))
    Mysql.rollback(Conn);
}

bool Store::updateInstance(int Instance, int Conn) {
  if (!Mysql.runQuery("START TRANSACTION", Conn))
    return false;
  updateInstanceRow(Instance, Conn);
  if (Instance < 0) {
    Mysql.rollback(Conn);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: transaction on 'Mysql' is rolled back after it was handed to a callee that ends it; begin a new transaction for this work [txn-use-after-end]
    // CHECK-NOTES: :[[@LINE-4]]:3: note: it is handed to a callee that ends it here
    return false;
  }
  return true;
}

// Two DELETEs through the pool, in autocommit.
bool Store::removeHost(int Host, int Conn) {
  if (!Mysql.runQuery("DELETE FROM hosts_hostgroups WHERE host_id = 1", Conn))
    return false;
  return Mysql.runQuery("DELETE FROM hosts WHERE host_id = 1", Conn);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'Mysql' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-4]]:8: note: the earlier write commits here on its own
}

// The INSERT's failure is dropped, and the commit goes ahead, through the
// retry loop.
bool Store::logEvent(int Conn) {
  if (!Mysql.runQuery("START TRANSACTION", Conn))
    return false;
  Mysql.runQuery("INSERT INTO logs (id) VALUES (1)", Conn);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the failure of this write is not handled before transaction on 'Mysql' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  // CHECK-NOTES: :[[@LINE+1]]:10: note: committed here
  return Mysql.commit(Conn);
}

//===----------------------------------------------------------------------===//
// Negatives
//===----------------------------------------------------------------------===//

// The same statement run again, as a loop would: not a pair.
bool Store::touchTwice(int Conn) {
  if (!Mysql.touch(Conn))
    return false;
  return Mysql.touch(Conn);
}
