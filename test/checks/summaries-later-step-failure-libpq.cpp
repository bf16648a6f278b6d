// Cyphesis's DatabasePostgres::runCommandQuery sends its query, then reads
// the results in commandOk(): -1 where sending failed or a result did, 0
// where all went well. The -1 returned after the query was sent reports
// the same statement's failure, seen a step later: the begin and commit
// run through it are tested by `!= 0`, and a dropped result is unchecked.
//
// RUN: %check_txnlint %s txn-missing-rollback,txn-use-after-end,txn-unchecked-commit %t -- -- -std=c++17 -I/usr/include/postgresql

#include <libpq-fe.h>

#include <string>

void log_error(const char *message);

class DatabasePostgres {
public:
  int runCommandQuery(const std::string &query) {
    int status = PQsendQuery(m_connection, query.c_str());
    if (!status) {
      log_error("runCommandQuery(): Database query error.");
      return -1;
    }
    if (commandOk() != 0) {
      log_error("Error running command query row.");
    } else {
      return 0;
    }
    return -1;
  }

private:
  int commandOk() {
    int status = -1;
    PGresult *res;
    while ((res = PQgetResult(m_connection)) != nullptr) {
      if (PQresultStatus(res) == PGRES_COMMAND_OK)
        status = 0;
      else
        log_error(PQresultErrorMessage(res));
      PQclear(res);
    }
    return status;
  }

  PGconn *m_connection = nullptr;
};

class Storage {
public:
  // Negative: a BEGIN that failed opened nothing; a COMMIT that failed is
  // rolled back.
  int putAccount(const std::string &name) {
    if (m_connection.runCommandQuery("BEGIN") != 0)
      return -1;
    if (m_connection.runCommandQuery("INSERT INTO accounts VALUES ('" + name +
                                     "')") != 0) {
      m_connection.runCommandQuery("ROLLBACK");
      return -1;
    }
    if (m_connection.runCommandQuery("COMMIT") != 0) {
      m_connection.runCommandQuery("ROLLBACK");
      return -1;
    }
    return 0;
  }

  int dropAccount(const std::string &name) {
    if (m_connection.runCommandQuery("BEGIN") != 0)
      return -1;
    if (m_connection.runCommandQuery("DELETE FROM accounts WHERE name = '" +
                                     name + "'") != 0) {
      m_connection.runCommandQuery("ROLLBACK");
      return -1;
    }
    m_connection.runCommandQuery("COMMIT");
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: the result of committing transaction on 'm_connection' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
    return 0;
  }

private:
  DatabasePostgres m_connection;
};
