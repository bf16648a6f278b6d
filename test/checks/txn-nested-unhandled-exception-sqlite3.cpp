// txn-nested-unhandled-exception with the SQLite C API, compiled against the
// real <sqlite3.h>. Savepoints are raw SQL given to sqlite3_exec: SAVEPOINT x
// opens one, RELEASE [SAVEPOINT] x and ROLLBACK TO [SAVEPOINT] x end it by
// name, COMMIT/END/ROLLBACK and sqlite3_close end the transaction and every
// savepoint in it. sqlite3_exec reports failure by its return value, so the
// exceptions here come from `throw` and from functions of this file that
// throw.
//
// RUN: %check_txnlint %s txn-nested-unhandled-exception %t -- -- -std=c++17

#include <sqlite3.h>

#include <new>
#include <stdexcept>
#include <string>
#include <vector>

struct Line {
  int sku;
  int qty;
};

// Defined in another translation unit: not known to throw.
int insert_line(sqlite3 *db, const Line &line);
void log_line(const char *text);

// Throws std::invalid_argument: a call to it is a throwing statement.
static void check_quantity(int qty) {
  if (qty <= 0)
    throw std::invalid_argument("quantity must be positive");
}

namespace inventory {
// Throws std::out_of_range.
void reserve(int sku, int qty) {
  if (qty > 1000)
    throw std::out_of_range("not enough stock");
  (void)sku;
}
} // namespace inventory

// Does not throw: its own exception is caught inside it.
static int checked_quantity(int qty) {
  try {
    check_quantity(qty);
  } catch (const std::invalid_argument &) {
    return 0;
  }
  return qty;
}

static int clamp_quantity(int qty) noexcept { return qty < 0 ? 0 : qty; }

// Throws only std::bad_alloc, which the check ignores.
static void reserve_buffer(std::vector<Line> &lines, std::size_t n) {
  if (n > lines.max_size())
    throw std::bad_alloc();
  lines.reserve(n);
}

constexpr const char kSavepointLine[] = "SAVEPOINT line";
constexpr const char *kReleaseLine = "RELEASE SAVEPOINT line";

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// The README's example: a throw between SAVEPOINT and RELEASE.
void add_line(sqlite3 *db, const Line &line) {
  sqlite3_exec(db, "SAVEPOINT line", nullptr, nullptr, nullptr);
  if (line.qty <= 0)
    throw std::invalid_argument("quantity must be positive");
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: an exception thrown here escapes savepoint 'line' and aborts the enclosing transaction; catch it inside the savepoint and roll back to the savepoint [txn-nested-unhandled-exception]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: savepoint 'line' is opened here
  insert_line(db, line);
  sqlite3_exec(db, "RELEASE line", nullptr, nullptr, nullptr);
}

