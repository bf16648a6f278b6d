// A user model for an in-house wrapper (Inputs/user-wrapper-acme.h), given
// with --model to txnlint and as the TxnModelFiles option to clang-tidy:
// acme::Database has manual Begin/Commit/RollbackTransaction (bool results),
// acme::ScopedTransaction commits when destroyed, acme::TxnGuard rolls back.
//
// RUN: %check_txnlint --model=%S/Inputs/user-wrapper-model.json %s txn-missing-rollback %t -- -- -I%S/Inputs -std=c++17
// RUN: %txnlint --model=%S/Inputs/user-wrapper-model.json --dump-events --exit-zero %s -- -I%S/Inputs -std=c++17 2>/dev/null | FileCheck --check-prefix=DUMP %s
//
// Without the model the wrapper means nothing to txnlint.
// RUN: %txnlint %s -- -I%S/Inputs -std=c++17 > %t.nomodel 2>&1; echo "exit=$?" >> %t.nomodel
// RUN: FileCheck --check-prefix=NOMODEL --implicit-check-not=warning: %s < %t.nomodel
// NOMODEL: exit=0

#include "user-wrapper-acme.h"

#include <string>

// Defined in another translation unit.
bool valid_order(int id);

//===----------------------------------------------------------------------===//
// What the model makes of the wrapper
//===----------------------------------------------------------------------===//

void recognized(acme::Database &db, int id) {
  // DUMP: :[[@LINE+1]]:3: remark: begin on 'db' (failure: returns-bool) [txnlint-dump-events]
  db.BeginTransaction();
  // DUMP: :[[@LINE+1]]:3: remark: write on 'db' (failure: returns-bool) [txnlint-dump-events]
  db.Execute("INSERT INTO orders (id) VALUES (1)");
  // DUMP: :[[@LINE+1]]:3: remark: read on 'db' (failure: returns-bool) [txnlint-dump-events]
  db.Execute("SELECT id FROM orders");
  if (id < 0) {
    // DUMP: :[[@LINE+1]]:5: remark: rollback on 'db' (failure: returns-bool) [txnlint-dump-events]
    db.RollbackTransaction();
    return;
  }
  // DUMP: :[[@LINE+1]]:3: remark: commit on 'db' (failure: returns-bool) [txnlint-dump-events]
  db.CommitTransaction();
  // An unmodelled method of a modelled type is neutral.
  // DUMP-NOT: remark:
  db.LastError();
}

void recognized_raii(acme::Database &db, int id) {
  {
    // DUMP: :[[@LINE+1]]:29: remark: begin on 'scope' (RAII) [txnlint-dump-events]
    acme::ScopedTransaction scope(db);
    // DUMP: :[[@LINE+1]]:5: remark: write on 'db' (failure: returns-bool) [txnlint-dump-events]
    db.Execute("UPDATE stock SET qty = qty - 1");
  }
  // DUMP: :[[@LINE-1]]:3: remark: commit on 'scope' (destructor) [txnlint-dump-events]
  // DUMP: :[[@LINE+1]]:18: remark: begin on 'guard' (RAII) [txnlint-dump-events]
  acme::TxnGuard guard(db);
  if (id < 0)
    return;
  // DUMP: :[[@LINE-1]]:5: remark: rollback on 'guard' (destructor) [txnlint-dump-events]
  // DUMP: :[[@LINE+1]]:3: remark: commit on 'guard' [txnlint-dump-events]
  guard.Commit();
}
// DUMP: :[[@LINE-1]]:1: remark: rollback on 'guard' (destructor) [txnlint-dump-events]

//===----------------------------------------------------------------------===//
// Positives: a manual BeginTransaction left open
//===----------------------------------------------------------------------===//

// An early return between the begin and the commit.
bool save_order(acme::Database &db, int id) {
  db.BeginTransaction();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'save_order'; commit or roll it back before leaving [txn-missing-rollback]
  if (!valid_order(id))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  if (!db.Execute("INSERT INTO orders (id) VALUES (1)")) {
    db.RollbackTransaction();
    return false;
  }
  return db.CommitTransaction();
}

// The begin's failure is tested, but a failed write returns without a
// rollback.
bool add_line(acme::Database &db, int id) {
  if (!db.BeginTransaction())
    return false;
  // CHECK-NOTES: :[[@LINE-2]]:8: warning: transaction begun on 'db' is left open on some path out of 'add_line'; commit or roll it back before leaving [txn-missing-rollback]
  if (!db.Execute("INSERT INTO lines (order_id) VALUES (1)"))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  return db.CommitTransaction();
}

// A transaction begun with SQL text through the modelled Execute.
bool purge(acme::Database &db, bool really) {
  db.Execute("BEGIN");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'purge'; commit or roll it back before leaving [txn-missing-rollback]
  if (!really)
    return true;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  db.Execute("DELETE FROM orders");
  return db.Execute("COMMIT");
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// TxnGuard rolls back when it goes out of scope: early returns are fine.
bool save_guarded(acme::Database &db, int id) {
  acme::TxnGuard guard(db);
  if (!valid_order(id))
    return false;
  if (!db.Execute("INSERT INTO orders (id) VALUES (1)"))
    return false;
  guard.Commit();
  return true;
}

// A guard that is never committed only ever rolls back.
void dry_run(acme::Database &db) {
  acme::TxnGuard guard(db);
  db.Execute("DELETE FROM orders");
}

// ScopedTransaction commits when it goes out of scope.
bool save_scoped(acme::Database &db, int id) {
  acme::ScopedTransaction scope(db);
  if (!valid_order(id))
    return false;
  return db.Execute("INSERT INTO orders (id) VALUES (1)");
}

// Commit or roll back on every path.
bool save_checked(acme::Database &db, int id) {
  db.BeginTransaction();
  if (!valid_order(id)) {
    db.RollbackTransaction();
    return false;
  }
  if (!db.Execute("INSERT INTO orders (id) VALUES (1)")) {
    db.RollbackTransaction();
    return false;
  }
  return db.CommitTransaction();
}

// A begin that failed opened nothing.
bool save_if_begun(acme::Database &db, int id) {
  if (!db.BeginTransaction())
    return false;
  if (!valid_order(id)) {
    db.RollbackTransaction();
    return false;
  }
  return db.CommitTransaction();
}

bool save_if_begun_var(acme::Database &db, int id) {
  const bool begun = db.BeginTransaction();
  if (!begun)
    return false;
  db.Execute("INSERT INTO orders (id) VALUES (1)");
  return db.CommitTransaction();
}

// Begin and end in each iteration.
int save_each(acme::Database &db, const int *ids, int n) {
  int saved = 0;
  for (int i = 0; i < n; ++i) {
    if (!db.BeginTransaction())
      return saved;
    if (!valid_order(ids[i])) {
      db.RollbackTransaction();
      continue;
    }
    db.CommitTransaction();
    ++saved;
  }
  return saved;
}

// A function that only begins hands the transaction to its caller.
void begin_for_caller(acme::Database &db) { db.BeginTransaction(); }
