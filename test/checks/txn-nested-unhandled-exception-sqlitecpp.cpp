// txn-nested-unhandled-exception with SQLiteC++ 3.2.1, compiled against the
// real headers in /usr/include/SQLiteCpp (SQLite::Savepoint is declared in
// <SQLiteCpp/Savepoint.h>, which <SQLiteCpp/SQLiteCpp.h> does not include).
// Two kinds of savepoint:
//  - raw SQL given to SQLite::Database::exec, which throws SQLite::Exception
//    on failure (tryExec returns the error code instead);
//  - SQLite::Savepoint, an RAII savepoint that rolls back to the savepoint in
//    its destructor unless released: an exception that leaves its scope is
//    never reported.
//
// RUN: %check_txnlint %s txn-nested-unhandled-exception %t -- -- -std=c++17

#include <SQLiteCpp/SQLiteCpp.h>
#include <SQLiteCpp/Savepoint.h>

#include <stdexcept>
#include <string>

struct Line {
  int sku;
  int qty;
};

// Defined in another translation unit: not known to throw.
void log_line(const std::string &text);

// Throws std::invalid_argument.
static void check_quantity(int qty) {
  if (qty <= 0)
    throw std::invalid_argument("quantity must be positive");
}

class OrderStore {
public:
  explicit OrderStore(SQLite::Database &db) : db_(db) {}
  void addLine(const Line &line);
  void addLineSafely(const Line &line);

private:
  SQLite::Database &db_;
};

//===----------------------------------------------------------------------===//
// Positives: raw SQL savepoints
//===----------------------------------------------------------------------===//

// A failing INSERT throws SQLite::Exception out of the savepoint.
void add_line(SQLite::Database &db, const Line &line) {
  db.exec("SAVEPOINT line");
  db.exec("INSERT INTO lines (sku, qty) VALUES (1, 2)");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: an exception from 'SQLite::Database::exec' escapes savepoint 'line' and aborts the enclosing transaction; catch it inside the savepoint and roll back to the savepoint [txn-nested-unhandled-exception]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: savepoint 'line' is opened here
  db.exec("RELEASE line");
}

// The same on a member connection, with a throw of the function's own.
void OrderStore::addLine(const Line &line) {
  db_.exec("SAVEPOINT line");
  if (line.sku <= 0)
    throw std::invalid_argument("sku");
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: an exception thrown here escapes savepoint 'line' and aborts the enclosing transaction; catch it inside the savepoint and roll back to the savepoint [txn-nested-unhandled-exception]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: savepoint 'line' is opened here
  db_.exec("RELEASE line");
}

// Inside an RAII transaction: the exception still aborts the whole
// transaction the savepoint was meant to protect.
void add_line_in_transaction(SQLite::Database &db, const Line &line) {
  SQLite::Transaction txn(db);
  db.exec("SAVEPOINT line");
  check_quantity(line.qty);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: an exception from 'check_quantity' escapes savepoint 'line' and aborts the enclosing transaction; catch it inside the savepoint and roll back to the savepoint [txn-nested-unhandled-exception]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: savepoint 'line' is opened here
  // CHECK-NOTES: :[[@LINE-5]]:23: note: transaction 'txn', begun here, is then rolled back by its destructor as the exception unwinds
  db.exec("RELEASE line");
  txn.commit();
}

// A try around the savepoint whose handler swallows the error.
void add_line_logged(SQLite::Database &db, const Line &line) {
  try {
    db.exec("SAVEPOINT line");
    check_quantity(line.qty);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: an exception from 'check_quantity' is caught without rolling back to savepoint 'line'; the savepoint's partial work stays in the enclosing transaction [txn-nested-unhandled-exception]
    // CHECK-NOTES: :[[@LINE-3]]:5: note: savepoint 'line' is opened here
    db.exec("RELEASE line");
  } catch (const std::exception &e) {
    log_line(e.what());
  }
}

// A raw savepoint inside an SQLite::Savepoint: the innermost one, 'line', is
// reported.
void add_line_nested(SQLite::Database &db, const Line &line) {
  SQLite::Savepoint order(db, "order_sp");
  db.exec("SAVEPOINT line");
  check_quantity(line.qty);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: an exception from 'check_quantity' escapes savepoint 'line' and aborts the enclosing transaction; catch it inside the savepoint and roll back to the savepoint [txn-nested-unhandled-exception]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: savepoint 'line' is opened here
  db.exec("RELEASE line");
  order.release();
}

//===----------------------------------------------------------------------===//
// Negatives: raw SQL savepoints
//===----------------------------------------------------------------------===//

// A try inside the savepoint that rolls back to it and carries on; the
// statements that end the savepoint are not inside it.
void OrderStore::addLineSafely(const Line &line) {
  db_.exec("SAVEPOINT line");
  try {
    db_.exec("INSERT INTO lines (sku, qty) VALUES (1, 2)");
  } catch (const SQLite::Exception &e) {
    db_.exec("ROLLBACK TO line");
    log_line(e.what());
  }
  db_.exec("RELEASE line");
  (void)line;
}

