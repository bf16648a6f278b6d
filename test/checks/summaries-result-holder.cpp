// A connection class of the program in the shape of ISC Kea's PgSql layer:
// results are held by an RAII class that converts back to PGresult*, a
// void helper throws when the result it is given failed, savepoints are
// opened and rolled back to through methods, and a lease manager keeps the
// connection object as a member. Every txn-* check runs, so every finding
// in the file is listed.
//
// RUN: %check_txnlint %s 'txn-*' %t -- -- -I/usr/include/postgresql

#include <libpq-fe.h>

#include <stdexcept>
#include <string>

struct DbError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct DuplicateEntry : DbError {
  using DbError::DbError;
};

class Result {
public:
  explicit Result(PGresult *r) : r_(r) {}
  ~Result() { PQclear(r_); }
  Result(const Result &) = delete;
  Result &operator=(const Result &) = delete;
  operator PGresult *() const { return r_; }

private:
  PGresult *r_;
};

class Connection {
public:
  explicit Connection(PGconn *c) : conn_(c) {}
  // Throws only when the statement whose result it is given failed.
  void checkError(const Result &r, const char *what) const {
    int status = PQresultStatus(r);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
      if (state && std::string(state) == "23505")
        throw DuplicateEntry(what);
      throw DbError(std::string(what) + ": " + PQerrorMessage(conn_));
    }
  }
  void begin() {
    Result r(PQexec(conn_, "START TRANSACTION"));
    checkError(r, "begin");
  }
  // The holder's result is checked: no unchecked commit, and the throw is
  // the commit's own failure.
  void commit() {
    Result r(PQexec(conn_, "COMMIT"));
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
      throw DbError("commit failed");
  }
  void rollback() {
    Result r(PQexec(conn_, "ROLLBACK"));
    checkError(r, "rollback");
  }
  // Its exception is the SAVEPOINT's own failure: no savepoint is open.
  void savepoint(const std::string &name) {
    std::string sql("SAVEPOINT " + name);
    Result r(PQexec(conn_, sql.c_str()));
    checkError(r, "savepoint");
  }
  void rollbackTo(const std::string &name) {
    std::string sql("ROLLBACK TO SAVEPOINT " + name);
    Result r(PQexec(conn_, sql.c_str()));
    checkError(r, "rollback to savepoint");
  }

  PGconn *conn_;
};

class Transaction {
public:
  explicit Transaction(Connection &conn) : conn_(conn) { conn_.begin(); }
  ~Transaction() {
    if (!committed_) {
      try {
        conn_.rollback();
      } catch (...) {
      }
    }
  }
  void commit() {
    conn_.commit();
    committed_ = true;
  }

private:
  Connection &conn_;
  bool committed_ = false;
};

class LeaseMgr {
public:
  explicit LeaseMgr(PGconn *c) : conn_(c) {}

  void insertLease(const std::string &addr) {
    std::string sql = "INSERT INTO lease4 (address) VALUES ('" + addr + "')";
    Result r(PQexec(conn_.conn_, sql.c_str()));
    conn_.checkError(r, "insert lease");
  }
  void updateLease(const std::string &addr) {
    std::string sql = "UPDATE lease4 SET expire = now() WHERE address = '" +
                      addr + "'";
    Result r(PQexec(conn_.conn_, sql.c_str()));
    conn_.checkError(r, "update lease");
  }

  // Negative: a duplicate insert is rolled back to the savepoint, then the
  // transaction goes on.
  void addOrRenew(const std::string &addr) {
    Transaction transaction(conn_);
    conn_.savepoint("add_lease");
    try {
      insertLease(addr);
    } catch (const DuplicateEntry &) {
      conn_.rollbackTo("add_lease");
      updateLease(addr);
    }
    transaction.commit();
  }

  // The handler goes on without rolling back to the savepoint, and the
  // update's own exception leaves the savepoint unhandled.
  void addOrRenewBroken(const std::string &addr) {
    Transaction transaction(conn_);
    conn_.savepoint("add_lease");
    try {
      insertLease(addr);
      // CHECK-NOTES: :[[@LINE-1]]:7: warning: an exception from 'LeaseMgr::insertLease' is caught without rolling back to savepoint on 'conn_'; the savepoint's partial work stays in the enclosing transaction [txn-nested-unhandled-exception]
      // CHECK-NOTES: :[[@LINE-4]]:5: note: savepoint on 'conn_' is opened here
    } catch (const DuplicateEntry &) {
      updateLease(addr);
      // CHECK-NOTES: :[[@LINE-1]]:7: warning: an exception from 'LeaseMgr::updateLease' escapes savepoint on 'conn_' and aborts the enclosing transaction; catch it inside the savepoint and roll back to the savepoint [txn-nested-unhandled-exception]
      // CHECK-NOTES: :[[@LINE-8]]:5: note: savepoint on 'conn_' is opened here
      // CHECK-NOTES: :[[@LINE-10]]:5: note: transaction 'transaction', begun here, is then rolled back by its destructor as the exception unwinds
      // CHECK-NOTES: :[[@LINE-4]]:7: warning: transaction on 'conn_' is used after a statement of it failed; the failure aborted the transaction, so this statement fails too: roll back, or roll back to a savepoint taken before the failure, first [txn-use-after-error]
      // CHECK-NOTES: :[[@LINE-9]]:7: note: the statement that failed
    }
    transaction.commit();
  }

private:
  Connection conn_;
};

// A helper that rolls its own savepoint back and rethrows: its caller's
// transaction goes on after catching.
void addLine(Connection &conn, const std::string &line) {
  conn.savepoint("line");
  try {
    Result r(PQexec(conn.conn_, ("INSERT INTO lines VALUES ('" + line + "')")
                                    .c_str()));
    conn.checkError(r, "insert line");
  } catch (...) {
    conn.rollbackTo("line");
    throw;
  }
}

// Negative: each rejected line was rolled back to its savepoint.
int storeLines(Connection &conn, const std::string *lines, int n) {
  Transaction transaction(conn);
  int rejected = 0;
  for (int i = 0; i < n; ++i) {
    try {
      addLine(conn, lines[i]);
    } catch (const DbError &) {
      ++rejected;
    }
  }
  transaction.commit();
  return rejected;
}
