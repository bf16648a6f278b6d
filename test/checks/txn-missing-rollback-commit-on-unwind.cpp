// txn-missing-rollback for scoped transactions whose destructor COMMITS,
// described by a user model (Inputs/txn-missing-rollback-acme-model.json):
// acme::ScopedCommit and acme::AutoCommit commit when destroyed, also when an
// exception unwinds them, so whatever was written before the exception is
// committed. Such a variable is reported at its declaration when an
// exception can leave its scope, with a note at up to three statements that
// can throw. acme::ScopedTransaction ("commits-unless-unwinding") and
// acme::TxnGuard ("rolls-back") are never reported.
//
// RUN: %check_txnlint --model=%S/Inputs/txn-missing-rollback-acme-model.json %s txn-missing-rollback %t -- -- -std=c++17

#include <stdexcept>
#include <string>

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
// Commits when destroyed (also during unwinding) unless rolled back.
class ScopedCommit {
public:
  explicit ScopedCommit(Database &db);
  ~ScopedCommit();
  void Commit();
  void Rollback();
};
// Commits when destroyed.
class AutoCommit {
public:
  explicit AutoCommit(Database &db);
  ~AutoCommit();
};
// Commits when destroyed normally, rolls back during unwinding.
class ScopedTransaction {
public:
  explicit ScopedTransaction(Database &db);
  ~ScopedTransaction();
};
// Rolls back when destroyed unless committed.
class TxnGuard {
public:
  explicit TxnGuard(Database &db);
  ~TxnGuard();
  void Commit();
};
} // namespace acme

// Defined in another translation unit, not known to throw.
void audit(int id);
void log_line(const char *text) noexcept;

// Throws: a call to it is a way out of the caller.
static void check_quantity(int qty) {
  if (qty <= 0)
    throw std::invalid_argument("quantity must be positive");
}

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// Statements that throw (Execute reports failure by throwing) after a
// write: the first one's own failure leaves nothing partial to commit.
void save_order(acme::Database &db, int id, int qty) {
  acme::ScopedCommit scope(db);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: transaction 'scope' commits a partial write when an exception unwinds it; its destructor should roll back unless it was committed [txn-missing-rollback]
  db.Execute("INSERT INTO orders (id) VALUES (1)");
  check_quantity(qty);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: an exception can leave its scope here
  db.Execute("INSERT INTO order_lines (order_id) VALUES (1)");
  // CHECK-NOTES: :[[@LINE-1]]:3: note: an exception can leave its scope here
  db.Execute("UPDATE stock SET qty = qty - 1");
  // CHECK-NOTES: :[[@LINE-1]]:3: note: an exception can leave its scope here
}

// A throw expression after a write.
void restock(acme::Database &db, int qty) {
  acme::AutoCommit scope(db);
  // CHECK-NOTES: :[[@LINE-1]]:20: warning: transaction 'scope' commits a partial write when an exception unwinds it; its destructor should roll back unless it was committed [txn-missing-rollback]
  db.Execute("DELETE FROM stock");
  if (qty > 1000)
    throw std::out_of_range("restock too large");
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an exception can leave its scope here
  log_line("restocked");
}

// Caught, but outside the variable's scope: unwinding destroys it first.
bool import_batch(acme::Database &db, int qty) {
  try {
    acme::ScopedCommit scope(db);
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: transaction 'scope' commits a partial write when an exception unwinds it; its destructor should roll back unless it was committed [txn-missing-rollback]
    db.Execute("INSERT INTO batches (id) VALUES (1)");
    check_quantity(qty);
    // CHECK-NOTES: :[[@LINE-1]]:5: note: an exception can leave its scope here
  } catch (...) {
    return false;
  }
  return true;
}

// A handler inside the scope for another exception type does not stop it.
void reserve(acme::Database &db, int qty) {
  acme::ScopedCommit scope(db);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: transaction 'scope' commits a partial write when an exception unwinds it; its destructor should roll back unless it was committed [txn-missing-rollback]
  db.Execute("UPDATE stock SET reserved = reserved + 1");
  try {
    check_quantity(qty);
    // CHECK-NOTES: :[[@LINE-1]]:5: note: an exception can leave its scope here
  } catch (const std::out_of_range &) {
    qty = 0;
  }
}

// A handler inside the scope that rethrows without rolling back.
void archive(acme::Database &db, int id) {
  acme::ScopedCommit scope(db);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: transaction 'scope' commits a partial write when an exception unwinds it; its destructor should roll back unless it was committed [txn-missing-rollback]
  db.Execute("INSERT INTO archive (id) VALUES (1)");
  try {
    check_quantity(id);
    // CHECK-NOTES: :[[@LINE-1]]:5: note: an exception can leave its scope here
  } catch (...) {
    audit(id);
    throw;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: an exception can leave its scope here
  }
}

