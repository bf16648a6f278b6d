// The libpqxx model, compiled twice:
//  - against the real libpqxx 6.4 headers in /usr/include/pqxx (Debian's
//    package), and
//  - against test/model/Inputs/pqxx7/pqxx/pqxx, a small stand-in for the
//    libpqxx 7 headers: libpqxx 7 is not packaged here, so the 7 runs use
//    this stand-in, not the real library. It only declares what the tests
//    use, with libpqxx 7's class names, base classes and signatures; the code
//    under TXNLINT_PQXX7 and the PQXX7 expectations test the spellings that
//    only libpqxx 7 has (pqxx::connection::close,
//    pqxx::isolation_level, exec with pqxx::params, query/query_value/
//    query_n/query1/query01/stream/for_each/for_query, stream_from::query).
// Expectations with the CHECK prefix hold for both versions, those with the
// PQXX6 or PQXX7 prefix for one of them.
//
// pqxx::work, pqxx::read_transaction, pqxx::transaction<...> and
// pqxx::robusttransaction<> begin in their constructor and roll back in their
// destructor (RAII: never reported by txn-missing-rollback);
// pqxx::subtransaction is a savepoint; pqxx::nontransaction begins nothing,
// each statement runs in autocommit, but the SQL it runs is still classified
// (an explicit "BEGIN" through it does open a transaction on the connection).
// The recognition functions are compiled for the --dump-events runs only
// (TXNLINT_DUMP).
//
// RUN: %txnlint --dump-events --exit-zero %s -- -std=c++17 -DTXNLINT_DUMP 2>/dev/null \
// RUN:   | FileCheck %s --check-prefixes=CHECK,PQXX6
// RUN: %check_txnlint %s txn-missing-rollback %t.v6 -- -- -std=c++17
// RUN: %txnlint --dump-events --exit-zero %s -- -std=c++17 -DTXNLINT_DUMP -DTXNLINT_PQXX7 \
// RUN:   -isystem %S/Inputs/pqxx7 2>/dev/null | FileCheck %s --check-prefixes=CHECK,PQXX7
// RUN: %check_txnlint %s txn-missing-rollback %t.v7 -- -- -std=c++17 -DTXNLINT_PQXX7 \
// RUN:   -isystem %S/Inputs/pqxx7
//
// KNOWN GAPS, run last: Inputs/libpqxx-gaps.cpp holds what the engine does
// not do yet (see the comments there); these runs fail until it does.
// RUN: %txnlint --dump-events --exit-zero %S/Inputs/libpqxx-gaps.cpp -- -std=c++17 -DTXNLINT_DUMP \
// RUN:   2>/dev/null | FileCheck %S/Inputs/libpqxx-gaps.cpp
// RUN: %txnlint --dump-events --exit-zero %S/Inputs/libpqxx-gaps.cpp -- -std=c++17 -DTXNLINT_DUMP \
// RUN:   -DTXNLINT_PQXX7 -isystem %S/Inputs/pqxx7 2>/dev/null \
// RUN:   | FileCheck %S/Inputs/libpqxx-gaps.cpp --check-prefixes=CHECK,PQXX7
// RUN: %check_txnlint %S/Inputs/libpqxx-gaps.cpp txn-missing-rollback %t-gaps -- -- -std=c++17

#include <pqxx/pqxx>

#include <stdexcept>
#include <string>
#include <tuple>

#ifdef TXNLINT_PQXX7
static_assert(PQXX_VERSION_MAJOR == 7, "the 7.x runs must use the stand-in");
#else
static_assert(PQXX_VERSION_MAJOR == 6, "the 6.x runs must use the real headers");
#endif

// Defined in another translation unit.
void audit(int id);
void write_rows(pqxx::transaction_base &t, int id);

// A user class derived from a modelled transaction is that transaction.
struct audited_work : pqxx::work {
  explicit audited_work(pqxx::connection &c)
#ifdef TXNLINT_PQXX7
      : pqxx::work(c) {}
#else
      : pqxx::internal::namedclass{"audited_work"}, pqxx::work(c) {}
#endif
};

//===----------------------------------------------------------------------===//
// Recognition (--dump-events)
//===----------------------------------------------------------------------===//
#ifdef TXNLINT_DUMP

