// txn-autocommit-multi-write with the SQLite C API, compiled against the real
// <sqlite3.h>. Outside BEGIN ... COMMIT, SQLite runs every statement in its
// own transaction (autocommit): two writes on one connection with no
// transaction around them can leave the first applied and the second not.
//
// RUN: %check_txnlint %s txn-autocommit-multi-write %t

#include <sqlite3.h>

#include <stdexcept>
#include <string>
#include <vector>

// Defined in another translation unit.
void audit(int id);
int write_rows(sqlite3 *db, int id);

constexpr const char kDebit[] = "UPDATE accounts SET balance = balance - 10 WHERE id = 1";
constexpr const char *kCredit = "UPDATE accounts SET balance = balance + 10 WHERE id = 2";

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// A migration's data writes after its schema change: the schema change is
// no earlier write of the pair, the data writes are a pair of their own.
bool migrate_play_counts(sqlite3 *db) {
  if (sqlite3_exec(db, "CREATE TABLE IF NOT EXISTS play_counts (track INTEGER, n INTEGER)",
                   nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  if (sqlite3_exec(db, "INSERT INTO play_counts SELECT id, plays FROM tracks",
                   nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  return sqlite3_exec(db, "UPDATE tracks SET plays = 0", nullptr, nullptr,
                      nullptr) == SQLITE_OK;
  // CHECK-NOTES: :[[@LINE-2]]:10: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-6]]:7: note: the earlier write commits here on its own
}

// The classic: a transfer as two autocommitted updates.
int transfer(sqlite3 *db) {
  sqlite3_exec(db, "UPDATE accounts SET balance = balance - 10 WHERE id = 1",
               nullptr, nullptr, nullptr);
  sqlite3_exec(db, "UPDATE accounts SET balance = balance + 10 WHERE id = 2",
               nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-2]]:3: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-5]]:3: note: the earlier write commits here on its own
  return 0;
}

// The first write's failure is checked; the second still runs on its own.
int transfer_checked(sqlite3 *db) {
  if (sqlite3_exec(db, kDebit, nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  if (sqlite3_exec(db, kCredit, nullptr, nullptr, nullptr) != SQLITE_OK)
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
    // CHECK-NOTES: :[[@LINE-4]]:7: note: the earlier write commits here on its own
    return -2;
  return 0;
}

// Three writes: the second and the third are each reported once.
void place_order(sqlite3 *db, int id) {
  sqlite3_exec(db, "INSERT INTO orders (id) VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO order_lines (order_id) VALUES (1)", nullptr, nullptr,
               nullptr);
  // CHECK-NOTES: :[[@LINE-2]]:3: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: the earlier write commits here on its own
  sqlite3_exec(db, "DELETE FROM carts WHERE customer = 1", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-7]]:3: note: the earlier write commits here on its own
  audit(id);
}

// On some path: the first write is conditional.
void restock(sqlite3 *db, bool reset) {
  if (reset)
    sqlite3_exec(db, "DELETE FROM stock", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO stock (id, qty) VALUES (1, 10)", nullptr, nullptr,
               nullptr);
  // CHECK-NOTES: :[[@LINE-2]]:3: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-4]]:5: note: the earlier write commits here on its own
}

// An early return between the writes is exactly the partial write.
int archive(sqlite3 *db, int id) {
  sqlite3_exec(db, "INSERT INTO archive SELECT * FROM orders WHERE id = 1", nullptr,
               nullptr, nullptr);
  if (id < 0)
    return -1;
  sqlite3_exec(db, "DELETE FROM orders WHERE id = 1", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-6]]:3: note: the earlier write commits here on its own
  return 0;
}

// REPLACE, lower case and comments are writes too.
void upsert(sqlite3 *db) {
  sqlite3_exec(db, "/* sync */ replace into settings (k, v) values ('a', '1')", nullptr,
               nullptr, nullptr);
  sqlite3_exec(db, "  -- bump\n update settings set version = version + 1", nullptr,
               nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-2]]:3: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-5]]:3: note: the earlier write commits here on its own
}

// Prepared statements run on the connection they were prepared on.
int move_line(sqlite3 *db, int line) {
  sqlite3_stmt *insert = nullptr;
  sqlite3_stmt *remove = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO shipped_lines SELECT * FROM lines WHERE id = ?", -1,
                     &insert, nullptr);
  sqlite3_prepare_v2(db, "DELETE FROM lines WHERE id = ?", -1, &remove, nullptr);
  sqlite3_bind_int(insert, 1, line);
  sqlite3_bind_int(remove, 1, line);
  int rc = sqlite3_step(insert);
  if (rc == SQLITE_DONE)
    rc = sqlite3_step(remove);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-4]]:12: note: the earlier write commits here on its own
  sqlite3_finalize(insert);
  sqlite3_finalize(remove);
  return rc;
}