// A call to a function of this file that throws.
void add_checked_line(sqlite3 *db, const Line &line) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "SAVEPOINT line", nullptr, nullptr, nullptr);
  check_quantity(line.qty);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: an exception from 'check_quantity' escapes savepoint 'line' and aborts the enclosing transaction; catch it inside the savepoint and roll back to the savepoint [txn-nested-unhandled-exception]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: savepoint 'line' is opened here
  // CHECK-NOTES: :[[@LINE-5]]:3: note: the exception then leaves the function that began transaction on 'db' here
  insert_line(db, line);
  sqlite3_exec(db, "RELEASE line", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// The callee is named with its namespace; constexpr SQL; lower-case SQL.
void reserve_line(sqlite3 *db, const Line &line) {
  sqlite3_exec(db, kSavepointLine, nullptr, nullptr, nullptr);
  inventory::reserve(line.sku, line.qty);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: an exception from 'inventory::reserve' escapes savepoint 'line' and aborts the enclosing transaction; catch it inside the savepoint and roll back to the savepoint [txn-nested-unhandled-exception]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: savepoint 'line' is opened here
  sqlite3_exec(db, kReleaseLine, nullptr, nullptr, nullptr);
  sqlite3_exec(db, "savepoint stock", nullptr, nullptr, nullptr);
  inventory::reserve(line.sku, -line.qty);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: an exception from 'inventory::reserve' escapes savepoint 'stock' and aborts the enclosing transaction; catch it inside the savepoint and roll back to the savepoint [txn-nested-unhandled-exception]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: savepoint 'stock' is opened here
  sqlite3_exec(db, "release stock", nullptr, nullptr, nullptr);
}

// A try around the savepoint whose handler neither rolls back to it nor
// rethrows: the half-done line stays in the transaction.
void add_line_logged(sqlite3 *db, const Line &line) {
  try {
    sqlite3_exec(db, "SAVEPOINT line", nullptr, nullptr, nullptr);
    insert_line(db, line);
    check_quantity(line.qty);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: an exception from 'check_quantity' is caught without rolling back to savepoint 'line'; the savepoint's partial work stays in the enclosing transaction [txn-nested-unhandled-exception]
    // CHECK-NOTES: :[[@LINE-4]]:5: note: savepoint 'line' is opened here
    sqlite3_exec(db, "RELEASE line", nullptr, nullptr, nullptr);
  } catch (const std::exception &) {
    log_line("line skipped");
  }
}

// The handler rolls back to another savepoint, not to this one.
void add_line_wrong_name(sqlite3 *db, const Line &line) {
  try {
    sqlite3_exec(db, "SAVEPOINT line", nullptr, nullptr, nullptr);
    if (line.qty <= 0)
      throw std::invalid_argument("quantity");
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: an exception thrown here is caught without rolling back to savepoint 'line'; the savepoint's partial work stays in the enclosing transaction [txn-nested-unhandled-exception]
    // CHECK-NOTES: :[[@LINE-4]]:5: note: savepoint 'line' is opened here
    sqlite3_exec(db, "RELEASE line", nullptr, nullptr, nullptr);
  } catch (const std::invalid_argument &) {
    sqlite3_exec(db, "ROLLBACK TO batch", nullptr, nullptr, nullptr);
  }
}

// The handler that catches the exception is the first matching one, and it
// does not roll back; the one that would is never reached.
void add_line_first_match(sqlite3 *db, const Line &line) {
  try {
    sqlite3_exec(db, "SAVEPOINT line", nullptr, nullptr, nullptr);
    check_quantity(line.qty);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: an exception from 'check_quantity' is caught without rolling back to savepoint 'line'; the savepoint's partial work stays in the enclosing transaction [txn-nested-unhandled-exception]
    // CHECK-NOTES: :[[@LINE-3]]:5: note: savepoint 'line' is opened here
    sqlite3_exec(db, "RELEASE line", nullptr, nullptr, nullptr);
  } catch (const std::logic_error &) {
    log_line("bad line");
  } catch (const std::exception &) {
    sqlite3_exec(db, "ROLLBACK TO line", nullptr, nullptr, nullptr);
    sqlite3_exec(db, "RELEASE line", nullptr, nullptr, nullptr);
  }
}

// A handler inside the savepoint that catches another type: the exception
// goes past it and out of the function.
void add_line_wrong_type(sqlite3 *db, const Line &line) {
  sqlite3_exec(db, "SAVEPOINT line", nullptr, nullptr, nullptr);
  try {
    check_quantity(line.qty);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: an exception from 'check_quantity' escapes savepoint 'line' and aborts the enclosing transaction; catch it inside the savepoint and roll back to the savepoint [txn-nested-unhandled-exception]
    // CHECK-NOTES: :[[@LINE-4]]:3: note: savepoint 'line' is opened here
  } catch (const std::out_of_range &) {
    sqlite3_exec(db, "ROLLBACK TO line", nullptr, nullptr, nullptr);
  }
  sqlite3_exec(db, "RELEASE line", nullptr, nullptr, nullptr);
}

// A handler inside the savepoint that only logs and rethrows: the call is
// reported because its exception goes on out; the rethrow continues that
// exception and is not reported again.
void add_line_rethrow(sqlite3 *db, const Line &line) {
  sqlite3_exec(db, "SAVEPOINT line", nullptr, nullptr, nullptr);
  try {
    check_quantity(line.qty);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: an exception from 'check_quantity' escapes savepoint 'line' and aborts the enclosing transaction; catch it inside the savepoint and roll back to the savepoint [txn-nested-unhandled-exception]
    // CHECK-NOTES: :[[@LINE-4]]:3: note: savepoint 'line' is opened here
  } catch (...) {
    log_line("failed");
    throw;
  }
  sqlite3_exec(db, "RELEASE line", nullptr, nullptr, nullptr);
}

// A handler inside the savepoint that translates the exception into one of
// its own: the call's exception stops there, and the new one leaves the
// savepoint from the handler's throw.
void add_line_translated(sqlite3 *db, const Line &line) {
  sqlite3_exec(db, "SAVEPOINT line", nullptr, nullptr, nullptr);
  try {
    check_quantity(line.qty);
  } catch (const std::invalid_argument &) {
    throw std::runtime_error("bad line");
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: an exception thrown here escapes savepoint 'line' and aborts the enclosing transaction; catch it inside the savepoint and roll back to the savepoint [txn-nested-unhandled-exception]
    // CHECK-NOTES: :[[@LINE-6]]:3: note: savepoint 'line' is opened here
  }
  sqlite3_exec(db, "RELEASE line", nullptr, nullptr, nullptr);
}

// RELEASE of another name leaves 'line' open.
void release_wrong_name(sqlite3 *db, const Line &line) {
  sqlite3_exec(db, "SAVEPOINT line", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "RELEASE header", nullptr, nullptr, nullptr);
  check_quantity(line.qty);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: an exception from 'check_quantity' escapes savepoint 'line' and aborts the enclosing transaction; catch it inside the savepoint and roll back to the savepoint [txn-nested-unhandled-exception]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: savepoint 'line' is opened here
  sqlite3_exec(db, "RELEASE line", nullptr, nullptr, nullptr);
}

// Released on one branch only: the savepoint may still be open.
void release_on_one_branch(sqlite3 *db, const Line &line, bool fast) {
  sqlite3_exec(db, "SAVEPOINT line", nullptr, nullptr, nullptr);
  if (fast)
    sqlite3_exec(db, "RELEASE line", nullptr, nullptr, nullptr);
  check_quantity(line.qty);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: an exception from 'check_quantity' escapes savepoint 'line' and aborts the enclosing transaction; catch it inside the savepoint and roll back to the savepoint [txn-nested-unhandled-exception]
  // CHECK-NOTES: :[[@LINE-5]]:3: note: savepoint 'line' is opened here
  if (!fast)
    sqlite3_exec(db, "RELEASE line", nullptr, nullptr, nullptr);
}

// One savepoint per line in a loop; the throw is inside the iteration's
// savepoint.
void add_lines(sqlite3 *db, const std::vector<Line> &lines) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  for (const Line &line : lines) {
    sqlite3_exec(db, "SAVEPOINT line", nullptr, nullptr, nullptr);
    if (insert_line(db, line) != SQLITE_OK)
      throw std::runtime_error("insert failed");
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: an exception thrown here escapes savepoint 'line' and aborts the enclosing transaction; catch it inside the savepoint and roll back to the savepoint [txn-nested-unhandled-exception]
    // CHECK-NOTES: :[[@LINE-4]]:5: note: savepoint 'line' is opened here
    sqlite3_exec(db, "RELEASE line", nullptr, nullptr, nullptr);
  }
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// Two open savepoints: only the innermost is reported.
void nested_same_block(sqlite3 *db, const Line &line) {
  sqlite3_exec(db, "SAVEPOINT order_sp", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "SAVEPOINT line_sp", nullptr, nullptr, nullptr);
  check_quantity(line.qty);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: an exception from 'check_quantity' escapes savepoint 'line_sp' and aborts the enclosing transaction; catch it inside the savepoint and roll back to the savepoint [txn-nested-unhandled-exception]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: savepoint 'line_sp' is opened here
  sqlite3_exec(db, "RELEASE line_sp", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "RELEASE order_sp", nullptr, nullptr, nullptr);
}

// The same when the savepoints are opened in different basic blocks.
void nested_across_blocks(sqlite3 *db, const Line &line) {
  sqlite3_exec(db, "SAVEPOINT order_sp", nullptr, nullptr, nullptr);
  if (line.sku == 0)
    log_line("no sku");
  sqlite3_exec(db, "SAVEPOINT line_sp", nullptr, nullptr, nullptr);
  if (line.qty > 100)
    log_line("large line");
  check_quantity(line.qty);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: an exception from 'check_quantity' escapes savepoint 'line_sp' and aborts the enclosing transaction; catch it inside the savepoint and roll back to the savepoint [txn-nested-unhandled-exception]
  // CHECK-NOTES: :[[@LINE-5]]:3: note: savepoint 'line_sp' is opened here
  sqlite3_exec(db, "RELEASE line_sp", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "RELEASE order_sp", nullptr, nullptr, nullptr);
}

// The inner savepoint is rolled back, but the rethrown exception leaves the
// outer one open: the outer one is reported, at the call and at the rethrow.
void nested_outer_escapes(sqlite3 *db, const Line &line) {
  sqlite3_exec(db, "SAVEPOINT order_sp", nullptr, nullptr, nullptr);
  try {
    sqlite3_exec(db, "SAVEPOINT line_sp", nullptr, nullptr, nullptr);
    check_quantity(line.qty);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: an exception from 'check_quantity' escapes savepoint 'order_sp' and aborts the enclosing transaction; catch it inside the savepoint and roll back to the savepoint [txn-nested-unhandled-exception]
    // CHECK-NOTES: :[[@LINE-5]]:3: note: savepoint 'order_sp' is opened here
    sqlite3_exec(db, "RELEASE line_sp", nullptr, nullptr, nullptr);
  } catch (...) {
    sqlite3_exec(db, "ROLLBACK TO line_sp", nullptr, nullptr, nullptr);
    throw;
  }
  sqlite3_exec(db, "RELEASE order_sp", nullptr, nullptr, nullptr);
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Throws before the savepoint and after its release.
void validate_then_add(sqlite3 *db, const Line &line) {
  check_quantity(line.qty);
  if (line.sku <= 0)
    throw std::invalid_argument("sku");
  sqlite3_exec(db, "SAVEPOINT line", nullptr, nullptr, nullptr);
  insert_line(db, line);
  sqlite3_exec(db, "RELEASE line", nullptr, nullptr, nullptr);
  check_quantity(line.qty);
  if (line.qty > 1000)
    throw std::out_of_range("too many");
}

// RELEASE SAVEPOINT spelled out, with a constexpr name; different case.
void release_spellings(sqlite3 *db, const Line &line) {
  sqlite3_exec(db, kSavepointLine, nullptr, nullptr, nullptr);
  sqlite3_exec(db, kReleaseLine, nullptr, nullptr, nullptr);
  check_quantity(line.qty);
  sqlite3_exec(db, "SAVEPOINT Stock", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "release savepoint stock", nullptr, nullptr, nullptr);
  check_quantity(line.qty);
}

// Rolled back to and released on the error path before throwing.
void add_line_undo(sqlite3 *db, const Line &line) {
  sqlite3_exec(db, "SAVEPOINT line", nullptr, nullptr, nullptr);
  if (insert_line(db, line) != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK TO line", nullptr, nullptr, nullptr);
    sqlite3_exec(db, "RELEASE line", nullptr, nullptr, nullptr);
    throw std::runtime_error("insert failed");
  }
  sqlite3_exec(db, "RELEASE line", nullptr, nullptr, nullptr);
}

// ROLLBACK TO SAVEPOINT alone also ends the check's interest in it.
void add_line_rollback_to(sqlite3 *db, const Line &line) {
  sqlite3_exec(db, "SAVEPOINT line", nullptr, nullptr, nullptr);
  if (insert_line(db, line) != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK TO SAVEPOINT line", nullptr, nullptr, nullptr);
    throw std::runtime_error("insert failed");
  }
  sqlite3_exec(db, "RELEASE line", nullptr, nullptr, nullptr);
}

// Ending the transaction ends its savepoints: COMMIT, ROLLBACK, close.
void end_transaction_first(sqlite3 *db, const Line &line, int how) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "SAVEPOINT line", nullptr, nullptr, nullptr);
  if (how == 0) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    throw std::runtime_error("cancelled");
  }
  if (how == 1) {
    sqlite3_close(db);
    throw std::runtime_error("closed");
  }
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  check_quantity(line.qty);
}

