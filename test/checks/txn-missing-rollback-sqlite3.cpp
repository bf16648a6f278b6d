// txn-missing-rollback with the SQLite C API, compiled against the real
// <sqlite3.h>. Transactions are begun and ended by SQL text given to
// sqlite3_exec as a string literal or a constexpr string.
//
// RUN: %check_txnlint %s txn-missing-rollback %t

#include <sqlite3.h>

#include <stdexcept>

// Defined in another translation unit.
int write_rows(sqlite3 *db, int id);
void audit(int id);
void log_line(const char *text);

// Throws: a call to it after a begin is an exit from the caller.
static void check_quantity(int qty) {
  if (qty <= 0)
    throw std::invalid_argument("quantity must be positive");
}

constexpr const char kBeginImmediate[] = "BEGIN IMMEDIATE";
constexpr const char *kCommit = "COMMIT";
static constexpr char kRollback[] = "ROLLBACK";

class Store {
public:
  explicit Store(sqlite3 *db) : m_db(db) {}
  void begin();
  int put(int key, int value);

private:
  sqlite3 *m_db;
};

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// Early return on a validation failure, without a rollback.
int save_order(sqlite3 *db, int id, int qty) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'save_order'; commit or roll it back before leaving [txn-missing-rollback]
  if (qty <= 0)
    return SQLITE_MISUSE;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  char *err = nullptr;
  if (sqlite3_exec(db, "INSERT INTO orders (id, qty) VALUES (1, 2)", nullptr,
                   nullptr, &err) != SQLITE_OK) {
    sqlite3_free(err);
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return SQLITE_ERROR;
  }
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// The begin is checked, but a failed insert returns with it open.
int add_item(sqlite3 *db, int id) {
  if (sqlite3_exec(db, "BEGIN TRANSACTION", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  // CHECK-NOTES: :[[@LINE-2]]:7: warning: transaction begun on 'db' is left open on some path out of 'add_item'; commit or roll it back before leaving [txn-missing-rollback]
  if (sqlite3_exec(db, "INSERT INTO items (id) VALUES (1)", nullptr, nullptr,
                   nullptr) != SQLITE_OK)
    return -2;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  sqlite3_exec(db, "END TRANSACTION", nullptr, nullptr, nullptr);
  return 0;
}

// A throw after the begin; the SQL comes from constexpr strings.
void restock(sqlite3 *db, int qty) {
  sqlite3_exec(db, kBeginImmediate, nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'restock'; commit or roll it back before leaving [txn-missing-rollback]
  if (qty > 1000)
    throw std::out_of_range("restock too large");
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open when an exception leaves the function here
  sqlite3_exec(db, kCommit, nullptr, nullptr, nullptr);
}

// Falling off the end in one branch; lower-case SQL.
void purge(sqlite3 *db, bool really) {
  sqlite3_exec(db, "begin deferred transaction", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'purge'; commit or roll it back before leaving [txn-missing-rollback]
  if (really) {
    sqlite3_exec(db, "DELETE FROM orders", nullptr, nullptr, nullptr);
    sqlite3_exec(db, "END", nullptr, nullptr, nullptr);
  }
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: transaction is still open at the end of the function

// A call to a function of this file whose body throws.
int reserve(sqlite3 *db, int qty) {
  sqlite3_exec(db, "BEGIN EXCLUSIVE", 0, 0, 0);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'reserve'; commit or roll it back before leaving [txn-missing-rollback]
  check_quantity(qty);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: transaction is still open when an exception leaves the function here
  return sqlite3_exec(db, "COMMIT", 0, 0, 0);
}

// A status chain whose failure path skips the commit and is never rolled
// back: a failed update leaves the transaction open.
int bump_chained(sqlite3 *db) {
  int rc = sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: transaction begun on 'db' is left open on some path out of 'bump_chained'; commit or roll it back before leaving [txn-missing-rollback]
  if (rc != SQLITE_OK)
    return rc;
  rc = sqlite3_exec(db, "UPDATE stock SET qty = qty + 1", nullptr, nullptr, nullptr);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return rc;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: transaction is still open at this return
}

// The rollback is taken only for one failure code: any other leaves the
// transaction open.
int bump_busy_only(sqlite3 *db) {
  int rc = sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: transaction begun on 'db' is left open on some path out of 'bump_busy_only'; commit or roll it back before leaving [txn-missing-rollback]
  if (rc)
    return rc;
  rc = sqlite3_exec(db, "UPDATE stock SET qty = qty + 1", nullptr, nullptr, nullptr);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  if (rc == SQLITE_BUSY)
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  return rc;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: transaction is still open at this return
}

// A member function beginning on the member connection.
int Store::put(int key, int value) {
  sqlite3_exec(m_db, "BEGIN", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'm_db' is left open on some path out of 'Store::put'; commit or roll it back before leaving [txn-missing-rollback]
  if (key < 0)
    return SQLITE_RANGE;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  sqlite3_stmt *stmt = nullptr;
  if (sqlite3_prepare_v2(m_db, "INSERT INTO kv VALUES (?, ?)", -1, &stmt, nullptr) !=
      SQLITE_OK) {
    sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
    return SQLITE_ERROR;
  }
  sqlite3_bind_int(stmt, 1, key);
  sqlite3_bind_int(stmt, 2, value);
  const int rc = sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) {
    sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
    return rc;
  }
  sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr);
  return SQLITE_OK;
}

// A string whose last transaction statement is a BEGIN opens one.
int load(sqlite3 *db, int n) {
  sqlite3_exec(db, "BEGIN; DELETE FROM staging;", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'load'; commit or roll it back before leaving [txn-missing-rollback]
  if (n < 0)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return 0;
}

// Three notes at most, the returns before the exception, in source order;
// a last note counts the exits not shown.
int import_batch(sqlite3 *db, const int *ids, int n) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'import_batch'; commit or roll it back before leaving [txn-missing-rollback]
  if (n == 0)
    return 0;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  for (int i = 0; i < n; ++i) {
    if (ids[i] < 0)
      throw std::invalid_argument("negative id");
  }
  if (n > 1000)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  if (n > 100)
    return -2;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  // CHECK-NOTES: :[[@LINE-15]]:3: note: 1 more exit leaves it open
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return n;
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// COMMIT, ROLLBACK, END and END TRANSACTION on every path.
int save_checked(sqlite3 *db, int qty) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  if (qty <= 0) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return SQLITE_MISUSE;
  }
  if (qty > 1000) {
    sqlite3_exec(db, "END", nullptr, nullptr, nullptr);
    return SQLITE_TOOBIG;
  }
  if (qty > 100) {
    sqlite3_exec(db, "END TRANSACTION", nullptr, nullptr, nullptr);
    return SQLITE_FULL;
  }
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// The constexpr strings.
void restock_checked(sqlite3 *db, int qty) {
  sqlite3_exec(db, kBeginImmediate, nullptr, nullptr, nullptr);
  if (qty > 1000) {
    sqlite3_exec(db, kRollback, nullptr, nullptr, nullptr);
    throw std::out_of_range("restock too large");
  }
  sqlite3_exec(db, kCommit, nullptr, nullptr, nullptr);
}

// A begin that failed opened nothing.
int save_if_begun(sqlite3 *db, int id) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  audit(id);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return 0;
}

int save_if_begun_rc(sqlite3 *db, int id) {
  int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK)
    return rc;
  audit(id);
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// Only the successful begin enters the block that commits.
int save_when_begun(sqlite3 *db, int id) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK) {
    audit(id);
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  }
  return 0;
}

// try/catch that rolls back and rethrows.
void reserve_or_rethrow(sqlite3 *db, int qty) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  try {
    check_quantity(qty);
    if (qty > 1000)
      throw std::out_of_range("too many");
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  } catch (...) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

// Rollback in a catch (...).
int reserve_quietly(sqlite3 *db, int qty) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  try {
    check_quantity(qty);
  } catch (...) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return -1;
  }
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return 0;
}

