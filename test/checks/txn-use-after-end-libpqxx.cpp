// txn-use-after-end with libpqxx 6, compiled against the real <pqxx/pqxx>.
// A pqxx::work (and every pqxx::transaction<>, robusttransaction<>) is a
// transaction object: once commit() or abort() has ended it, any exec, query,
// commit or abort on it is a use of an ended transaction (libpqxx throws
// pqxx::usage_error). Its destructor, which rolls back an uncommitted
// transaction, is an end but never a use.
//
// RUN: %check_txnlint %s txn-use-after-end %t -- -- -std=c++17

#include <pqxx/pqxx>

#include <string>

// Defined in another translation unit.
void fill_order(pqxx::work &w, int id);
void notify(int id);
void log_line(const std::string &text);

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// A write after the commit.
void save_order(pqxx::connection &conn, int id) {
  pqxx::work w(conn);
  w.exec0("INSERT INTO orders (id) VALUES (1)");
  w.commit();
  w.exec0("INSERT INTO audit (what) VALUES ('order saved')");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'w' is written to after it was committed; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: it is committed here
}

// A query after the commit.
std::size_t count_after_save(pqxx::connection &conn) {
  pqxx::work w(conn);
  w.exec("UPDATE stock SET qty = qty - 1 WHERE item = 7");
  w.commit();
  pqxx::result r = w.exec("SELECT item FROM stock WHERE qty = 0");
  // CHECK-NOTES: :[[@LINE-1]]:20: warning: transaction 'w' is read from after it was committed; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: it is committed here
  return r.size();
}

// Committed twice.
void save_twice(pqxx::connection &conn) {
  pqxx::work w(conn, "save_twice");
  w.exec("DELETE FROM cart");
  w.commit();
  log_line("cart cleared");
  w.commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'w' is committed again after it was committed; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: it is committed here
}

// Committed after it was aborted.
void abort_then_commit(pqxx::connection &conn, int id) {
  pqxx::work w(conn);
  w.exec_params("DELETE FROM orders WHERE id = $1", id);
  w.abort();
  if (id > 0)
    w.commit();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: transaction 'w' is committed again after it was rolled back; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: it is rolled back here
}

// Aborted after it was committed (libpqxx throws usage_error).
void commit_then_abort(pqxx::connection &conn) {
  pqxx::work w(conn);
  w.exec("UPDATE accounts SET balance = 0");
  w.commit();
  notify(1);
  w.abort();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'w' is rolled back after it was committed; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: it is committed here
}

// A prepared statement run on the ended transaction, in a later block.
void run_prepared(pqxx::connection &conn, bool archive) {
  conn.prepare("archive", "INSERT INTO archive SELECT * FROM orders");
  pqxx::work w(conn);
  w.exec_prepared("archive");
  w.commit();
  if (archive) {
    w.exec_prepared("archive");
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: transaction 'w' is written to after it was committed; begin a new transaction for this work [txn-use-after-end]
    // CHECK-NOTES: :[[@LINE-4]]:3: note: it is committed here
  }
}

// Other transaction types.
void robust(pqxx::connection &conn) {
  pqxx::robusttransaction<> tx(conn);
  tx.exec("INSERT INTO ledger (amount) VALUES (10)");
  tx.commit();
  tx.exec1("SELECT count(*) FROM ledger");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'tx' is read from after it was committed; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: it is committed here
}

void read_only(pqxx::connection &conn) {
  pqxx::read_transaction r(conn);
  r.exec("SELECT 1");
  r.abort();
  r.exec("SELECT 2");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'r' is read from after it was rolled back; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: it is rolled back here
}

// Each use is reported once, naming the latest end before it.
void abort_abort(pqxx::connection &conn) {
  pqxx::work w(conn);
  w.commit();
  w.abort();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'w' is rolled back after it was committed; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: it is committed here
  w.exec("DELETE FROM cart");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'w' is written to after it was rolled back; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-5]]:3: note: it is rolled back here
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Work, then commit; the destructor after the commit is not a use.
void save_properly(pqxx::connection &conn, int id) {
  pqxx::work w(conn);
  w.exec_params("INSERT INTO orders (id) VALUES ($1)", id);
  w.exec("SELECT count(*) FROM orders");
  w.commit();
}

// Committed on some paths only.
void maybe_committed(pqxx::connection &conn, bool done) {
  pqxx::work w(conn);
  if (done)
    w.commit();
  w.exec("INSERT INTO pending (id) VALUES (1)");
}

// A new transaction object for the work after the commit; the same name in
// another scope is another variable.
void two_transactions(pqxx::connection &conn) {
  {
    pqxx::work w(conn);
    w.exec("INSERT INTO orders (id) VALUES (1)");
    w.commit();
  }
  {
    pqxx::work w(conn);
    w.exec("INSERT INTO audit (what) VALUES ('saved')");
    w.commit();
  }
  pqxx::work w2(conn);
  w2.exec("DELETE FROM cart");
  w2.commit();
}

// One transaction per iteration.
void save_each(pqxx::connection &conn, int n) {
  for (int i = 0; i < n; ++i) {
    pqxx::work w(conn);
    w.exec_params("INSERT INTO items (id) VALUES ($1)", i);
    w.commit();
  }
}

// Handed to a function that may do anything with it.
void save_with_helper(pqxx::connection &conn, int id) {
  pqxx::work w(conn);
  w.commit();
  fill_order(w, id);
  w.exec("SELECT 1");
}

// Calls that do not touch the database: quoting and escaping.
std::string quoted_after_commit(pqxx::connection &conn, const std::string &name) {
  pqxx::work w(conn);
  w.exec("INSERT INTO names (name) VALUES ('x')");
  w.commit();
  return w.quote(name) + w.esc(name);
}

// A commit that threw did not happen: aborting then is right.
void commit_or_abort(pqxx::connection &conn) {
  pqxx::work w(conn);
  w.exec("UPDATE stock SET qty = 0");
  try {
    w.commit();
  } catch (const pqxx::failure &) {
    w.abort();
    throw;
  }
}

// The handler is also reached by exceptions from before the commit.
void save_or_abort(pqxx::connection &conn, int id) {
  pqxx::work w(conn);
  try {
    fill_order(w, id);
    w.commit();
    notify(id);
  } catch (...) {
    w.abort();
  }
}

// A nontransaction runs each statement on its own; its commit() does
// nothing.
void autocommit_writes(pqxx::connection &conn) {
  pqxx::nontransaction n(conn);
  n.exec("INSERT INTO log (what) VALUES ('a')");
  n.commit();
  n.exec("INSERT INTO log (what) VALUES ('b')");
}

// Releasing a savepoint does not end the transaction around it.
void with_savepoint(pqxx::connection &conn) {
  pqxx::work w(conn);
  {
    pqxx::subtransaction sub(w, "line");
    sub.exec("INSERT INTO lines (id) VALUES (1)");
    sub.commit();
  }
  w.exec("INSERT INTO orders (id) VALUES (1)");
  w.commit();
}

// The connection after the transaction object committed.
void disconnect_after(pqxx::connection &conn) {
  pqxx::work w(conn);
  w.exec("INSERT INTO orders (id) VALUES (1)");
  w.commit();
  conn.disconnect();
}