// A try inside the savepoint that handles the exception and carries on.
void add_line_skip_invalid(sqlite3 *db, const Line &line) {
  sqlite3_exec(db, "SAVEPOINT line", nullptr, nullptr, nullptr);
  try {
    check_quantity(line.qty);
    insert_line(db, line);
  } catch (const std::invalid_argument &) {
    log_line("invalid quantity");
  }
  sqlite3_exec(db, "RELEASE line", nullptr, nullptr, nullptr);
}

// A try inside the savepoint whose handler rolls back to it; the handler's
// type matches through a base class.
void add_line_in_savepoint(sqlite3 *db, const Line &line) {
  sqlite3_exec(db, "SAVEPOINT line", nullptr, nullptr, nullptr);
  try {
    check_quantity(line.qty);
    if (line.sku <= 0)
      throw std::domain_error("sku");
  } catch (const std::logic_error &) {
    sqlite3_exec(db, "ROLLBACK TO line", nullptr, nullptr, nullptr);
  }
  sqlite3_exec(db, "RELEASE line", nullptr, nullptr, nullptr);
}

// A try inside the savepoint whose handler rolls back to it and rethrows
// (see "Rethrowing handlers" in the documentation).
void add_line_undo_rethrow(sqlite3 *db, const Line &line) {
  sqlite3_exec(db, "SAVEPOINT line", nullptr, nullptr, nullptr);
  try {
    check_quantity(line.qty);
  } catch (...) {
    sqlite3_exec(db, "ROLLBACK TO line", nullptr, nullptr, nullptr);
    sqlite3_exec(db, "RELEASE line", nullptr, nullptr, nullptr);
    throw;
  }
  sqlite3_exec(db, "RELEASE line", nullptr, nullptr, nullptr);
}

