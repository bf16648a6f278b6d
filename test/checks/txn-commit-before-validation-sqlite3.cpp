// txn-commit-before-validation with the SQLite C API, compiled against the
// real <sqlite3.h>. Transactions are begun and ended by SQL text given to
// sqlite3_exec; a COMMIT whose result is tested against SQLITE_OK did not
// happen on its failure branch. A small expected/unexpected pair stands in
// for std::expected, which libstdc++ 12 does not offer to Clang 19.
//
// RUN: %check_txnlint %s txn-commit-before-validation %t -- -- -std=c++17

#include <sqlite3.h>

#include <stdexcept>
#include <string>

// Defined in another translation unit: not known to throw. Only the names
// that match the default ValidatorFunctions globs are validators.
bool validate_total(int total);
bool verify_row(int id);
bool CheckStock(int item, int qty); // camel case: matches check*, ignoring case
bool assert_balanced(sqlite3 *db);
void log_line(const char *text);
void log_error(const char *text);
void notify_shipping(int order_id);

// Its body throws: a call to it can fail with an exception.
static void reserve_stock(int qty) {
  if (qty <= 0)
    throw std::invalid_argument("quantity must be positive");
}

enum Status { kOk, kErrInvalid };
enum class ParseError { kBadInput };
Status fail_with(int code);

class Ledger {
public:
  explicit Ledger(sqlite3 *db) : m_db(db) {}
  int post(int amount);
  int close_period(int period);

private:
  sqlite3 *m_db;
};

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// The order is validated only after it was committed.
int place_order(sqlite3 *db, int id, int total) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO orders (id) VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is committed before 'validate_total' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  if (!validate_total(total))
    // CHECK-NOTES: :[[@LINE-1]]:8: note: 'validate_total' can fail here
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an error is returned here
  return 0;
}

// A throw after END TRANSACTION.
void restock(sqlite3 *db, int qty) {
  sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "UPDATE stock SET qty = qty + 1", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "END TRANSACTION", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is committed before an exception can be thrown; a failure there leaves a partial write [txn-commit-before-validation]
  if (qty > 1000)
    throw std::out_of_range("restock too large");
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an exception is thrown here
}

// A call to a function of this file whose body throws.
int add_line(sqlite3 *db, int qty) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO lines (qty) VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "commit", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is committed before 'reserve_stock' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  reserve_stock(qty);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'reserve_stock' can fail here
  return 0;
}

// Validator names match ignoring case; the result need not be tested.
int reserve(sqlite3 *db, int item, int qty) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "UPDATE stock SET qty = qty - 1", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is committed before 'CheckStock' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  CheckStock(item, qty);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'CheckStock' can fail here
  return 0;
}

// Error returns: false.
bool archive_order(sqlite3 *db, int id) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO archive SELECT * FROM orders", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is committed before the function can return an error; a failure there leaves a partial write [txn-commit-before-validation]
  if (id < 0)
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an error is returned here
  return true;
}

// Error returns: a constant whose name says error.
Status save_status(sqlite3 *db, int qty) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO lines (qty) VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is committed before the function can return an error; a failure there leaves a partial write [txn-commit-before-validation]
  if (qty == 0)
    return kErrInvalid;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an error is returned here
  return kOk;
}

// Error returns: SQLite's own error code, a macro.
int save_rc(sqlite3 *db, int qty) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO lines (qty) VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is committed before the function can return an error; a failure there leaves a partial write [txn-commit-before-validation]
  if (qty > 100)
    return SQLITE_ERROR;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an error is returned here
  return SQLITE_OK;
}

// Error returns: a call whose name says failure.
Status save_or_fail(sqlite3 *db, int qty) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO lines (qty) VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is committed before the function can return an error; a failure there leaves a partial write [txn-commit-before-validation]
  if (qty > 100)
    return fail_with(7);
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an error is returned here
  return kOk;
}

// Error returns: unexpected(...), as with std::expected or tl::expected.
namespace result {
template <typename E> struct unexpected {
  explicit unexpected(E Error) : Error(Error) {}
  E Error;
};
template <typename T, typename E> struct expected {
  expected(T Value) : Value(Value) {}
  expected(unexpected<E> Error) : Failed(true) {}
  T Value{};
  bool Failed = false;
};
} // namespace result

