// txn-nested-unhandled-exception with libpqxx 6, compiled against the real
// headers in /usr/include/pqxx. Two kinds of savepoint:
//  - raw SQL run through a transaction (txn.exec("SAVEPOINT x"), ended by
//    "RELEASE SAVEPOINT x" or "ROLLBACK TO SAVEPOINT x"); every exec reports
//    failure by throwing an exception of a type the check does not know, so
//    any try's first handler counts as catching it;
//  - pqxx::subtransaction, an RAII savepoint: its destructor rolls back to
//    the savepoint when an exception unwinds past it, so an exception that
//    leaves its scope is never reported.
//
// RUN: %check_txnlint %s txn-nested-unhandled-exception %t -- -- -std=c++17

#include <pqxx/pqxx>

#include <stdexcept>
#include <string>

struct Line {
  int sku;
  int qty;
};

// Defined in another translation unit: not known to throw.
void log_line(const std::string &text);
int stock_of(int sku);

// Throws std::invalid_argument.
static void check_quantity(int qty) {
  if (qty <= 0)
    throw std::invalid_argument("quantity must be positive");
}

static int clamp_quantity(int qty) noexcept { return qty < 0 ? 0 : qty; }

//===----------------------------------------------------------------------===//
// Positives: raw SQL savepoints
//===----------------------------------------------------------------------===//

// A failing INSERT throws out of the savepoint; the caller's transaction is
// left in an aborted state.
void add_line(pqxx::work &txn, const Line &line) {
  txn.exec("SAVEPOINT line");
  txn.exec_params("INSERT INTO lines (sku, qty) VALUES ($1, $2)", line.sku,
                  line.qty);
  // CHECK-NOTES: :[[@LINE-2]]:3: warning: an exception from 'pqxx::transaction_base::exec_params' escapes savepoint 'line' and aborts the enclosing transaction; catch it inside the savepoint and roll back to the savepoint [txn-nested-unhandled-exception]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: savepoint 'line' is opened here
  txn.exec("RELEASE SAVEPOINT line");
}

// A throw and a throwing call of this file inside the savepoint.
void add_checked_line(pqxx::connection &conn, const Line &line) {
  pqxx::work txn(conn);
  txn.exec0("SAVEPOINT line");
  if (line.sku <= 0)
    throw std::invalid_argument("sku");
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: an exception thrown here escapes savepoint 'line' and aborts the enclosing transaction; catch it inside the savepoint and roll back to the savepoint [txn-nested-unhandled-exception]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: savepoint 'line' is opened here
  // CHECK-NOTES: :[[@LINE-6]]:14: note: transaction 'txn', begun here, is then rolled back by its destructor as the exception unwinds
  check_quantity(line.qty);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: an exception from 'check_quantity' escapes savepoint 'line' and aborts the enclosing transaction; catch it inside the savepoint and roll back to the savepoint [txn-nested-unhandled-exception]
  // CHECK-NOTES: :[[@LINE-8]]:3: note: savepoint 'line' is opened here
  // CHECK-NOTES: :[[@LINE-10]]:14: note: transaction 'txn', begun here, is then rolled back by its destructor as the exception unwinds
  txn.exec0("RELEASE SAVEPOINT line");
  txn.commit();
}

// A try around the savepoint whose handler swallows the error without
// rolling back to the savepoint.
void add_line_logged(pqxx::work &txn, const Line &line) {
  try {
    txn.exec("SAVEPOINT line");
    txn.exec0("INSERT INTO lines (sku, qty) VALUES (1, 2)");
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: an exception from 'pqxx::transaction_base::exec0' is caught without rolling back to savepoint 'line'; the savepoint's partial work stays in the enclosing transaction [txn-nested-unhandled-exception]
    // CHECK-NOTES: :[[@LINE-3]]:5: note: savepoint 'line' is opened here
    txn.exec("RELEASE SAVEPOINT line");
  } catch (const pqxx::sql_error &e) {
    log_line(e.what());
  }
}