// The same, throwing an exception of its own.
void add_line_undo_wrap(sqlite3 *db, const Line &line) {
  sqlite3_exec(db, "SAVEPOINT line", nullptr, nullptr, nullptr);
  try {
    inventory::reserve(line.sku, line.qty);
  } catch (const std::exception &) {
    sqlite3_exec(db, "ROLLBACK TO line", nullptr, nullptr, nullptr);
    throw std::runtime_error("cannot reserve");
  }
  sqlite3_exec(db, "RELEASE line", nullptr, nullptr, nullptr);
}

// A try around the savepoint whose handler rolls back to it and carries on.
void add_line_or_skip(sqlite3 *db, const Line &line) {
  try {
    sqlite3_exec(db, "SAVEPOINT line", nullptr, nullptr, nullptr);
    insert_line(db, line);
    check_quantity(line.qty);
    inventory::reserve(line.sku, line.qty);
    sqlite3_exec(db, "RELEASE line", nullptr, nullptr, nullptr);
  } catch (const std::exception &) {
    sqlite3_exec(db, "ROLLBACK TO line", nullptr, nullptr, nullptr);
    sqlite3_exec(db, "RELEASE line", nullptr, nullptr, nullptr);
  }
}

// A try around the savepoint whose handler rolls back to it and rethrows.
void add_line_or_fail(sqlite3 *db, const Line &line) {
  try {
    sqlite3_exec(db, "SAVEPOINT line", nullptr, nullptr, nullptr);
    check_quantity(line.qty);
    if (insert_line(db, line) != SQLITE_OK)
      throw std::runtime_error("insert failed");
    sqlite3_exec(db, "RELEASE line", nullptr, nullptr, nullptr);
  } catch (...) {
    sqlite3_exec(db, "ROLLBACK TO SAVEPOINT line", nullptr, nullptr, nullptr);
    throw;
  }
}