result::expected<int, ParseError> import_row(sqlite3 *db, int value) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO imports (v) VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is committed before the function can return an error; a failure there leaves a partial write [txn-commit-before-validation]
  if (value < 0)
    return result::unexpected<ParseError>(ParseError::kBadInput);
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an error is returned here
  return value;
}

// More writes on the committed connection, outside any transaction.
int ship(sqlite3 *db, int id) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "UPDATE orders SET state = 'paid'", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is committed before 'db' is written again; a failure there leaves a partial write [txn-commit-before-validation]
  sqlite3_exec(db, "UPDATE orders SET state = 'shipped'", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: a write after the commit
  return 0;
}

// A prepared INSERT run after the commit is a write on its connection.
int ship_prepared(sqlite3 *db, int id) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "UPDATE orders SET state = 'paid'", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is committed before 'db' is written again; a failure there leaves a partial write [txn-commit-before-validation]
  sqlite3_stmt *stmt = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO shipments (order_id) VALUES (?)", -1, &stmt,
                     nullptr);
  sqlite3_bind_int(stmt, 1, id);
  sqlite3_step(stmt);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: a write after the commit
  sqlite3_finalize(stmt);
  return 0;
}

// The first failure point in source order names the step; at most three
// notes, in source order.
int close_day(sqlite3 *db, int n) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "DELETE FROM staging", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "END", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is committed before the function can return an error; a failure there leaves a partial write [txn-commit-before-validation]
  if (n == 1)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an error is returned here
  if (n == 2)
    throw std::runtime_error("bad day");
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an exception is thrown here
  sqlite3_exec(db, "INSERT INTO days (n) VALUES (1)", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: a write after the commit
  if (!validate_total(n))
    return -2;
  return 0;
}

// A commit on one path only: the check after the join follows it there.
int settle(sqlite3 *db, bool keep, int total) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "UPDATE accounts SET settled = 1", nullptr, nullptr, nullptr);
  if (keep)
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: transaction on 'db' is committed before 'assert_balanced' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  else
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  if (!assert_balanced(db))
    // CHECK-NOTES: :[[@LINE-1]]:8: note: 'assert_balanced' can fail here
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an error is returned here
  return total;
}

// One transaction per row: a failure later in the same iteration is part of
// that row's workflow.
int import_rows(sqlite3 *db, const int *ids, int n) {
  for (int i = 0; i < n; ++i) {
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    sqlite3_exec(db, "INSERT INTO rows (id) VALUES (1)", nullptr, nullptr, nullptr);
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: transaction on 'db' is committed before 'verify_row' can fail; a failure there leaves a partial write [txn-commit-before-validation]
    if (!verify_row(ids[i]))
      // CHECK-NOTES: :[[@LINE-1]]:10: note: 'verify_row' can fail here
      return -1;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: an error is returned here
  }
  return n;
}

// Inside a try block, the throw is still after the commit.
int post_all(sqlite3 *db, int amount) {
  try {
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    sqlite3_exec(db, "INSERT INTO postings (amount) VALUES (1)", nullptr, nullptr,
                 nullptr);
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: transaction on 'db' is committed before an exception can be thrown; a failure there leaves a partial write [txn-commit-before-validation]
    if (amount < 0)
      throw std::invalid_argument("negative amount");
    // CHECK-NOTES: :[[@LINE-1]]:7: note: an exception is thrown here
  } catch (const std::invalid_argument &) {
    log_error("posting rejected");
    return -1;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: an error is returned here
  }
  return 0;
}

