// txn-commit-before-validation with in-house wrappers described by a user
// model (the model.json part below): a connection class whose Commit()
// returns false on failure, and RAII transactions whose destructor commits
// (ScopedTransaction: unless an exception is unwinding; AutoCommit: always).
// A destructor's commit happens at the closing brace of its scope.
//
// RUN: rm -rf %t && split-file --leading-lines %s %t
// RUN: %check_txnlint --model=%t/model.json %t/test.cpp txn-commit-before-validation %t/out -- -- -std=c++17

//--- test.cpp
#include <stdexcept>

namespace acme {
class Database {
public:
  bool Begin();
  bool Commit();
  bool Rollback();
  bool Execute(const char *sql);
};
class ScopedTransaction {
public:
  explicit ScopedTransaction(Database &db);
  ~ScopedTransaction();
};
class AutoCommit {
public:
  explicit AutoCommit(Database &db);
  ~AutoCommit();
};
} // namespace acme

// Defined in another translation unit.
bool validate_order(int id);
void log_line(const char *text);

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// The scope's end commits; the order is validated after it.
bool save_order(acme::Database &db, int id) {
  {
    acme::ScopedTransaction tx(db);
    db.Execute("INSERT INTO orders (id) VALUES (1)");
  }
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'tx' is committed before 'validate_order' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  if (!validate_order(id))
    // CHECK-NOTES: :[[@LINE-1]]:8: note: 'validate_order' can fail here
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an error is returned here
  return true;
}

// A throw after the scope that committed.
void close_order(acme::Database &db, int id) {
  {
    acme::AutoCommit tx(db);
    db.Execute("UPDATE orders SET state = 'closed'");
  }
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'tx' is committed before an exception can be thrown; a failure there leaves a partial write [txn-commit-before-validation]
  if (id < 0)
    throw std::invalid_argument("no such order");
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an exception is thrown here
}

// The connection a committing RAII object was constructed on is written
// again.
void checkout(acme::Database &db) {
  {
    acme::AutoCommit tx(db);
    db.Execute("INSERT INTO orders SELECT * FROM cart");
  }
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'tx' is committed before 'db' is written again; a failure there leaves a partial write [txn-commit-before-validation]
  db.Execute("DELETE FROM cart");
  // CHECK-NOTES: :[[@LINE-1]]:3: note: a write after the commit
}

// The wrapper's Commit(), then a write on the same connection.
bool ship_order(acme::Database &db) {
  if (!db.Begin())
    return false;
  db.Execute("UPDATE orders SET state = 'packed'");
  db.Commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is committed before 'db' is written again; a failure there leaves a partial write [txn-commit-before-validation]
  db.Execute("INSERT INTO shipments (order_id) VALUES (1)");
  // CHECK-NOTES: :[[@LINE-1]]:3: note: a write after the commit
  return true;
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// The destructor commits when the function returns: nothing follows it.
bool save_checked(acme::Database &db, int id) {
  acme::ScopedTransaction tx(db);
  if (!validate_order(id))
    throw std::invalid_argument("invalid order");
  db.Execute("INSERT INTO orders (id) VALUES (1)");
  return true;
}

// Only logging after the scope that committed.
bool save_and_log(acme::Database &db) {
  {
    acme::ScopedTransaction tx(db);
    db.Execute("INSERT INTO orders (id) VALUES (1)");
  }
  log_line("order stored");
  return true;
}

// A new RAII transaction starts a new workflow.
bool save_then_invoice(acme::Database &db, int id) {
  {
    acme::ScopedTransaction tx(db);
    db.Execute("INSERT INTO orders (id) VALUES (1)");
  }
  acme::ScopedTransaction invoice(db);
  if (!validate_order(id))
    throw std::invalid_argument("invalid order");
  db.Execute("INSERT INTO invoices (order_id) VALUES (1)");
  return true;
}

// The commit's own failure branch: the commit did not happen there.
bool commit_checked(acme::Database &db) {
  if (!db.Begin())
    return false;
  db.Execute("INSERT INTO orders (id) VALUES (1)");
  if (!db.Commit()) {
    db.Rollback();
    return false;
  }
  return true;
}

//--- model.json
{
  "profiles": [
    {
      "name": "acme",
      "description": "ACME's database wrappers",
      "types": [
        {
          "name": "acme::Database",
          "role": "session",
          "methods": [
            {"name": "Begin", "operation": "begin", "failure": "returns-bool"},
            {"name": "Commit", "operation": "commit", "failure": "returns-bool"},
            {"name": "Rollback", "operation": "rollback", "failure": "returns-bool"},
            {"name": "Execute", "operation": "execute-sql", "sql-argument": 0, "failure": "returns-bool"}
          ]
        },
        {
          "name": "acme::ScopedTransaction",
          "role": "transaction",
          "destructor": "commits-unless-unwinding",
          "constructor": {"operation": "begin"}
        },
        {
          "name": "acme::AutoCommit",
          "role": "transaction",
          "destructor": "commits",
          "constructor": {"operation": "begin"}
        }
      ]
    }
  ]
}
