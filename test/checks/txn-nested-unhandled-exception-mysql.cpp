// txn-nested-unhandled-exception with MySQL Connector/C++ 1.1, compiled
// against the real headers in /usr/include/cppconn. Connection::setSavepoint
// opens a savepoint on the connection; releaseSavepoint(sp) and
// rollback(sp) end it, commit(), rollback() and close() end the transaction
// and every savepoint in it. Every operation reports failure by throwing
// sql::SQLException. The savepoint is named by its connection: "savepoint on
// 'con'".
//
// RUN: %check_txnlint %s txn-nested-unhandled-exception %t -- -- -std=c++17

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/statement.h>

#include <memory>
#include <stdexcept>
#include <string>

struct Line {
  int sku;
  int qty;
};

// Defined in another translation unit: not known to throw.
void log_line(const std::string &text);

// Throws std::invalid_argument.
static void check_quantity(int qty) {
  if (qty <= 0)
    throw std::invalid_argument("quantity must be positive");
}

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// A failing INSERT throws sql::SQLException out of the savepoint.
void add_line(sql::Connection *con, sql::Statement *stmt, const Line &line) {
  std::unique_ptr<sql::Savepoint> sp(con->setSavepoint("line"));
  stmt->executeUpdate("INSERT INTO lines (sku, qty) VALUES (1, 2)");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: an exception from 'sql::Statement::executeUpdate' escapes savepoint on 'con' and aborts the enclosing transaction; catch it inside the savepoint and roll back to the savepoint [txn-nested-unhandled-exception]
  // CHECK-NOTES: :[[@LINE-3]]:38: note: savepoint on 'con' is opened here
  con->releaseSavepoint(sp.get());
  (void)line;
}

// Inside a transaction begun with setAutoCommit(false): a throw and a
// throwing call of this file between setSavepoint and releaseSavepoint.
void add_checked_line(sql::Connection *con, const Line &line) {
  con->setAutoCommit(false);
  sql::Savepoint *sp = con->setSavepoint("line");
  if (line.sku <= 0)
    throw std::invalid_argument("sku");
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: an exception thrown here escapes savepoint on 'con' and aborts the enclosing transaction; catch it inside the savepoint and roll back to the savepoint [txn-nested-unhandled-exception]
  // CHECK-NOTES: :[[@LINE-4]]:24: note: savepoint on 'con' is opened here
  // CHECK-NOTES: :[[@LINE-6]]:3: note: the exception then leaves the function that began transaction on 'con' here
  check_quantity(line.qty);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: an exception from 'check_quantity' escapes savepoint on 'con' and aborts the enclosing transaction; catch it inside the savepoint and roll back to the savepoint [txn-nested-unhandled-exception]
  // CHECK-NOTES: :[[@LINE-8]]:24: note: savepoint on 'con' is opened here
  // CHECK-NOTES: :[[@LINE-10]]:3: note: the exception then leaves the function that began transaction on 'con' here
  con->releaseSavepoint(sp);
  delete sp;
  con->commit();
}

// A try around the savepoint whose handler swallows the error without
// rolling back to the savepoint; the connection is a reference.
void add_line_logged(sql::Connection &con, sql::PreparedStatement &insert,
                     const Line &line) {
  try {
    std::unique_ptr<sql::Savepoint> sp(con.setSavepoint("line"));
    insert.setInt(1, line.sku);
    insert.setInt(2, line.qty);
    insert.executeUpdate();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: an exception from 'sql::PreparedStatement::executeUpdate' is caught without rolling back to savepoint on 'con'; the savepoint's partial work stays in the enclosing transaction [txn-nested-unhandled-exception]
    // CHECK-NOTES: :[[@LINE-5]]:40: note: savepoint on 'con' is opened here
    con.releaseSavepoint(sp.get());
  } catch (const sql::SQLException &e) {
    log_line(e.what());
  }
}

