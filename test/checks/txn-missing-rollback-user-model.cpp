// txn-missing-rollback with an in-house connection class described by a user
// model (Inputs/txn-missing-rollback-acme-model.json): acme::Database has
// manual Begin/Commit/Rollback that return false on failure, Close, and an
// Execute that throws on failure. The model is given to txnlint with --model
// and to clang-tidy as the TxnModelFiles option.
//
// RUN: %check_txnlint --model=%S/Inputs/txn-missing-rollback-acme-model.json %s txn-missing-rollback %t -- -- -std=c++17
//
// Without the model the class means nothing: no finding at all.
// RUN: %txnlint --checks=-*,txn-missing-rollback %s -- -std=c++17 > %t.nomodel 2>&1; echo "exit=$?" >> %t.nomodel
// RUN: FileCheck --check-prefix=NOMODEL --implicit-check-not=warning: %s < %t.nomodel
// NOMODEL: exit=0

#include <stdexcept>
#include <string>
#include <vector>

namespace acme {
class Database {
public:
  bool Begin();
  bool Commit();
  bool Rollback();
  void Close();
  // Throws acme::DbError on failure.
  void Execute(const std::string &sql);
};
struct DbError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// Rolls back when destroyed unless committed.
class TxnGuard {
public:
  explicit TxnGuard(Database &db);
  ~TxnGuard();
  void Commit();
};
} // namespace acme

// Defined in another translation unit.
void audit(int id);
bool valid_order(int id);
void finish(acme::Database &db);

// Throws: a call to it after a begin is an exit from the caller.
static void check_quantity(int qty) {
  if (qty <= 0)
    throw std::invalid_argument("quantity must be positive");
}

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// Execute throws on failure; the validation returns early.
bool save_order(acme::Database &db, int id) {
  if (!db.Begin())
    return false;
  // CHECK-NOTES: :[[@LINE-2]]:8: warning: transaction begun on 'db' is left open on some path out of 'save_order'; commit or roll it back before leaving [txn-missing-rollback]
  db.Execute("INSERT INTO orders (id) VALUES (1)");
  if (!valid_order(id))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  // CHECK-NOTES: :[[@LINE-4]]:3: note: transaction is still open when an exception leaves the function here
  return db.Commit();
}

// The handler catches acme::DbError, not std::invalid_argument.
void restock(acme::Database &db, int qty) {
  db.Begin();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'restock'; commit or roll it back before leaving [txn-missing-rollback]
  try {
    check_quantity(qty);
    // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open when an exception leaves the function here
    db.Execute("UPDATE stock SET qty = 1");
    db.Commit();
  } catch (const acme::DbError &) {
    db.Rollback();
  }
}

// A commit on one branch only.
void settle(acme::Database &db, bool paid) {
  if (!db.Begin())
    return;
  // CHECK-NOTES: :[[@LINE-2]]:8: warning: transaction begun on 'db' is left open on some path out of 'settle'; commit or roll it back before leaving [txn-missing-rollback]
  if (paid)
    db.Commit();
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: transaction is still open at the end of the function

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Rolled back on every error path, also when Execute throws.
bool save_checked(acme::Database &db, int id) {
  if (!db.Begin())
    return false;
  try {
    db.Execute("INSERT INTO orders (id) VALUES (1)");
    check_quantity(id);
  } catch (...) {
    db.Rollback();
    throw;
  }
  if (!valid_order(id)) {
    db.Rollback();
    return false;
  }
  return db.Commit();
}

// Closing the connection ends its transaction.
void close_on_error(acme::Database &db, int id) {
  db.Begin();
  try {
    db.Execute("INSERT INTO orders (id) VALUES (1)");
  } catch (const acme::DbError &) {
    db.Close();
    return;
  }
  db.Commit();
}

// The RAII guard of the model rolls back.
void save_guarded(acme::Database &db, int qty) {
  acme::TxnGuard guard(db);
  db.Execute("INSERT INTO orders (id) VALUES (1)");
  check_quantity(qty);
  guard.Commit();
}

// One transaction per item.
void save_each(acme::Database &db, const std::vector<int> &ids) {
  for (int id : ids) {
    if (!db.Begin())
      return;
    if (!valid_order(id)) {
      db.Rollback();
      continue;
    }
    db.Commit();
  }
}

// Hand-offs: a begin() wrapper and a function defined elsewhere.
bool begin_work(acme::Database &db) { return db.Begin(); }

void save_via_helper(acme::Database &db, int id) {
  db.Begin();
  audit(id);
  finish(db);
}
