// txn-commit-before-validation with SQLiteC++ 3.x, compiled against the
// real headers in /usr/include/SQLiteCpp: the RAII SQLite::Transaction
// (begins in its constructor, commit(), rolls back in its destructor unless
// committed), and SQL text given to Database::exec (throws on failure) or
// Database::tryExec (returns the SQLite result code).
//
// RUN: %check_txnlint %s txn-commit-before-validation %t -- -- -std=c++17

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <stdexcept>
#include <string>
#include <vector>

// Defined in another translation unit.
bool validate_total(int total);
bool verify_row(int id);
bool CheckStock(int item, int qty); // camel case: matches check*, ignoring case
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
void place_order(SQLite::Database &db, int total) {
  SQLite::Transaction tx(db);
  db.exec("INSERT INTO orders (id) VALUES (1)");
  tx.commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'tx' is committed before 'validate_total' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  if (!validate_total(total))
    // CHECK-NOTES: :[[@LINE-1]]:8: note: 'validate_total' can fail here
    throw std::runtime_error("invalid total");
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an exception is thrown here
}

// SQL transaction control through Database::exec, then a call to a function
// of this file that throws.
void pay_order(SQLite::Database &db, int amount) {
  db.exec("BEGIN IMMEDIATE");
  db.exec("UPDATE orders SET state = 'paid'");
  db.exec("COMMIT");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is committed before 'charge_card' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  charge_card(amount);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'charge_card' can fail here
}

// An error return after the commit.
bool reserve(SQLite::Database &db, int item, int qty) {
  SQLite::Transaction tx(db);
  db.exec("UPDATE stock SET qty = qty - 1");
  tx.commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'tx' is committed before 'CheckStock' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  if (!CheckStock(item, qty))
    // CHECK-NOTES: :[[@LINE-1]]:8: note: 'CheckStock' can fail here
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an error is returned here
  return true;
}

// The connection is written again after END; tryExec does not throw.
int ship_order(SQLite::Database &db, int id) {
  db.exec("BEGIN");
  db.exec("UPDATE orders SET state = 'packed'");
  db.exec("END");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is committed before 'db' is written again; a failure there leaves a partial write [txn-commit-before-validation]
  db.tryExec("INSERT INTO shipments (order_id) VALUES (1)");
  // CHECK-NOTES: :[[@LINE-1]]:3: note: a write after the commit
  return 0;
}

// The connection a committed Transaction was constructed on is written
// again.
void checkout(SQLite::Database &db, int customer) {
  SQLite::Transaction tx(db);
  db.exec("INSERT INTO orders SELECT * FROM cart");
  tx.commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'tx' is committed before 'db' is written again; a failure there leaves a partial write [txn-commit-before-validation]
  db.exec("DELETE FROM cart");
  // CHECK-NOTES: :[[@LINE-1]]:3: note: a write after the commit
}

// One transaction per row: a failure later in the same iteration.
int import_rows(SQLite::Database &db, const std::vector<int> &ids) {
  for (int id : ids) {
    SQLite::Transaction tx(db);
    db.exec("INSERT INTO rows (id) VALUES (1)");
    tx.commit();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: transaction 'tx' is committed before 'verify_row' can fail; a failure there leaves a partial write [txn-commit-before-validation]
    if (!verify_row(id))
      // CHECK-NOTES: :[[@LINE-1]]:10: note: 'verify_row' can fail here
      return -1;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: an error is returned here
  }
  return 0;
}

// A helper runs a whole RAII transaction and commits on every path: in its
// caller that is a commit, and the validation after it comes too late.
static void save_order(SQLite::Database &db) {
  SQLite::Transaction tx(db);
  db.exec("INSERT INTO orders (id) VALUES (3)");
  tx.commit();
}

bool place_checked_later(SQLite::Database &db, int total) {
  save_order(db);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is committed before 'validate_total' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  if (!validate_total(total))
    // CHECK-NOTES: :[[@LINE-1]]:8: note: 'validate_total' can fail here
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an error is returned here
  return true;
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Validated before the helper's transaction.
bool place_checked_first(SQLite::Database &db, int total) {
  if (!validate_total(total))
    return false;
  save_order(db);
  return true;
}

// A helper that commits on some paths only ends nothing for sure.
static void save_order_if(SQLite::Database &db, bool ok) {
  SQLite::Transaction tx(db);
  db.exec("INSERT INTO orders (id) VALUES (4)");
  if (ok)
    tx.commit();
}

bool place_maybe(SQLite::Database &db, int total) {
  save_order_if(db, total > 0);
  if (!validate_total(total))
    return false;
  return true;
}

// Validate first; the destructor rolls back on the exception; commit last.
void place_order_checked(SQLite::Database &db, int total) {
  SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
  db.exec("INSERT INTO orders (id) VALUES (1)");
  if (!validate_total(total))
    throw std::runtime_error("invalid total");
  charge_card(total);
  tx.commit();
}

// The commit's own failure branch: the commit did not happen there.
bool commit_checked(SQLite::Database &db) {
  SQLite::Transaction tx(db);
  db.exec("INSERT INTO orders (id) VALUES (1)");
  try {
    tx.commit();
  } catch (const SQLite::Exception &e) {
    log_line(e.what());
    return false;
  }
  return true;
}

bool commit_checked_rc(SQLite::Database &db) {
  if (db.tryExec("BEGIN") != SQLITE_OK)
    return false;
  db.tryExec("INSERT INTO orders (id) VALUES (1)");
  if (db.tryExec("COMMIT") != SQLITE_OK) {
    db.tryExec("ROLLBACK");
    return false;
  }
  return true;
}

// Reading back and logging after the commit.
int place_and_count(SQLite::Database &db, int id) {
  SQLite::Transaction tx(db);
  db.exec("INSERT INTO orders (id) VALUES (1)");
  tx.commit();
  SQLite::Statement count(db, "SELECT count(*) FROM orders");
  int n = 0;
  if (count.executeStep())
    n = count.getColumn(0).getInt();
  log_line("order stored");
  notify_shipping(id);
  return n;
}

// A later Transaction starts a new workflow: its validation belongs to it.
void place_then_invoice(SQLite::Database &db, int total) {
  {
    SQLite::Transaction tx(db);
    db.exec("INSERT INTO orders (id) VALUES (1)");
    tx.commit();
  }
  SQLite::Transaction invoice(db);
  if (!validate_total(total))
    throw std::runtime_error("invalid total");
  db.exec("INSERT INTO invoices (order_id) VALUES (1)");
  invoice.commit();
}

// One transaction per row; the checks before each row's begin and after
// the loop are not part of any row's workflow.
void import_all(SQLite::Database &db, const std::vector<int> &ids, int total) {
  for (int id : ids) {
    if (!verify_row(id))
      throw std::runtime_error("row did not verify");
    SQLite::Transaction tx(db);
    db.exec("INSERT INTO rows (id) VALUES (1)");
    tx.commit();
  }
  if (!validate_total(total))
    throw std::runtime_error("import incomplete");
}

// Not committed: the destructor rolls back, and what follows is not after a
// commit.
bool reject_order(SQLite::Database &db, int total) {
  {
    SQLite::Transaction tx(db);
    db.exec("UPDATE orders SET state = 'rejected'");
  }
  if (!validate_total(total))
    return false;
  return true;
}
