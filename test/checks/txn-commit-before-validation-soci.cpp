// txn-commit-before-validation with SOCI 4, compiled against the real
// headers in /usr/include/soci: soci::session begin()/commit()/rollback(),
// SQL text written with `sql << "..."`, and soci::transaction, which begins
// in its constructor and rolls back in its destructor unless committed.
// SOCI reports every failure, a failed commit included, by exception.
//
// RUN: %check_txnlint %s txn-commit-before-validation %t -- -- -std=c++17

#include <soci/soci.h>

#include <stdexcept>
#include <memory>
#include <string>
#include <vector>

// Defined in another translation unit.
bool validate_total(int total);
bool verify_row(int id);
bool check_stock(int item, int qty);
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

// Session-level transaction: the order is validated after the commit.
void place_order(soci::session &sql, int total) {
  sql.begin();
  sql << "INSERT INTO orders (id) VALUES (1)";
  sql.commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'sql' is committed before 'validate_total' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  if (!validate_total(total))
    // CHECK-NOTES: :[[@LINE-1]]:8: note: 'validate_total' can fail here
    throw std::runtime_error("invalid total");
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an exception is thrown here
}

// A transaction object, then a call to a function of this file that throws.
void pay_order(soci::session &sql, int amount) {
  soci::transaction tr(sql);
  sql << "UPDATE orders SET state = 'paid'";
  tr.commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'tr' is committed before 'charge_card' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  charge_card(amount);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'charge_card' can fail here
}

// An error return after the commit.
bool reserve(soci::session &sql, int item, int qty) {
  soci::transaction tr(sql);
  sql << "UPDATE stock SET qty = qty - 1";
  tr.commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'tr' is committed before 'check_stock' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  if (!check_stock(item, qty))
    // CHECK-NOTES: :[[@LINE-1]]:8: note: 'check_stock' can fail here
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an error is returned here
  return true;
}

// The committed session is written again.
void ship_order(soci::session &sql, int id) {
  sql.begin();
  sql << "UPDATE orders SET state = 'packed'";
  sql.commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'sql' is committed before 'sql' is written again; a failure there leaves a partial write [txn-commit-before-validation]
  sql << "INSERT INTO shipments (order_id) VALUES (1)";
  // CHECK-NOTES: :[[@LINE-1]]:3: note: a write after the commit
}

// The session a committed transaction object was constructed on is
// written again.
void checkout(soci::session &sql, int customer) {
  soci::transaction tr(sql);
  sql << "INSERT INTO orders SELECT * FROM cart";
  tr.commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'tr' is committed before 'sql' is written again; a failure there leaves a partial write [txn-commit-before-validation]
  sql << "DELETE FROM cart";
  // CHECK-NOTES: :[[@LINE-1]]:3: note: a write after the commit
}

// A throw after the commit.
void close_day(soci::session &sql, int open_orders) {
  soci::transaction tr(sql);
  sql << "UPDATE days SET closed = 1";
  tr.commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'tr' is committed before an exception can be thrown; a failure there leaves a partial write [txn-commit-before-validation]
  if (open_orders > 0)
    throw std::logic_error("day closed with open orders");
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an exception is thrown here
}

// One transaction per row: a failure later in the same iteration.
int import_rows(soci::session &sql, const std::vector<int> &ids) {
  for (int id : ids) {
    soci::transaction tr(sql);
    sql << "INSERT INTO rows (id) VALUES (1)";
    tr.commit();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: transaction 'tr' is committed before 'verify_row' can fail; a failure there leaves a partial write [txn-commit-before-validation]
    if (!verify_row(id))
      // CHECK-NOTES: :[[@LINE-1]]:10: note: 'verify_row' can fail here
      return -1;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: an error is returned here
  }
  return 0;
}

