// txn-missing-rollback with a failure recorded in a local flag or status
// variable and tested later: the branch on the flag follows the paths that
// set it, so a transaction rolled back where the flag was set is not open
// where the flag is tested. Qt 5's QSqlDatabase, real QtSql headers.
//
// RUN: %check_txnlint %s txn-missing-rollback %t -- -- %qt5_flags

#include <QtCore/QString>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

#include <functional>
#include <stdexcept>

// Defined in another translation unit.
bool validate(int id);
void mutate(bool &flag);

enum class Outcome { Done, Failed, Skipped };

//===----------------------------------------------------------------------===//
// Negatives
//===----------------------------------------------------------------------===//

// The shape: the failure is rolled back where the flag is cleared.
bool rename_item(QSqlDatabase &db, QSqlQuery &q) {
  bool ok = true;
  db.transaction();
  if (!q.exec("UPDATE items SET name = 'x'")) {
    ok = false;
    db.rollback();
  }
  if (!ok)
    return false;
  return db.commit();
}

// The flag tested for equality, and set after the rollback.
bool move_item(QSqlDatabase &db, QSqlQuery &q, int id) {
  bool failed = false;
  db.transaction();
  if (!validate(id)) {
    db.rollback();
    failed = true;
  }
  if (failed == true)
    return false;
  q.exec("UPDATE items SET shelf = 2");
  return db.commit();
}

// An integer status with several values, as C code keeps one.
int restock(QSqlDatabase &db, QSqlQuery &q) {
  int rc = 0;
  db.transaction();
  if (!q.exec("UPDATE stock SET qty = qty + 1")) {
    db.rollback();
    rc = -1;
  } else if (!validate(1)) {
    db.rollback();
    rc = 2;
  }
  if (rc != 0)
    return rc;
  db.commit();
  return 0;
}

// An enumeration, tested with ==.
Outcome archive(QSqlDatabase &db, QSqlQuery &q) {
  Outcome result = Outcome::Done;
  db.transaction();
  if (!q.exec("DELETE FROM live WHERE old = 1")) {
    db.rollback();
    result = Outcome::Failed;
  }
  if (result == Outcome::Failed)
    return result;
  db.commit();
  return result;
}

// Two flags, and the flag tested inside a condition with &&.
bool two_steps(QSqlDatabase &db, QSqlQuery &q, bool verbose) {
  bool first = true;
  bool second = true;
  db.transaction();
  if (!q.exec("UPDATE a SET x = 1")) {
    db.rollback();
    first = false;
  } else if (!q.exec("UPDATE b SET x = 1")) {
    db.rollback();
    second = false;
  }
  if (!first && verbose)
    return false;
  if (!first)
    return false;
  if (!second)
    return false;
  return db.commit();
}

// The flag holds the begin's own result: begun at most once, on the first
// step that needs it, committed or rolled back only if it began.
bool apply_changes(QSqlDatabase &db, QSqlQuery &q, bool rename, bool move) {
  bool needBegin = true;
  bool inTransaction = false;
  try {
    if (rename) {
      if (needBegin && (inTransaction = db.transaction()))
        needBegin = false;
      q.exec("UPDATE items SET name = 'n'");
    }
    if (move) {
      if (needBegin && (inTransaction = db.transaction()))
        needBegin = false;
      q.exec("UPDATE items SET shelf = 3");
    }
    if (inTransaction && db.commit())
      return true;
    if (!inTransaction)
      return true;
  } catch (const std::exception &) {
  }
  if (inTransaction)
    db.rollback();
  return false;
}

// Declared with the begin's result, tested for failure later.
bool begun_later(QSqlDatabase &db, QSqlQuery &q) {
  bool began = db.transaction();
  q.exec("UPDATE items SET name = 'm'");
  if (!began)
    return false;
  return db.commit();
}

// A bool flag assigned a computed value holds either: each test of it
// follows its own branch, and no path takes neither.
bool insert_row(QSqlDatabase &db, QSqlQuery &q, int row) {
  db.transaction();
  bool ok = q.exec(row > 0 ? "INSERT INTO items VALUES (1)" : "");
  if (ok)
    db.commit();
  if (!ok)
    db.rollback();
  return ok;
}

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// The flag is set on the path that did not roll back.
bool wrong_branch(QSqlDatabase &db, QSqlQuery &q) {
  bool ok = true;
  db.transaction();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'wrong_branch'; commit or roll it back before leaving [txn-missing-rollback]
  if (!q.exec("UPDATE items SET name = 'y'"))
    ok = false;
  if (!ok)
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  return db.commit();
}

