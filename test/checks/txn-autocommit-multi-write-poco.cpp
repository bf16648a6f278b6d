// txn-autocommit-multi-write with POCO Data (1.11), compiled against the real
// headers in /usr/include/Poco/Data. Outside session.begin() ...
// session.commit() (or a Poco::Data::Transaction), every statement run with
// `session << "...", now;` or Statement::execute() commits on its own.
//
// RUN: %check_txnlint %s txn-autocommit-multi-write %t -- -- -std=c++17

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Data/Transaction.h>

#include <string>
#include <vector>

using namespace Poco::Data::Keywords;
using Poco::Data::Session;
using Poco::Data::Statement;

// Defined in another translation unit.
void audit(int id);
void write_lines(Session &session, int order);

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

void transfer(Session &session, int from, int to) {
  session << "UPDATE accounts SET balance = balance - 10 WHERE id = ?", use(from), now;
  session << "UPDATE accounts SET balance = balance + 10 WHERE id = ?", use(to), now;
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'session' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the earlier write commits here on its own
}

// Statements bound to the session run on it.
void ship(Session &session, int order) {
  Statement update(session);
  update << "UPDATE orders SET state = 'shipped' WHERE id = ?", use(order);
  update.execute();
  Statement clear(session);
  clear << "DELETE FROM picking_list WHERE order_id = ?", use(order);
  clear.execute();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'session' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-5]]:3: note: the earlier write commits here on its own
}

// A statement and a direct write.
void archive(Session &session, int order) {
  session << "INSERT INTO archived_orders SELECT * FROM orders WHERE id = ?", use(order),
      now;
  Statement remove(session);
  remove << "DELETE FROM orders WHERE id = ?", use(order);
  remove.execute();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'session' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-6]]:3: note: the earlier write commits here on its own
}

// Writes after the transaction's commit are outside it.
void settle(Session &session, int invoice) {
  session.begin();
  session << "INSERT INTO ledger (invoice) VALUES (?)", use(invoice), now;
  session.commit();
  session << "UPDATE invoices SET state = 'settled' WHERE id = ?", use(invoice), now;
  session << "INSERT INTO notifications (invoice) VALUES (?)", use(invoice), now;
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'session' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the earlier write commits here on its own
}

// A member session and a std::string holding the SQL.
class Users {
public:
  void remove(int id);

private:
  Session m_session;
};

void Users::remove(int id) {
  const std::string deleteSessions = "DELETE FROM sessions WHERE user_id = ?";
  m_session << deleteSessions, use(id), now;
  m_session << "DELETE FROM users WHERE id = ?", use(id), now;
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'm_session' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the earlier write commits here on its own
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

void single(Session &session, int id) {
  session << "INSERT INTO audit (id) VALUES (?)", use(id), now;
  audit(id);
}

// Manual begin/commit, rollback in a catch.
void transfer_manual(Session &session, int from, int to) {
  session.begin();
  try {
    session << "UPDATE accounts SET balance = balance - 10 WHERE id = ?", use(from), now;
    session << "UPDATE accounts SET balance = balance + 10 WHERE id = ?", use(to), now;
    session.commit();
  } catch (...) {
    session.rollback();
    throw;
  }
}

// Poco::Data::Transaction: rolls back in its destructor unless committed.
void transfer_raii(Session &session, int from, int to) {
  Poco::Data::Transaction tx(session);
  session << "UPDATE accounts SET balance = balance - 10 WHERE id = ?", use(from), now;
  session << "UPDATE accounts SET balance = balance + 10 WHERE id = ?", use(to), now;
  tx.commit();
}

// BEGIN and COMMIT as SQL text.
void transfer_sql(Session &session) {
  session << "BEGIN", now;
  session << "UPDATE accounts SET balance = balance - 10 WHERE id = 1", now;
  session << "UPDATE accounts SET balance = balance + 10 WHERE id = 2", now;
  session << "COMMIT", now;
}

// One statement in a loop.
void insert_all(Session &session, const std::vector<int> &ids) {
  for (int id : ids) {
    int value = id;
    session << "INSERT INTO items (id) VALUES (?)", use(value), now;
  }
}

// Reads, then one write.
int next_number(Session &session) {
  int n = 0;
  session << "SELECT max(number) FROM invoices", into(n), now;
  session << "UPDATE counters SET invoices = invoices + 1", now;
  return n + 1;
}

// Migrations.
void migrate(Session &session) {
  session << "CREATE TABLE IF NOT EXISTS items (id INTEGER)", now;
  session << "DROP TABLE IF EXISTS legacy_items", now;
  session << "ALTER TABLE items ADD COLUMN name VARCHAR(40)", now;
  session << "INSERT INTO schema_version (v) VALUES (3)", now;
}

// Two sessions, one write each.
void mirror(Session &primary, Session &replica, int id) {
  primary << "INSERT INTO items (id) VALUES (?)", use(id), now;
  replica << "INSERT INTO items (id) VALUES (?)", use(id), now;
}

// A helper that its only caller calls inside a Poco::Data::Transaction.
static void write_order(Session &session, int id) {
  session << "INSERT INTO orders (id) VALUES (?)", use(id), now;
  session << "INSERT INTO order_events (order_id) VALUES (?)", use(id), now;
}

void place_order(Session &session, int id) {
  Poco::Data::Transaction tx(session);
  write_order(session, id);
  write_lines(session, id);
  tx.commit();
}
