// The sqlitecpp profile against the installed SQLiteC++ 3.2.1 headers
// (/usr/include/SQLiteCpp): SQL text given to Database::exec/tryExec/
// execAndGet and SQLite::execute_many, the RAII Transaction (begins in its
// constructor, commit(), the destructor rolls back unless committed), the RAII
// Savepoint (release(), rollback(), the destructor rolls back unless
// released), Statement (prepared by its constructor, run by exec() and
// executeStep()), and a Database destroyed with a transaction open (its
// connection is closed, which rolls the transaction back).
//
// RUN: %txnlint --dump-events --exit-zero %s -- -std=c++17 2>/dev/null | FileCheck %s
// RUN: %check_txnlint %s txn-missing-rollback %t -- -- -std=c++17 -DTXN_CHECK

#include <SQLiteCpp/ExecuteMany.h>
#include <SQLiteCpp/SQLiteCpp.h>
#include <SQLiteCpp/Savepoint.h>

#include <stdexcept>
#include <string>
#include <tuple>

void audit(int id);

// Throws: a call to it after a begin is an exit from the caller.
static void check_id(int id) {
  if (id < 0)
    throw std::invalid_argument("negative id");
}

//===----------------------------------------------------------------------===//
// Recognition (dump); txn-missing-rollback does not look at these.
//===----------------------------------------------------------------------===//

#ifndef TXN_CHECK

void database_exec(SQLite::Database &db) {
  // CHECK: :[[@LINE+1]]:3: remark: begin on 'db' (failure: exception) [txnlint-dump-events]
  db.exec("BEGIN IMMEDIATE");
  // CHECK: :[[@LINE+1]]:3: remark: write on 'db' (failure: exception) [txnlint-dump-events]
  db.exec(std::string("INSERT INTO t VALUES (1)"));
  // CHECK: :[[@LINE+1]]:3: remark: savepoint on 'db' 'a' (failure: exception) [txnlint-dump-events]
  db.exec("SAVEPOINT a");
  // CHECK: :[[@LINE+1]]:3: remark: rollback-to-savepoint on 'db' 'a' (failure: exception) [txnlint-dump-events]
  db.exec("ROLLBACK TO a");
  // CHECK: :[[@LINE+1]]:3: remark: release-savepoint on 'db' 'a' (failure: exception) [txnlint-dump-events]
  db.exec("RELEASE a");
  // CHECK: :[[@LINE+1]]:3: remark: read on 'db' (failure: exception) [txnlint-dump-events]
  db.execAndGet("SELECT count(*) FROM t");
  // CHECK: :[[@LINE+1]]:3: remark: write on 'db' (failure: returns-zero) [txnlint-dump-events]
  db.tryExec("DELETE FROM t");
  // CHECK: :[[@LINE+1]]:3: remark: write on 'db' (failure: exception) [txnlint-dump-events]
  SQLite::execute_many(db, "INSERT INTO t VALUES (?)", std::make_tuple(1),
                       std::make_tuple(2));
  // CHECK: :[[@LINE+1]]:3: remark: commit on 'db' (failure: exception) [txnlint-dump-events]
  db.exec("COMMIT");
  // CHECK: :[[@LINE+1]]:3: remark: begin on 'db' (failure: returns-zero) [txnlint-dump-events]
  db.tryExec("BEGIN");
  // CHECK: :[[@LINE+1]]:3: remark: rollback on 'db' (failure: exception) [txnlint-dump-events]
  db.exec("ROLLBACK");
}

void raii_transaction(SQLite::Database &db, bool keep) {
  // CHECK: :[[@LINE+1]]:23: remark: begin on 't' (RAII) (failure: exception) [txnlint-dump-events]
  SQLite::Transaction t(db);
  // CHECK: :[[@LINE+1]]:3: remark: write on 'db' (failure: exception) [txnlint-dump-events]
  db.exec("UPDATE t SET x = 1");
  if (keep)
    // CHECK: :[[@LINE+1]]:5: remark: commit on 't' (failure: exception) [txnlint-dump-events]
    t.commit();
  // CHECK: :[[@LINE+1]]:1: remark: rollback on 't' (destructor) [txnlint-dump-events]
}

