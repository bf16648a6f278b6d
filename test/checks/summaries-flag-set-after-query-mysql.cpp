// MaxScale's MariaDBServer::execute_cmd_ex: the query runs on a local copy
// of the member connection, then `bool rval = false;`, and `rval = true`
// only where the query succeeded and returned no rows. False where the
// query succeeded is a later step's failure (rows where none were
// expected); the flag still reports the query's failure, so a caller's
// `if (!execute_cmd("START TRANSACTION")) return false;` leaves nothing
// open and a rollback where the COMMIT failed is no second end.
//
// RUN: %check_txnlint %s txn-missing-rollback,txn-use-after-end %t -- -- -std=c++17 -I/usr/include/mariadb

#include <mysql.h>

#include <string>
#include <vector>

class MariaDBServer {
public:
  bool execute_cmd(const std::string &cmd, std::string *errmsg_out = nullptr) {
    auto conn = con;
    bool query_success = mysql_query(conn, cmd.c_str()) == 0;
    bool rval = false;
    if (query_success) {
      std::string results_errmsg;
      do {
        MYSQL_RES *result = mysql_store_result(conn);
        if (result) {
          if (results_errmsg.empty())
            results_errmsg = "returned rows when none were expected";
          mysql_free_result(result);
        }
      } while (mysql_next_result(conn) == 0);
      if (results_errmsg.empty())
        rval = true;
      else if (errmsg_out)
        *errmsg_out = results_errmsg;
    } else if (errmsg_out) {
      *errmsg_out = mysql_error(conn);
    }
    return rval;
  }

private:
  MYSQL *con = nullptr;
};

bool purge(MariaDBServer *primary, const std::vector<std::string> &ids) {
  std::string errmsg;
  if (!primary->execute_cmd("START TRANSACTION", &errmsg))
    return false;
  for (const std::string &id : ids)
    if (!primary->execute_cmd("DELETE FROM journal WHERE id = " + id, &errmsg)) {
      primary->execute_cmd("ROLLBACK");
      return false;
    }
  if (!primary->execute_cmd("COMMIT", &errmsg)) {
    primary->execute_cmd("ROLLBACK");
    return false;
  }
  return true;
}

bool record(MariaDBServer *primary, const std::string &gtid) {
  if (!primary->execute_cmd("START TRANSACTION"))
    // CHECK-NOTES: :[[@LINE-1]]:8: warning: transaction begun on 'primary' is left open on some path out of 'record'; commit or roll it back before leaving [txn-missing-rollback]
    return false;
  if (!primary->execute_cmd("INSERT INTO journal (gtid) VALUES ('" + gtid + "')"))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  return primary->execute_cmd("COMMIT");
}