// A member connection.
int Ledger::post(int amount) {
  sqlite3_exec(m_db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(m_db, "INSERT INTO postings (amount) VALUES (1)", nullptr, nullptr,
               nullptr);
  sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'm_db' is committed before 'm_db' is written again; a failure there leaves a partial write [txn-commit-before-validation]
  sqlite3_exec(m_db, "UPDATE totals SET amount = amount + 1", nullptr, nullptr,
               nullptr);
  // CHECK-NOTES: :[[@LINE-2]]:3: note: a write after the commit
  return 0;
}

// A wrapper class's begin and commit helpers end this function's own
// transaction: a write through the wrapper after the commit is written
// again, as with the C API.
class MovieDb {
public:
  bool begin() { return exec("BEGIN"); }
  bool commit() { return exec("COMMIT"); }
  void rollback() { exec("ROLLBACK"); }
  bool exec(const std::string &sql) {
    return sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, nullptr) ==
           SQLITE_OK;
  }

private:
  sqlite3 *m_db = nullptr;
};

bool remove_movie(MovieDb &db) {
  if (!db.begin())
    return false;
  if (!db.exec("DELETE FROM files WHERE movie = 1")) {
    db.rollback();
    return false;
  }
  if (!db.commit()) {
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: transaction on 'db' is committed before 'db' is written again; a failure there leaves a partial write [txn-commit-before-validation]
    db.rollback();
    return false;
  }
  db.exec("DELETE FROM movies WHERE id = 1");
  // CHECK-NOTES: :[[@LINE-1]]:3: note: a write after the commit
  return true;
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Validate first, roll back on failure, commit last.
int place_order_checked(sqlite3 *db, int total) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  sqlite3_exec(db, "INSERT INTO orders (id) VALUES (1)", nullptr, nullptr, nullptr);
  if (!validate_total(total)) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return -1;
  }
  reserve_stock(total);
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// The commit's own failure branch: the commit did not happen there.
int commit_checked(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO orders (id) VALUES (1)", nullptr, nullptr, nullptr);
  if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  return 0;
}

int commit_checked_rc(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO orders (id) VALUES (1)", nullptr, nullptr, nullptr);
  int rc = sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) {
    log_error("commit failed");
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return SQLITE_ERROR;
  }
  return SQLITE_OK;
}

bool commit_checked_truthy(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO orders (id) VALUES (1)", nullptr, nullptr, nullptr);
  if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr))
    throw std::runtime_error("commit failed");
  return true;
}

// Only reads and logging after the commit; non-error returns.
int place_and_report(sqlite3 *db, int id) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO orders (id) VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "SELECT count(*) FROM orders", nullptr, nullptr, nullptr);
  sqlite3_stmt *stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT total FROM orders WHERE id = ?", -1, &stmt, nullptr);
  sqlite3_bind_int(stmt, 1, id);
  int total = 0;
  if (sqlite3_step(stmt) == SQLITE_ROW)
    total = sqlite3_column_int(stmt, 0);
  sqlite3_finalize(stmt);
  log_line("order stored");
  log_error("nothing went wrong, but the name says error");
  notify_shipping(id);
  if (total == 0)
    return SQLITE_OK;
  return total;
}

// A local variable whose name happens to contain "err" is not an error
// constant.
bool mark_interrupted(sqlite3 *db, int pending) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "UPDATE jobs SET state = 'stopped'", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  bool interrupted = pending > 0;
  return interrupted;
}

// A later BEGIN starts a new workflow: its validation belongs to it.
int two_steps(sqlite3 *db, int total) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO orders (id) VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  if (!validate_total(total)) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return -1;
  }
  sqlite3_exec(db, "INSERT INTO invoices (id) VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return 0;
}

// One transaction per row; what follows the loop is not part of any row's
// workflow.
int import_all(sqlite3 *db, const int *ids, int n, int expected) {
  for (int i = 0; i < n; ++i) {
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    sqlite3_exec(db, "INSERT INTO rows (id) VALUES (1)", nullptr, nullptr, nullptr);
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  }
  if (!validate_total(n))
    return -1;
  if (n != expected)
    throw std::runtime_error("short import");
  return n;
}

// Each row is validated before its own transaction begins: the check at the
// top of the next iteration is not after this iteration's commit.
int import_valid(sqlite3 *db, const int *ids, int n) {
  int stored = 0;
  for (int i = 0; i < n; ++i) {
    if (!verify_row(ids[i]))
      return -1;
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    sqlite3_exec(db, "INSERT INTO rows (id) VALUES (1)", nullptr, nullptr, nullptr);
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    ++stored;
  }
  return stored;
}