// Only the scopes that an exception leaves, after their first statement:
// the inner one has ended before the second check. Constructing the inner
// one can throw too. A finding shows its first three exits.
void nested(acme::Database &db, int qty) {
  acme::ScopedCommit outer(db);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: transaction 'outer' commits a partial write when an exception unwinds it; its destructor should roll back unless it was committed [txn-missing-rollback]
  // CHECK-NOTES: :[[@LINE+5]]:22: note: an exception can leave its scope here
  // CHECK-NOTES: :[[@LINE+6]]:5: note: an exception can leave its scope here
  // CHECK-NOTES: :[[@LINE+6]]:5: note: an exception can leave its scope here
  db.Execute("INSERT INTO batches (id) VALUES (2)");
  {
    acme::AutoCommit inner(db);
    // CHECK-NOTES: :[[@LINE-1]]:22: warning: transaction 'inner' commits a partial write when an exception unwinds it; its destructor should roll back unless it was committed [txn-missing-rollback]
    db.Execute("INSERT INTO batch_lines (id) VALUES (2)");
    check_quantity(qty);
    // CHECK-NOTES: :[[@LINE-1]]:5: note: an exception can leave its scope here
  }
  check_quantity(qty + 1);
}

// One scope per iteration of a loop; a member function.
class Importer {
public:
  void run(const int *rows, int n);

private:
  acme::Database m_db;
};

void Importer::run(const int *rows, int n) {
  for (int i = 0; i < n; ++i) {
    acme::ScopedCommit row(m_db);
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: transaction 'row' commits a partial write when an exception unwinds it; its destructor should roll back unless it was committed [txn-missing-rollback]
    m_db.Execute("INSERT INTO rows (id) VALUES (1)");
    check_quantity(rows[i]);
    // CHECK-NOTES: :[[@LINE-1]]:5: note: an exception can leave its scope here
  }
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Rolled back during unwinding, or rolled back unless committed.
void save_unless_unwinding(acme::Database &db, int qty) {
  acme::ScopedTransaction scope(db);
  db.Execute("INSERT INTO orders (id) VALUES (1)");
  check_quantity(qty);
  db.Execute("INSERT INTO order_lines (order_id) VALUES (1)");
}

void save_guarded(acme::Database &db, int qty) {
  acme::TxnGuard guard(db);
  db.Execute("INSERT INTO orders (id) VALUES (1)");
  check_quantity(qty);
  guard.Commit();
}

// Nothing in the scope can throw: external functions not known to throw,
// noexcept functions.
void save_quietly(acme::Database &db, int id) {
  acme::ScopedCommit scope(db);
  audit(id);
  log_line("saved");
}

// The exception is caught inside the variable's scope and not rethrown.
void save_with_default(acme::Database &db, int qty) {
  acme::ScopedCommit scope(db);
  try {
    check_quantity(qty);
    db.Execute("INSERT INTO orders (id) VALUES (1)");
  } catch (const std::exception &) {
    log_line("skipped");
  }
}

bool save_or_report(acme::Database &db, int qty) {
  acme::AutoCommit scope(db);
  try {
    check_quantity(qty);
  } catch (const std::invalid_argument &) {
    return false;
  }
  return true;
}

// Committed before anything can throw.
void save_then_check(acme::Database &db, int qty) {
  acme::ScopedCommit scope(db);
  audit(qty);
  scope.Commit();
  check_quantity(qty);
}

// Rolled back before the throw.
void save_validated(acme::Database &db, int qty) {
  acme::ScopedCommit scope(db);
  audit(qty);
  if (qty <= 0) {
    scope.Rollback();
    throw std::invalid_argument("quantity must be positive");
  }
}

// Rolled back in a handler inside the scope before rethrowing: the
// destructor has nothing left to commit.
void save_or_undo(acme::Database &db, int qty) {
  acme::ScopedCommit scope(db);
  try {
    db.Execute("INSERT INTO orders (id) VALUES (1)");
    check_quantity(qty);
  } catch (...) {
    scope.Rollback();
    throw;
  }
}

// The scope ends before anything can throw.
void save_then_validate(acme::Database &db, int qty) {
  {
    acme::ScopedCommit scope(db);
    audit(qty);
  }
  check_quantity(qty);
}

// A scoped transaction is not a manual begin: no "left open" either.
int save_early_return(acme::Database &db, int id) {
  acme::AutoCommit scope(db);
  if (id < 0)
    return -1;
  audit(id);
  return 0;
}