// A try around the savepoint whose handler rolls back the whole transaction.
// Reported: it gets past the savepoint and then ends the enclosing transaction
// (issue 15), though this function sits among the negatives.
void add_line_or_abort(sqlite3 *db, const Line &line) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  try {
    sqlite3_exec(db, "SAVEPOINT line", nullptr, nullptr, nullptr);
    check_quantity(line.qty);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: an exception from 'check_quantity' escapes savepoint 'line' and aborts the enclosing transaction; catch it inside the savepoint and roll back to the savepoint [txn-nested-unhandled-exception]
    // CHECK-NOTES: :[[@LINE-3]]:5: note: savepoint 'line' is opened here
    // CHECK-NOTES: :[[@LINE+3]]:5: note: the handler then rolls back the whole transaction here
    sqlite3_exec(db, "RELEASE line", nullptr, nullptr, nullptr);
  } catch (const std::invalid_argument &) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// The first try around the savepoint does not catch the type; the outer one
// does, and rolls back to the savepoint.
void add_line_outer_handler(sqlite3 *db, const Line &line) {
  try {
    try {
      sqlite3_exec(db, "SAVEPOINT line", nullptr, nullptr, nullptr);
      check_quantity(line.qty);
      sqlite3_exec(db, "RELEASE line", nullptr, nullptr, nullptr);
    } catch (const std::out_of_range &) {
      log_line("out of range");
    }
  } catch (const std::invalid_argument &) {
    sqlite3_exec(db, "ROLLBACK TO line", nullptr, nullptr, nullptr);
  }
}

