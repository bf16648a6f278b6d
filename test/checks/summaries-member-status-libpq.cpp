// A libpq wrapper in the shape of pgAdmin's pgConn: ExecuteVoid keeps the
// status of its result in a member (`lastResultStatus =
// PQresultStatus(res);`) and returns whether that status is a success, so
// false is the statement's failure; its SQL is the caller's, also when the
// caller chooses the end by the outcome (`ExecuteVoid(done ? "COMMIT" :
// "ROLLBACK")` through a `const std::string &`). Every txn-* check runs, so
// every finding in the file is listed.
//
// RUN: %check_txnlint %s 'txn-*' %t -- -- -I/usr/include/postgresql

#include <libpq-fe.h>

#include <string>

void logError(const std::string &Message);

class PgConn {
public:
  bool ExecuteVoid(const std::string &Sql) {
    if (!Conn)
      return false;
    PGresult *Result = PQexec(Conn, Sql.c_str());
    LastResultStatus = PQresultStatus(Result);
    if (LastResultStatus != PGRES_TUPLES_OK &&
        LastResultStatus != PGRES_COMMAND_OK) {
      logError(PQerrorMessage(Conn));
      PQclear(Result);
      return false;
    }
    PQclear(Result);
    return true;
  }

private:
  PGconn *Conn = nullptr;
  ExecStatusType LastResultStatus = PGRES_EMPTY_QUERY;
};

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// The failed rename returns with the transaction open.
bool renameTable(PgConn &Conn, const std::string &From, const std::string &To) {
  if (!Conn.ExecuteVoid("BEGIN"))
    return false;
  // CHECK-NOTES: :[[@LINE-2]]:8: warning: transaction begun on 'Conn' is left open on some path out of 'renameTable'; commit or roll it back before leaving [txn-missing-rollback]
  if (!Conn.ExecuteVoid("ALTER TABLE " + From + " RENAME TO " + To))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  return Conn.ExecuteVoid("COMMIT");
}

// The failed update is committed past.
bool touch(PgConn &Conn) {
  if (!Conn.ExecuteVoid("BEGIN"))
    return false;
  Conn.ExecuteVoid("UPDATE stats SET hits = hits + 1");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the failure of this write is not handled before transaction on 'Conn' commits; on PostgreSQL the failed statement aborts the transaction, and the commit rolls back every write of it [txn-commit-after-failed-write]
  return Conn.ExecuteVoid("COMMIT");
  // CHECK-NOTES: :[[@LINE-1]]:10: note: committed here
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// The end is chosen by the outcome; a failed BEGIN opened nothing.
bool replicate(PgConn &Conn, int Node) {
  if (!Conn.ExecuteVoid("BEGIN"))
    return false;
  bool Done = Conn.ExecuteVoid("UPDATE nodes SET active = true WHERE id = " +
                               std::to_string(Node));
  if (!Conn.ExecuteVoid(Done ? "COMMIT" : "ROLLBACK"))
    return false;
  return Done;
}