// Begin and commit in each iteration of a loop.
int save_each(sqlite3 *db, const int *ids, int n) {
  int saved = 0;
  for (int i = 0; i < n; ++i) {
    if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
      return saved;
    if (ids[i] < 0) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      continue;
    }
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    ++saved;
  }
  return saved;
}

// Functions that begin and never end anywhere hand the transaction to their
// caller.
void begin_tx(sqlite3 *db) { sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr); }

void Store::begin() { sqlite3_exec(m_db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr); }

int begin_unless_empty(sqlite3 *db, int n) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  if (n == 0)
    return 0;
  audit(n);
  return n;
}

// Passing the connection to a function defined elsewhere hands it over.
int save_via_helper(sqlite3 *db, int id) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  if (write_rows(db, id) != SQLITE_OK)
    return -1;
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// Several statements in one string, ending with the COMMIT.
int save_inline(sqlite3 *db, int id) {
  sqlite3_exec(db, "BEGIN; INSERT INTO orders (id) VALUES (1); COMMIT;", nullptr,
               nullptr, nullptr);
  if (id < 0)
    return -1;
  return 0;
}

// sqlite3_close ends the transaction.
int close_on_error(sqlite3 *db, int id) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  if (id < 0) {
    sqlite3_close(db);
    return -1;
  }
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return 0;
}