// A handler inside the savepoint that catches another type: the exception
// goes on out.
void add_line_wrong_type(sql::Connection *con, const Line &line) {
  std::unique_ptr<sql::Savepoint> sp(con->setSavepoint("line"));
  try {
    check_quantity(line.qty);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: an exception from 'check_quantity' escapes savepoint on 'con' and aborts the enclosing transaction; catch it inside the savepoint and roll back to the savepoint [txn-nested-unhandled-exception]
    // CHECK-NOTES: :[[@LINE-4]]:38: note: savepoint on 'con' is opened here
  } catch (const sql::SQLException &) {
    con->rollback(sp.get());
  }
  con->releaseSavepoint(sp.get());
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Throws before the savepoint and after its release; the calls that end the
// savepoint are not inside it; setInt is not known to throw.
void add_line_released(sql::Connection *con, sql::PreparedStatement *insert,
                       const Line &line) {
  check_quantity(line.qty);
  std::unique_ptr<sql::Savepoint> sp(con->setSavepoint("line"));
  insert->setInt(1, line.sku);
  con->releaseSavepoint(sp.get());
  insert->executeUpdate();
  check_quantity(line.sku);
}

// A try inside the savepoint whose handler rolls back to it.
void add_line_or_skip(sql::Connection *con, sql::Statement *stmt,
                      const Line &line) {
  std::unique_ptr<sql::Savepoint> sp(con->setSavepoint("line"));
  try {
    stmt->executeUpdate("INSERT INTO lines (sku, qty) VALUES (1, 2)");
  } catch (const sql::SQLException &e) {
    con->rollback(sp.get());
    log_line(e.what());
    return;
  }
  con->releaseSavepoint(sp.get());
  (void)line;
}

// A try around the savepoint whose handler rolls back to it and rethrows.
void add_line_or_fail(sql::Connection *con, sql::Statement *stmt,
                      const Line &line) {
  sql::Savepoint *sp = nullptr;
  try {
    sp = con->setSavepoint("line");
    check_quantity(line.qty);
    stmt->executeUpdate("INSERT INTO lines (sku, qty) VALUES (1, 2)");
    con->releaseSavepoint(sp);
  } catch (...) {
    con->rollback(sp);
    throw;
  }
  delete sp;
}

// A try around the savepoint whose handler rolls back the transaction.
// Reported: it gets past the savepoint and then ends the enclosing transaction
// (issue 15), though this function sits among the negatives.
void add_line_or_abort(sql::Connection *con, sql::Statement *stmt,
                       const Line &line) {
  con->setAutoCommit(false);
  try {
    std::unique_ptr<sql::Savepoint> sp(con->setSavepoint("line"));
    check_quantity(line.qty);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: an exception from 'check_quantity' escapes savepoint on 'con' and aborts the enclosing transaction; catch it inside the savepoint and roll back to the savepoint [txn-nested-unhandled-exception]
    // CHECK-NOTES: :[[@LINE-3]]:40: note: savepoint on 'con' is opened here
    // CHECK-NOTES: :[[@LINE+7]]:5: note: the handler then rolls back the whole transaction here
    stmt->executeUpdate("INSERT INTO lines (sku, qty) VALUES (1, 2)");
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: an exception from 'sql::Statement::executeUpdate' escapes savepoint on 'con' and aborts the enclosing transaction; catch it inside the savepoint and roll back to the savepoint [txn-nested-unhandled-exception]
    // CHECK-NOTES: :[[@LINE-7]]:40: note: savepoint on 'con' is opened here
    // CHECK-NOTES: :[[@LINE+3]]:5: note: the handler then rolls back the whole transaction here
    con->releaseSavepoint(sp.get());
  } catch (const std::exception &) {
    con->rollback();
    throw;
  }
  con->commit();
}

// Committing ends the transaction and its savepoints.
void commit_then_check(sql::Connection *con, const Line &line) {
  con->setAutoCommit(false);
  std::unique_ptr<sql::Savepoint> sp(con->setSavepoint("line"));
  con->commit();
  check_quantity(line.qty);
}
