// txn-lost-update with MySQL Connector/C++ 1.1, compiled against the real
// headers in /usr/include/cppconn: a value read with a plain SELECT and
// bound into a prepared UPDATE (setInt) on a statement held by a smart
// pointer, at MySQL's default REPEATABLE READ.
//
// RUN: %check_txnlint %s txn-lost-update %t -- -- -std=c++17

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <memory>
#include <string>

void take(sql::Connection *con, int n) {
  con->setAutoCommit(false);
  try {
    std::unique_ptr<sql::Statement> read(con->createStatement());
    std::unique_ptr<sql::ResultSet> rows(
        read->executeQuery("SELECT qty FROM stock WHERE sku = 1"));
    rows->next();
    int qty = rows->getInt(1);
    std::unique_ptr<sql::PreparedStatement> update(
        con->prepareStatement("UPDATE stock SET qty = ? WHERE sku = 1"));
    update->setInt(1, qty - n);
    update->executeUpdate();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'stock' is updated with a value computed from a plain SELECT of it earlier in the transaction; at REPEATABLE READ, MySQL's default, without a locking read, a concurrent transaction can update the row in between and its update is lost: read with SELECT ... FOR UPDATE, update relative to the column (SET c = c + ?), or check a version column in the WHERE clause [txn-lost-update]
    // CHECK-NOTES: :[[@LINE-8]]:9: note: the value is read here, without a lock
    con->commit();
  } catch (...) {
    con->rollback();
    throw;
  }
}

// Negative: the read locks the row.
void take_locked(sql::Connection *con, int n) {
  con->setAutoCommit(false);
  try {
    std::unique_ptr<sql::Statement> read(con->createStatement());
    std::unique_ptr<sql::ResultSet> rows(
        read->executeQuery("SELECT qty FROM stock WHERE sku = 1 FOR UPDATE"));
    rows->next();
    int qty = rows->getInt(1);
    std::unique_ptr<sql::PreparedStatement> update(
        con->prepareStatement("UPDATE stock SET qty = ? WHERE sku = 1"));
    update->setInt(1, qty - n);
    update->executeUpdate();
    con->commit();
  } catch (...) {
    con->rollback();
    throw;
  }
}

// Negative: SET TRANSACTION sets the next transaction's level, here
// SERIALIZABLE, before setAutoCommit(false) begins it.
void recount(sql::Connection *con, int delta) {
  std::unique_ptr<sql::Statement> st(con->createStatement());
  st->execute("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE");
  con->setAutoCommit(false);
  try {
    std::unique_ptr<sql::ResultSet> rows(
        st->executeQuery("SELECT qty FROM bins WHERE id = 1"));
    int qty = rows->next() ? rows->getInt(1) : 0;
    st->executeUpdate("UPDATE bins SET qty = " + std::to_string(qty + delta) +
                      " WHERE id = 1");
    con->commit();
  } catch (...) {
    con->rollback();
    throw;
  }
}