// Reassigned from a value the analysis cannot know.
bool recomputed(QSqlDatabase &db, QSqlQuery &q, int id) {
  bool ok = true;
  db.transaction();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'recomputed'; commit or roll it back before leaving [txn-missing-rollback]
  if (!q.exec("UPDATE items SET name = 'z'")) {
    ok = false;
    db.rollback();
  }
  ok = validate(id);
  if (!ok)
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  return db.commit();
}

// The flag's address escapes: anything may set it.
bool escaped(QSqlDatabase &db, QSqlQuery &q) {
  bool ok = true;
  db.transaction();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'escaped'; commit or roll it back before leaving [txn-missing-rollback]
  if (!q.exec("UPDATE items SET name = 'w'")) {
    ok = false;
    db.rollback();
  }
  mutate(ok);
  if (!ok)
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  return db.commit();
}

// A lambda may change the flag.
bool captured(QSqlDatabase &db, QSqlQuery &q, std::function<void(std::function<void()>)> later) {
  bool ok = true;
  db.transaction();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'captured'; commit or roll it back before leaving [txn-missing-rollback]
  if (!q.exec("UPDATE items SET name = 'v'")) {
    ok = false;
    db.rollback();
  }
  later([&] { ok = true; });
  if (!ok)
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  return db.commit();
}

// The status holds a value that no rollback path set.
int partial_status(QSqlDatabase &db, QSqlQuery &q) {
  int rc = 0;
  db.transaction();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'partial_status'; commit or roll it back before leaving [txn-missing-rollback]
  if (!q.exec("UPDATE stock SET qty = 0")) {
    db.rollback();
    rc = -1;
  } else if (!validate(2)) {
    rc = 2;
  }
  if (rc != 0)
    return rc;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  db.commit();
  return 0;
}

// The flag holds the begin's result, but the exit tests another flag.
bool wrong_flag_tested(QSqlDatabase &db, QSqlQuery &q, bool rename) {
  bool inTransaction = false;
  bool renamed = false;
  if (rename && (inTransaction = db.transaction())) {
    // CHECK-NOTES: :[[@LINE-1]]:34: warning: transaction begun on 'db' is left open on some path out of 'wrong_flag_tested'; commit or roll it back before leaving [txn-missing-rollback]
    renamed = q.exec("UPDATE items SET name = 'k'");
  }
  if (!renamed)
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  return inTransaction && db.commit();
}

// A computed flag that is tested only for success leaves the failure open.
bool commit_if_ok(QSqlDatabase &db, QSqlQuery &q) {
  db.transaction();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'commit_if_ok'; commit or roll it back before leaving [txn-missing-rollback]
  bool ok = q.exec("UPDATE items SET name = 'j'");
  if (ok)
    db.commit();
  return ok;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: transaction is still open at this return
}

// A bool parameter is a flag from the entry on: the same test decides the
// begin and the commit (PowerDNS's rectifyZone(..., doTransaction)).
bool rectify(QSqlDatabase &db, QSqlQuery &q, bool doTransaction) {
  if (doTransaction)
    db.transaction();
  q.exec("UPDATE records SET ordername = lower(name)");
  if (doTransaction)
    return db.commit();
  return true;
}

// Two parameters decide nothing about each other.
bool rectify_mixed(QSqlDatabase &db, bool doTransaction, bool doCommit) {
  if (doTransaction)
    db.transaction();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: transaction begun on 'db' is left open on some path out of 'rectify_mixed'; commit or roll it back before leaving [txn-missing-rollback]
  if (doCommit)
    return db.commit();
  return true;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: transaction is still open at this return
}

// Assigned in the body, a parameter is followed from its assignments.
bool rectify_forced(QSqlDatabase &db, QSqlQuery &q, bool doTransaction) {
  if (q.isActive())
    doTransaction = false;
  if (doTransaction)
    db.transaction();
  q.exec("UPDATE records SET ordername = lower(name)");
  if (doTransaction)
    return db.commit();
  return true;
}