// The inner try around the savepoint only logs and rethrows; the outer one
// rolls back to the savepoint.
void add_line_logged_then_undone(sqlite3 *db, const Line &line) {
  try {
    try {
      sqlite3_exec(db, "SAVEPOINT line", nullptr, nullptr, nullptr);
      check_quantity(line.qty);
      sqlite3_exec(db, "RELEASE line", nullptr, nullptr, nullptr);
    } catch (...) {
      log_line("failed");
      throw;
    }
  } catch (...) {
    sqlite3_exec(db, "ROLLBACK TO line", nullptr, nullptr, nullptr);
    sqlite3_exec(db, "RELEASE line", nullptr, nullptr, nullptr);
  }
}

// Nested savepoints, each handled where it is opened.
void nested_handled(sqlite3 *db, const Line &line) {
  sqlite3_exec(db, "SAVEPOINT order_sp", nullptr, nullptr, nullptr);
  try {
    sqlite3_exec(db, "SAVEPOINT line_sp", nullptr, nullptr, nullptr);
    check_quantity(line.qty);
    sqlite3_exec(db, "RELEASE line_sp", nullptr, nullptr, nullptr);
  } catch (const std::exception &) {
    sqlite3_exec(db, "ROLLBACK TO line_sp", nullptr, nullptr, nullptr);
    sqlite3_exec(db, "RELEASE line_sp", nullptr, nullptr, nullptr);
  }
  sqlite3_exec(db, "RELEASE order_sp", nullptr, nullptr, nullptr);
}

// Calls that are not known to throw: defined elsewhere, noexcept, catching
// their own exceptions, library code, and a lambda that is never called.
void add_line_quiet(sqlite3 *db, std::vector<Line> &lines, const Line &line) {
  sqlite3_exec(db, "SAVEPOINT line", nullptr, nullptr, nullptr);
  insert_line(db, line);
  log_line("inserted");
  clamp_quantity(line.qty);
  checked_quantity(line.qty);
  reserve_buffer(lines, lines.size() + 1);
  lines.push_back(line);
  std::string note = "sku " + std::to_string(line.sku);
  auto fail = [](int qty) {
    if (qty < 0)
      throw std::invalid_argument("qty");
  };
  (void)fail;
  sqlite3_exec(db, "RELEASE line", nullptr, nullptr, nullptr);
}

// The handler is reached only by exceptions from calls known to throw, and
// insert_line is not: the rethrow is not reported.
void add_line_rethrow_unknown(sqlite3 *db, const Line &line) {
  sqlite3_exec(db, "SAVEPOINT line", nullptr, nullptr, nullptr);
  try {
    insert_line(db, line);
  } catch (...) {
    throw;
  }
  sqlite3_exec(db, "RELEASE line", nullptr, nullptr, nullptr);
}

// A throw caught by a handler in the same try inside the savepoint.
void add_line_local_throw(sqlite3 *db, const Line &line) {
  sqlite3_exec(db, "SAVEPOINT line", nullptr, nullptr, nullptr);
  try {
    if (line.qty <= 0)
      throw std::invalid_argument("qty");
    insert_line(db, line);
  } catch (...) {
    log_line("skipped");
  }
  sqlite3_exec(db, "RELEASE line", nullptr, nullptr, nullptr);
}

// A savepoint per iteration, released on every path; throws after the loop.
void add_lines_checked(sqlite3 *db, const std::vector<Line> &lines) {
  int failed = 0;
  for (const Line &line : lines) {
    sqlite3_exec(db, "SAVEPOINT line", nullptr, nullptr, nullptr);
    if (insert_line(db, line) != SQLITE_OK) {
      sqlite3_exec(db, "ROLLBACK TO line", nullptr, nullptr, nullptr);
      sqlite3_exec(db, "RELEASE line", nullptr, nullptr, nullptr);
      ++failed;
      continue;
    }
    sqlite3_exec(db, "RELEASE line", nullptr, nullptr, nullptr);
  }
  if (failed > 0)
    throw std::runtime_error("some lines failed");
}