// A handler inside the savepoint that logs and rethrows: the exec and the
// rethrow is reported once, where it starts.
void add_line_rethrow(pqxx::work &txn, const Line &line) {
  txn.exec("SAVEPOINT line");
  try {
    txn.exec1("SELECT qty FROM stock WHERE sku = 1 FOR UPDATE");
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: an exception from 'pqxx::transaction_base::exec1' escapes savepoint 'line' and aborts the enclosing transaction; catch it inside the savepoint and roll back to the savepoint [txn-nested-unhandled-exception]
    // CHECK-NOTES: :[[@LINE-4]]:3: note: savepoint 'line' is opened here
  } catch (const std::exception &e) {
    log_line(e.what());
    throw;
  }
  txn.exec("RELEASE SAVEPOINT line");
  (void)line;
}

//===----------------------------------------------------------------------===//
// Negatives: raw SQL savepoints
//===----------------------------------------------------------------------===//

// The statements that end the savepoint are not inside it; throws before
// the savepoint and after its release are outside it.
void add_line_released(pqxx::work &txn, const Line &line) {
  check_quantity(line.qty);
  txn.exec("SAVEPOINT line");
  txn.exec("RELEASE SAVEPOINT line");
  txn.exec_params("INSERT INTO audit (sku) VALUES ($1)", line.sku);
  check_quantity(line.qty);
}

// A try inside the savepoint that rolls back to it and carries on.
void add_line_or_skip(pqxx::work &txn, const Line &line) {
  txn.exec("SAVEPOINT line");
  try {
    txn.exec_params("INSERT INTO lines (sku, qty) VALUES ($1, $2)", line.sku,
                    line.qty);
  } catch (const pqxx::sql_error &e) {
    txn.exec("ROLLBACK TO SAVEPOINT line");
    log_line(e.what());
  }
  txn.exec("RELEASE SAVEPOINT line");
}

// A try around the savepoint: the first handler catches the library's
// exception, whatever its type, and rolls back to the savepoint.
void add_line_unique(pqxx::work &txn, const Line &line) {
  try {
    txn.exec("SAVEPOINT line");
    txn.exec_params("INSERT INTO lines (sku, qty) VALUES ($1, $2)", line.sku,
                    line.qty);
    txn.exec("RELEASE SAVEPOINT line");
  } catch (const pqxx::unique_violation &) {
    txn.exec("ROLLBACK TO SAVEPOINT line");
  }
}

// A try around the savepoint whose handler rolls back to it and rethrows.
void add_line_or_fail(pqxx::work &txn, const Line &line) {
  try {
    txn.exec("SAVEPOINT line");
    check_quantity(line.qty);
    txn.exec_params("INSERT INTO lines (sku, qty) VALUES ($1, $2)", line.sku,
                    line.qty);
    txn.exec("RELEASE SAVEPOINT line");
  } catch (...) {
    txn.exec("ROLLBACK TO SAVEPOINT line");
    throw;
  }
}

// A try around the savepoint whose handler aborts the whole transaction.
// Reported: it gets past the savepoint and then ends the enclosing transaction
// (issue 15), though this function sits among the negatives.
void add_line_or_abort(pqxx::connection &conn, const Line &line) {
  pqxx::work txn(conn);
  try {
    txn.exec("SAVEPOINT line");
    txn.exec_params("INSERT INTO lines (sku, qty) VALUES ($1, $2)", line.sku,
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: an exception from 'pqxx::transaction_base::exec_params' escapes savepoint 'line' and aborts the enclosing transaction; catch it inside the savepoint and roll back to the savepoint [txn-nested-unhandled-exception]
    // CHECK-NOTES: :[[@LINE-3]]:5: note: savepoint 'line' is opened here
    // CHECK-NOTES: :[[@LINE+4]]:5: note: the handler then rolls back the whole transaction here
                    line.qty);
    txn.exec("RELEASE SAVEPOINT line");
  } catch (const std::exception &) {
    txn.abort();
    throw;
  }
  txn.commit();
}

// Ending the transaction ends its savepoints.
void commit_then_check(pqxx::connection &conn, const Line &line) {
  pqxx::work txn(conn);
  txn.exec("SAVEPOINT line");
  txn.commit();
  check_quantity(line.qty);
}

