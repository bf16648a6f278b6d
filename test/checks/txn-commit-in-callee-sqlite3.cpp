// txn-commit-in-callee with the SQLite C API, compiled against the real
// <sqlite3.h>. A function that is handed a connection (`sqlite3 *db`, or an
// object holding one) and runs COMMIT, END or ROLLBACK on it without running
// BEGIN on it itself ends a transaction that its caller began.
//
// RUN: %check_txnlint %s txn-commit-in-callee %t

#include <sqlite3.h>

#include <functional>
#include <memory>
#include <stdexcept>

// Defined in another translation unit.
int insert_line(sqlite3 *db, int order_id, int line);
void parse_row(const char *text);
int run_batches(sqlite3 *db, int (*finish_batch)(sqlite3 *));
int with_transaction(sqlite3 *db, const std::function<int(sqlite3 *)> &work);

struct RequestContext {
  sqlite3 *db;
  int user;
};
struct Request {
  RequestContext *ctx;
};

static constexpr char kEndTransaction[] = "end transaction";

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// The classic: a helper that finishes its caller's transaction, so the
// caller's next writes run in autocommit mode.
int write_header(sqlite3 *db, int order_id) {
  if (sqlite3_exec(db, "INSERT INTO orders (id) VALUES (1)", nullptr, nullptr,
                   nullptr) != SQLITE_OK)
    return SQLITE_ERROR;
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'write_header' commits transaction on 'db' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
  // CHECK-NOTES: :[[@LINE-6]]:27: note: the caller's transaction arrives through 'db'
}

// Rolls back on failure: the caller still thinks it is in a transaction.
int write_lines(sqlite3 *db, int order_id, const int *lines, int n) {
  for (int i = 0; i < n; ++i) {
    if (insert_line(db, order_id, lines[i]) != SQLITE_OK) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'write_lines' rolls back transaction on 'db' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
      // CHECK-NOTES: :[[@LINE-5]]:26: note: the caller's transaction arrives through 'db'
      return SQLITE_ERROR;
    }
  }
  return SQLITE_OK;
}