// A try around the savepoint whose handler rolls back to it and rethrows.
void add_line_or_fail(SQLite::Database &db, const Line &line) {
  try {
    db.exec("SAVEPOINT line");
    check_quantity(line.qty);
    db.exec("INSERT INTO lines (sku, qty) VALUES (1, 2)");
    db.exec("RELEASE line");
  } catch (...) {
    db.exec("ROLLBACK TO SAVEPOINT line");
    throw;
  }
}

// tryExec reports failure by its return value: not a throwing call.
int add_line_codes(SQLite::Database &db, const Line &line) {
  if (db.tryExec("SAVEPOINT line") != SQLite::OK)
    return -1;
  if (db.tryExec("INSERT INTO lines (sku, qty) VALUES (1, 2)") != SQLite::OK) {
    db.tryExec("ROLLBACK TO line");
    db.tryExec("RELEASE line");
    return -1;
  }
  (void)line;
  return db.tryExec("RELEASE line");
}

// Throws before the savepoint and after its release.
void add_line_checked(SQLite::Database &db, const Line &line) {
  check_quantity(line.qty);
  db.exec("SAVEPOINT line");
  db.tryExec("INSERT INTO lines (sku, qty) VALUES (1, 2)");
  db.exec("RELEASE SAVEPOINT line");
  check_quantity(line.sku);
  db.exec("UPDATE orders SET lines = lines + 1");
}

// Committing the transaction ends its savepoints, by SQL or through the
// SQLite::Transaction object.
void commit_then_check(SQLite::Database &db, const Line &line) {
  db.exec("BEGIN");
  db.exec("SAVEPOINT line");
  db.exec("COMMIT");
  check_quantity(line.qty);
}

void commit_object_then_check(SQLite::Database &db, const Line &line) {
  SQLite::Transaction txn(db);
  db.exec("SAVEPOINT line");
  txn.commit();
  check_quantity(line.qty);
}

//===----------------------------------------------------------------------===//
// Negatives: SQLite::Savepoint (RAII)
//===----------------------------------------------------------------------===//

// No handler in the function: the Savepoint's destructor rolls back to it as
// the exception leaves.
void add_line_raii(SQLite::Database &db, const Line &line) {
  SQLite::Savepoint sp(db, "line");
  check_quantity(line.qty);
  db.exec("INSERT INTO lines (sku, qty) VALUES (1, 2)");
  sp.release();
}

// An RAII savepoint in a try: rolled back before the handler runs, whether
// the handler carries on or rethrows.
void add_line_raii_skip(SQLite::Database &db, const Line &line) {
  try {
    SQLite::Savepoint sp(db, "line");
    check_quantity(line.qty);
    db.exec("INSERT INTO lines (sku, qty) VALUES (1, 2)");
    sp.release();
  } catch (const SQLite::Exception &e) {
    log_line(e.what());
  } catch (const std::invalid_argument &) {
    log_line("invalid line");
  }
  db.exec("UPDATE orders SET lines = lines + 1");
}

void add_line_raii_rethrow(SQLite::Database &db, const Line &line) {
  try {
    SQLite::Savepoint sp(db, "line");
    db.exec("INSERT INTO lines (sku, qty) VALUES (1, 2)");
    sp.release();
  } catch (...) {
    log_line("failed");
    throw;
  }
  check_quantity(line.qty);
}

// Rolled back by hand in a try inside its scope.
void add_line_raii_rollback(SQLite::Database &db, const Line &line) {
  SQLite::Savepoint sp(db, "line");
  try {
    check_quantity(line.qty);
    db.exec("INSERT INTO lines (sku, qty) VALUES (1, 2)");
  } catch (const std::exception &) {
    sp.rollback();
    return;
  }
  sp.release();
}

// A savepoint in a block of its own; the throw after the block is outside.
void add_line_block(SQLite::Database &db, const Line &line) {
  {
    SQLite::Savepoint sp(db, "line");
    db.exec("INSERT INTO lines (sku, qty) VALUES (1, 2)");
    sp.release();
  }
  check_quantity(line.qty);
}

// A savepoint per line in a loop whose handler skips the line: the quantity
// check is reported; the SAVEPOINT statement is not, though the skipped
// line's savepoint is still open when it runs again: if it throws, it opened
// nothing, and the open savepoint is the check's finding.
void add_lines_skipping(SQLite::Database &db, const Line *lines, int n) {
  for (int i = 0; i < n; ++i) {
    try {
      db.exec("SAVEPOINT line");
      check_quantity(lines[i].qty);
      // CHECK-NOTES: :[[@LINE-1]]:7: warning: an exception from 'check_quantity' is caught without rolling back to savepoint 'line'; the savepoint's partial work stays in the enclosing transaction [txn-nested-unhandled-exception]
      // CHECK-NOTES: :[[@LINE-3]]:7: note: savepoint 'line' is opened here
      db.exec("RELEASE line");
    } catch (const std::exception &e) {
      log_line(e.what());
    }
  }
}
