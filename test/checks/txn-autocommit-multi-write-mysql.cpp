// txn-autocommit-multi-write with MySQL Connector/C++ 1.1, compiled against
// the real headers in /usr/include/cppconn. A connection is in autocommit
// mode unless setAutoCommit(false) (or START TRANSACTION) begins a
// transaction; sql::Statement and sql::PreparedStatement work on the
// connection that created them, so their writes are the connection's.
//
// RUN: %check_txnlint %s txn-autocommit-multi-write %t -- -- -std=c++17

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <memory>
#include <vector>

// Defined in another translation unit.
void audit(int id);
void write_lines(sql::Connection *con, int order);

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// Autocommit is the default.
void transfer(sql::Connection *con) {
  std::unique_ptr<sql::Statement> stmt(con->createStatement());
  stmt->executeUpdate("UPDATE accounts SET balance = balance - 10 WHERE id = 1");
  stmt->executeUpdate("UPDATE accounts SET balance = balance + 10 WHERE id = 2");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'con' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the earlier write commits here on its own
}

// Two prepared statements of one connection.
void ship(sql::Connection &con, int order) {
  std::unique_ptr<sql::PreparedStatement> ship(
      con.prepareStatement("UPDATE orders SET state = 'shipped' WHERE id = ?"));
  std::unique_ptr<sql::PreparedStatement> clear(
      con.prepareStatement("DELETE FROM picking_list WHERE order_id = ?"));
  ship->setInt(1, order);
  ship->executeUpdate();
  clear->setInt(1, order);
  clear->executeUpdate();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'con' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: the earlier write commits here on its own
}

// Two statement objects, execute() with SQL text.
void archive(sql::Connection *con) {
  std::unique_ptr<sql::Statement> copy(con->createStatement());
  std::unique_ptr<sql::Statement> remove(con->createStatement());
  copy->execute("INSERT INTO archived_orders SELECT * FROM orders WHERE closed");
  remove->execute("DELETE FROM orders WHERE closed");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'con' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the earlier write commits here on its own
}

// setAutoCommit(true) ends the transaction: later writes autocommit again.
void finish_import(sql::Connection *con) {
  con->setAutoCommit(false);
  std::unique_ptr<sql::Statement> stmt(con->createStatement());
  stmt->executeUpdate("INSERT INTO items SELECT * FROM staging");
  con->setAutoCommit(true);
  stmt->executeUpdate("DELETE FROM staging");
  stmt->executeUpdate("UPDATE import_state SET done = 1");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'con' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the earlier write commits here on its own
}

// A raw statement pointer, and a REPLACE.
void set_setting(sql::Connection *con) {
  sql::Statement *stmt = con->createStatement();
  stmt->execute("REPLACE INTO settings (k, v) VALUES ('mode', 'fast')");
  stmt->execute("UPDATE settings_version SET v = v + 1");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'con' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the earlier write commits here on its own
  delete stmt;
}

// Statements made by a helper of the program run on the connection the
// helper made them on.
static std::unique_ptr<sql::Statement> statementOn(sql::Connection *con) {
  return std::unique_ptr<sql::Statement>(con->createStatement());
}

