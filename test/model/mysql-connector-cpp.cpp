// The mysql-connector-cpp profile against the installed MySQL Connector/C++
// 1.1 headers (/usr/include/cppconn): sql::Connection::setAutoCommit(false)
// begins and setAutoCommit(true) commits, commit(), rollback() versus
// rollback(Savepoint *) (to the savepoint only), setSavepoint,
// releaseSavepoint, close(); SQL text given to sql::Statement::execute/
// executeUpdate/executeQuery; Connection::prepareStatement prepares the SQL
// that PreparedStatement::execute()/executeUpdate()/executeQuery() run. Every
// operation reports failure by throwing sql::SQLException. A connection
// deleted (or owned by a std::unique_ptr going out of scope) is closed, which
// rolls back its open transaction.
//
// RUN: %txnlint --dump-events --exit-zero %s -- -std=c++17 2>/dev/null | FileCheck %s
// RUN: %check_txnlint %s txn-missing-rollback %t -- -- -std=c++17 -DTXN_CHECK

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <memory>
#include <stdexcept>

// Defined in another translation unit.
void finish(sql::Connection *con);
void audit(int id);

//===----------------------------------------------------------------------===//
// Recognition (dump); txn-missing-rollback does not look at these.
//===----------------------------------------------------------------------===//

#ifndef TXN_CHECK
void connection(sql::Connection *con) {
  // CHECK: :[[@LINE+1]]:3: remark: begin on 'con' (failure: exception) [txnlint-dump-events]
  con->setAutoCommit(false);
  // CHECK: :[[@LINE+1]]:24: remark: savepoint on 'con' (failure: exception) [txnlint-dump-events]
  sql::Savepoint *sp = con->setSavepoint("before_lines");
  // CHECK: :[[@LINE+1]]:3: remark: rollback-to-savepoint on 'con' (failure: exception) [txnlint-dump-events]
  con->rollback(sp);
  // CHECK: :[[@LINE+1]]:3: remark: release-savepoint on 'con' (failure: exception) [txnlint-dump-events]
  con->releaseSavepoint(sp);
  // CHECK: :[[@LINE+1]]:3: remark: commit on 'con' (failure: exception) [txnlint-dump-events]
  con->commit();
  // CHECK: :[[@LINE+1]]:3: remark: rollback on 'con' (failure: exception) [txnlint-dump-events]
  con->rollback();
  // CHECK: :[[@LINE+1]]:3: remark: commit on 'con' (failure: exception) [txnlint-dump-events]
  con->setAutoCommit(true);
  // CHECK: :[[@LINE+1]]:3: remark: close on 'con' (failure: exception) [txnlint-dump-events]
  con->close();
  // A setAutoCommit whose argument is not a constant is not an event.
  bool autocommit = con->getAutoCommit();
  con->setAutoCommit(autocommit);
}

void by_reference(sql::Connection &conn) {
  // CHECK: :[[@LINE+1]]:3: remark: begin on 'conn' (failure: exception) [txnlint-dump-events]
  conn.setAutoCommit(0);
  // CHECK: :[[@LINE+1]]:3: remark: rollback on 'conn' (failure: exception) [txnlint-dump-events]
  conn.rollback();
}

void statements(sql::Connection *con) {
  // CHECK: :[[@LINE+1]]:40: remark: prepare-sql on 'con' (failure: exception) [txnlint-dump-events]
  std::unique_ptr<sql::Statement> stmt(con->createStatement());
  // CHECK: :[[@LINE+1]]:3: remark: begin on 'con' (failure: exception) [txnlint-dump-events]
  stmt->execute("START TRANSACTION");
  // CHECK: :[[@LINE+1]]:3: remark: write on 'con' (failure: exception) [txnlint-dump-events]
  stmt->executeUpdate("UPDATE stock SET qty = qty - 1");
  // CHECK: :[[@LINE+1]]:38: remark: read on 'con' (failure: exception) [txnlint-dump-events]
  std::unique_ptr<sql::ResultSet> rs(stmt->executeQuery("SELECT qty FROM stock"));
  // CHECK: :[[@LINE+1]]:3: remark: savepoint on 'con' 'sp1' (failure: exception) [txnlint-dump-events]
  stmt->execute("SAVEPOINT sp1");
  // CHECK: :[[@LINE+1]]:3: remark: commit on 'con' (failure: exception) [txnlint-dump-events]
  stmt->execute("COMMIT");
}