// Calls not known to throw inside the savepoint.
void add_line_quiet(pqxx::work &txn, const Line &line) {
  txn.exec("SAVEPOINT line");
  log_line("adding");
  clamp_quantity(line.qty);
  stock_of(line.sku);
  std::string sql = "INSERT INTO lines VALUES (" + std::to_string(line.sku) + ")";
  txn.exec("RELEASE SAVEPOINT line");
  (void)sql;
}

//===----------------------------------------------------------------------===//
// Negatives: pqxx::subtransaction (RAII)
//===----------------------------------------------------------------------===//

// libpqxx's own example: a failing statement in a subtransaction is rolled
// back by the subtransaction's destructor; the transaction goes on.
void drop_temp_table(pqxx::connection &conn) {
  pqxx::work txn(conn);
  try {
    pqxx::subtransaction sub(txn, "droptemp");
    sub.exec0("DROP TABLE fleeting");
    sub.commit();
  } catch (const pqxx::undefined_table &) {
    // The table did not exist, which is what we wanted.
  }
  txn.exec0("CREATE TEMP TABLE fleeting (bar integer)");
  txn.commit();
}

// The same with a handler that logs and rethrows.
void add_line_sub_rethrow(pqxx::work &txn, const Line &line) {
  try {
    pqxx::subtransaction sub(txn, "line");
    check_quantity(line.qty);
    sub.exec_params("INSERT INTO lines (sku, qty) VALUES ($1, $2)", line.sku,
                    line.qty);
    sub.commit();
  } catch (const std::exception &e) {
    log_line(e.what());
    throw;
  }
  txn.exec("UPDATE orders SET lines = lines + 1");
}

// No handler in the function: the subtransaction's destructor rolls back to
// the savepoint as the exception leaves, and the caller's transaction is
// still usable.
void add_line_sub(pqxx::work &txn, const Line &line) {
  pqxx::subtransaction sub(txn, "line");
  check_quantity(line.qty);
  sub.exec_params("INSERT INTO lines (sku, qty) VALUES ($1, $2)", line.sku,
                  line.qty);
  if (stock_of(line.sku) < line.qty)
    throw std::runtime_error("out of stock");
  sub.commit();
}

// A subtransaction in a block of its own; the throws after the block are
// outside it. The exec0 inside it is reported: the exception gets past
// 'sub' and then txn's destructor rolls back everything (issue 15).
void add_line_then_check(pqxx::connection &conn, const Line &line) {
  pqxx::work txn(conn);
  {
    pqxx::subtransaction sub(txn);
    sub.exec0("INSERT INTO lines (sku, qty) VALUES (1, 2)");
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: an exception from 'pqxx::transaction_base::exec0' escapes savepoint 'sub' and aborts the enclosing transaction; catch it around the savepoint so that the transaction can go on [txn-nested-unhandled-exception]
    // CHECK-NOTES: :[[@LINE-3]]:26: note: savepoint 'sub' is opened here
    // CHECK-NOTES: :[[@LINE-6]]:14: note: transaction 'txn', begun here, is then rolled back by its destructor as the exception unwinds
    sub.commit();
  }
  check_quantity(line.qty);
  txn.exec0("UPDATE orders SET lines = lines + 1");
  txn.commit();
}

// A subtransaction aborted by hand inside a try in its scope.
void add_line_sub_abort(pqxx::work &txn, const Line &line) {
  pqxx::subtransaction sub(txn, "line");
  try {
    sub.exec_params("INSERT INTO lines (sku, qty) VALUES ($1, $2)", line.sku,
                    line.qty);
    sub.commit();
  } catch (const pqxx::sql_error &) {
    sub.abort();
  }
}

//===----------------------------------------------------------------------===//
// Savepoints in helpers: the caller's handlers decide (summaries)
//===----------------------------------------------------------------------===//

