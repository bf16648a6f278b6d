// txn-commit-before-validation's ValidatorFunctions option, with the SQLite
// C API. The option is a ';'-separated list of globs matched, ignoring case,
// against a callee's unqualified and qualified names. A call that matches is
// a validator even when its result is not tested. Nothing else depends on
// it: throws, error returns (and the call whose failure leads to one) and
// writes after the commit are reported with any value.
//
// Default globs, both products:
// RUN: %check_txnlint --check-suffixes=ALL,DEFAULT %s txn-commit-before-validation %t -- -- -std=c++17
//
// Custom globs from a .clang-tidy file next to the source, which both
// products read:
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: printf "CheckOptions:\n  txn-commit-before-validation.ValidatorFunctions: 'Audit*;billing::*'\n" > %t.dir/.clang-tidy
// RUN: %check_txnlint --check-suffixes=ALL,CUSTOM %s txn-commit-before-validation %t.dir/options -- -- -std=c++17
//
// The same globs on the command line (-config, both products):
// RUN: %check_txnlint --check-suffixes=ALL,CUSTOM %s txn-commit-before-validation %t -- "-config={CheckOptions: {txn-commit-before-validation.ValidatorFunctions: 'Audit*;billing::*'}}" -- -std=c++17
//
// An empty list: no call is a validator by name.
// RUN: rm -rf %t.none && mkdir -p %t.none
// RUN: printf "CheckOptions:\n  txn-commit-before-validation.ValidatorFunctions: ''\n" > %t.none/.clang-tidy
// RUN: %check_txnlint --check-suffixes=ALL,NONE %s txn-commit-before-validation %t.none/options -- -- -std=c++17
//
// An invalid glob is a configuration warning; the valid ones still apply.
// RUN: rm -rf %t.bad && mkdir -p %t.bad
// RUN: printf "CheckOptions:\n  txn-commit-before-validation.ValidatorFunctions: 'check[;Audit*;billing::*'\n" > %t.bad/.clang-tidy
// RUN: %check_txnlint --check-suffixes=ALL,CUSTOM,BAD %s txn-commit-before-validation %t.bad/options -- -- -std=c++17
// CHECK-NOTES-BAD: warning: invalid glob 'check[' in ValidatorFunctions: invalid glob pattern, unmatched '[' [clang-tidy-config]

#include <sqlite3.h>

#include <stdexcept>

// Defined in another translation unit.
bool validate_total(int total);
bool AuditTotals(sqlite3 *db);
void log_line(const char *text);
namespace billing {
bool post_invoice(int order_id);
struct Invoice {
  bool send() const;
};
} // namespace billing
namespace verify {
bool order_lines(int order_id);
} // namespace verify

// Its body throws: known to throw whatever the option says.
static void reserve_stock(int qty) {
  if (qty <= 0)
    throw std::invalid_argument("quantity must be positive");
}

// A call whose failure leads to an error return is a validation whatever
// the globs say: the note names it with any value.
int place_order(sqlite3 *db, int total) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO orders (id) VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  // CHECK-NOTES-ALL: :[[@LINE-1]]:3: warning: transaction on 'db' is committed before 'validate_total' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  if (!validate_total(total))
    // CHECK-NOTES-ALL: :[[@LINE-1]]:8: note: 'validate_total' can fail here
    return -1;
  // CHECK-NOTES-ALL: :[[@LINE-1]]:5: note: an error is returned here
  return 0;
}

// Reported only with the custom globs; 'Audit*' matches ignoring case.
int close_books(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "UPDATE ledger SET closed = 1", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  // CHECK-NOTES-CUSTOM: :[[@LINE-1]]:3: warning: transaction on 'db' is committed before 'AuditTotals' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  AuditTotals(db);
  // CHECK-NOTES-CUSTOM: :[[@LINE-1]]:3: note: 'AuditTotals' can fail here
  return 0;
}

// 'billing::*' matches the qualified names of a function and of a method.
int invoice_order(sqlite3 *db, int id, const billing::Invoice &invoice) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO invoices (id) VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  // CHECK-NOTES-CUSTOM: :[[@LINE-1]]:3: warning: transaction on 'db' is committed before 'billing::post_invoice' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  billing::post_invoice(id);
  // CHECK-NOTES-CUSTOM: :[[@LINE-1]]:3: note: 'billing::post_invoice' can fail here
  invoice.send();
  // CHECK-NOTES-CUSTOM: :[[@LINE-1]]:3: note: 'billing::Invoice::send' can fail here
  return 0;
}

// The default 'verify*' matches the qualified name 'verify::order_lines'.
int ship_order(sqlite3 *db, int id) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "UPDATE orders SET state = 'shipped'", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  // CHECK-NOTES-DEFAULT: :[[@LINE-1]]:3: warning: transaction on 'db' is committed before 'verify::order_lines' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  verify::order_lines(id);
  // CHECK-NOTES-DEFAULT: :[[@LINE-1]]:3: note: 'verify::order_lines' can fail here
  return 0;
}

// Throws, calls known to throw, error returns and writes do not depend on
// the option.
int restock(sqlite3 *db, int qty) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "UPDATE stock SET qty = qty + 1", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  // CHECK-NOTES-ALL: :[[@LINE-1]]:3: warning: transaction on 'db' is committed before 'reserve_stock' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  reserve_stock(qty);
  // CHECK-NOTES-ALL: :[[@LINE-1]]:3: note: 'reserve_stock' can fail here
  if (qty > 1000)
    throw std::out_of_range("restock too large");
  // CHECK-NOTES-ALL: :[[@LINE-1]]:5: note: an exception is thrown here
  sqlite3_exec(db, "UPDATE stock SET checked = 1", nullptr, nullptr, nullptr);
  // CHECK-NOTES-ALL: :[[@LINE-1]]:3: note: a write after the commit
  return 0;
}

// Never reported: logging after the commit, and validators before it.
int place_checked(sqlite3 *db, int id, int total) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO orders (id) VALUES (1)", nullptr, nullptr, nullptr);
  if (!validate_total(total) || !AuditTotals(db) || !billing::post_invoice(id)) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return -1;
  }
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  log_line("order stored");
  return 0;
}