// A helper of this file reads on the session, then rejects the request
// with its own exception: the read is no failure, the rejection is.
static void reserve_stock(soci::session &sql, int item, int qty) {
  int available = 0;
  sql << "SELECT available FROM stock WHERE id = :id", soci::into(available),
      soci::use(item);
  if (available < qty)
    throw std::runtime_error("not enough stock");
}
void confirm_cart(soci::session &sql, int item, int qty) {
  soci::transaction tr(sql);
  sql << "UPDATE carts SET state = 'ordered'";
  tr.commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'tr' is committed before 'reserve_stock' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  reserve_stock(sql, item, qty);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'reserve_stock' can fail here
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// A helper that only reads after the commit: its exceptions are the read's.
static int count_orders(soci::session &sql) {
  int n = 0;
  sql << "SELECT count(*) FROM orders", soci::into(n);
  return n;
}
int close_cart(soci::session &sql) {
  soci::transaction tr(sql);
  sql << "UPDATE carts SET state = 'closed'";
  tr.commit();
  return count_orders(sql);
}

// Validate first; the destructor rolls back on the exception; commit last.
void place_order_checked(soci::session &sql, int total) {
  soci::transaction tr(sql);
  sql << "INSERT INTO orders (id) VALUES (1)";
  if (!validate_total(total))
    throw std::runtime_error("invalid total");
  charge_card(total);
  tr.commit();
}

void place_order_manual(soci::session &sql, int total) {
  sql.begin();
  sql << "INSERT INTO orders (id) VALUES (1)";
  if (!validate_total(total)) {
    sql.rollback();
    throw std::runtime_error("invalid total");
  }
  sql.commit();
}

// The commit's own failure branch: the commit did not happen there.
bool commit_checked(soci::session &sql) {
  soci::transaction tr(sql);
  sql << "INSERT INTO orders (id) VALUES (1)";
  try {
    tr.commit();
  } catch (const soci::soci_error &e) {
    log_line(e.what());
    return false;
  }
  return true;
}

// Reading back and logging after the commit.
int place_and_count(soci::session &sql, int id) {
  soci::transaction tr(sql);
  sql << "INSERT INTO orders (id) VALUES (1)";
  tr.commit();
  int n = 0;
  sql << "SELECT count(*) FROM orders", soci::into(n);
  log_line("order stored");
  notify_shipping(id);
  return n;
}

// A later begin starts a new workflow: its validation belongs to it.
void place_then_invoice(soci::session &sql, int total) {
  {
    soci::transaction tr(sql);
    sql << "INSERT INTO orders (id) VALUES (1)";
    tr.commit();
  }
  soci::transaction invoice(sql);
  if (!validate_total(total))
    throw std::runtime_error("invalid total");
  sql << "INSERT INTO invoices (order_id) VALUES (1)";
  invoice.commit();
}

void place_then_invoice_manual(soci::session &sql, int total) {
  sql.begin();
  sql << "INSERT INTO orders (id) VALUES (1)";
  sql.commit();
  sql.begin();
  if (!validate_total(total)) {
    sql.rollback();
    return;
  }
  sql << "INSERT INTO invoices (order_id) VALUES (1)";
  sql.commit();
}

// One transaction per row; the checks before each row's begin and after
// the loop are not part of any row's workflow.
void import_all(soci::session &sql, const std::vector<int> &ids, int total) {
  for (int id : ids) {
    if (!verify_row(id))
      throw std::runtime_error("row did not verify");
    soci::transaction tr(sql);
    sql << "INSERT INTO rows (id) VALUES (1)";
    tr.commit();
  }
  if (!validate_total(total))
    throw std::runtime_error("import incomplete");
}

// Rolled back, not committed: what follows is not after a commit.
bool reject_order(soci::session &sql, int total) {
  soci::transaction tr(sql);
  sql << "UPDATE orders SET state = 'rejected'";
  tr.rollback();
  if (!validate_total(total))
    return false;
  return true;
}

// A helper that commits its own scoped transaction, retried when it throws:
// the handler runs only where the helper did not commit.
static void pick_bin(soci::session &sql) {
  soci::transaction tr(sql);
  sql << "UPDATE bins SET qty = qty - 1 WHERE id = 1";
  tr.commit();
}
bool pick_with_retries(soci::session &sql) {
  for (int attempt = 0;; ++attempt) {
    try {
      pick_bin(sql);
      return true;
    } catch (const soci::soci_error &) {
      if (attempt == 3)
        return false;
    }
  }
}

// A transaction handed over with std::move to a function that commits it
// is that function's local's: the caller of the function that made it
// commits nothing of its own.
void finish_owned(std::unique_ptr<soci::transaction> tr, int batch) {
  (void)batch;
  tr->commit();
}

int dispatch_batch(soci::session &sql, int batch) {
  auto tr = std::make_unique<soci::transaction>(sql);
  sql << "INSERT INTO manifests (batch) VALUES (:b)", soci::use(batch);
  finish_owned(std::move(tr), batch);
  return batch;
}

void print_labels(int batch) {
  if (batch < 0)
    throw std::invalid_argument("no labels for a negative batch");
}

void run_batch(soci::session &sql, int batch) {
  dispatch_batch(sql, batch);
  print_labels(batch);
}