void raii_transaction_behavior(SQLite::Database &db) {
  // CHECK: :[[@LINE+1]]:23: remark: begin on 'w' (RAII) (failure: exception) [txnlint-dump-events]
  SQLite::Transaction w(db, SQLite::TransactionBehavior::IMMEDIATE);
  {
    // CHECK: :[[@LINE+1]]:23: remark: savepoint on 'sp' (RAII) (failure: exception) [txnlint-dump-events]
    SQLite::Savepoint sp(db, "inner");
    // CHECK: :[[@LINE+1]]:5: remark: release-savepoint on 'sp' (failure: exception) [txnlint-dump-events]
    sp.release();
    // CHECK: :[[@LINE+1]]:3: remark: rollback-to-savepoint on 'sp' (destructor) [txnlint-dump-events]
  }
  {
    // CHECK: :[[@LINE+1]]:23: remark: savepoint on 'undo' (RAII) (failure: exception) [txnlint-dump-events]
    SQLite::Savepoint undo(db, "undo");
    // CHECK: :[[@LINE+1]]:5: remark: rollback-to-savepoint on 'undo' (failure: exception) [txnlint-dump-events]
    undo.rollback();
    // CHECK: :[[@LINE+1]]:3: remark: rollback-to-savepoint on 'undo' (destructor) [txnlint-dump-events]
  }
  // CHECK: :[[@LINE+1]]:3: remark: commit on 'w' (failure: exception) [txnlint-dump-events]
  w.commit();
  // CHECK: :[[@LINE+1]]:1: remark: rollback on 'w' (destructor) [txnlint-dump-events]
}

int statements(SQLite::Database &db, int id) {
  // CHECK: :[[@LINE+1]]:21: remark: prepare-sql on 'db' (failure: exception) [txnlint-dump-events]
  SQLite::Statement begin(db, "BEGIN");
  // CHECK: :[[@LINE+1]]:3: remark: begin on 'db' (failure: exception) [txnlint-dump-events]
  begin.exec();
  // CHECK: :[[@LINE+1]]:21: remark: prepare-sql on 'db' (failure: exception) [txnlint-dump-events]
  SQLite::Statement ins(db, std::string("INSERT INTO t VALUES (?)"));
  ins.bind(1, id);
  // CHECK: :[[@LINE+1]]:3: remark: write on 'db' (failure: exception) [txnlint-dump-events]
  ins.exec();
  // CHECK: :[[@LINE+1]]:21: remark: prepare-sql on 'db' (failure: exception) [txnlint-dump-events]
  SQLite::Statement sel(db, "SELECT x FROM t");
  // CHECK: :[[@LINE+1]]:3: remark: read on 'db' (failure: exception) [txnlint-dump-events]
  sel.executeStep();
  // CHECK: :[[@LINE+1]]:3: remark: read on 'db' [txnlint-dump-events]
  sel.tryExecuteStep();
  // CHECK: :[[@LINE+1]]:21: remark: prepare-sql on 'db' (failure: exception) [txnlint-dump-events]
  SQLite::Statement commit(db, "COMMIT");
  // CHECK: :[[@LINE+1]]:3: remark: commit on 'db' (failure: exception) [txnlint-dump-events]
  commit.exec();
  return 0;
}

int statement_loop(SQLite::Database &db) {
  // CHECK: :[[@LINE+1]]:21: remark: prepare-sql on 'db' (failure: exception) [txnlint-dump-events]
  SQLite::Statement q(db, "SELECT id FROM t");
  int n = 0;
  // CHECK: :[[@LINE+1]]:10: remark: read on 'db' (failure: exception) [txnlint-dump-events]
  while (q.executeStep())
    ++n;
  return n;
}

// A Database destroyed with its transaction open closes the connection: a
// begin on a Database held by value is scoped like an RAII transaction.
void local_database() {
  SQLite::Database local("orders.db", SQLite::OPEN_READWRITE);
  // CHECK: :[[@LINE+1]]:3: remark: begin on 'local' (RAII) (failure: returns-zero) [txnlint-dump-events]
  local.tryExec("BEGIN");
  // CHECK: :[[@LINE+1]]:1: remark: rollback on 'local' (destructor) [txnlint-dump-events]
}

