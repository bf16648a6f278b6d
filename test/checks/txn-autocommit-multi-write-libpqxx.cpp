// txn-autocommit-multi-write with libpqxx 6, compiled against the real
// <pqxx/pqxx> headers, and its AutocommitByDesign option.
//
// libpqxx writes through transaction objects. pqxx::work and the other
// pqxx::transaction<> types begin in their constructor and roll back in their
// destructor: their writes are never reported. pqxx::nontransaction runs each
// statement in autocommit. That is what it is for, so the default
// AutocommitByDesign ('pqxx::nontransaction') keeps it silent; with the
// option set to '' its repeated writes are reported like any other.
//
// Default option: nothing is reported.
// RUN: %check_txnlint --check-suffixes=DEFAULT %s txn-autocommit-multi-write %t -- -- -std=c++17
//
// AutocommitByDesign: '' (nothing is autocommit by design):
// RUN: %check_txnlint --check-suffixes=ON,NONE %s txn-autocommit-multi-write %t -- "-config={CheckOptions: {txn-autocommit-multi-write.AutocommitByDesign: ''}}" -- -std=c++17
//
// Globs matched against the handle's spelling (ignoring case) instead of its
// type: the handles named like '*audit*' stay silent, other nontransactions
// are reported. Read from a .clang-tidy file, which both products read.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: printf "CheckOptions:\n  txn-autocommit-multi-write.AutocommitByDesign: '*audit*'\n" > %t.dir/.clang-tidy
// RUN: %check_txnlint --check-suffixes=ON %s txn-autocommit-multi-write %t.dir/spelling -- -- -std=c++17
//
// An invalid glob is a configuration warning; the valid ones still apply.
// RUN: rm -rf %t.bad && mkdir -p %t.bad
// RUN: printf "CheckOptions:\n  txn-autocommit-multi-write.AutocommitByDesign: 'pqxx::nontransaction;log[;*audit*'\n" > %t.bad/.clang-tidy
// RUN: %check_txnlint --check-suffixes=BAD %s txn-autocommit-multi-write %t.bad/options -- -- -std=c++17
// CHECK-NOTES-BAD: warning: invalid glob 'log[' in AutocommitByDesign: invalid glob pattern, unmatched '[' [clang-tidy-config]

#include <pqxx/pqxx>

#include <string>

// Defined in another translation unit.
void audit(int id);
void write_lines(pqxx::work &tx, int order);

//===----------------------------------------------------------------------===//
// pqxx::nontransaction: autocommit by design, reported with the option off.
//===----------------------------------------------------------------------===//

void clear_caches(pqxx::connection &c) {
  pqxx::nontransaction n(c);
  n.exec("DELETE FROM page_cache");
  n.exec("DELETE FROM query_cache");
  // CHECK-NOTES-ON: :[[@LINE-1]]:3: warning: 'n' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES-ON: :[[@LINE-3]]:3: note: the earlier write commits here on its own
}

// Through a pointer and through exec0/exec_params.
void expire_sessions(pqxx::nontransaction *n, int user) {
  n->exec0("UPDATE sessions SET expired = true WHERE user_id = 1");
  n->exec_params("DELETE FROM tokens WHERE user_id = $1", user);
  // CHECK-NOTES-ON: :[[@LINE-1]]:3: warning: 'n' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES-ON: :[[@LINE-3]]:3: note: the earlier write commits here on its own
}

// Handles whose spelling matches '*audit*'.
void record_access(pqxx::nontransaction &audit_log, int user) {
  audit_log.exec("INSERT INTO access_log (user_id) VALUES (1)");
  audit_log.exec("UPDATE users SET accesses = accesses + 1 WHERE id = 1");
  // CHECK-NOTES-NONE: :[[@LINE-1]]:3: warning: 'audit_log' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES-NONE: :[[@LINE-3]]:3: note: the earlier write commits here on its own
}

struct Auditor {
  void flush();
  pqxx::nontransaction *m_auditConn;
};

void Auditor::flush() {
  m_auditConn->exec("INSERT INTO audit_archive SELECT * FROM audit_buffer");
  m_auditConn->exec("DELETE FROM audit_buffer");
  // CHECK-NOTES-NONE: :[[@LINE-1]]:3: warning: 'm_auditConn' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES-NONE: :[[@LINE-3]]:3: note: the earlier write commits here on its own
}

// A class derived from pqxx::nontransaction is a nontransaction.
class logged_nontransaction : public pqxx::nontransaction {
public:
  explicit logged_nontransaction(pqxx::connection &c)
      : pqxx::internal::namedclass{"logged_nontransaction"}, pqxx::nontransaction(c) {}
};

