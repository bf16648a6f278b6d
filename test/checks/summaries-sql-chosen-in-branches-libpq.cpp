// Summaries of a connection class whose begin and commit choose their SQL
// into a local in the arms of an `if` (SAGA GIS's CSG_PG_Connection:
// `BEGIN` or `SAVEPOINT x`, `COMMIT` or `RELEASE SAVEPOINT x`) and whose
// Execute runs the caller's SQL in either arm of another `if` (converted
// to UTF-8 or not), then reports the result through a switch.
//
// RUN: %check_txnlint %s txn-missing-rollback,txn-autocommit-multi-write,txn-commit-after-failed-write,txn-commit-in-callee,txn-commit-before-validation %t -- -- -I/usr/include/postgresql

#include <libpq-fe.h>

#include <string>
#include <vector>

class Connection {
public:
  bool isConnected() const { return Conn != nullptr; }
  bool inTransaction() const { return isConnected() && Open; }

  bool execute(const std::string &Sql, bool ToUtf8 = true) {
    if (!isConnected())
      return false;
    PGresult *Result;
    if (ToUtf8) {
      const std::string Utf8 = Sql;
      Result = PQexec(Conn, Utf8.c_str());
    } else {
      Result = PQexec(Conn, Sql.c_str());
    }
    bool Ok;
    switch (PQresultStatus(Result)) {
    default:
      Ok = false;
      break;
    case PGRES_COMMAND_OK:
      Ok = true;
      break;
    }
    PQclear(Result);
    return Ok;
  }

  bool begin(const std::string &SavePoint = "") {
    std::string Command;
    if (SavePoint.empty()) {
      if (inTransaction())
        return false;
      Command = "BEGIN";
    } else {
      if (!inTransaction())
        return false;
      Command = "SAVEPOINT " + SavePoint;
    }
    PGresult *Result = PQexec(Conn, Command.c_str());
    bool Ok = PQresultStatus(Result) == PGRES_COMMAND_OK;
    if (Ok)
      Open = true;
    PQclear(Result);
    return Ok;
  }

  bool commit(const std::string &SavePoint = "") {
    if (!inTransaction())
      return false;
    std::string Command;
    if (SavePoint.empty())
      Command = "COMMIT";
    else
      Command = "RELEASE SAVEPOINT " + SavePoint;
    PGresult *Result = PQexec(Conn, Command.c_str());
    if (PQresultStatus(Result) != PGRES_COMMAND_OK) {
      PQclear(Result);
      return false;
    }
    Open = false;
    PQclear(Result);
    return true;
  }

  bool rollback(const std::string &SavePoint = "") {
    if (!inTransaction())
      return false;
    std::string Command = "ROLLBACK";
    if (!SavePoint.empty())
      Command += " TO SAVEPOINT " + SavePoint;
    PGresult *Result = PQexec(Conn, Command.c_str());
    if (SavePoint.empty())
      Open = false;
    bool Ok = PQresultStatus(Result) == PGRES_COMMAND_OK;
    PQclear(Result);
    return Ok;
  }

private:
  PGconn *Conn = nullptr;
  bool Open = false;
};

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

bool saveShapes(Connection &Db, const std::vector<std::string> &Rows) {
  if (!Db.begin())
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: transaction begun on 'Db' is left open on some path out of 'saveShapes'; commit or roll it back before leaving [txn-missing-rollback]
  // CHECK-NOTES: :[[@LINE+4]]:7: note: transaction is still open at this return
    return false;
  for (const std::string &Row : Rows)
    if (!Db.execute("INSERT INTO shapes VALUES (" + Row + ")"))
      return false;
  return Db.commit();
}

bool setSrid(Connection &Db, int Srid) {
  if (!Db.execute("UPDATE rasters SET srid = " + std::to_string(Srid)))
    return false;
  return Db.execute("UPDATE raster_info SET srid = " + std::to_string(Srid));
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'Db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-4]]:8: note: the earlier write commits here on its own
}

bool saveAttributes(Connection &Db, const std::vector<std::string> &Values) {
  if (!Db.begin())
    return false;
  for (const std::string &Value : Values)
    Db.execute("UPDATE attributes SET " + Value);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: the failure of this write is not handled before transaction on 'Db' commits; on PostgreSQL the failed statement aborts the transaction, and the commit rolls back every write of it [txn-commit-after-failed-write]
  // CHECK-NOTES: :[[@LINE+1]]:8: note: committed here
  if (!Db.commit()) {
    Db.rollback();
    return false;
  }
  return true;
}

// A direct call: either text begins.
bool stamp(PGconn *Conn, bool Serializable) {
  const char *Begin;
  if (Serializable)
    Begin = "BEGIN ISOLATION LEVEL SERIALIZABLE";
  else
    Begin = "BEGIN";
  PQclear(PQexec(Conn, Begin));
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: transaction begun on 'Conn' is left open on some path out of 'stamp'; commit or roll it back before leaving [txn-missing-rollback]
  // CHECK-NOTES: :[[@LINE+4]]:5: note: transaction is still open at this return
  PGresult *Result = PQexec(Conn, "UPDATE stamps SET at = now()");
  if (PQresultStatus(Result) != PGRES_COMMAND_OK) {
    PQclear(Result);
    return false;
  }
  PQclear(Result);
  PQclear(PQexec(Conn, "COMMIT"));
  return true;
}

//===----------------------------------------------------------------------===//
// Negatives
//===----------------------------------------------------------------------===//

bool saveShapesRolledBack(Connection &Db, const std::vector<std::string> &Rows) {
  if (!Db.begin())
    return false;
  for (const std::string &Row : Rows)
    if (!Db.execute("INSERT INTO shapes VALUES (" + Row + ")")) {
      Db.rollback();
      return false;
    }
  if (!Db.commit()) {
    Db.rollback();
    return false;
  }
  return true;
}

bool setSridInTransaction(Connection &Db, int Srid) {
  if (!Db.begin())
    return false;
  if (!Db.execute("UPDATE rasters SET srid = " + std::to_string(Srid)) ||
      !Db.execute("UPDATE raster_info SET srid = " + std::to_string(Srid))) {
    Db.rollback();
    return false;
  }
  return Db.commit();
}

// Texts that are not all transaction control are not read.
bool either(Connection &Db, bool Purge) {
  std::string Sql;
  if (Purge)
    Sql = "DELETE FROM cache";
  else
    Sql = "UPDATE cache SET stale = 1";
  if (!Db.execute(Sql))
    return false;
  return Db.execute("DELETE FROM cache_index");
}

