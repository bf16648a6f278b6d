// txn-use-after-end and txn-commit-before-validation with MySQL
// Connector/C++ 1.1, compiled against the real headers in
// /usr/include/cppconn. setAutoCommit(true) commits only a transaction that
// is open (it changes the mode); after commit() or rollback() it only
// restores autocommit, the idiom of JDBC-like code, and is neither a second
// commit nor a commit before the rethrow.
//
// RUN: %check_txnlint %s 'txn-use-after-end,txn-commit-before-validation' %t -- -- -std=c++17

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/statement.h>

#include <memory>

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// setAutoCommit(true) commits the open transaction: the validation after
// it comes too late.
void restock_then_check(sql::Connection *con, int qty) {
  std::unique_ptr<sql::Statement> st(con->createStatement());
  con->setAutoCommit(false);
  st->executeUpdate("UPDATE bins SET qty = qty + 1 WHERE id = 1");
  con->setAutoCommit(true);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'con' is committed before an exception can be thrown; a failure there leaves a partial write [txn-commit-before-validation]
  if (qty < 0)
    throw sql::SQLException("negative quantity");
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an exception is thrown here
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Autocommit restored after the commit, and after the rollback in the
// handler that rethrows.
void move_bin(sql::Connection *con) {
  std::unique_ptr<sql::Statement> st(con->createStatement());
  con->setAutoCommit(false);
  try {
    st->executeUpdate("UPDATE bins SET qty = qty - 1 WHERE id = 1");
    con->commit();
  } catch (sql::SQLException &) {
    con->rollback();
    con->setAutoCommit(true);
    throw;
  }
  con->setAutoCommit(true);
}

// setAutoCommit(true) as the commit itself.
void restock(sql::Connection &con) {
  std::unique_ptr<sql::Statement> st(con.createStatement());
  con.setAutoCommit(false);
  st->executeUpdate("UPDATE bins SET qty = qty + 1 WHERE id = 1");
  con.setAutoCommit(true);
}

// With autocommit off, the next write after commit() begins a new
// transaction: the second commit() ends that one.
void copy_in_batches(sql::Connection *con) {
  std::unique_ptr<sql::Statement> st(con->createStatement());
  con->setAutoCommit(false);
  try {
    st->executeUpdate("INSERT INTO archive SELECT * FROM bins WHERE id < 100");
    con->commit();
    st->executeUpdate("INSERT INTO archive SELECT * FROM bins WHERE id >= 100");
    con->commit();
  } catch (sql::SQLException &) {
    con->rollback();
    con->setAutoCommit(true);
    throw;
  }
  con->setAutoCommit(true);
}

// The connection was put in manual-commit mode elsewhere (its repository's
// constructor): the same, in each method and in the caller that calls the
// methods one after the other.
class BinRepository {
public:
  explicit BinRepository(sql::Connection *con) : m_con(con) {
    m_con->setAutoCommit(false);
  }
  void restock(int id) {
    std::unique_ptr<sql::Statement> st(m_con->createStatement());
    try {
      st->executeUpdate("UPDATE bins SET qty = qty + 1 WHERE id = 1");
      m_con->commit();
      st->executeUpdate("UPDATE restocks SET done = 1 WHERE bin = 1");
      m_con->commit();
    } catch (sql::SQLException &) {
      m_con->rollback();
      throw;
    }
  }

private:
  sql::Connection *m_con;
};

void restock_twice(sql::Connection *con) {
  BinRepository bins(con);
  bins.restock(1);
  bins.restock(2);
}