void reindex(pqxx::connection &c) {
  logged_nontransaction n(c);
  n.exec("UPDATE search_index SET stale = true");
  n.exec("DELETE FROM search_index WHERE stale");
  // CHECK-NOTES-ON: :[[@LINE-1]]:3: warning: 'n' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES-ON: :[[@LINE-3]]:3: note: the earlier write commits here on its own
}

//===----------------------------------------------------------------------===//
// Negatives with every option value.
//===----------------------------------------------------------------------===//

// One write on a nontransaction.
void touch(pqxx::connection &c) {
  pqxx::nontransaction n(c);
  n.exec("UPDATE heartbeat SET at = now()");
  audit(1);
}

// The same statement in a loop.
void vacuum_each(pqxx::nontransaction &n, int tables) {
  for (int i = 0; i < tables; ++i)
    n.exec_params("DELETE FROM queue WHERE shard = $1", i);
}

// Schema changes on a nontransaction (CREATE INDEX CONCURRENTLY cannot run
// inside a transaction).
void build_indexes(pqxx::connection &c) {
  pqxx::nontransaction n(c);
  n.exec("CREATE INDEX CONCURRENTLY orders_customer ON orders (customer_id)");
  n.exec("DROP INDEX CONCURRENTLY IF EXISTS orders_legacy");
  n.exec("ALTER TABLE orders ALTER COLUMN note SET DEFAULT ''");
}

// Reads, then one write.
int next_invoice(pqxx::nontransaction &n) {
  pqxx::result r = n.exec("SELECT max(number) FROM invoices");
  n.exec("UPDATE counters SET invoices = invoices + 1");
  return r[0][0].as<int>() + 1;
}

// pqxx::work: the RAII transaction covers both writes, committed or not.
void transfer(pqxx::connection &c) {
  pqxx::work tx(c);
  tx.exec("UPDATE accounts SET balance = balance - 10 WHERE id = 1");
  tx.exec("UPDATE accounts SET balance = balance + 10 WHERE id = 2");
  tx.commit();
}

void transfer_if_valid(pqxx::connection &c, bool valid) {
  pqxx::transaction<pqxx::isolation_level::serializable> tx(c);
  tx.exec("UPDATE accounts SET balance = balance - 10 WHERE id = 1");
  if (!valid)
    return; // rolled back by the destructor
  tx.exec("UPDATE accounts SET balance = balance + 10 WHERE id = 2");
  tx.commit();
}

// Two transactions, one write each.
void two_steps(pqxx::connection &c) {
  {
    pqxx::work tx(c);
    tx.exec("UPDATE jobs SET state = 'running' WHERE id = 1");
    tx.commit();
  }
  {
    pqxx::work tx(c);
    tx.exec("UPDATE jobs SET state = 'done' WHERE id = 1");
    tx.commit();
  }
}

// A robusttransaction and a subtransaction (savepoint) inside a work.
void robust(pqxx::connection &c) {
  pqxx::robusttransaction<> tx(c);
  tx.exec("INSERT INTO payments (id) VALUES (1)");
  tx.exec("UPDATE invoices SET paid = true WHERE id = 1");
  tx.commit();
}

void nested(pqxx::connection &c) {
  pqxx::work tx(c);
  tx.exec("INSERT INTO orders (id) VALUES (1)");
  {
    pqxx::subtransaction sub(tx, "lines");
    sub.exec("INSERT INTO order_lines (order_id) VALUES (1)");
    sub.exec("INSERT INTO order_lines (order_id) VALUES (1)");
    sub.commit();
  }
  tx.commit();
}

// Writes through a transaction the caller began: a pqxx::work (or any
// transaction_base) is a transaction, whoever began it.
void write_order(pqxx::work &tx, int id) {
  tx.exec("INSERT INTO orders (id) VALUES (1)");
  tx.exec("INSERT INTO order_events (kind) VALUES ('placed')");
  write_lines(tx, id);
}

void write_invoice(pqxx::transaction_base &tx) {
  tx.exec0("INSERT INTO invoices (id) VALUES (1)");
  tx.exec0("UPDATE orders SET invoiced = true WHERE id = 1");
}

// A helper of this file whose only caller calls it inside a pqxx::work.
static void book(pqxx::transaction_base &tx) {
  tx.exec("INSERT INTO debits (amount) VALUES (10)");
  tx.exec("INSERT INTO credits (amount) VALUES (10)");
}

void post(pqxx::connection &c) {
  pqxx::work tx(c);
  book(tx);
  tx.commit();
}