void split_order(sql::Connection *con) {
  statementOn(con)->executeUpdate("INSERT INTO orders (parent) VALUES (1)");
  statementOn(con)->executeUpdate("UPDATE order_lines SET order_id = 2 WHERE order_id = 1");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'con' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the earlier write commits here on its own
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

void single(sql::Connection *con, int id) {
  std::unique_ptr<sql::PreparedStatement> ps(
      con->prepareStatement("INSERT INTO audit (id) VALUES (?)"));
  ps->setInt(1, id);
  ps->executeUpdate();
}

// setAutoCommit(false) ... commit(), rollback on failure.
void transfer_in_transaction(sql::Connection *con) {
  con->setAutoCommit(false);
  try {
    std::unique_ptr<sql::Statement> stmt(con->createStatement());
    stmt->executeUpdate("UPDATE accounts SET balance = balance - 10 WHERE id = 1");
    stmt->executeUpdate("UPDATE accounts SET balance = balance + 10 WHERE id = 2");
    con->commit();
  } catch (const sql::SQLException &) {
    con->rollback();
    con->setAutoCommit(true);
    throw;
  }
  con->setAutoCommit(true);
}

// START TRANSACTION ... COMMIT as SQL text.
void transfer_sql(sql::Connection &con) {
  std::unique_ptr<sql::Statement> stmt(con.createStatement());
  stmt->execute("START TRANSACTION");
  stmt->executeUpdate("UPDATE accounts SET balance = balance - 10 WHERE id = 1");
  stmt->executeUpdate("UPDATE accounts SET balance = balance + 10 WHERE id = 2");
  stmt->execute("COMMIT");
}

// One prepared statement in a loop.
void insert_all(sql::Connection *con, const std::vector<int> &ids) {
  std::unique_ptr<sql::PreparedStatement> ps(
      con->prepareStatement("INSERT INTO items (id) VALUES (?)"));
  for (int id : ids) {
    ps->setInt(1, id);
    ps->executeUpdate();
  }
}

// Queries, then one write.
int next_number(sql::Connection *con) {
  std::unique_ptr<sql::Statement> stmt(con->createStatement());
  std::unique_ptr<sql::ResultSet> rs(stmt->executeQuery("SELECT max(number) FROM invoices"));
  int n = rs->next() ? rs->getInt(1) : 0;
  stmt->executeUpdate("UPDATE counters SET invoices = invoices + 1");
  return n + 1;
}

// DDL, which MySQL commits implicitly anyway.
void migrate(sql::Connection *con) {
  std::unique_ptr<sql::Statement> stmt(con->createStatement());
  stmt->execute("CREATE TABLE IF NOT EXISTS items (id INT)");
  stmt->execute("ALTER TABLE items ADD COLUMN name VARCHAR(40)");
  stmt->execute("DROP TABLE IF EXISTS legacy_items");
  stmt->execute("TRUNCATE TABLE staging");
  stmt->executeUpdate("INSERT INTO schema_version (v) VALUES (3)");
}

// Two connections, one write each.
void mirror(sql::Connection *primary, sql::Connection *replica) {
  std::unique_ptr<sql::Statement> a(primary->createStatement());
  std::unique_ptr<sql::Statement> b(replica->createStatement());
  a->executeUpdate("INSERT INTO items (id) VALUES (1)");
  b->executeUpdate("INSERT INTO items (id) VALUES (1)");
}

// Either write.
void set_flag(sql::Connection *con, bool on) {
  std::unique_ptr<sql::Statement> stmt(con->createStatement());
  if (on)
    stmt->executeUpdate("INSERT INTO flags (name) VALUES ('x')");
  else
    stmt->executeUpdate("DELETE FROM flags WHERE name = 'x'");
}

// A helper that its only caller calls inside a transaction.
static void write_order(sql::Connection *con, int id) {
  std::unique_ptr<sql::PreparedStatement> order(
      con->prepareStatement("INSERT INTO orders (id) VALUES (?)"));
  order->setInt(1, id);
  order->executeUpdate();
  std::unique_ptr<sql::Statement> event(con->createStatement());
  event->executeUpdate("INSERT INTO order_events (kind) VALUES ('placed')");
}

void place_order(sql::Connection *con, int id) {
  con->setAutoCommit(false);
  try {
    write_order(con, id);
    write_lines(con, id);
    con->commit();
  } catch (...) {
    con->rollback();
    throw;
  }
}

// A repository whose connection is in manual-commit mode from its
// constructor: the method's own commit() shows that its writes are inside a
// transaction, and each commit begins the next one.
class OrderRepository {
public:
  explicit OrderRepository(sql::Connection *con) : m_con(con) {
    m_con->setAutoCommit(false);
  }
  void close_order(int id) {
    std::unique_ptr<sql::Statement> stmt(m_con->createStatement());
    stmt->executeUpdate("UPDATE orders SET closed = 1 WHERE id = 1");
    stmt->executeUpdate("DELETE FROM carts WHERE order_id = 1");
    m_con->commit();
  }

private:
  sql::Connection *m_con;
};

// Batches after setAutoCommit(false): each commit() begins the next
// transaction.
void import_batches(sql::Connection *con) {
  std::unique_ptr<sql::Statement> stmt(con->createStatement());
  con->setAutoCommit(false);
  try {
    stmt->executeUpdate("INSERT INTO batch_a SELECT * FROM staging_a");
    con->commit();
    stmt->executeUpdate("INSERT INTO batch_b SELECT * FROM staging_b");
    stmt->executeUpdate("DELETE FROM staging");
    con->commit();
  } catch (sql::SQLException &) {
    con->rollback();
    con->setAutoCommit(true);
    throw;
  }
  con->setAutoCommit(true);
}
