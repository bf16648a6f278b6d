// Summaries of a statement class that keeps its SQL text in a member
// (orthanc-databases' CachedStatement, WebKit's SQLiteStatement): the
// constructor stores the caller's SQL and connection, and a method runs the
// SQL on the connection later. A run does what the caller's SQL does, on
// the caller's connection.
//
// RUN: %check_txnlint %s txn-autocommit-multi-write,txn-missing-rollback %t -- -- -I/usr/include/postgresql

#include <libpq-fe.h>

#include <string>

class CachedStatement {
public:
  CachedStatement(PGconn *pg, const std::string &sql) : pg_(pg), sql_(sql) {}
  bool Execute() {
    PGresult *result = PQexecParams(pg_, sql_.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0);
    bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    PQclear(result);
    return ok;
  }

private:
  PGconn *pg_;
  std::string sql_;
};

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

bool clear_changes(PGconn *c) {
  CachedStatement changes(c, "DELETE FROM Changes");
  if (!changes.Execute())
    return false;
  CachedStatement exported(c, "DELETE FROM ExportedResources");
  return exported.Execute();
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'c' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-5]]:8: note: the earlier write commits here on its own
}

bool set_property(PGconn *c) {
  CachedStatement begin(c, "BEGIN");
  if (!begin.Execute())
    return false;
  CachedStatement remove(c, "DELETE FROM GlobalProperties WHERE property = 1");
  // CHECK-NOTES: :[[@LINE-3]]:8: warning: transaction begun on 'c' is left open on some path out of 'set_property'; commit or roll it back before leaving [txn-missing-rollback]
  if (!remove.Execute())
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  CachedStatement commit(c, "COMMIT");
  return commit.Execute();
}

//===----------------------------------------------------------------------===//
// Negatives
//===----------------------------------------------------------------------===//

bool set_property_checked(PGconn *c) {
  CachedStatement begin(c, "BEGIN");
  if (!begin.Execute())
    return false;
  CachedStatement remove(c, "DELETE FROM GlobalProperties WHERE property = 1");
  CachedStatement insert(c, "INSERT INTO GlobalProperties VALUES (1, 'x')");
  if (!remove.Execute() || !insert.Execute()) {
    CachedStatement rollback(c, "ROLLBACK");
    rollback.Execute();
    return false;
  }
  CachedStatement commit(c, "COMMIT");
  return commit.Execute();
}
