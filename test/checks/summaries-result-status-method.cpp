// A PostgreSQL layer in the shape of QGIS's provider code: results are held
// by a class whose methods are named after libpq's (`r.PQresultStatus()`),
// statements succeed with either of two statuses, and the transaction
// wrapper's begin runs two statements joined by `&&`. Every txn-* check
// runs, so every finding in the file is listed.
//
// RUN: %check_txnlint %s 'txn-*' %t -- -- -I/usr/include/postgresql

#include <libpq-fe.h>

#include <string>
#include <vector>

void logMessage(const std::string &Message);

class PgResult {
public:
  explicit PgResult(PGresult *Res = nullptr) : mRes(Res) {}
  ~PgResult() {
    if (mRes)
      ::PQclear(mRes);
  }
  PgResult(const PgResult &) = delete;
  PgResult &operator=(const PgResult &) = delete;

  ExecStatusType PQresultStatus() {
    return mRes ? ::PQresultStatus(mRes) : PGRES_FATAL_ERROR;
  }
  bool succeeded() {
    return mRes && ::PQresultStatus(mRes) == PGRES_COMMAND_OK;
  }

private:
  PGresult *mRes = nullptr;
};

struct PgException {
  explicit PgException(PgResult &) {}
};

class PgConn {
public:
  PGresult *PQexec(const std::string &Sql) {
    return ::PQexec(mConn, Sql.c_str());
  }
  bool execute(const std::string &Sql) {
    if (!mConn)
      return false;
    PgResult Res(::PQexec(mConn, Sql.c_str()));
    if (Res.PQresultStatus() != PGRES_COMMAND_OK) {
      logMessage("failed: " + Sql);
      return false;
    }
    return true;
  }
  bool begin() {
    return execute("SET statement_timeout = 20000") && execute("BEGIN");
  }
  bool commit() { return execute("COMMIT"); }
  bool rollback() { return execute("ROLLBACK"); }

private:
  PGconn *mConn = nullptr;
};

// The begin is the second statement of the `&&`: when begin() says true, a
// transaction is open, and the early return leaves it so.
bool renameLayer(PgConn &Conn, const std::string &Name) {
  if (!Conn.begin())
    // CHECK-NOTES: :[[@LINE-1]]:8: warning: transaction begun on 'Conn' is left open on some path out of 'renameLayer'; commit or roll it back before leaving [txn-missing-rollback]
    return false;
  if (!Conn.execute("UPDATE layers SET name = '" + Name + "'"))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  return Conn.commit();
}

// The function began the transaction it commits: it is the owner.
bool saveStyle(PgConn &Conn, const std::string &Style) {
  if (!Conn.begin())
    return false;
  if (!Conn.execute("UPDATE layer_styles SET style = '" + Style + "'")) {
    Conn.rollback();
    return false;
  }
  return Conn.commit();
}

// Each feature in a savepoint: a failed SAVEPOINT opened nothing to roll
// back to, a failed UPDATE (neither of its two successes) is undone by the
// handler, and the next feature's statements run on a healthy transaction.
bool changeAttributes(PgConn &Conn, const std::vector<std::string> &Updates) {
  bool Changed = true;
  try {
    if (!Conn.begin())
      return false;
    for (const std::string &Sql : Updates) {
      PgResult Savepoint(Conn.PQexec("SAVEPOINT change_feature"));
      if (Savepoint.PQresultStatus() != PGRES_COMMAND_OK)
        throw PgException(Savepoint);
      try {
        PgResult Res(Conn.PQexec(Sql));
        if (Res.PQresultStatus() != PGRES_COMMAND_OK &&
            Res.PQresultStatus() != PGRES_TUPLES_OK)
          throw PgException(Res);
      } catch (PgException &) {
        PgResult Undo(Conn.PQexec("ROLLBACK TO SAVEPOINT change_feature"));
        if (Undo.PQresultStatus() != PGRES_COMMAND_OK)
          throw PgException(Undo);
        Changed = false;
      }
      PgResult Release(Conn.PQexec("RELEASE SAVEPOINT change_feature"));
      if (!Release.succeeded())
        throw PgException(Release);
    }
    if (!Conn.commit())
      Changed = false;
  } catch (PgException &) {
    Conn.rollback();
    Changed = false;
  }
  return Changed;
}

// Without the savepoint, the failed UPDATE aborts the transaction, and the
// next feature's UPDATE fails too.
bool deleteFeatures(PgConn &Conn, const std::vector<std::string> &Deletes) {
  if (!Conn.begin())
    return false;
  bool Deleted = true;
  for (const std::string &Sql : Deletes) {
    try {
      PgResult Res(Conn.PQexec(Sql));
      // CHECK-NOTES: :[[@LINE-1]]:20: warning: transaction on 'Conn' is used after a statement of it failed; the failure aborted the transaction, so this statement fails too: roll back, or roll back to a savepoint taken before the failure, first [txn-use-after-error]
      // CHECK-NOTES: :[[@LINE-2]]:20: note: the statement that failed
      if (Res.PQresultStatus() != PGRES_COMMAND_OK)
        throw PgException(Res);
    } catch (PgException &) {
      Deleted = false;
    }
  }
  if (!Conn.commit()) {
    Conn.rollback();
    return false;
  }
  return Deleted;
}

// A connection shared by a transaction group: its begin() opens a savepoint
// where the group already holds a transaction, and begins one otherwise;
// commit() and rollback() end either. To a caller, a begin and its ends.
class GroupConn {
public:
  bool begin() {
    if (mTransaction)
      return execute("SAVEPOINT transaction_savepoint");
    return execute("BEGIN");
  }
  bool commit() {
    if (mTransaction)
      return execute("RELEASE SAVEPOINT transaction_savepoint");
    return execute("COMMIT");
  }
  bool rollback() {
    if (mTransaction)
      return execute("ROLLBACK TO SAVEPOINT transaction_savepoint") &&
             execute("RELEASE SAVEPOINT transaction_savepoint");
    return execute("ROLLBACK");
  }
  PGresult *exec(const std::string &Sql) {
    return ::PQexec(mConn, Sql.c_str());
  }

private:
  bool execute(const std::string &Sql) {
    PgResult Res(::PQexec(mConn, Sql.c_str()));
    return Res.PQresultStatus() == PGRES_COMMAND_OK;
  }
  PGconn *mConn = nullptr;
  bool mTransaction = false;
};

// The handler reports the error and leaves the transaction (or savepoint)
// open.
bool deleteFeature(GroupConn &Conn, const std::string &Sql) {
  bool Deleted = true;
  try {
    Conn.begin();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: transaction begun on 'Conn' is left open on some path out of 'deleteFeature'; commit or roll it back before leaving [txn-missing-rollback]
    PgResult Res(Conn.exec(Sql));
    if (Res.PQresultStatus() != PGRES_COMMAND_OK)
      throw PgException(Res);
    Deleted = Conn.commit();
  } catch (PgException &) {
    logMessage("delete failed");
    Deleted = false;
  }
  return Deleted;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: transaction is still open at this return
}

// Negative: the handler rolls back.
bool deleteFeatureChecked(GroupConn &Conn, const std::string &Sql) {
  try {
    if (!Conn.begin())
      return false;
    PgResult Res(Conn.exec(Sql));
    if (Res.PQresultStatus() != PGRES_COMMAND_OK)
      throw PgException(Res);
    return Conn.commit();
  } catch (PgException &) {
    Conn.rollback();
    return false;
  }
}