int import_skip_invalid(sqlite3 *db, const int *ids, int n) {
  for (int i = 0; i < n; ++i) {
    if (!verify_row(ids[i]))
      continue;
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    sqlite3_exec(db, "INSERT INTO rows (id) VALUES (1)", nullptr, nullptr, nullptr);
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  }
  return n;
}

// Writes on another connection are not writes on the committed one.
int place_and_audit(sqlite3 *db, sqlite3 *audit_db, int id) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO orders (id) VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_exec(audit_db, "INSERT INTO audit (what) VALUES ('order')", nullptr, nullptr,
               nullptr);
  return 0;
}

// The failure is only on the path that rolled back.
int settle_or_reject(sqlite3 *db, bool keep, int total) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "UPDATE accounts SET settled = 1", nullptr, nullptr, nullptr);
  if (keep) {
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    return total;
  }
  sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  if (!validate_total(total))
    return -1;
  return 0;
}

// A lambda's body is not part of the function that defines it.
int store_with_checker(sqlite3 *db, int total) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO orders (id) VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  auto checker = [](int value) {
    if (value < 0)
      throw std::invalid_argument("negative");
    return validate_total(value);
  };
  (void)checker;
  return total;
}

// "COMMIT" that never reaches SQLite is not a commit.
int not_a_commit(sqlite3 *db, int total) {
  log_line("COMMIT");
  if (!validate_total(total))
    return -1;
  return 0;
}

// Several statements in one string ending with the COMMIT, and only a
// success value afterwards.
int save_inline(sqlite3 *db, int id) {
  sqlite3_exec(db, "BEGIN; INSERT INTO orders (id) VALUES (1); COMMIT;", nullptr,
               nullptr, nullptr);
  return id;
}

// Returning the commit's own status is not an error return.
int Ledger::close_period(int period) {
  sqlite3_exec(m_db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(m_db, "UPDATE periods SET closed = 1", nullptr, nullptr, nullptr);
  return sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr);
}

// Two operations called in turn: the first helper commits its own
// transaction, the second writes in autocommit mode. The second is not a
// validation of the first (a driver such as main() calling them in turn).
static void archive_orders(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  if (sqlite3_exec(db, "INSERT INTO archive SELECT * FROM orders", nullptr,
                   nullptr, nullptr) != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    throw std::runtime_error("archive failed");
  }
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

static int purge_sessions(sqlite3 *db) {
  return sqlite3_exec(db, "DELETE FROM sessions", nullptr, nullptr, nullptr);
}

int nightly(sqlite3 *db) {
  archive_orders(db);
  return purge_sessions(db);
}

// Negative: a transaction that only read commits nothing a later failure
// could leave behind (Gerbera's loadObject).
int load_object(sqlite3 *db, int id) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    throw std::runtime_error("begin");
  sqlite3_stmt *st = nullptr;
  sqlite3_prepare_v2(db, "SELECT parent FROM objects WHERE id = ?", -1, &st,
                     nullptr);
  sqlite3_bind_int(st, 1, id);
  bool found = sqlite3_step(st) == SQLITE_ROW;
  int parent = found ? sqlite3_column_int(st, 0) : 0;
  sqlite3_finalize(st);
  if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
    throw std::runtime_error("commit");
  if (!found)
    throw std::out_of_range("no such object");
  return parent;
}

// Positive: a runner begins, runs the lambda's writes and commits inside one
// call; what it ran is not in view here, so the transaction may have
// written.
void in_transaction(sqlite3 *db, void (*work)(sqlite3 *)) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  work(db);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

static void insert_order(sqlite3 *db) {
  sqlite3_exec(db, "INSERT INTO orders (id) VALUES (7)", nullptr, nullptr,
               nullptr);
}

bool import_and_verify(sqlite3 *db, int total) {
  in_transaction(db, insert_order);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is committed before the function can return an error; a failure there leaves a partial write [txn-commit-before-validation]
  if (total < 0)
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an error is returned here
  return true;
}
