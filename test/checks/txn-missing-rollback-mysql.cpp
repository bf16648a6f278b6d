// txn-missing-rollback with MySQL Connector/C++ 1.1, compiled against the
// real headers in /usr/include/cppconn. con->setAutoCommit(false) begins a
// transaction; commit(), rollback() and setAutoCommit(true) (which commits)
// end it, and so do close() and deleting the connection. Every call reports
// failure by throwing sql::SQLException, so each statement after the begin is
// a way out of the function unless a handler catches it. rollback(savepoint)
// only rolls back to the savepoint: the transaction stays open.
//
// RUN: %check_txnlint %s txn-missing-rollback %t -- -- -std=c++17

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/statement.h>

#include <memory>
#include <stdexcept>
#include <vector>

// Defined in another translation unit.
void audit(int id);
void finish(sql::Connection *con);

// Throws: a call to it after a begin is an exit from the caller.
static void check_quantity(int qty) {
  if (qty <= 0)
    throw std::invalid_argument("quantity must be positive");
}

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// The update after the begin throws on a database error.
void save_order(sql::Connection *con, int id) {
  con->setAutoCommit(false);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'con' is left open on some path out of 'save_order'; commit or roll it back before leaving [txn-missing-rollback]
  std::unique_ptr<sql::PreparedStatement> ps(
      con->prepareStatement("INSERT INTO orders (id) VALUES (?)"));
  // CHECK-NOTES: :[[@LINE-1]]:7: note: transaction is still open when an exception leaves the function here
  ps->setInt(1, id);
  ps->executeUpdate();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: transaction is still open when an exception leaves the function here
  con->commit();
}

// A validation failure returns with autocommit still off.
int reserve(sql::Connection &con, int id, int qty) {
  con.setAutoCommit(false);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'con' is left open on some path out of 'reserve'; commit or roll it back before leaving [txn-missing-rollback]
  try {
    std::unique_ptr<sql::Statement> stmt(con.createStatement());
    stmt->executeUpdate("UPDATE stock SET qty = qty - 1 WHERE id = 1");
  } catch (const sql::SQLException &) {
    con.rollback();
    con.setAutoCommit(true);
    return -1;
  }
  if (qty > 100)
    return -2;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  con.commit();
  con.setAutoCommit(true);
  return 0;
}

// The handler catches SQLException, not std::invalid_argument.
void restock(sql::Connection *con, int qty) {
  con->setAutoCommit(false);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'con' is left open on some path out of 'restock'; commit or roll it back before leaving [txn-missing-rollback]
  try {
    check_quantity(qty);
    // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open when an exception leaves the function here
    con->commit();
  } catch (sql::SQLException &) {
    con->rollback();
  }
}