void dump_work(pqxx::connection &c, int id) {
  // CHECK: :[[@LINE+1]]:14: remark: begin on 'w' (RAII) (failure: exception) [txnlint-dump-events]
  pqxx::work w(c);
  // CHECK: :[[@LINE+1]]:3: remark: write on 'w'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  w.exec("INSERT INTO orders (id) VALUES (1)");
  // CHECK: :[[@LINE+1]]:3: remark: write on 'w'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  w.exec0("UPDATE orders SET qty = 0 WHERE id = 1");
  // CHECK: :[[@LINE+1]]:17: remark: read on 'w'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  pqxx::row r = w.exec1("SELECT qty FROM orders WHERE id = 1");
  // exec_n takes the row count first.
  // CHECK: :[[@LINE+1]]:3: remark: read on 'w'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  w.exec_n(2, "SELECT id FROM orders LIMIT 2");
  // CHECK: :[[@LINE+1]]:3: remark: write on 'w'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  w.exec_params("DELETE FROM orders WHERE id = $1", id);
  // CHECK: :[[@LINE+1]]:3: remark: write on 'w'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  w.exec_params1("INSERT INTO orders (id) VALUES ($1) RETURNING id", id);
  // CHECK: :[[@LINE+1]]:3: remark: read on 'w'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  w.exec_params0("SELECT 1 WHERE false");
  // CHECK: :[[@LINE+1]]:3: remark: write on 'w'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  w.exec_params_n(1, "UPDATE orders SET qty = $1 WHERE id = 1", id);
  // A prepared statement is named: its SQL is unknown here, so a write.
  // CHECK: :[[@LINE+1]]:3: remark: write on 'w'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  w.exec_prepared("insert_order", id);
  // CHECK: :[[@LINE+1]]:3: remark: savepoint on 'w' 'before_delete'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  w.exec("SAVEPOINT before_delete");
  // CHECK: :[[@LINE+1]]:3: remark: rollback-to-savepoint on 'w' 'before_delete'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  w.exec("ROLLBACK TO SAVEPOINT before_delete");
  // CHECK: :[[@LINE+1]]:3: remark: release-savepoint on 'w' 'before_delete'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  w.exec("RELEASE SAVEPOINT before_delete");
  // SQL text in a variable, and composed SQL.
  const std::string purge = "DELETE FROM audit";
  // CHECK: :[[@LINE+1]]:3: remark: write on 'w'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  w.exec(purge);
  // CHECK: :[[@LINE+1]]:3: remark: read on 'w'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  w.exec("SELECT * FROM orders WHERE id = " + std::to_string(id));
  // Other members are neutral.
  // CHECK-NOT: remark:
  std::string quoted = w.quote(purge);
  // CHECK: :[[@LINE+1]]:3: remark: commit on 'w'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  w.commit();
  // CHECK: :[[@LINE+1]]:1: remark: rollback on 'w' (destructor) [txnlint-dump-events]
}

void dump_other_transactions(pqxx::connection &c) {
  // CHECK: :[[@LINE+1]]:26: remark: begin on 'r' (RAII) (failure: exception) [txnlint-dump-events]
  pqxx::read_transaction r(c);
  // CHECK: :[[@LINE+1]]:3: remark: read on 'r'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  r.exec("SELECT count(*) FROM orders");
  // CHECK: :[[@LINE+1]]:3: remark: rollback on 'r'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  r.abort();
  // CHECK: :[[@LINE+1]]:29: remark: begin on 'rt' (RAII) (failure: exception) [txnlint-dump-events]
  pqxx::robusttransaction<> rt(c);
  // CHECK: :[[@LINE+1]]:3: remark: commit on 'rt'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  rt.commit();
#ifdef TXNLINT_PQXX7
  // PQXX7: :[[@LINE+1]]:58: remark: begin on 's' (RAII) (failure: exception) [txnlint-dump-events]
  pqxx::transaction<pqxx::isolation_level::serializable> s(c, "nightly");
#else
  // PQXX6: :[[@LINE+1]]:41: remark: begin on 's' (RAII) (failure: exception) [txnlint-dump-events]
  pqxx::transaction<pqxx::serializable> s(c, "nightly");
#endif
  // CHECK: :[[@LINE+1]]:3: remark: write on 's'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  s.exec("UPDATE stock SET qty = 0");
  // CHECK-DAG: :[[@LINE+3]]:1: remark: rollback on 's' (destructor) [txnlint-dump-events]
  // CHECK-DAG: :[[@LINE+2]]:1: remark: rollback on 'rt' (destructor) [txnlint-dump-events]
  // CHECK-DAG: :[[@LINE+1]]:1: remark: rollback on 'r' (destructor) [txnlint-dump-events]
}

