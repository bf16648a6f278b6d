// EQEmu's DBcore::QueryDatabase returns a MySQLRequestResult that reports
// its failure by Success(). The result says it failed where it is built
// with an error buffer (`MySQLRequestResult(nullptr, 0, errno,
// errorBuffer)`), succeeded where that last argument is left out; a lost
// connection is retried once by calling itself into a local that is
// returned where it succeeded. Transactions are helpers of the same class:
// TransactionCommit() returns the COMMIT's result.
//
// RUN: %check_txnlint %s txn-missing-rollback,txn-unchecked-commit,txn-commit-after-failed-write,txn-commit-before-validation,txn-use-after-end %t -- -- -std=c++17 -I/usr/include/mariadb

#include <mysql.h>

#include <cstdio>
#include <string>

class MySQLRequestResult {
public:
  MySQLRequestResult(MYSQL_RES *result, unsigned rowsAffected = 0,
                     unsigned errorNumber = 0, char *errorBuffer = nullptr)
      : m_Result(result), m_RowsAffected(rowsAffected),
        m_ErrorNumber(errorNumber), m_ErrorBuffer(errorBuffer) {
    m_Success = true;
    if (errorBuffer != nullptr)
      m_Success = false;
  }
  bool Success() const { return m_Success; }
  unsigned RowsAffected() const { return m_RowsAffected; }

private:
  MYSQL_RES *m_Result;
  unsigned m_RowsAffected;
  unsigned m_ErrorNumber;
  char *m_ErrorBuffer;
  bool m_Success;
};

class DBcore {
public:
  MySQLRequestResult QueryDatabase(const std::string &query,
                                   bool retryOnFailureOnce = true) {
    if (mysql_real_query(mysql, query.c_str(), query.length()) != 0) {
      if (mysql_errno(mysql) == 2013 && retryOnFailureOnce) {
        MySQLRequestResult requestResult = QueryDatabase(query, false);
        if (requestResult.Success())
          return requestResult;
      }
      auto errorBuffer = new char[512];
      std::snprintf(errorBuffer, 512, "#%u: %s", mysql_errno(mysql),
                    mysql_error(mysql));
      return MySQLRequestResult(nullptr, 0, mysql_errno(mysql), errorBuffer);
    }
    MYSQL_RES *res = mysql_store_result(mysql);
    MySQLRequestResult requestResult(res, (unsigned)mysql_affected_rows(mysql));
    return requestResult;
  }
  void TransactionBegin() { QueryDatabase("START TRANSACTION"); }
  MySQLRequestResult TransactionCommit() { return QueryDatabase("COMMIT"); }
  void TransactionRollback() { QueryDatabase("ROLLBACK"); }

  bool DeleteCharacter(int id);
  bool DeleteCorpse(int id);
  bool DeleteInstance(int id);

private:
  MYSQL *mysql;
};

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

bool DBcore::DeleteCharacter(int id) {
  TransactionBegin();
  for (const char *Table : {"character_data", "character_bind"}) {
    auto r = QueryDatabase(std::string("DELETE FROM ") + Table +
                           " WHERE id = " + std::to_string(id));
    if (!r.Success()) {
      TransactionRollback();
      return false;
    }
  }
  TransactionCommit();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the result of committing transaction on 'mysql' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
  return true;
}

bool DBcore::DeleteCorpse(int id) {
  TransactionBegin();
  QueryDatabase("DELETE FROM corpse_items WHERE corpse_id = " +
                std::to_string(id));
  // CHECK-MESSAGES: :[[@LINE-2]]:3: warning: the failure of this write is not handled before transaction on 'mysql' commits{{.*}} [txn-commit-after-failed-write]
  auto r = QueryDatabase("DELETE FROM corpses WHERE id = " + std::to_string(id));
  if (!r.Success()) {
    TransactionRollback();
    return false;
  }
  auto c = TransactionCommit();
  if (!c.Success()) {
    TransactionRollback();
    return false;
  }
  return true;
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Every write and the commit tested; a failed commit rolls back, which ends
// nothing twice: the commit that failed committed nothing.
bool DBcore::DeleteInstance(int id) {
  TransactionBegin();
  auto results =
      QueryDatabase("DELETE FROM instance_list WHERE id = " + std::to_string(id));
  if (!results.Success()) {
    TransactionRollback();
    return false;
  }
  auto r = TransactionCommit();
  if (!r.Success()) {
    TransactionRollback();
    return false;
  }
  return true;
}

// A status class whose constructor takes anything (`Outcome(...)`): no
// error parameter to read, so its constructions say nothing.
class Outcome {
public:
  Outcome(...) {}
  bool Success() const { return true; }
};

static Outcome runQuery(MYSQL *conn, const std::string &sql) {
  if (mysql_real_query(conn, sql.c_str(), sql.length()) != 0)
    return Outcome(nullptr, mysql_errno(conn));
  return Outcome(nullptr);
}

bool purgeLogs(MYSQL *conn) {
  return runQuery(conn, "DELETE FROM logs").Success();
}
