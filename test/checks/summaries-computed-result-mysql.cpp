// Summaries of a connection class whose query runner reports a later step
// too (MaxScale's maxsql::MariaDB: run_query sends the SQL where it has a
// connection and, where the query succeeded, returns what a result handler
// says), of a manager whose start() begins only where it has something to
// synchronize, and of an error code kept in a local and handed to a
// predicate.
//
// RUN: %check_txnlint %s txn-missing-rollback,txn-autocommit-multi-write,txn-commit-after-failed-write,txn-commit-in-callee,txn-use-after-end %t -- -- -std=c++17 -I/usr/include/mariadb

#include <mysql.h>
#include <mysqld_error.h>

#include <functional>
#include <string>
#include <vector>

class MariaDB {
public:
  bool cmd(const std::string &Query) {
    auto NoRows = [this]() {
      bool Ok = false;
      MYSQL_RES *Result = mysql_store_result(Conn);
      if (!Result)
        Ok = true;
      else
        mysql_free_result(Result);
      return Ok;
    };
    return runQuery(Query, NoRows);
  }

private:
  bool runQuery(const std::string &Query,
                const std::function<bool()> &Handler) {
    bool Ok = false;
    if (Conn) {
      int Rc = mysql_real_query(Conn, Query.c_str(), Query.length());
      if (Rc == 0)
        Ok = Handler();
      else
        Error = mysql_errno(Conn);
    } else {
      Error = -1;
    }
    return Ok;
  }

  MYSQL *Conn = nullptr;
  long Error = 0;
};

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

bool storeConfig(MariaDB &Db, const std::string &Payload) {
  if (!Db.cmd("START TRANSACTION"))
    return false;
  // CHECK-NOTES: :[[@LINE-2]]:8: warning: transaction begun on 'Db' is left open on some path out of 'storeConfig'; commit or roll it back before leaving [txn-missing-rollback]
  // CHECK-NOTES: :[[@LINE+2]]:5: note: transaction is still open at this return
  if (!Db.cmd("UPDATE config SET payload = '" + Payload + "'"))
    return false;
  return Db.cmd("COMMIT");
}

bool renameUser(MariaDB &Db, const std::string &From, const std::string &To) {
  if (!Db.cmd("UPDATE users SET name = '" + To + "' WHERE name = '" + From + "'"))
    return false;
  return Db.cmd("UPDATE grants SET user = '" + To + "' WHERE user = '" + From + "'");
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'Db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-4]]:8: note: the earlier write commits here on its own
}

//===----------------------------------------------------------------------===//
// Negatives
//===----------------------------------------------------------------------===//

// A failed begin opened nothing; every failure after it rolls back.
bool storeConfigRolledBack(MariaDB &Db, const std::string &Payload) {
  if (!Db.cmd("START TRANSACTION"))
    return false;
  if (!Db.cmd("UPDATE config SET payload = '" + Payload + "'") ||
      !Db.cmd("UPDATE config SET version = version + 1")) {
    Db.cmd("ROLLBACK");
    return false;
  }
  if (!Db.cmd("COMMIT")) {
    Db.cmd("ROLLBACK");
    return false;
  }
  return true;
}

// start() begins where there is a cluster to synchronize with; the function
// that called it ends what it may have begun.
class ConfigManager {
public:
  explicit ConfigManager(MariaDB &Db, std::string Cluster)
      : Db(Db), Cluster(std::move(Cluster)) {}
  bool start() {
    bool Ok = true;
    if (!Cluster.empty() && !Db.cmd("START TRANSACTION")) {
      log("cannot start the change");
      Ok = false;
    }
    return Ok;
  }
  void rollback() {
    if (!Cluster.empty())
      Db.cmd("ROLLBACK");
  }
  bool commit(const std::string &Payload) {
    if (!Db.cmd("UPDATE config SET payload = '" + Payload + "'")) {
      Db.cmd("ROLLBACK");
      return false;
    }
    return Db.cmd("COMMIT");
  }

private:
  static void log(const char *Message);
  MariaDB &Db;
  std::string Cluster;
};

bool runtimeChange(ConfigManager &Manager, const std::string &Payload,
                   const std::function<bool()> &ApplyLocally) {
  if (!Manager.start())
    return false;
  if (!ApplyLocally()) {
    Manager.rollback();
    return false;
  }
  return Manager.commit(Payload);
}

// Duplicates and malformed documents are skipped on purpose, by a code kept
// in a local and by a predicate of the program.
static bool isJsonError(unsigned Code) { return Code == 4025 || Code == 3140; }

bool load(MYSQL *Conn, const std::vector<std::string> &Documents) {
  if (mysql_query(Conn, "START TRANSACTION") != 0)
    return false;
  for (const std::string &Doc : Documents) {
    std::string Sql = "INSERT INTO documents (data) VALUES ('" + Doc + "')";
    if (mysql_query(Conn, Sql.c_str()) != 0) {
      auto Code = mysql_errno(Conn);
      if (Code == ER_DUP_ENTRY || isJsonError(Code))
        continue;
      mysql_query(Conn, "ROLLBACK");
      return false;
    }
  }
  if (mysql_commit(Conn)) {
    mysql_query(Conn, "ROLLBACK");
    return false;
  }
  return true;
}