// A subtransaction is a savepoint in its parent: its destructor rolls back
// to it (commit and abort: Inputs/libpqxx-gaps.cpp).
void dump_subtransaction(pqxx::connection &c) {
  // CHECK: :[[@LINE+1]]:14: remark: begin on 'w' (RAII) (failure: exception) [txnlint-dump-events]
  pqxx::work w(c);
  {
    // CHECK: :[[@LINE+1]]:26: remark: savepoint on 's' (RAII) (failure: exception) [txnlint-dump-events]
    pqxx::subtransaction s(w, "try_insert");
    // CHECK: :[[@LINE+1]]:5: remark: write on 's'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
    s.exec("INSERT INTO orders (id) VALUES (2)");
    // CHECK: :[[@LINE+1]]:3: remark: rollback-to-savepoint on 's' (destructor) [txnlint-dump-events]
  }
  {
    // CHECK: :[[@LINE+1]]:26: remark: savepoint on 'inner' (RAII) (failure: exception) [txnlint-dump-events]
    pqxx::subtransaction inner(w);
    // CHECK: :[[@LINE+1]]:5: remark: read on 'inner'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
    inner.exec("SELECT 1");
    // CHECK: :[[@LINE+1]]:3: remark: rollback-to-savepoint on 'inner' (destructor) [txnlint-dump-events]
  }
  // CHECK: :[[@LINE+1]]:3: remark: commit on 'w'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  w.commit();
  // CHECK: :[[@LINE+1]]:1: remark: rollback on 'w' (destructor) [txnlint-dump-events]
}

// A nontransaction begins nothing: each statement commits on its own.
void dump_nontransaction(pqxx::connection &c) {
  // CHECK-NOT: remark:
  pqxx::nontransaction n(c);
  // CHECK: :[[@LINE+1]]:3: remark: write on 'n' (failure: exception) [txnlint-dump-events]
  n.exec("INSERT INTO audit (id) VALUES (1)");
  // CHECK: :[[@LINE+1]]:3: remark: read on 'n' (failure: exception) [txnlint-dump-events]
  n.exec("SELECT count(*) FROM audit");
  // CHECK: :[[@LINE+1]]:3: remark: begin on 'n' (failure: exception) [txnlint-dump-events]
  n.exec("BEGIN");
  // CHECK: :[[@LINE+1]]:3: remark: commit on 'n' (failure: exception) [txnlint-dump-events]
  n.exec("COMMIT");
#ifdef TXNLINT_PQXX7
  // PQXX7: :[[@LINE+1]]:3: remark: close on 'c' [txnlint-dump-events]
  c.close();
#else
  // PQXX6: :[[@LINE+1]]:3: remark: close on 'c' [txnlint-dump-events]
  c.disconnect();
#endif
}

// COPY streams and pipelines run their SQL in the transaction they are given.
void dump_streams(pqxx::connection &c) {
  // CHECK: :[[@LINE+1]]:14: remark: begin on 'w' (RAII) (failure: exception) [txnlint-dump-events]
  pqxx::work w(c);
  // CHECK: :[[@LINE+1]]:19: remark: prepare-sql on 'w'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  pqxx::stream_to s(w, "orders");
  // CHECK: :[[@LINE+1]]:3: remark: write on 'w'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  s << std::make_tuple(1, 2);
  // CHECK-NOT: remark:
  s.complete();
  // CHECK: :[[@LINE+1]]:21: remark: read on 'w'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  pqxx::stream_from f(w, "stock");
  f.complete();
  // CHECK: :[[@LINE+1]]:18: remark: prepare-sql on 'w'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  pqxx::pipeline p(w);
  // CHECK: :[[@LINE+1]]:3: remark: write on 'w'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  p.insert("UPDATE stock SET qty = qty - 1");
  // CHECK: :[[@LINE+1]]:3: remark: read on 'w'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  p.insert("SELECT qty FROM stock");
  p.complete();
  // CHECK: :[[@LINE+1]]:3: remark: commit on 'w'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  w.commit();
  // CHECK: :[[@LINE+1]]:1: remark: rollback on 'w' (destructor) [txnlint-dump-events]
}

#ifdef TXNLINT_PQXX7
// Spellings only libpqxx 7 has.
void dump_pqxx7(pqxx::connection &c, int id) {
  // PQXX7: :[[@LINE+1]]:14: remark: begin on 'w' (RAII) (failure: exception) [txnlint-dump-events]
  pqxx::work w(c);
  // PQXX7: :[[@LINE+1]]:3: remark: write on 'w'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  w.exec("INSERT INTO orders (id) VALUES ($1)", pqxx::params{id});
  // PQXX7: :[[@LINE+1]]:3: remark: write on 'w'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  w.exec("DELETE FROM orders WHERE qty < 0").no_rows();
  // PQXX7: :[[@LINE+1]]:26: remark: read on 'w'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  for (auto [oid, qty] : w.query<int, int>("SELECT id, qty FROM orders")) {
  }
  // PQXX7: :[[@LINE+1]]:11: remark: read on 'w'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  int n = w.query_value<int>("SELECT count(*) FROM orders");
  // PQXX7: :[[@LINE+1]]:3: remark: read on 'w'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  w.query_n<int>(3, "SELECT id FROM orders");
  // PQXX7: :[[@LINE+1]]:16: remark: read on 'w'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  auto [one] = w.query1<int>("SELECT 1");
  // PQXX7: :[[@LINE+1]]:3: remark: read on 'w'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  w.query01<int>("SELECT id FROM orders WHERE id = 1");
  // PQXX7: :[[@LINE+1]]:3: remark: read on 'w'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  w.for_each("SELECT id FROM orders", [](int) {});
  // PQXX7: :[[@LINE+1]]:19: remark: read on 'w'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  for (auto [x] : w.stream<int>("SELECT id FROM orders")) {
  }
  // PQXX7: :[[@LINE+1]]:3: remark: write on 'w'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  w.for_query("UPDATE orders SET qty = 0 RETURNING id", [](int) {});
  // PQXX7: :[[@LINE+1]]:12: remark: read on 'w'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  auto f = pqxx::stream_from::query(w, "SELECT id FROM orders");
  // PQXX7: :[[@LINE+1]]:3: remark: commit on 'w'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  w.commit();
  // PQXX7: :[[@LINE+1]]:3: remark: close on 'c' [txnlint-dump-events]
  c.close();
  // PQXX7: :[[@LINE+1]]:1: remark: rollback on 'w' (destructor) [txnlint-dump-events]
}
#endif // TXNLINT_PQXX7