// Statements that are not transaction control, and a "BEGIN" that never
// reaches SQLite.
int no_transaction(sqlite3 *db, int id) {
  log_line("BEGIN");
  sqlite3_exec(db, "INSERT INTO orders (id) VALUES (3)", nullptr, nullptr, nullptr);
  if (id < 0)
    return -1;
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return 0;
}

// The return inside a lambda leaves the lambda, not the function.
int save_valid(sqlite3 *db, const int *ids, int n) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  auto valid = [](int id) {
    if (id < 0)
      return false;
    return id != 0;
  };
  for (int i = 0; i < n; ++i) {
    if (!valid(ids[i])) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      return -1;
    }
  }
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// An exception thrown and caught inside the function does not leave it.
int save_or_default(sqlite3 *db, int qty) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  try {
    check_quantity(qty);
  } catch (const std::invalid_argument &) {
    qty = 1;
  }
  audit(qty);
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// One call ends the transaction either way; through a forwarding helper too.
static int run(sqlite3 *db, const char *sql) {
  return sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
}
int save_all_or_nothing(sqlite3 *db, const int *ids, int n) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  bool ok = true;
  for (int i = 0; i < n && ok; ++i)
    ok = write_rows(db, ids[i]) == 0;
  return sqlite3_exec(db, ok ? "COMMIT" : "ROLLBACK", nullptr, nullptr, nullptr);
}
int close_batch(sqlite3 *db, int id) {
  if (run(db, "BEGIN") != SQLITE_OK)
    return -1;
  const bool ok = write_rows(db, id) == 0;
  return run(db, ok ? kCommit : kRollback);
}

// A helper that returns true when the statement failed: a failed BEGIN
// opened nothing.
static bool failed(sqlite3 *db, const char *sql) {
  return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK;
}
int restock_unless_failed(sqlite3 *db) {
  if (failed(db, "BEGIN"))
    return 1;
  if (failed(db, "UPDATE stock SET qty = qty + 1")) {
    failed(db, "ROLLBACK");
    return 1;
  }
  return failed(db, "COMMIT") ? 1 : 0;
}

// A status chain: each step runs only while the status is SQLITE_OK, and the
// status decides between the commit's success and the rollback, so every
// path ends the transaction.
int restock_chained(sqlite3 *db) {
  int rc = sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK)
    return rc;
  rc = sqlite3_exec(db, "UPDATE stock SET qty = qty + 1", nullptr, nullptr, nullptr);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK)
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  return rc;
}

// The same chain tested for truth, with two steps before the commit.
int restock_twice_chained(sqlite3 *db) {
  int rc = sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  if (rc)
    return rc;
  rc = sqlite3_exec(db, "UPDATE stock SET qty = qty + 1", nullptr, nullptr, nullptr);
  if (!rc)
    rc = sqlite3_exec(db, "UPDATE stock SET qty = qty + 2", nullptr, nullptr, nullptr);
  if (!rc)
    rc = sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  if (rc)
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  return rc;
}

// A batch over the caller's connection, with no destructor: add() may
// throw with the batch's transaction open. Returning a count the batch
// keeps hands nothing over.
class RowBatch {
public:
  explicit RowBatch(sqlite3 *db) : m_db(db) {}
  void begin() { sqlite3_exec(m_db, "BEGIN", nullptr, nullptr, nullptr); }
  void add(int v) {
    if (v < 0)
      throw std::invalid_argument("negative");
    sqlite3_exec(m_db, "INSERT INTO t VALUES (1)", nullptr, nullptr, nullptr);
    ++m_count;
  }
  void commit() { sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr); }
  int count() const { return m_count; }

private:
  sqlite3 *m_db;
  int m_count = 0;
};

int record_row(sqlite3 *db, int v) {
  RowBatch batch(db);
  batch.begin();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'batch' is left open on some path out of 'record_row'; commit or roll it back before leaving [txn-missing-rollback]
  batch.add(v);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: transaction is still open when an exception leaves the function here
  batch.commit();
  return batch.count();
}

// Negative: the handler rolls back where SQLite says a transaction is open
// (sqlite3_get_autocommit is zero inside one).
void reserve_if_open(sqlite3 *db, int qty) {
  try {
    if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
      throw std::runtime_error("begin");
    check_quantity(qty);
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  } catch (...) {
    if (!sqlite3_get_autocommit(db))
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}
