// txn-autocommit-multi-write with SOCI 4, compiled against the real headers
// in /usr/include/soci. Outside sql.begin() ... sql.commit() (or a
// soci::transaction), every statement written with `sql << "..."` or
// `sql.once << "..."` commits on its own.
//
// RUN: %check_txnlint %s txn-autocommit-multi-write %t -- -- -std=c++17

#include <soci/soci.h>

#include <stdexcept>
#include <string>
#include <vector>

// Defined in another translation unit.
void audit(int id);
void write_lines(soci::session &sql, int order);

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

void transfer(soci::session &sql, int from, int to, int amount) {
  sql << "UPDATE accounts SET balance = balance - :a WHERE id = :id", soci::use(amount),
      soci::use(from);
  sql << "UPDATE accounts SET balance = balance + :a WHERE id = :id", soci::use(amount),
      soci::use(to);
  // CHECK-NOTES: :[[@LINE-2]]:3: warning: 'sql' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-5]]:3: note: the earlier write commits here on its own
}

// `sql.once << ...` runs on the session too.
void cancel(soci::session &sql, int id) {
  sql.once << "UPDATE orders SET state = 'cancelled' WHERE id = :id", soci::use(id);
  sql.once << "DELETE FROM reservations WHERE order_id = :id", soci::use(id);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'sql' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the earlier write commits here on its own
}

void cancel_mixed(soci::session &sql, int id) {
  sql << "UPDATE orders SET state = 'cancelled' WHERE id = :id", soci::use(id);
  sql.once << "DELETE FROM reservations WHERE order_id = :id", soci::use(id);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'sql' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the earlier write commits here on its own
}

// Statements composed with <<: the first piece is the SQL's head.
void purge_user(soci::session &sql, int user) {
  sql << "DELETE FROM sessions WHERE user_id = " << user;
  sql << "DELETE FROM users WHERE id = " << user;
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'sql' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the earlier write commits here on its own
}

// Writes after a soci::transaction was committed are outside it.
void settle(soci::session &sql, int invoice) {
  {
    soci::transaction tr(sql);
    sql << "INSERT INTO ledger (invoice) VALUES (:i)", soci::use(invoice);
    tr.commit();
  }
  sql << "UPDATE invoices SET state = 'settled' WHERE id = :i", soci::use(invoice);
  sql << "INSERT INTO notifications (invoice) VALUES (:i)", soci::use(invoice);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'sql' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the earlier write commits here on its own
}

// A member session, one write guarded by a condition.
class Accounts {
public:
  void close(int id, bool purge);

private:
  soci::session m_sql;
};

void Accounts::close(int id, bool purge) {
  if (purge)
    m_sql << "DELETE FROM history WHERE account = :id", soci::use(id);
  m_sql << "UPDATE accounts SET closed = 1 WHERE id = :id", soci::use(id);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'm_sql' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-3]]:5: note: the earlier write commits here on its own
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

void single(soci::session &sql, int id) {
  sql << "INSERT INTO audit (id) VALUES (:id)", soci::use(id);
  audit(id);
}

// soci::transaction: begun in the constructor, rolled back by the destructor
// unless committed.
void transfer_raii(soci::session &sql, int from, int to, int amount) {
  soci::transaction tr(sql);
  sql << "UPDATE accounts SET balance = balance - :a WHERE id = :id", soci::use(amount),
      soci::use(from);
  sql << "UPDATE accounts SET balance = balance + :a WHERE id = :id", soci::use(amount),
      soci::use(to);
  tr.commit();
}

// Manual begin/commit, rollback in a catch.
void transfer_manual(soci::session &sql, int from, int to, int amount) {
  sql.begin();
  try {
    sql << "UPDATE accounts SET balance = balance - :a WHERE id = :id", soci::use(amount),
        soci::use(from);
    sql << "UPDATE accounts SET balance = balance + :a WHERE id = :id", soci::use(amount),
        soci::use(to);
    sql.commit();
  } catch (...) {
    sql.rollback();
    throw;
  }
}

// BEGIN and COMMIT as SQL text.
void transfer_sql(soci::session &sql) {
  sql << "BEGIN";
  sql << "UPDATE accounts SET balance = balance - 10 WHERE id = 1";
  sql << "UPDATE accounts SET balance = balance + 10 WHERE id = 2";
  sql << "COMMIT";
}

// One statement in a loop.
void insert_all(soci::session &sql, const std::vector<int> &ids) {
  for (int id : ids)
    sql << "INSERT INTO items (id) VALUES (:id)", soci::use(id);
}

// Reads, then one write.
int next_number(soci::session &sql) {
  int n = 0;
  sql << "SELECT max(number) FROM invoices", soci::into(n);
  sql << "UPDATE counters SET invoices = :n", soci::use(n);
  return n + 1;
}

// Migrations.
void migrate(soci::session &sql) {
  sql << "CREATE TABLE IF NOT EXISTS items (id INTEGER)";
  sql << "ALTER TABLE items ADD COLUMN name VARCHAR(40)";
  sql << "DROP TABLE IF EXISTS legacy_items";
  sql << "INSERT INTO schema_version (v) VALUES (3)";
}

// Two sessions, one write each.
void mirror(soci::session &primary, soci::session &replica, int id) {
  primary << "INSERT INTO items (id) VALUES (:id)", soci::use(id);
  replica << "INSERT INTO items (id) VALUES (:id)", soci::use(id);
}

// One transaction per iteration.
void import_batches(soci::session &sql, const std::vector<int> &batches) {
  for (int batch : batches) {
    soci::transaction tr(sql);
    sql << "INSERT INTO batches (id) VALUES (:b)", soci::use(batch);
    sql << "UPDATE import_state SET last = :b", soci::use(batch);
    tr.commit();
  }
}

// A helper that its only caller calls inside a soci::transaction.
static void write_order(soci::session &sql, int id) {
  sql << "INSERT INTO orders (id) VALUES (:id)", soci::use(id);
  sql << "INSERT INTO order_events (order_id) VALUES (:id)", soci::use(id);
}

void place_order(soci::session &sql, int id) {
  soci::transaction tr(sql);
  write_order(sql, id);
  write_lines(sql, id);
  tr.commit();
}
