// txn-commit-in-callee with libpqxx 6, compiled against the real headers in
// /usr/include/pqxx. A transaction object (pqxx::work and its relatives)
// that a function receives belongs to the caller that constructed it; the
// function may work in it, but commit() and abort() are the caller's.
//
// RUN: %check_txnlint %s txn-commit-in-callee %t -- -- -std=c++17

#include <pqxx/pqxx>

#include <functional>
#include <memory>
#include <string>
#include <vector>

static_assert(PQXX_VERSION_MAJOR == 6, "the real libpqxx 6 headers");

// Defined in another translation unit.
void insert_line(pqxx::work &w, int order_id, int line);
void for_each_batch(pqxx::connection &conn,
                    const std::function<void(pqxx::work &)> &step);

struct UnitOfWork {
  pqxx::work *txn;
  int user;
};

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// A helper that commits the transaction it was handed: the caller's later
// statements fail, since the transaction object is used up.
void write_header(pqxx::work &w, int order_id) {
  w.exec0("INSERT INTO orders (id) VALUES (" + std::to_string(order_id) + ")");
  w.commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'write_header' commits transaction 'w' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
  // CHECK-NOTES: :[[@LINE-4]]:31: note: the caller's transaction arrives through 'w'
}

// Aborts through a pointer.
bool reserve_stock(pqxx::work *w, int sku, int qty) {
  pqxx::result r = w->exec("SELECT stock FROM items WHERE sku = " +
                           std::to_string(sku));
  if (r.empty() || r[0][0].as<int>() < qty) {
    w->abort();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'reserve_stock' rolls back transaction 'w' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
    // CHECK-NOTES: :[[@LINE-6]]:32: note: the caller's transaction arrives through 'w'
    return false;
  }
  return true;
}

// Through the common base class: any transaction the caller passes.
void finish(pqxx::transaction_base &tx) {
  tx.commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'finish' commits transaction 'tx' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
  // CHECK-NOTES: :[[@LINE-3]]:37: note: the caller's transaction arrives through 'tx'
}

// Through a member of a passed object.
void complete(UnitOfWork &uow) {
  if (uow.user == 0)
    uow.txn->abort();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'complete' rolls back transaction 'uow.txn' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
  // CHECK-NOTES: :[[@LINE-4]]:27: note: the caller's transaction arrives through 'uow'
  else
    uow.txn->commit();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'complete' commits transaction 'uow.txn' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
  // CHECK-NOTES: :[[@LINE-8]]:27: note: the caller's transaction arrives through 'uow'
}

// A method that is handed the transaction; the constructor of a class too.
class OrderWriter {
public:
  explicit OrderWriter(pqxx::work &w);
  void write(pqxx::work &w, const std::vector<int> &lines);

private:
  int m_written = 0;
};

OrderWriter::OrderWriter(pqxx::work &w) {
  w.exec0("SET LOCAL statement_timeout = 5000");
  w.commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'OrderWriter::OrderWriter' commits transaction 'w' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
  // CHECK-NOTES: :[[@LINE-4]]:38: note: the caller's transaction arrives through 'w'
}

void OrderWriter::write(pqxx::work &w, const std::vector<int> &lines) {
  for (int line : lines) {
    insert_line(w, 1, line);
    ++m_written;
  }
  w.commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'OrderWriter::write' commits transaction 'w' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
  // CHECK-NOTES: :[[@LINE-7]]:37: note: the caller's transaction arrives through 'w'
}

// A function template: reported once, at the template's commit.
template <typename Txn> void commit_all(Txn &txn, int n) {
  for (int i = 0; i < n; ++i)
    txn.exec0("UPDATE counters SET n = n + 1");
  txn.commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'commit_all' commits transaction 'txn' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
  // CHECK-NOTES: :[[@LINE-5]]:46: note: the caller's transaction arrives through 'txn'
}
template void commit_all<pqxx::work>(pqxx::work &, int);

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Handed the connection, the function begins its own transaction on it by
// constructing a pqxx::work, and ends it.
void save_order(pqxx::connection &conn, int order_id) {
  pqxx::work w(conn);
  w.exec0("INSERT INTO orders (id) VALUES (" + std::to_string(order_id) + ")");
  w.commit();
}

bool try_save(pqxx::connection &conn, int order_id) {
  pqxx::work w(conn, "try_save");
  if (order_id < 0) {
    w.abort();
    return false;
  }
  w.exec0("INSERT INTO orders (id) VALUES (1)");
  w.commit();
  return true;
}

// A nested unit of work in the caller's transaction: a subtransaction is a
// savepoint, and committing it releases the savepoint, not the caller's
// transaction.
bool add_line(pqxx::work &w, int order_id, int line) {
  pqxx::subtransaction sub(w, "add_line");
  try {
    sub.exec0("INSERT INTO lines (order_id, line) VALUES (1, 2)");
    sub.commit();
    return true;
  } catch (const pqxx::sql_error &) {
    sub.abort();
    return false;
  }
}

// Works in the caller's transaction and leaves the decision to it.
void write_lines(pqxx::work &w, const std::vector<int> &lines) {
  for (int line : lines)
    insert_line(w, 7, line);
  w.exec0("UPDATE orders SET lines = lines + 1 WHERE id = 7");
}

// A nontransaction runs each statement on its own: commit() does nothing.
void touch(pqxx::nontransaction &n) {
  n.exec0("UPDATE heartbeat SET at = now()");
  n.commit();
}

// Ownership moved in: a transaction handed over in a std::unique_ptr by
// value belongs to the callee, which ends it.
void finish_owned(std::unique_ptr<pqxx::work> w) {
  w->exec0("UPDATE orders SET done = true");
  w->commit();
}

// A class that keeps its transaction: members of `this` are its own.
class Batch {
public:
  explicit Batch(pqxx::connection &conn) : m_txn(conn) {}
  void add(int id) { m_txn.exec0("INSERT INTO batch VALUES (" + std::to_string(id) + ")"); }
  void commit() { m_txn.commit(); }
  void cancel() { this->m_txn.abort(); }

private:
  pqxx::work m_txn;
};

// A lambda's parameters come from whoever calls it back: the batch driver
// constructs the work and lets the step commit it.
void import_all(pqxx::connection &conn) {
  for_each_batch(conn, [](pqxx::work &w) {
    w.exec0("INSERT INTO imported SELECT * FROM staging LIMIT 100");
    w.commit();
  });
}

// The caller that owns the transaction hands it to helpers and commits.
void place_order(pqxx::connection &conn, const std::vector<int> &lines) {
  pqxx::work w(conn);
  write_lines(w, lines);
  if (!add_line(w, 7, 1))
    w.abort();
  else
    w.commit();
}
