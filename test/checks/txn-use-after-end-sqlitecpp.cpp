// txn-use-after-end with SQLiteC++, compiled against the real
// <SQLiteCpp/SQLiteCpp.h>. SQLite::Transaction is a transaction object: after
// commit() (or its SQL counterpart on the same object) it is used up, and a
// second commit() throws. SQLite::Database is a connection: SQL run on it
// after a COMMIT is an autocommit write or a new BEGIN, so only a second
// COMMIT/END/ROLLBACK on it is reported.
//
// RUN: %check_txnlint %s txn-use-after-end %t -- -- -std=c++17

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <string>

// Defined in another translation unit.
void fill(SQLite::Transaction &tx, SQLite::Database &db);
void log_line(const std::string &text);

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// Committed twice (SQLiteC++ throws "Transaction already committed").
void save_twice(SQLite::Database &db) {
  SQLite::Transaction tx(db);
  db.exec("INSERT INTO orders (id) VALUES (1)");
  tx.commit();
  log_line("saved");
  tx.commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'tx' is committed again after it was committed; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: it is committed here
}

// The second commit is in a branch; the first is on every path to it.
void save_maybe_again(SQLite::Database &db, bool flush) {
  SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
  db.exec("UPDATE stock SET qty = qty - 1");
  tx.commit();
  if (flush) {
    db.exec("DELETE FROM cart");
    tx.commit();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: transaction 'tx' is committed again after it was committed; begin a new transaction for this work [txn-use-after-end]
    // CHECK-NOTES: :[[@LINE-5]]:3: note: it is committed here
  }
}

// Transaction control in SQL on the connection: a ROLLBACK after the COMMIT.
void manual_sql(SQLite::Database &db) {
  db.exec("BEGIN");
  db.exec("INSERT INTO orders (id) VALUES (1)");
  db.exec("COMMIT");
  db.exec("ROLLBACK");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is rolled back after it was committed; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: it is committed here
}

// tryExec reports failure by its result; the second END still follows a
// COMMIT that happened on every path.
int end_twice(SQLite::Database &db) {
  db.exec("BEGIN IMMEDIATE");
  if (db.tryExec("COMMIT") != SQLITE_OK)
    return -1;
  return db.tryExec("END");
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: transaction on 'db' is committed again after it was committed; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-4]]:7: note: it is committed here
}

// A prepared ROLLBACK run after the COMMIT.
void rollback_statement(SQLite::Database &db) {
  SQLite::Statement rollback(db, "ROLLBACK");
  db.exec("BEGIN");
  db.exec("DELETE FROM staging");
  db.exec("COMMIT");
  rollback.exec();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is rolled back after it was committed; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: it is committed here
}

// The SQL COMMIT, then ROLLBACK inside the string that runs next.
void commit_then_script(SQLite::Database &db) {
  db.exec("BEGIN; INSERT INTO orders (id) VALUES (2); COMMIT;");
  db.exec("ROLLBACK; DELETE FROM staging;");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is rolled back after it was committed; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: it is committed here
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// The destructor after the commit is not a use.
void save_properly(SQLite::Database &db) {
  SQLite::Transaction tx(db);
  db.exec("INSERT INTO orders (id) VALUES (1)");
  SQLite::Statement insert(db, "INSERT INTO lines (order_id) VALUES (?)");
  insert.bind(1, 1);
  insert.exec();
  tx.commit();
}

// Work on the connection after the transaction object committed: autocommit
// writes and reads, for txn-commit-before-validation and
// txn-autocommit-multi-write to judge.
int after_commit(SQLite::Database &db) {
  SQLite::Transaction tx(db);
  db.exec("INSERT INTO orders (id) VALUES (1)");
  tx.commit();
  db.exec("INSERT INTO log (what) VALUES ('saved')");
  SQLite::Statement count(db, "SELECT count(*) FROM orders");
  count.executeStep();
  return count.getColumn(0).getInt();
}

// The same after SQL transaction control: a prepared write after the COMMIT
// runs in autocommit mode, like db.exec would.
void write_statement_after_commit(SQLite::Database &db) {
  db.exec("BEGIN");
  db.exec("INSERT INTO orders (id) VALUES (1)");
  db.exec("COMMIT");
  SQLite::Statement log(db, "INSERT INTO log (what) VALUES ('saved')");
  log.exec();
}

// Committed on some paths only.
void maybe_committed(SQLite::Database &db, bool done) {
  SQLite::Transaction tx(db);
  db.exec("INSERT INTO orders (id) VALUES (1)");
  if (done)
    tx.commit();
  db.exec("INSERT INTO pending (id) VALUES (1)");
  if (!done)
    tx.commit();
}

// A commit that threw did not happen: trying again is fine.
void commit_with_retry(SQLite::Database &db) {
  SQLite::Transaction tx(db);
  db.exec("INSERT INTO orders (id) VALUES (1)");
  try {
    tx.commit();
  } catch (const SQLite::Exception &) {
    log_line("busy, retrying");
    tx.commit();
  }
}

// A new transaction for the next piece of work.
void two_transactions(SQLite::Database &db) {
  {
    SQLite::Transaction tx(db);
    db.exec("INSERT INTO orders (id) VALUES (1)");
    tx.commit();
  }
  SQLite::Transaction tx(db);
  db.exec("INSERT INTO audit (what) VALUES ('saved')");
  tx.commit();
}

void begin_again(SQLite::Database &db) {
  db.exec("BEGIN");
  db.exec("INSERT INTO orders (id) VALUES (1)");
  db.exec("COMMIT");
  db.exec("BEGIN EXCLUSIVE");
  db.exec("INSERT INTO audit (what) VALUES ('saved')");
  db.exec("COMMIT");
  db.exec("BEGIN; DELETE FROM cart; COMMIT;");
  db.exec("BEGIN; DELETE FROM staging; COMMIT;");
}

// One transaction per iteration.
void save_each(SQLite::Database &db, int n) {
  for (int i = 0; i < n; ++i) {
    SQLite::Transaction tx(db);
    SQLite::Statement insert(db, "INSERT INTO items (id) VALUES (?)");
    insert.bind(1, i);
    insert.exec();
    tx.commit();
  }
}

// A ROLLBACK on the failure branch of the COMMIT.
int commit_or_rollback(SQLite::Database &db) {
  db.exec("BEGIN");
  db.exec("INSERT INTO orders (id) VALUES (1)");
  const int rc = db.tryExec("COMMIT");
  if (rc != SQLITE_OK) {
    db.exec("ROLLBACK");
    return rc;
  }
  return SQLITE_OK;
}

// The same, tested against SQLiteC++'s own constant for SQLITE_OK.
int commit_or_rollback_constant(SQLite::Database &db) {
  db.exec("BEGIN");
  db.exec("INSERT INTO orders (id) VALUES (1)");
  if (db.tryExec("COMMIT") != SQLite::OK) {
    db.exec("ROLLBACK");
    return -1;
  }
  return 0;
}

// Handed to a function that may begin anew on it.
void save_with_helper(SQLite::Database &db) {
  SQLite::Transaction tx(db);
  tx.commit();
  fill(tx, db);
  tx.commit();
}

// Different transaction objects on the same connection.
void two_objects(SQLite::Database &db, SQLite::Database &other) {
  SQLite::Transaction first(db);
  SQLite::Transaction second(other);
  first.commit();
  second.commit();
}