// A transaction earlier in the function does not cover writes after its
// commit.
void settle(sqlite3 *db) {
  sqlite3_exec(db, "UPDATE invoices SET state = 'closing'", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO ledger (amount) VALUES (10)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "UPDATE invoices SET state = 'closed'", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-6]]:3: note: the earlier write commits here on its own
}

// A member connection; 'this->m_db' is the same connection as 'm_db'.
class OrderStore {
public:
  void cancel(int id);
  void save(int id);

private:
  sqlite3 *m_db;
};

void OrderStore::cancel(int id) {
  sqlite3_exec(m_db, "UPDATE orders SET state = 'cancelled' WHERE id = 1", nullptr,
               nullptr, nullptr);
  sqlite3_exec(this->m_db, "DELETE FROM reservations WHERE order_id = 1", nullptr,
               nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-2]]:3: warning: 'this->m_db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-5]]:3: note: the earlier write commits here on its own
  audit(id);
}

// A helper of this file that some caller calls without a transaction.
static void write_header_and_lines(sqlite3 *db) {
  sqlite3_exec(db, "INSERT INTO headers (id) VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO lines (header) VALUES (1)", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the earlier write commits here on its own
}

void import_in_transaction(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  write_header_and_lines(db);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

void import_without_transaction(sqlite3 *db) { write_header_and_lines(db); }

// A lambda is a function of its own.
void purge_later(sqlite3 *db) {
  auto purge = [db] {
    sqlite3_exec(db, "DELETE FROM sessions", nullptr, nullptr, nullptr);
    sqlite3_exec(db, "DELETE FROM tokens", nullptr, nullptr, nullptr);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
    // CHECK-NOTES: :[[@LINE-3]]:5: note: the earlier write commits here on its own
  };
  purge();
}

// Two different write statements in a loop body: one pair, reported once
// (the second iteration's first write following the first iteration's
// second is the same pair again).
void copy_all(sqlite3 *db, int n) {
  for (int i = 0; i < n; ++i) {
    sqlite3_exec(db, "INSERT INTO copy SELECT * FROM source LIMIT 1", nullptr, nullptr,
                 nullptr);
    sqlite3_exec(db, "DELETE FROM source LIMIT 1", nullptr, nullptr, nullptr);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
    // CHECK-NOTES: :[[@LINE-4]]:5: note: the earlier write commits here on its own
  }
}

// Reached from two earlier writes on different paths: reported once.
void close_account(sqlite3 *db, bool keep_history) {
  if (keep_history)
    sqlite3_exec(db, "UPDATE accounts SET closed = 1", nullptr, nullptr, nullptr);
  else
    sqlite3_exec(db, "DELETE FROM history", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "DELETE FROM sessions", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-5]]:5: note: the earlier write commits here on its own
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// SQL whose text is not visible may be a read: no finding rests on it.
void run_both(sqlite3 *db, const char *first, const char *second) {
  sqlite3_exec(db, first, nullptr, nullptr, nullptr);
  sqlite3_exec(db, second, nullptr, nullptr, nullptr);
}

// A single write is atomic on its own.
int single(sqlite3 *db, int id) {
  if (sqlite3_exec(db, "INSERT INTO orders (id) VALUES (1)", nullptr, nullptr,
                   nullptr) != SQLITE_OK)
    return -1;
  audit(id);
  return 0;
}

// Both writes inside BEGIN ... COMMIT (and ROLLBACK on failure).
int transfer_in_transaction(sqlite3 *db) {
  if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  if (sqlite3_exec(db, kDebit, nullptr, nullptr, nullptr) != SQLITE_OK ||
      sqlite3_exec(db, kCredit, nullptr, nullptr, nullptr) != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return -2;
  }
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// BEGIN ... END, with the statements prepared.
int move_line_in_transaction(sqlite3 *db, int line) {
  sqlite3_exec(db, "BEGIN TRANSACTION", nullptr, nullptr, nullptr);
  sqlite3_stmt *insert = nullptr;
  sqlite3_stmt *remove = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO shipped_lines SELECT * FROM lines WHERE id = ?", -1,
                     &insert, nullptr);
  sqlite3_prepare_v2(db, "DELETE FROM lines WHERE id = ?", -1, &remove, nullptr);
  sqlite3_bind_int(insert, 1, line);
  sqlite3_bind_int(remove, 1, line);
  sqlite3_step(insert);
  sqlite3_step(remove);
  sqlite3_finalize(insert);
  sqlite3_finalize(remove);
  return sqlite3_exec(db, "END", nullptr, nullptr, nullptr);
}

// Everything in one string, transaction included.
void inline_transaction(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN; DELETE FROM carts; DELETE FROM cart_lines; COMMIT;", nullptr,
               nullptr, nullptr);
  sqlite3_exec(db, "BEGIN; INSERT INTO carts (id) VALUES (1); COMMIT;", nullptr, nullptr,
               nullptr);
}

// The same statement repeated in a loop is one write site.
int insert_all(sqlite3 *db, const int *ids, int n) {
  sqlite3_stmt *insert = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO orders (id) VALUES (?)", -1, &insert, nullptr);
  for (int i = 0; i < n; ++i) {
    sqlite3_bind_int(insert, 1, ids[i]);
    sqlite3_step(insert);
    sqlite3_reset(insert);
  }
  return sqlite3_finalize(insert);
}

void log_each(sqlite3 *db, int n) {
  for (int i = 0; i < n; ++i)
    sqlite3_exec(db, "INSERT INTO log (msg) VALUES ('tick')", nullptr, nullptr, nullptr);
}

// Either write, never both.
void set_state(sqlite3 *db, bool open) {
  if (open)
    sqlite3_exec(db, "UPDATE shop SET open = 1", nullptr, nullptr, nullptr);
  else
    sqlite3_exec(db, "DELETE FROM shop_hours", nullptr, nullptr, nullptr);
}

int by_kind(sqlite3 *db, int kind) {
  switch (kind) {
  case 0:
    return sqlite3_exec(db, "DELETE FROM a", nullptr, nullptr, nullptr);
  case 1:
    return sqlite3_exec(db, "DELETE FROM b", nullptr, nullptr, nullptr);
  default:
    return sqlite3_exec(db, "DELETE FROM c", nullptr, nullptr, nullptr);
  }
}

// Two connections, one write each.
void mirror(sqlite3 *primary, sqlite3 *replica) {
  sqlite3_exec(primary, "INSERT INTO orders (id) VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(replica, "INSERT INTO orders (id) VALUES (1)", nullptr, nullptr, nullptr);
}

// Reads and pragmas are not writes.
int count_then_insert(sqlite3 *db) {
  sqlite3_exec(db, "SELECT count(*) FROM orders", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO orders (id) VALUES (2)", nullptr, nullptr, nullptr);
  sqlite3_stmt *query = nullptr;
  sqlite3_prepare_v2(db, "SELECT id FROM orders", -1, &query, nullptr);
  while (sqlite3_step(query) == SQLITE_ROW)
    audit(sqlite3_column_int(query, 0));
  return sqlite3_finalize(query);
}

// Schema changes are not data writes: migrations run them one by one.
void migrate(sqlite3 *db) {
  sqlite3_exec(db, "CREATE TABLE IF NOT EXISTS orders (id INTEGER PRIMARY KEY)", nullptr,
               nullptr, nullptr);
  sqlite3_exec(db, "CREATE INDEX IF NOT EXISTS orders_id ON orders (id)", nullptr,
               nullptr, nullptr);
  sqlite3_exec(db, "ALTER TABLE orders ADD COLUMN note TEXT", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "DROP TABLE IF EXISTS legacy_orders", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO schema_version (v) VALUES (2)", nullptr, nullptr, nullptr);
}

// One write, then a transaction with more.
void log_then_import(sqlite3 *db) {
  sqlite3_exec(db, "INSERT INTO log (msg) VALUES ('import')", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO a (x) VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO b (x) VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// A failed BEGIN leaves the function before any write.
int import_checked(sqlite3 *db) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  sqlite3_exec(db, "INSERT INTO a (x) VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO b (x) VALUES (1)", nullptr, nullptr, nullptr);
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// A transaction open on another connection: no write in this function runs
// while no transaction is open.
void copy_under_lock(sqlite3 *db, sqlite3 *lock_db) {
  sqlite3_exec(lock_db, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "DELETE FROM mirror", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO mirror SELECT * FROM source", nullptr, nullptr, nullptr);
  sqlite3_exec(lock_db, "COMMIT", nullptr, nullptr, nullptr);
}

// A SAVEPOINT outside a transaction starts one in SQLite ("like BEGIN
// DEFERRED TRANSACTION"); RELEASE of the outermost savepoint commits it.
void with_savepoint(sqlite3 *db) {
  sqlite3_exec(db, "SAVEPOINT import", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO a (x) VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO b (x) VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "RELEASE import", nullptr, nullptr, nullptr);
}

// Helpers that every caller in this file calls inside a transaction.
static void write_order(sqlite3 *db, int id) {
  sqlite3_exec(db, "INSERT INTO orders (id) VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO order_lines (order_id) VALUES (1)", nullptr, nullptr,
               nullptr);
  audit(id);
}

int save_order(sqlite3 *db, int id) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  write_order(db, id);
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

int save_orders(sqlite3 *db, const int *ids, int n) {
  sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  for (int i = 0; i < n; ++i)
    write_order(db, ids[i]);
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

class Ledger {
public:
  void post(int amount);

private:
  void book(int amount);
  sqlite3 *m_db;
};

void Ledger::book(int amount) {
  sqlite3_exec(m_db, "INSERT INTO debits (amount) VALUES (10)", nullptr, nullptr, nullptr);
  sqlite3_exec(m_db, "INSERT INTO credits (amount) VALUES (10)", nullptr, nullptr, nullptr);
}

void Ledger::post(int amount) {
  sqlite3_exec(m_db, "BEGIN", nullptr, nullptr, nullptr);
  try {
    book(amount);
  } catch (...) {
    sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr);
}

// ... also through a helper that is itself only called inside one.
static void write_lines(sqlite3 *db) {
  sqlite3_exec(db, "INSERT INTO lines (id) VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO lines (id) VALUES (2)", nullptr, nullptr, nullptr);
}

static void write_document(sqlite3 *db) { write_lines(db); }

void save_document(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  write_document(db);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// ... also when the helper calls itself (QMapShack's folder removal): its
// recursive calls run inside its outer call's transaction.
static int remove_folder(sqlite3 *db, int id, const int *children, int n) {
  if (sqlite3_exec(db, "DELETE FROM folder2folder WHERE child = 1", nullptr, nullptr,
                   nullptr) != SQLITE_OK)
    return -1;
  for (int i = 0; i < n; ++i)
    if (remove_folder(db, children[i], nullptr, 0) != SQLITE_OK)
      return -1;
  if (sqlite3_exec(db, "DELETE FROM folder2item WHERE parent = 1", nullptr, nullptr,
                   nullptr) != SQLITE_OK)
    return -1;
  return sqlite3_exec(db, "DELETE FROM folders WHERE id = 1", nullptr, nullptr, nullptr);
}

int remove_folder_tree(sqlite3 *db, int id, const int *children, int n) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  if (remove_folder(db, id, children, n) != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return -1;
  }
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// A lambda with one write, called twice: one write site.
void touch_twice(sqlite3 *db) {
  auto touch = [db] {
    sqlite3_exec(db, "UPDATE heartbeat SET at = 1", nullptr, nullptr, nullptr);
  };
  touch();
  touch();
}

// Writes by functions defined elsewhere are not visible here.
int delegate(sqlite3 *db, int id) {
  if (write_rows(db, id) != SQLITE_OK)
    return -1;
  return write_rows(db, id + 1);
}

// A helper whose transaction every return finds ended (committed on one
// path, rolled back on the other) leaves none open for its caller: the
// writes of the function called after it run in autocommit mode.
static bool add_member(sqlite3 *db) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  if (sqlite3_exec(db, "INSERT INTO members (name) VALUES ('x')", nullptr,
                   nullptr, nullptr) != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
}

static bool move_member(sqlite3 *db) {
  if (sqlite3_exec(db, "DELETE FROM members WHERE name = 'x'", nullptr,
                   nullptr, nullptr) != SQLITE_OK)
    return false;
  return sqlite3_exec(db, "INSERT INTO archive (name) VALUES ('x')", nullptr,
                      nullptr, nullptr) == SQLITE_OK;
  // CHECK-NOTES: :[[@LINE-2]]:10: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-6]]:7: note: the earlier write commits here on its own
}

bool enroll_then_archive(sqlite3 *db) {
  return add_member(db) && move_member(db);
}

// A helper whose result reports its write: it writes on every path where it
// returns true (false: an argument it refused, nothing written).
static bool tag_order(sqlite3 *db, int id) {
  if (id <= 0)
    return false;
  return sqlite3_exec(db, "UPDATE orders SET tagged = 1 WHERE id = 1", nullptr,
                      nullptr, nullptr) == SQLITE_OK;
}

static bool note_order(sqlite3 *db, int id) {
  if (id <= 0)
    return false;
  return sqlite3_exec(db, "INSERT INTO notes (text) VALUES ('tagged')",
                      nullptr, nullptr, nullptr) == SQLITE_OK;
}

bool tag_and_note(sqlite3 *db, int id) {
  if (!tag_order(db, id))
    return false;
  return note_order(db, id);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-4]]:8: note: the earlier write commits here on its own
}

bool tag_and_note_atomically(sqlite3 *db, int id) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  if (!tag_order(db, id) || !note_order(db, id)) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
}

// A connection class that keeps its handle behind a d-pointer, runs SQL
// through its driver, and begins through a guard it is given, on some paths
// only (autocommit off, or a driver without transactions, gets none): its
// caller's writes may be inside that transaction.
class Transaction {
public:
  bool active = false;
};
class TransactionGuard {
public:
  void set(const Transaction &t) { held = t; }
  Transaction held;
};
struct ConnectionPrivate {
  bool autoCommit = true;
  bool transactions = true;
};
class Connection {
public:
  virtual ~Connection() = default;
  bool executeSql(const char *sql);
  Transaction beginTransaction();
  bool beginAutoCommitTransaction(TransactionGuard *guard);
  bool rename();

protected:
  virtual bool drv_executeSql(const char *sql) = 0;

private:
  ConnectionPrivate *d = nullptr;
};
class SqliteConnection : public Connection {
protected:
  bool drv_executeSql(const char *sql) override {
    return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
  }

private:
  sqlite3 *db = nullptr;
};
bool Connection::executeSql(const char *sql) {
  if (!sql)
    return false;
  if (!drv_executeSql(sql))
    return false;
  return true;
}
Transaction Connection::beginTransaction() {
  Transaction t;
  if (!d->transactions)
    return t;
  if (!executeSql("BEGIN"))
    return t;
  t.active = true;
  return t;
}
bool Connection::beginAutoCommitTransaction(TransactionGuard *guard) {
  if (!d->autoCommit)
    return true;
  guard->set(beginTransaction());
  return true;
}
bool Connection::rename() {
  TransactionGuard guard;
  if (!beginAutoCommitTransaction(&guard))
    return false;
  if (!executeSql("UPDATE objects SET name = 'x' WHERE id = 1"))
    return false;
  return executeSql("UPDATE fields SET object = 2 WHERE object = 1");
}

// Negative: a transaction class whose constructor begins unless told not
// to (Akonadi's Transaction(store, name, bool beginTransaction = true)):
// the writes after it may be inside its transaction.
class MaybeTx {
public:
  explicit MaybeTx(sqlite3 *Db, bool Begin = true) : Db(Db) {
    if (Begin)
      sqlite3_exec(Db, "BEGIN", nullptr, nullptr, nullptr);
  }
  bool commit() {
    return sqlite3_exec(Db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
  }

private:
  sqlite3 *Db;
};

bool purge_both(sqlite3 *db) {
  MaybeTx tx(db);
  if (sqlite3_exec(db, "DELETE FROM a", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  if (sqlite3_exec(db, "DELETE FROM b", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  return tx.commit();
}

// A storage wrapper in Amarok's shape: each method starts with a guard on
// the object's state that logs and returns before anything happens, then
// runs the SQL it is given.
void logWarning(const char *Message);

class SqlStorage {
public:
  std::vector<std::string> query(const std::string &Statement) {
    std::vector<std::string> Values;
    if (!m_db) {
      logWarning("query on an unopened database");
      return Values;
    }
    if (sqlite3_exec(m_db, Statement.c_str(), nullptr, nullptr, nullptr) !=
        SQLITE_OK)
      logWarning(sqlite3_errmsg(m_db));
    return Values;
  }

  sqlite3 *m_db = nullptr;
};

void removeTrack(SqlStorage &Storage, int Id) {
  Storage.query("DELETE FROM tracks WHERE url = " + std::to_string(Id));
  Storage.query("DELETE FROM urls WHERE id = " + std::to_string(Id));
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'Storage' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the earlier write commits here on its own
}