#endif // TXN_CHECK

//===----------------------------------------------------------------------===//
// txn-missing-rollback: positives
//===----------------------------------------------------------------------===//

// BEGIN through Database::exec, left open by returns and by a throwing
// statement; the fourth exit (the COMMIT) gets no note.
void save(SQLite::Database &db, int id) {
  db.exec("BEGIN");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'save'; commit or roll it back before leaving [txn-missing-rollback]
  if (id == 0)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  db.exec("INSERT INTO t VALUES (1)");
  if (id > 100)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  // CHECK-NOTES: :[[@LINE-4]]:3: note: transaction is still open when an exception leaves the function here
  db.exec("COMMIT");
}

// BEGIN through a prepared Statement, left open by a return.
int save_prepared(SQLite::Database &db, int id) {
  SQLite::Statement begin(db, "BEGIN IMMEDIATE");
  begin.exec();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'save_prepared'; commit or roll it back before leaving [txn-missing-rollback]
  if (id < 0)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  db.tryExec("COMMIT");
  return 0;
}

// tryExec does not throw, but a checked begin followed by a throwing call
// leaves the transaction open.
int save_try(SQLite::Database &db, int id) {
  if (db.tryExec("BEGIN") != 0)
    return -1;
  // CHECK-NOTES: :[[@LINE-2]]:7: warning: transaction begun on 'db' is left open on some path out of 'save_try'; commit or roll it back before leaving [txn-missing-rollback]
  check_id(id);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: transaction is still open when an exception leaves the function here
  return db.tryExec("COMMIT");
}

//===----------------------------------------------------------------------===//
// txn-missing-rollback: negatives
//===----------------------------------------------------------------------===//

// The RAII transaction rolls back on every path it is not committed on.
void save_raii(SQLite::Database &db, int id) {
  SQLite::Transaction t(db);
  db.exec("INSERT INTO t VALUES (1)");
  if (id < 0)
    return;
  check_id(id);
  t.commit();
}

// Savepoints inside an RAII transaction.
void save_nested(SQLite::Database &db, int id) {
  SQLite::Transaction t(db, SQLite::TransactionBehavior::EXCLUSIVE);
  {
    SQLite::Savepoint sp(db, "line");
    db.exec("INSERT INTO lines VALUES (1)");
    if (id > 0)
      sp.release();
  }
  t.commit();
}

// Manual transaction ended on every path, with a non-throwing rollback in
// the handler.
void save_manual(SQLite::Database &db, int id) {
  db.exec("BEGIN");
  try {
    db.exec("INSERT INTO t VALUES (1)");
    check_id(id);
    db.exec("COMMIT");
  } catch (...) {
    db.tryExec("ROLLBACK");
    throw;
  }
}

// A local Database closes its connection, rolling back, when it goes out of
// scope on a normal path.
int local_connection(int id) {
  SQLite::Database local("orders.db", SQLite::OPEN_READWRITE);
  local.tryExec("BEGIN");
  if (id < 0)
    return -1;
  local.tryExec("COMMIT");
  return 0;
}

// A ROLLBACK that throws in the handler still ends the transaction.
void save_or_rethrow(SQLite::Database &db, int id) {
  db.exec("BEGIN");
  try {
    check_id(id);
    db.exec("INSERT INTO t VALUES (1)");
    db.exec("COMMIT");
  } catch (...) {
    db.exec("ROLLBACK");
    throw;
  }
}

// A COMMIT through a Statement prepared before the BEGIN and run in a later
// block.
int end_prepared(SQLite::Database &db, int id) {
  SQLite::Statement commit(db, "END TRANSACTION");
  if (db.tryExec("BEGIN") != 0)
    return -1;
  if (id < 0) {
    db.tryExec("ROLLBACK");
    return -1;
  }
  audit(id);
  return commit.tryExecuteStep();
}

// An exception unwinds 'local', whose destructor closes the connection and
// so rolls the transaction back.
void local_connection_throws(int id) {
  SQLite::Database local("orders.db", SQLite::OPEN_READWRITE);
  local.tryExec("BEGIN");
  check_id(id);
  local.tryExec("COMMIT");
}
