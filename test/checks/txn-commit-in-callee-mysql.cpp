// txn-commit-in-callee with MySQL Connector/C++ 1.1, compiled against the
// real headers in /usr/include/cppconn. A connection in manual-commit mode
// begins its transaction at a write: a helper that writes and commits a
// connection it received commits whatever its caller wrote before it too.
//
// RUN: %check_txnlint %s txn-commit-in-callee %t -- -- -std=c++17

#include <cppconn/connection.h>
#include <cppconn/statement.h>

#include <memory>
#include <string>

void close_bin(sql::Connection *con, int bin) {
  std::unique_ptr<sql::Statement> st(con->createStatement());
  st->executeUpdate("UPDATE bins SET closed = 1 WHERE id = " + std::to_string(bin));
  con->commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'close_bin' commits transaction on 'con' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
  // CHECK-NOTES: :[[@LINE-5]]:33: note: the caller's transaction arrives through 'con'
}

// Negative: the helper turns autocommit off itself, so the transaction is
// its own.
void move_bin(sql::Connection *con, int bin) {
  con->setAutoCommit(false);
  std::unique_ptr<sql::Statement> st(con->createStatement());
  st->executeUpdate("UPDATE bins SET shelf = 2 WHERE id = " + std::to_string(bin));
  con->commit();
  con->setAutoCommit(true);
}