// The caller owns the transaction and catches nothing: an exception from
// inside add_line_sub's savepoint goes on to end txn.
void add_lines(pqxx::connection &conn, const Line &first, const Line &second) {
  pqxx::work txn(conn);
  add_line_sub(txn, first);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: an exception from 'add_line_sub' escapes savepoint 'sub' and aborts the enclosing transaction; catch it around the call so that the transaction can go on [txn-nested-unhandled-exception]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: savepoint 'sub' is opened inside 'add_line_sub', called here
  // CHECK-NOTES: :[[@LINE-4]]:14: note: transaction 'txn', begun here, is then rolled back by its destructor as the exception unwinds
  add_line_sub(txn, second);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: an exception from 'add_line_sub' escapes savepoint 'sub' and aborts the enclosing transaction; catch it around the call so that the transaction can go on [txn-nested-unhandled-exception]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: savepoint 'sub' is opened inside 'add_line_sub', called here
  // CHECK-NOTES: :[[@LINE-8]]:14: note: transaction 'txn', begun here, is then rolled back by its destructor as the exception unwinds
  txn.commit();
}

// Negative: the caller catches around the call and goes on without the
// line.
void add_lines_tolerant(pqxx::connection &conn, const Line &first,
                        const Line &second) {
  pqxx::work txn(conn);
  for (const Line *line : {&first, &second}) {
    try {
      add_line_sub(txn, *line);
    } catch (const std::exception &) {
      // the line is skipped; the order goes on
    }
  }
  txn.commit();
}

// Through a helper of the helper: still the caller's to decide.
void add_line_twice(pqxx::work &txn, const Line &line) {
  add_line_sub(txn, line);
  add_line_sub(txn, line);
}

void add_twice(pqxx::connection &conn, const Line &line) {
  pqxx::work txn(conn);
  add_line_twice(txn, line);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: an exception from 'add_line_twice' escapes savepoint 'sub' and aborts the enclosing transaction; catch it around the call so that the transaction can go on [txn-nested-unhandled-exception]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: savepoint 'sub' is opened inside 'add_line_twice', called here
  // CHECK-NOTES: :[[@LINE-4]]:14: note: transaction 'txn', begun here, is then rolled back by its destructor as the exception unwinds
  txn.commit();
}

// Negative.
void add_twice_tolerant(pqxx::connection &conn, const Line &line) {
  pqxx::work txn(conn);
  try {
    add_line_twice(txn, line);
  } catch (const std::runtime_error &) {
  }
  txn.commit();
}

// A handler inside the subtransaction's scope, which ends right after the
// try: its destructor rolls back to the savepoint before the transaction is
// used again (negative). With more work on the subtransaction after the
// try, the failed savepoint is used first (positive).
int import_tags(pqxx::connection &c, const std::vector<std::string> &tags) {
  pqxx::work w(c);
  int skipped = 0;
  for (const std::string &tag : tags) {
    pqxx::subtransaction sub(w, "tag");
    try {
      sub.exec0("INSERT INTO tags (name) VALUES (" + sub.quote(tag) + ")");
      sub.commit();
    } catch (const pqxx::unique_violation &) {
      ++skipped;
    }
  }
  w.exec0("UPDATE stats SET tags = tags + 1");
  w.commit();
  return skipped;
}

int import_tags_twice(pqxx::connection &c, const std::vector<std::string> &tags) {
  pqxx::work w(c);
  int skipped = 0;
  for (const std::string &tag : tags) {
    pqxx::subtransaction sub(w, "tag");
    try {
      sub.exec0("INSERT INTO tags (name) VALUES (" + sub.quote(tag) + ")");
      // CHECK-NOTES: :[[@LINE-1]]:7: warning: an exception from 'pqxx::transaction_base::exec0' is caught without rolling back to savepoint 'sub'; the savepoint's partial work stays in the enclosing transaction [txn-nested-unhandled-exception]
      // CHECK-NOTES: :[[@LINE-4]]:26: note: savepoint 'sub' is opened here
    } catch (const pqxx::unique_violation &) {
      ++skipped;
    }
    sub.exec0("INSERT INTO tag_log (name) VALUES (" + sub.quote(tag) + ")");
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: an exception from 'pqxx::transaction_base::exec0' escapes savepoint 'sub' and aborts the enclosing transaction; catch it around the savepoint so that the transaction can go on [txn-nested-unhandled-exception]
    // CHECK-NOTES: :[[@LINE-10]]:26: note: savepoint 'sub' is opened here
    // CHECK-NOTES: :[[@LINE-14]]:14: note: transaction 'w', begun here, is then rolled back by its destructor as the exception unwinds
    sub.commit();
  }
  w.commit();
  return skipped;
}