// A savepoint whose opening failed opened nothing.
void add_line_if_savepoint(sqlite3 *db, const Line &line) {
  if (sqlite3_exec(db, "SAVEPOINT line", nullptr, nullptr, nullptr) != SQLITE_OK)
    throw std::runtime_error("cannot open savepoint");
  insert_line(db, line);
  sqlite3_exec(db, "RELEASE line", nullptr, nullptr, nullptr);
}

// A helper called inside the caller's savepoint: its own throw is not inside
// a savepoint of its function.
void check_line(const Line &line) {
  if (line.sku <= 0)
    throw std::invalid_argument("sku");
}

// Positive: a lambda called on the spot throws inside the savepoint; the
// lambda is named as such.
void add_short_note(sqlite3 *db, const std::string &body) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "SAVEPOINT note", nullptr, nullptr, nullptr);
  [&] {
    if (body.size() > 200)
      throw std::length_error("note too long");
  }();
  // CHECK-NOTES: :[[@LINE-4]]:3: warning: an exception from the lambda escapes savepoint 'note' and aborts the enclosing transaction; catch it inside the savepoint and roll back to the savepoint [txn-nested-unhandled-exception]
  // CHECK-NOTES: :[[@LINE-6]]:3: note: savepoint 'note' is opened here
  // CHECK-NOTES: :[[@LINE-8]]:3: note: the exception then leaves the function that began transaction on 'db' here
  sqlite3_exec(db, "RELEASE note", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// Negative: the handler rolls back to the savepoint and goes on with the
// next line; it rolls back the whole transaction only when that fails.
int import_lines_skipping_bad(sqlite3 *db, const std::vector<Line> &lines) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return 0;
  int imported = 0;
  for (const Line &line : lines) {
    try {
      if (sqlite3_exec(db, "SAVEPOINT line", nullptr, nullptr, nullptr) !=
          SQLITE_OK)
        throw std::runtime_error(sqlite3_errmsg(db));
      check_line(line);
      sqlite3_exec(db, "RELEASE line", nullptr, nullptr, nullptr);
      ++imported;
    } catch (const std::exception &) {
      if (sqlite3_exec(db, "ROLLBACK TO SAVEPOINT line", nullptr, nullptr,
                       nullptr) != SQLITE_OK ||
          sqlite3_exec(db, "RELEASE SAVEPOINT line", nullptr, nullptr,
                       nullptr) != SQLITE_OK) {
        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        return 0;
      }
    }
  }
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return imported;
}

// A helper whose own statement's failure is the exception.
static void import_line(sqlite3 *db, const Line &line) {
  if (sqlite3_exec(db, "INSERT INTO lines VALUES (1)", nullptr, nullptr,
                   nullptr) != SQLITE_OK)
    throw std::runtime_error(sqlite3_errmsg(db));
  check_quantity(line.qty);
}

// Negative: the handler records the failure, and the branch after the try
// rolls back to the savepoint (Domoticz-style imports).
void add_lines_flagged(sqlite3 *db, const Line *lines, int n) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  for (int i = 0; i < n; ++i) {
    sqlite3_exec(db, "SAVEPOINT line", nullptr, nullptr, nullptr);
    bool ok;
    try {
      import_line(db, lines[i]);
      ok = true;
    } catch (const std::exception &) {
      log_line("line skipped");
      ok = false;
    }
    if (!ok)
      sqlite3_exec(db, "ROLLBACK TO line", nullptr, nullptr, nullptr);
    sqlite3_exec(db, "RELEASE line", nullptr, nullptr, nullptr);
  }
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// The flag the handler sets is tested, but the branch only logs.
void add_lines_flag_ignored(sqlite3 *db, const Line *lines, int n) {
  for (int i = 0; i < n; ++i) {
    sqlite3_exec(db, "SAVEPOINT line", nullptr, nullptr, nullptr);
    bool ok = true;
    try {
      import_line(db, lines[i]);
      // CHECK-NOTES: :[[@LINE-1]]:7: warning: an exception from 'import_line' is caught without rolling back to savepoint 'line'; the savepoint's partial work stays in the enclosing transaction [txn-nested-unhandled-exception]
      // CHECK-NOTES: :[[@LINE-5]]:5: note: savepoint 'line' is opened here
    } catch (const std::exception &) {
      ok = false;
    }
    if (!ok)
      log_line("line kept partly");
    sqlite3_exec(db, "RELEASE line", nullptr, nullptr, nullptr);
  }
}