void prepared(sql::Connection *con, int id) {
  // CHECK: :[[@LINE+1]]:46: remark: prepare-sql on 'con' (failure: exception) [txnlint-dump-events]
  std::unique_ptr<sql::PreparedStatement> ps(con->prepareStatement("INSERT INTO orders (id) VALUES (?)"));
  ps->setInt(1, id);
  // CHECK: :[[@LINE+1]]:3: remark: write on 'con' (failure: exception) [txnlint-dump-events]
  ps->executeUpdate();
  // CHECK: :[[@LINE+1]]:3: remark: write on 'con' (failure: exception) [txnlint-dump-events]
  ps->execute();
  // CHECK: :[[@LINE+1]]:3: remark: write on 'con' (failure: exception) [txnlint-dump-events]
  ps->executeQuery();
  // With SQL text, a PreparedStatement runs it as a plain statement.
  // CHECK: :[[@LINE+1]]:3: remark: write on 'con' (failure: exception) [txnlint-dump-events]
  ps->execute("DELETE FROM staging");
  // CHECK: :[[@LINE+1]]:36: remark: prepare-sql on 'con' (failure: exception) [txnlint-dump-events]
  sql::PreparedStatement *commit = con->prepareStatement("COMMIT");
  // CHECK: :[[@LINE+1]]:3: remark: commit on 'con' (failure: exception) [txnlint-dump-events]
  commit->execute();
  delete commit;
}

// A connection owned by a std::unique_ptr is closed (rolling back) when it
// goes out of scope; a deleted one when deleted.
void owned(sql::Connection *raw, sql::Connection *other) {
  std::unique_ptr<sql::Connection> con(raw);
  // CHECK: :[[@LINE+1]]:3: remark: begin on 'con' (RAII) (failure: exception) [txnlint-dump-events]
  con->setAutoCommit(false);
  // CHECK: :[[@LINE+1]]:3: remark: rollback on 'other' (destructor) [txnlint-dump-events]
  delete other;
  // CHECK: :[[@LINE+1]]:1: remark: rollback on 'con' (destructor) [txnlint-dump-events]
}
#endif // TXN_CHECK

//===----------------------------------------------------------------------===//
// txn-missing-rollback: positives
//===----------------------------------------------------------------------===//

// setAutoCommit(false) left open by returns and a throwing statement; the
// fourth exit (the commit) gets no note.
int save_order(sql::Connection *con, int id) {
  con->setAutoCommit(false);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'con' is left open on some path out of 'save_order'; commit or roll it back before leaving [txn-missing-rollback]
  if (id == 0)
    return 0;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  audit(id);
  if (id < 0)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  if (id > 1000)
    throw std::out_of_range("id");
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open when an exception leaves the function here
  con->commit();
  return 1;
}

// rollback(savepoint) only rolls back to the savepoint: the transaction is
// still open after it.
void undo_lines(sql::Connection &con, int lines) {
  con.setAutoCommit(0);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'con' is left open on some path out of 'undo_lines'; commit or roll it back before leaving [txn-missing-rollback]
  sql::Savepoint *sp = con.setSavepoint();
  if (lines > 10) {
    con.rollback(sp);
    return;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
    // CHECK-NOTES: :[[@LINE-5]]:24: note: transaction is still open when an exception leaves the function here
    // CHECK-NOTES: :[[@LINE-4]]:5: note: transaction is still open when an exception leaves the function here
    // CHECK-NOTES: :[[@LINE-9]]:3: note: 1 more exit leaves it open
  }
  con.releaseSavepoint(sp);
  con.commit();
}

// A statement's work is on its connection: the message names 'con'.
void start_via_statement(sql::Connection *con, int id) {
  std::unique_ptr<sql::Statement> stmt(con->createStatement());
  stmt->execute("START TRANSACTION");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'con' is left open on some path out of 'start_via_statement'; commit or roll it back before leaving [txn-missing-rollback]
  if (id < 0)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  con->commit();
}

//===----------------------------------------------------------------------===//
// txn-missing-rollback: negatives
//===----------------------------------------------------------------------===//

// Autocommit switched back on only: nothing begun.
void autocommit_on(sql::Connection *con) {
  con->setAutoCommit(true);
  audit(1);
}

// Handing the connection to a function defined elsewhere hands the
// transaction over.
void save_via_helper(sql::Connection *con, int id) {
  con->setAutoCommit(false);
  audit(id);
  finish(con);
}

// Ended on every path; a rollback or commit that throws still ends it.
void save_checked(sql::Connection *con, int id) {
  con->setAutoCommit(false);
  if (id < 0) {
    con->rollback();
    return;
  }
  con->commit();
}

void save_or_rethrow(sql::Connection &con, int id) {
  con.setAutoCommit(false);
  try {
    audit(id);
    if (id < 0)
      throw std::invalid_argument("id");
    con.commit();
  } catch (...) {
    try {
      con.rollback();
    } catch (const sql::SQLException &) {
    }
    throw;
  }
}