#endif // TXNLINT_DUMP

//===----------------------------------------------------------------------===//
// txn-missing-rollback: positives
//===----------------------------------------------------------------------===//

// An explicit BEGIN through a nontransaction, left open on an early return
// (and when a later statement throws).
int manual_begin(pqxx::connection &c, int qty) {
  pqxx::nontransaction n(c);
  n.exec("BEGIN");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'n' is left open on some path out of 'manual_begin'; commit or roll it back before leaving [txn-missing-rollback]
  if (qty <= 0)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  n.exec0("UPDATE stock SET qty = qty - 1");
  // CHECK-NOTES: :[[@LINE-1]]:3: note: transaction is still open when an exception leaves the function here
  n.exec0("COMMIT");
  return 0;
}

// A throw after the explicit begin.
void manual_begin_throw(pqxx::connection &c, int qty) {
  pqxx::nontransaction n(c);
  try {
    n.exec("START TRANSACTION");
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: transaction begun on 'n' is left open on some path out of 'manual_begin_throw'; commit or roll it back before leaving [txn-missing-rollback]
  } catch (const pqxx::sql_error &) {
    return;
  }
  if (qty > 1000)
    throw std::out_of_range("too many");
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open when an exception leaves the function here
  n.exec("END");
}

//===----------------------------------------------------------------------===//
// txn-missing-rollback: negatives
//===----------------------------------------------------------------------===//

// The work's destructor rolls back on the early return and on exceptions.
int save_order(pqxx::connection &c, int id, int qty) {
  pqxx::work w(c);
  w.exec_params("INSERT INTO orders (id, qty) VALUES ($1, $2)", id, qty);
  if (qty > 100)
    return -1;
  if (qty < 0)
    throw std::invalid_argument("negative quantity");
  write_rows(w, id);
  w.commit();
  return 0;
}

int read_only(pqxx::connection &c) {
  pqxx::read_transaction r(c);
  pqxx::row row = r.exec1("SELECT count(*) FROM orders");
  if (row.empty())
    return -1;
  return 1;
}

int robust(pqxx::connection &c, int id) {
  pqxx::robusttransaction<> t(c);
  t.exec0("DELETE FROM orders WHERE id = " + std::to_string(id));
  if (id == 0)
    return -1;
  t.commit();
  return 0;
}

// A failing subtransaction rolls back to its savepoint; the work goes on.
int with_savepoint(pqxx::connection &c, int id) {
  pqxx::work w(c);
  try {
    pqxx::subtransaction s(w, "drop_temp");
    s.exec0("DROP TABLE temp_orders");
    s.commit();
  } catch (const pqxx::sql_error &) {
    audit(id);
  }
  if (id < 0)
    return -1;
  w.exec0("CREATE TEMP TABLE temp_orders (id integer)");
  w.commit();
  return 0;
}

// A derived transaction class is RAII too.
int derived(pqxx::connection &c, int id) {
  audited_work a(c);
  a.exec0("UPDATE stock SET qty = 0");
  if (id < 0)
    return -1;
  a.commit();
  return 0;
}

// Autocommit statements through a nontransaction.
int autocommit(pqxx::connection &c, int id) {
  pqxx::nontransaction n(c);
  n.exec0("INSERT INTO audit (id) VALUES (1)");
  if (id < 0)
    return -1;
  n.exec0("DELETE FROM audit WHERE id < 0");
  return 0;
}

// Begins for its caller: it never ends the transaction on any path.
void begin_for_caller(pqxx::nontransaction &n) { n.exec0("BEGIN"); }
