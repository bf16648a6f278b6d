// txn-commit-before-validation with libpqxx 6, compiled against the real
// headers in /usr/include/pqxx. A pqxx::work begins in its constructor and
// rolls back in its destructor unless committed; every libpqxx operation,
// the commit included, reports failure by exception.
//
// RUN: %check_txnlint %s txn-commit-before-validation %t -- -- -std=c++17

#include <pqxx/pqxx>

#include <stdexcept>
#include <string>
#include <vector>

// Defined in another translation unit.
bool validate_total(int total);
bool verify_row(int id);
bool ensure_quota(int customer);
void log_line(const std::string &text);
void notify_shipping(int order_id);

// Its body throws: a call to it can fail with an exception.
static void charge_card(int amount) {
  if (amount <= 0)
    throw std::invalid_argument("amount must be positive");
}

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// The order is validated after it was committed.
void place_order(pqxx::connection &c, int total) {
  pqxx::work w(c);
  w.exec0("INSERT INTO orders (id) VALUES (1)");
  w.commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'w' is committed before 'validate_total' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  if (!validate_total(total))
    // CHECK-NOTES: :[[@LINE-1]]:8: note: 'validate_total' can fail here
    throw std::runtime_error("invalid total");
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an exception is thrown here
}

// A call to a function of this file whose body throws.
void pay_order(pqxx::connection &c, int amount) {
  pqxx::work w(c, "pay");
  w.exec0("UPDATE orders SET state = 'paid'");
  w.commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'w' is committed before 'charge_card' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  charge_card(amount);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'charge_card' can fail here
}

// An error return after the commit.
bool archive_order(pqxx::connection &c, int id) {
  pqxx::work w(c);
  w.exec0("INSERT INTO archive SELECT * FROM orders");
  w.commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'w' is committed before the function can return an error; a failure there leaves a partial write [txn-commit-before-validation]
  if (id < 0)
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an error is returned here
  return true;
}

// Writing to a committed transaction object again is txn-use-after-end's
// finding (the object is used up), not a further step of the workflow.
void ship_order(pqxx::connection &c, int id) {
  pqxx::work w(c);
  w.exec0("UPDATE orders SET state = 'packed'");
  w.commit();
  w.exec0("INSERT INTO shipments (order_id) VALUES (1)");
}

// The same through a prepared statement.
void mark_shipped(pqxx::connection &c, int id) {
  pqxx::transaction<> tx(c);
  tx.exec0("UPDATE orders SET state = 'packed'");
  tx.commit();
  tx.exec_prepared("mark_shipped", id);
}

// A robusttransaction, and a validator whose result is ignored.
void reserve(pqxx::connection &c, int customer) {
  pqxx::robusttransaction<> rt(c);
  rt.exec0("UPDATE stock SET qty = qty - 1");
  rt.commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'rt' is committed before 'ensure_quota' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  ensure_quota(customer);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'ensure_quota' can fail here
}

// One transaction per row: a failure later in the same iteration.
void import_rows(pqxx::connection &c, const std::vector<int> &ids) {
  for (int id : ids) {
    pqxx::work w(c);
    w.exec0("INSERT INTO rows (id) VALUES (1)");
    w.commit();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: transaction 'w' is committed before 'verify_row' can fail; a failure there leaves a partial write [txn-commit-before-validation]
    if (!verify_row(id))
      // CHECK-NOTES: :[[@LINE-1]]:10: note: 'verify_row' can fail here
      throw std::runtime_error("row did not verify");
    // CHECK-NOTES: :[[@LINE-1]]:7: note: an exception is thrown here
  }
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Validate first; the exception rolls the work back; commit last.
void place_order_checked(pqxx::connection &c, int total) {
  pqxx::work w(c);
  w.exec0("INSERT INTO orders (id) VALUES (1)");
  if (!validate_total(total))
    throw std::runtime_error("invalid total");
  charge_card(total);
  w.commit();
}

// The commit is the last step; reading the result and logging follow.
std::size_t place_and_report(pqxx::connection &c, int id) {
  pqxx::work w(c);
  pqxx::result r = w.exec("INSERT INTO orders (id) VALUES (1) RETURNING id");
  w.commit();
  log_line("order stored");
  notify_shipping(id);
  return r.size() + r.affected_rows();
}

// The commit's own failure branch: the commit did not happen there.
bool commit_checked(pqxx::connection &c) {
  pqxx::work w(c);
  w.exec0("INSERT INTO orders (id) VALUES (1)");
  try {
    w.commit();
  } catch (const pqxx::broken_connection &) {
    log_line("connection lost during commit");
    return false;
  }
  return true;
}

// A later transaction starts a new workflow: its validation belongs to it.
void place_then_invoice(pqxx::connection &c, int total) {
  pqxx::work w(c);
  w.exec0("INSERT INTO orders (id) VALUES (1)");
  w.commit();
  pqxx::work invoice(c);
  if (!validate_total(total))
    throw std::runtime_error("invalid total");
  invoice.exec0("INSERT INTO invoices (order_id) VALUES (1)");
  invoice.commit();
}

// Reading in a new read-only transaction after the commit.
std::size_t place_and_count(pqxx::connection &c) {
  {
    pqxx::work w(c);
    w.exec0("INSERT INTO orders (id) VALUES (1)");
    w.commit();
  }
  pqxx::read_transaction r(c);
  pqxx::result rows = r.exec("SELECT id FROM orders");
  return rows.size();
}

// One transaction per row; the check after the loop is not part of any
// row's workflow, and neither is the check before the next row's begin.
void import_all(pqxx::connection &c, const std::vector<int> &ids, int total) {
  for (int id : ids) {
    if (!verify_row(id))
      throw std::runtime_error("row did not verify");
    pqxx::work w(c);
    w.exec0("INSERT INTO rows (id) VALUES (1)");
    w.commit();
  }
  if (!validate_total(total))
    throw std::runtime_error("import incomplete");
}

// Aborted, not committed: what follows is not after a commit.
bool reject_order(pqxx::connection &c, int total) {
  pqxx::work w(c);
  w.exec0("UPDATE orders SET state = 'rejected'");
  w.abort();
  if (!validate_total(total))
    return false;
  return true;
}

// A helper that commits its own work, then a report that runs in a read
// transaction of its own: two operations in turn, and the report's failure
// leaves nothing of the first half-done.
void archive_old(pqxx::connection &conn) {
  pqxx::work w(conn);
  w.exec0("DELETE FROM orders WHERE created < now() - interval '1 year'");
  w.commit();
}

long count_orders(pqxx::connection &conn) {
  pqxx::read_transaction r(conn);
  return r.exec1("SELECT count(*) FROM orders")[0].as<long>();
}

int housekeeping(pqxx::connection &conn) {
  try {
    archive_old(conn);
    return count_orders(conn) > 0 ? 0 : 2;
  } catch (const std::exception &) {
    return 1;
  }
}

// Positive: the step after the helper's commit checks the work itself.
void check_archive(pqxx::connection &conn) {
  if (std::string(conn.dbname()).empty())
    throw std::runtime_error("no database");
}

int housekeeping_checked(pqxx::connection &conn) {
  try {
    archive_old(conn);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: transaction on 'conn' is committed before 'check_archive' can fail; a failure there leaves a partial write [txn-commit-before-validation]
    check_archive(conn);
    // CHECK-NOTES: :[[@LINE-1]]:5: note: 'check_archive' can fail here
    return 0;
  } catch (const std::exception &) {
    return 1;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: an error is returned here
  }
}
