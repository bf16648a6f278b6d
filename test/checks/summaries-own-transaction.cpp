// A helper that runs a transaction of its own, a local RAII object that
// begins in its constructor and rolls back in its destructor unless
// committed: its writes are inside that transaction, not writes on the
// caller's connection in autocommit mode, and it leaves nothing open for its
// caller (the object dies with the helper's scope). The writes the caller
// makes itself after calling it are in autocommit mode.
//
// RUN: %check_txnlint %s txn-autocommit-multi-write %t

#include <sqlite3.h>

class Tx {
public:
  explicit Tx(sqlite3 *db) : db_(db) {
    sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr);
  }
  ~Tx() {
    if (!done_)
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  bool commit() {
    done_ = true;
    return sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
  }

private:
  sqlite3 *db_;
  bool done_ = false;
};

bool add_order(sqlite3 *db) {
  Tx tx(db);
  if (sqlite3_exec(db, "INSERT INTO orders (id) VALUES (1)", nullptr, nullptr,
                   nullptr) != SQLITE_OK)
    return false;
  return tx.commit();
}

bool add_invoice(sqlite3 *db) {
  Tx tx(db);
  if (sqlite3_exec(db, "INSERT INTO invoices (id) VALUES (1)", nullptr,
                   nullptr, nullptr) != SQLITE_OK)
    return false;
  return tx.commit();
}

// Negative: two transactions, one in each helper.
void place(sqlite3 *db) {
  add_order(db);
  add_invoice(db);
}

// Positive: after the helper's transaction ended, two writes of the
// caller's own, each in autocommit mode.
void place_and_count(sqlite3 *db) {
  add_order(db);
  // CHECK-NOTES: :[[@LINE+4]]:3: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE+1]]:3: note: the earlier write commits here on its own
  sqlite3_exec(db, "UPDATE stats SET orders = orders + 1", nullptr, nullptr,
               nullptr);
  sqlite3_exec(db, "UPDATE stats SET last = 1", nullptr, nullptr, nullptr);
}