// END TRANSACTION is a commit too, also from a constant and in lower case.
void finish(sqlite3 *db) {
  sqlite3_exec(db, kEndTransaction, nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'finish' commits transaction on 'db' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
  // CHECK-NOTES: :[[@LINE-3]]:22: note: the caller's transaction arrives through 'db'
}

// Through a member of an object the caller passed, by reference.
int close_request(RequestContext &ctx) {
  if (ctx.user == 0)
    return SQLITE_AUTH;
  return sqlite3_exec(ctx.db, "COMMIT", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'close_request' commits transaction on 'ctx.db' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
  // CHECK-NOTES: :[[@LINE-5]]:35: note: the caller's transaction arrives through 'ctx'
}

// Through a chain of pointers.
void abort_request(Request *req) {
  sqlite3_exec(req->ctx->db, "ROLLBACK", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'abort_request' rolls back transaction on 'req->ctx->db' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
  // CHECK-NOTES: :[[@LINE-3]]:29: note: the caller's transaction arrives through 'req'
}

// A helper that catches, rolls back and rethrows: the caller's handler
// cannot tell that its transaction is gone.
void import_rows(sqlite3 *db, const char *const *rows, int n) {
  try {
    for (int i = 0; i < n; ++i)
      parse_row(rows[i]);
  } catch (...) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'import_rows' rolls back transaction on 'db' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
    // CHECK-NOTES: :[[@LINE-7]]:27: note: the caller's transaction arrives through 'db'
    throw;
  }
}

// A commit and a rollback: one warning for each, each with its note.
int settle(sqlite3 *db, bool ok) {
  if (ok)
    return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'settle' commits transaction on 'db' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
  // CHECK-NOTES: :[[@LINE-4]]:21: note: the caller's transaction arrives through 'db'
  return sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'settle' rolls back transaction on 'db' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
  // CHECK-NOTES: :[[@LINE-7]]:21: note: the caller's transaction arrives through 'db'
}

// Begins on one connection it was handed and commits both: only the one it
// began is its own.
int copy_rows(sqlite3 *src, sqlite3 *dst) {
  if (sqlite3_exec(dst, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return SQLITE_ERROR;
  sqlite3_exec(dst, "INSERT INTO archive SELECT * FROM staging", nullptr,
               nullptr, nullptr);
  sqlite3_exec(dst, "COMMIT", nullptr, nullptr, nullptr);
  return sqlite3_exec(src, "COMMIT", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'copy_rows' commits transaction on 'src' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
  // CHECK-NOTES: :[[@LINE-8]]:24: note: the caller's transaction arrives through 'src'
}

// COMMIT prepared and stepped.
int commit_prepared(sqlite3 *db) {
  sqlite3_stmt *stmt = nullptr;
  if (sqlite3_prepare_v2(db, "COMMIT", -1, &stmt, nullptr) != SQLITE_OK)
    return SQLITE_ERROR;
  const int rc = sqlite3_step(stmt);
  // CHECK-NOTES: :[[@LINE-1]]:18: warning: 'commit_prepared' commits transaction on 'db' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
  // CHECK-NOTES: :[[@LINE-6]]:30: note: the caller's transaction arrives through 'db'
  sqlite3_finalize(stmt);
  return rc;
}

// A method that is handed a connection is no different: only members of
// `this` belong to the object.
class OrderService {
public:
  int place(sqlite3 *db, int id);

private:
  int m_count = 0;
};

int OrderService::place(sqlite3 *db, int id) {
  if (insert_line(db, id, 1) != SQLITE_OK)
    return SQLITE_ERROR;
  ++m_count;
  return sqlite3_exec(db, "END", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'OrderService::place' commits transaction on 'db' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
  // CHECK-NOTES: :[[@LINE-6]]:34: note: the caller's transaction arrives through 'db'
}

namespace billing {
void post_invoice(sqlite3 *db, int id) {
  if (id < 0)
    throw std::invalid_argument("bad invoice");
  sqlite3_exec(db, "COMMIT TRANSACTION", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'billing::post_invoice' commits transaction on 'db' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
  // CHECK-NOTES: :[[@LINE-5]]:28: note: the caller's transaction arrives through 'db'
}
} // namespace billing

// A context whose connection a helper rolls back.
struct ImportCtx {
  sqlite3 *db;
  int errors = 0;
};

void abort_import(ImportCtx &ctx) {
  ++ctx.errors;
  sqlite3_exec(ctx.db, "ROLLBACK", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'abort_import' rolls back transaction on 'ctx.db' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
  // CHECK-NOTES: :[[@LINE-4]]:30: note: the caller's transaction arrives through 'ctx'
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// The helper's rollback ends the transaction this function began on the
// context's connection: the helper is reported, not this function.
bool import_batch(ImportCtx &ctx, int n) {
  if (sqlite3_exec(ctx.db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  for (int i = 0; i < n; ++i)
    if (sqlite3_exec(ctx.db, "INSERT INTO raw (n) VALUES (1)", nullptr,
                     nullptr, nullptr) != SQLITE_OK) {
      abort_import(ctx);
      return false;
    }
  return sqlite3_exec(ctx.db, "COMMIT", nullptr, nullptr, nullptr) ==
         SQLITE_OK;
}

// Begins and commits on the connection it was handed: its own transaction.
int save_order(sqlite3 *db, int id) {
  if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
    return SQLITE_ERROR;
  if (insert_line(db, id, 1) != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return SQLITE_ERROR;
  }
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// Begins only when the caller has no transaction, and then ends it.
int save_maybe_nested(sqlite3 *db, int id, bool own_transaction) {
  if (own_transaction)
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  const int rc = insert_line(db, id, 1);
  if (own_transaction)
    sqlite3_exec(db, rc == SQLITE_OK ? "COMMIT" : "ROLLBACK", nullptr, nullptr,
                 nullptr);
  return rc;
}

// BEGIN and COMMIT in one string.
void clear_cart(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN; DELETE FROM cart; DELETE FROM cart_lines; COMMIT;",
               nullptr, nullptr, nullptr);
}

// A nested unit of work on the caller's transaction: savepoints leave the
// outer transaction to the caller. ROLLBACK TO is not a rollback.
int add_line(sqlite3 *db, int order_id, int line) {
  sqlite3_exec(db, "SAVEPOINT add_line", nullptr, nullptr, nullptr);
  if (insert_line(db, order_id, line) != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK TO SAVEPOINT add_line", nullptr, nullptr, nullptr);
    sqlite3_exec(db, "RELEASE add_line", nullptr, nullptr, nullptr);
    return SQLITE_ERROR;
  }
  sqlite3_exec(db, "RELEASE SAVEPOINT add_line", nullptr, nullptr, nullptr);
  return SQLITE_OK;
}

// Writes only: the caller decides.
int write_footer(sqlite3 *db, int order_id) {
  return sqlite3_exec(db, "UPDATE orders SET complete = 1 WHERE id = 1", nullptr,
                      nullptr, nullptr);
}

// SQL that is not in the source is not known to commit.
int run_script(sqlite3 *db, const char *sql) {
  return sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
}

// Closing a connection it was handed is not a commit or a rollback.
void shutdown_connection(sqlite3 *db) { sqlite3_close(db); }

// A wrapper class owns its connection: members of `this` are its own.
class Store {
public:
  explicit Store(sqlite3 *db) : m_db(db) {}
  int begin() { return sqlite3_exec(m_db, "BEGIN", nullptr, nullptr, nullptr); }
  int commit() { return sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr); }
  int rollback() {
    return sqlite3_exec(this->m_db, "ROLLBACK", nullptr, nullptr, nullptr);
  }

private:
  sqlite3 *m_db;
};

// A global connection is not received from a caller.
sqlite3 *g_db;
int flush_global() { return sqlite3_exec(g_db, "COMMIT", nullptr, nullptr, nullptr); }

// Lambdas are handed their parameters by whoever calls them back: here a
// driver that begins each batch and lets the callback finish it.
int import_all(sqlite3 *db) {
  return run_batches(db, [](sqlite3 *conn) {
    return sqlite3_exec(conn, "COMMIT", nullptr, nullptr, nullptr);
  });
}

int place_with_helper(sqlite3 *db, int id) {
  return with_transaction(db, [id](sqlite3 *conn) {
    if (insert_line(conn, id, 1) != SQLITE_OK) {
      sqlite3_exec(conn, "ROLLBACK", nullptr, nullptr, nullptr);
      return SQLITE_ERROR;
    }
    return sqlite3_exec(conn, "COMMIT", nullptr, nullptr, nullptr);
  });
}

// The caller of a committing helper is not the one that commits.
int place_order(sqlite3 *db, int id) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return SQLITE_ERROR;
  return write_header(db, id);
}

// A unique_ptr's deleter that rolls back is the owner's destructor, not a
// helper that ends its caller's transaction (OpenMW's Sqlite3::Transaction).
struct Rollback {
  void operator()(sqlite3 *db) const {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  }
};

class ScopedTransaction {
public:
  explicit ScopedTransaction(sqlite3 *db) : db_(db) {
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  }
  void commit() {
    sqlite3_exec(db_.get(), "COMMIT", nullptr, nullptr, nullptr);
    db_.release();
  }

private:
  std::unique_ptr<sqlite3, Rollback> db_;
};

// A function object of the same shape that no unique_ptr holds is a helper.
struct Abandon {
  void operator()(sqlite3 *db) const {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'Abandon::operator()' rolls back transaction on 'db' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
    // CHECK-NOTES: :[[@LINE-3]]:28: note: the caller's transaction arrives through 'db'
  }
};