// A handler that swallows the error without rolling back.
void import_rows(sql::Connection *con, const std::vector<int> &ids) {
  con->setAutoCommit(false);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'con' is left open on some path out of 'import_rows'; commit or roll it back before leaving [txn-missing-rollback]
  try {
    std::unique_ptr<sql::PreparedStatement> ps(
        con->prepareStatement("INSERT INTO items (id) VALUES (?)"));
    for (int id : ids) {
      ps->setInt(1, id);
      ps->executeUpdate();
    }
    con->commit();
  } catch (const sql::SQLException &) {
    audit(-1);
  }
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: transaction is still open at the end of the function

// Rolling back to a savepoint does not end the transaction.
void undo_lines(sql::Connection *con, int lines) {
  try {
    con->setAutoCommit(false);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: transaction begun on 'con' is left open on some path out of 'undo_lines'; commit or roll it back before leaving [txn-missing-rollback]
    sql::Savepoint *sp = con->setSavepoint("lines");
    if (lines > 10) {
      con->rollback(sp);
      return;
      // CHECK-NOTES: :[[@LINE-1]]:7: note: transaction is still open at this return
    }
    con->releaseSavepoint(sp);
    con->commit();
  } catch (const sql::SQLException &) {
    con->rollback();
  }
}

// START TRANSACTION as SQL text.
void start_via_statement(sql::Connection *con, int id) {
  std::unique_ptr<sql::Statement> stmt(con->createStatement());
  stmt->execute("START TRANSACTION");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'con' is left open on some path out of 'start_via_statement'; commit or roll it back before leaving [txn-missing-rollback]
  if (id < 0)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  con->commit();
}

// A connection in manual-commit mode from its repository's constructor:
// the first write begins a transaction, and an exception from the second
// leaves it open on the connection, to be committed with the next call's
// writes.
class StockRepository {
public:
  explicit StockRepository(sql::Connection *con) : m_con(con) {
    m_con->setAutoCommit(false);
  }
  void move(int from, int to) {
    std::unique_ptr<sql::Statement> st(m_con->createStatement());
    st->executeUpdate("UPDATE stock SET qty = qty - 1 WHERE id = 1");
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: transaction begun on 'm_con' is left open on some path out of 'StockRepository::move'; commit or roll it back before leaving [txn-missing-rollback]
    st->executeUpdate("UPDATE stock SET qty = qty + 1 WHERE id = 2");
    // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open when an exception leaves the function here
    m_con->commit();
  }

private:
  sql::Connection *m_con;
};

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Rolled back in a handler that rethrows; autocommit restored.
void save_checked(sql::Connection *con, int id) {
  con->setAutoCommit(false);
  try {
    std::unique_ptr<sql::PreparedStatement> ps(
        con->prepareStatement("INSERT INTO orders (id) VALUES (?)"));
    ps->setInt(1, id);
    ps->executeUpdate();
    check_quantity(id);
    con->commit();
  } catch (...) {
    con->rollback();
    con->setAutoCommit(true);
    throw;
  }
  con->setAutoCommit(true);
}

// setAutoCommit(true) commits: a valid way to end the transaction.
int save_then_autocommit(sql::Connection &con, int id) {
  con.setAutoCommit(false);
  if (id < 0) {
    con.rollback();
    return -1;
  }
  con.setAutoCommit(true);
  return 0;
}

// A handler for the thrown type stops the exception inside the function.
void save_with_default(sql::Connection *con, int qty) {
  con->setAutoCommit(false);
  try {
    check_quantity(qty);
  } catch (const std::invalid_argument &) {
    qty = 1;
  }
  con->commit();
}

// Closing or deleting the connection ends the transaction.
void close_on_error(sql::Connection *con, int id) {
  con->setAutoCommit(false);
  if (id < 0) {
    con->close();
    return;
  }
  con->commit();
}

void delete_on_error(sql::Connection *con, int id) {
  con->setAutoCommit(false);
  if (id < 0) {
    delete con;
    return;
  }
  con->commit();
}

// A connection owned by a std::unique_ptr is closed, rolling back, when it
// goes out of scope.
void owned(sql::Connection *raw, int qty) {
  std::unique_ptr<sql::Connection> con(raw);
  con->setAutoCommit(false);
  check_quantity(qty);
  con->commit();
}

// Savepoints inside a transaction that is ended on every path.
void undo_lines_checked(sql::Connection *con, int lines) {
  con->setAutoCommit(false);
  try {
    sql::Savepoint *sp = con->setSavepoint("lines");
    if (lines > 10)
      con->rollback(sp);
    else
      con->releaseSavepoint(sp);
    con->commit();
  } catch (...) {
    con->rollback();
    throw;
  }
}

// Autocommit switched back on only: nothing begun.
void autocommit_on(sql::Connection *con) {
  con->setAutoCommit(true);
  audit(1);
}

// A setAutoCommit whose argument is not a constant is not a begin.
void restore_mode(sql::Connection *con, bool mode) {
  con->setAutoCommit(mode);
  if (!mode)
    return;
  audit(2);
}

// Hand-offs: a begin() wrapper, and a function defined elsewhere that takes
// the connection.
void begin_transaction(sql::Connection *con) { con->setAutoCommit(false); }

void save_via_helper(sql::Connection *con, int id) {
  con->setAutoCommit(false);
  audit(id);
  finish(con);
}
