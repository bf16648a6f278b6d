// txn-session-escape with libpqxx 6, compiled against the real headers in
// /usr/include/pqxx. pqxx::work (pqxx::transaction<>) and classes derived
// from it are transactions, pqxx::subtransaction is a savepoint. A local
// pqxx::connection is a handle too, and a thread-affine one.
//
// The second run sets the AsyncSinks option and compiles only the section at
// the end of the file (SINKS_ONLY).
//
// RUN: %check_txnlint %s txn-session-escape %t -- -- -std=c++20
// RUN: %check_txnlint --check-suffix=SINKS %s txn-session-escape %t-sinks \
// RUN:   -- "--config={CheckOptions: {txn-session-escape.AsyncSinks: 'app::schedule;std::thread'}}" \
// RUN:   -- -std=c++20 -DSINKS_ONLY

#include <pqxx/pqxx>

#include <algorithm>
#include <functional>
#include <future>
#include <map>
#include <string>
#include <thread>
#include <utility>
#include <vector>

static_assert(PQXX_VERSION_MAJOR == 6, "the real libpqxx 6 headers");

#ifndef SINKS_ONLY

// Defined in another translation unit.
void write_rows(pqxx::transaction_base &t, int id);
void log_transaction(const pqxx::transaction_base *t);
void retry(const std::function<void()> &attempt);

// A user transaction type: derived from pqxx::work, so a transaction too.
struct audited_work : pqxx::work {
  explicit audited_work(pqxx::connection &c)
      : pqxx::internal::namedclass{"audited_work"}, pqxx::work(c) {}
};

struct Holder {
  pqxx::work *tx = nullptr;
};

pqxx::work *g_current;
std::vector<pqxx::transaction_base *> g_open;
std::function<void()> g_on_commit;

// Stores its parameter: passing a transaction to it is an escape.
class Registry {
public:
  void track(pqxx::transaction_base &t) { m_last = &t; }
  void look(pqxx::transaction_base &t) { t.exec("SELECT 1"); }

private:
  pqxx::transaction_base *m_last = nullptr;
};
Registry g_registry;

// Same translation unit, stores in a global, directly or through another call.
static void remember(pqxx::transaction_base &t) { g_open.push_back(&t); }
static void remember_later(pqxx::transaction_base &t) { remember(t); }
static void on_commit(std::function<void()> f) { g_on_commit = std::move(f); }

// Same translation unit, only use their parameter.
static int count_orders(pqxx::transaction_base &t) {
  return static_cast<int>(t.exec("SELECT id FROM orders").size());
}
static void collect(pqxx::transaction_base &t, std::vector<int> &ids) {
  std::vector<pqxx::transaction_base *> seen;
  seen.push_back(&t);
  ids.push_back(count_orders(t));
}
template <class F> static void with_retries(F attempt) {
  for (int i = 0; i < 3; ++i)
    attempt();
}

// Keeps a reference to the transaction for its own lifetime only.
class OrderWriter {
public:
  explicit OrderWriter(pqxx::work &tx) : m_tx(tx) {}
  void add(int id) { m_tx.exec("INSERT INTO orders (id) VALUES (1)"); (void)id; }

private:
  pqxx::work &m_tx;
};

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

class OrderService {
public:
  void keep_pointer(pqxx::connection &c);
  void keep_in_container(pqxx::connection &c);
  void keep_in_map(pqxx::connection &c);
  void keep_callback(pqxx::connection &c);
  void keep_future(pqxx::connection &c);
  void keep_thread(pqxx::connection &c);
  void register_with_member(pqxx::connection &c);
  void savepoint(pqxx::connection &c);
  void inside_lambda(pqxx::connection &c);
  void publish_unguarded(pqxx::connection &c);
  void publish_while_dispatching(pqxx::connection &c);
  // Defined in another translation unit: reads m_tx.
  void dispatch();

private:
  pqxx::work *m_tx = nullptr;
  std::vector<pqxx::transaction_base *> m_pending;
  std::map<int, pqxx::work *> m_by_id;
  std::function<void()> m_after;
  std::future<void> m_job;
  std::thread m_worker;
  Registry m_registry;
  pqxx::subtransaction *m_savepoint = nullptr;
};

// The address of the transaction stored in a member.
void OrderService::keep_pointer(pqxx::connection &c) {
  pqxx::work tx(c);
  m_tx = &tx;
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: transaction 'tx' escapes its scope: it is stored in member 'm_tx'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:14: note: 'tx' is declared here
  tx.exec("INSERT INTO orders (id) VALUES (1)");
  tx.commit();
}

// Set back after the work, but an exception from dispatch() or the commit
// leaves the member pointing at the destroyed transaction.
void OrderService::publish_unguarded(pqxx::connection &c) {
  pqxx::work tx(c);
  m_tx = &tx;
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: transaction 'tx' escapes its scope: it is stored in member 'm_tx'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:14: note: 'tx' is declared here
  dispatch();
  tx.commit();
  m_tx = nullptr;
}

// Inserted into a member container.
void OrderService::keep_in_container(pqxx::connection &c) {
  pqxx::work tx(c);
  m_pending.push_back(&tx);
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: transaction 'tx' escapes its scope: it is stored in a container in member 'm_pending'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:14: note: 'tx' is declared here
  tx.commit();
}

// operator[] and emplace on a member map; one finding each.
void OrderService::keep_in_map(pqxx::connection &c) {
  pqxx::work tx(c);
  m_by_id[1] = &tx;
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: transaction 'tx' escapes its scope: it is stored in member 'm_by_id'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:14: note: 'tx' is declared here
  m_by_id.emplace(2, &tx);
  // CHECK-NOTES: :[[@LINE-1]]:23: warning: transaction 'tx' escapes its scope: it is stored in a container in member 'm_by_id'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-6]]:14: note: 'tx' is declared here
  tx.commit();
}

// A lambda capturing the transaction by reference, kept for later.
void OrderService::keep_callback(pqxx::connection &c) {
  pqxx::work tx(c);
  m_after = [&tx] { tx.exec("UPDATE orders SET notified = true"); };
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: transaction 'tx' escapes its scope: a lambda capturing it by reference is stored in member 'm_after'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:14: note: 'tx' is declared here
  tx.commit();
}

// std::async, with the future kept in a member: the task outlives tx.
void OrderService::keep_future(pqxx::connection &c) {
  pqxx::work tx(c);
  m_job = std::async(std::launch::async, [&] { count_orders(tx); });
  // CHECK-NOTES: :[[@LINE-1]]:42: warning: transaction 'tx' escapes its scope: a lambda capturing it by reference is passed to 'std::async'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:14: note: 'tx' is declared here
  tx.commit();
}

// A thread kept in a member is never joined here.
void OrderService::keep_thread(pqxx::connection &c) {
  pqxx::work tx(c);
  m_worker = std::thread(write_rows, std::ref(tx), 7);
  // CHECK-NOTES: :[[@LINE-1]]:47: warning: transaction 'tx' escapes its scope: it is passed to 'std::thread'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:14: note: 'tx' is declared here
  tx.commit();
}

// A method that stores its parameter, called on a member.
void OrderService::register_with_member(pqxx::connection &c) {
  pqxx::work tx(c);
  m_registry.track(tx);
  // CHECK-NOTES: :[[@LINE-1]]:20: warning: transaction 'tx' escapes its scope: it is passed to 'Registry::track', which stores it; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:14: note: 'tx' is declared here
  m_registry.look(tx);
  tx.commit();
}

// A savepoint.
void OrderService::savepoint(pqxx::connection &c) {
  pqxx::work tx(c);
  pqxx::subtransaction line(tx, "line");
  m_savepoint = &line;
  // CHECK-NOTES: :[[@LINE-1]]:18: warning: savepoint 'line' escapes its scope: it is stored in member 'm_savepoint'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:24: note: 'line' is declared here
  line.commit();
  tx.commit();
}

// A transaction declared in a lambda's body is the lambda's local.
void OrderService::inside_lambda(pqxx::connection &c) {
  auto job = [this, &c] {
    pqxx::work tx(c);
    m_tx = &tx;
    // CHECK-NOTES: :[[@LINE-1]]:13: warning: transaction 'tx' escapes its scope: it is stored in member 'm_tx'; it can be used after it has ended [txn-session-escape]
    // CHECK-NOTES: :[[@LINE-3]]:16: note: 'tx' is declared here
    tx.commit();
  };
  job();
}

// A global.
void start_global(pqxx::connection &c) {
  pqxx::work tx(c);
  g_current = &tx;
  // CHECK-NOTES: :[[@LINE-1]]:16: warning: transaction 'tx' escapes its scope: it is stored in global 'g_current'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:14: note: 'tx' is declared here
  tx.commit();
}

// A static local, and a container in a static local.
void start_static(pqxx::connection &c) {
  static pqxx::work *last;
  static std::vector<pqxx::work *> history;
  pqxx::work tx(c);
  last = &tx;
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: transaction 'tx' escapes its scope: it is stored in static 'last'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:14: note: 'tx' is declared here
  history.push_back(&tx);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: transaction 'tx' escapes its scope: it is stored in a container in static 'history'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-6]]:14: note: 'tx' is declared here
  tx.commit();
}

// Returned by address, and by reference.
pqxx::work *open_work(pqxx::connection &c) {
  pqxx::work tx(c);
  return &tx;
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: transaction 'tx' escapes its scope: it is returned; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:14: note: 'tx' is declared here
}

pqxx::work &open_work_ref(pqxx::connection &c) {
  pqxx::work tx(c);
  return tx;
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: transaction 'tx' escapes its scope: it is returned; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:14: note: 'tx' is declared here
}

// A lambda capturing it by reference, returned directly or through a local.
std::function<void()> make_step(pqxx::connection &c) {
  pqxx::work tx(c);
  return [&tx] { tx.commit(); };
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: transaction 'tx' escapes its scope: a lambda capturing it by reference is returned; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:14: note: 'tx' is declared here
}

std::function<int()> make_counter(pqxx::connection &c) {
  pqxx::work tx(c);
  auto counter = [&] { return count_orders(tx); };
  // CHECK-NOTES: :[[@LINE-1]]:18: warning: transaction 'tx' escapes its scope: a lambda capturing it by reference is returned; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:14: note: 'tx' is declared here
  return counter;
}

// Through a local pointer and a local reference.
void through_locals(pqxx::connection &c) {
  pqxx::work tx(c);
  pqxx::work *p = &tx;
  // CHECK-NOTES: :[[@LINE-1]]:20: warning: transaction 'tx' escapes its scope: it is stored in global 'g_current'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:14: note: 'tx' is declared here
  pqxx::work &r = tx;
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: transaction 'tx' escapes its scope: it is passed to 'remember', which stores it; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-6]]:14: note: 'tx' is declared here
  g_current = p;
  remember(r);
  tx.commit();
}

// A local struct holding its address, returned by value.
Holder hold(pqxx::connection &c) {
  pqxx::work tx(c);
  Holder h{&tx};
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: transaction 'tx' escapes its scope: it is returned; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:14: note: 'tx' is declared here
  return h;
}

// A heap object.
Holder *wrap(pqxx::connection &c) {
  pqxx::work tx(c);
  return new Holder{&tx};
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: transaction 'tx' escapes its scope: it is stored in a heap object; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:14: note: 'tx' is declared here
}

// A heap object whose constructor binds the reference.
OrderWriter *make_writer(pqxx::connection &c) {
  pqxx::work tx(c);
  return new OrderWriter(tx);
  // CHECK-NOTES: :[[@LINE-1]]:26: warning: transaction 'tx' escapes its scope: it is stored in a heap object; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:14: note: 'tx' is declared here
}

// The caller's objects, through reference and pointer parameters.
void open_into(pqxx::connection &c, Holder &out, Holder *also,
               std::vector<pqxx::transaction_base *> &list, pqxx::work **slot) {
  pqxx::work tx(c);
  out.tx = &tx;
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: transaction 'tx' escapes its scope: it is stored in the caller's 'out'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:14: note: 'tx' is declared here
  also->tx = &tx;
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: transaction 'tx' escapes its scope: it is stored in an object reached through 'also'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-6]]:14: note: 'tx' is declared here
  list.push_back(&tx);
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: transaction 'tx' escapes its scope: it is stored in a container in the caller's 'list'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-9]]:14: note: 'tx' is declared here
  *slot = &tx;
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: transaction 'tx' escapes its scope: it is stored in the caller's 'slot'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-12]]:14: note: 'tx' is declared here
  tx.commit();
}

// Callees of this file that store their parameter, directly or not.
void hand_over(pqxx::connection &c) {
  pqxx::work tx(c);
  g_registry.track(tx);
  // CHECK-NOTES: :[[@LINE-1]]:20: warning: transaction 'tx' escapes its scope: it is passed to 'Registry::track', which stores it; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:14: note: 'tx' is declared here
  remember_later(tx);
  // CHECK-NOTES: :[[@LINE-1]]:18: warning: transaction 'tx' escapes its scope: it is passed to 'remember_later', which stores it; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-6]]:14: note: 'tx' is declared here
  on_commit([&tx] { write_rows(tx, 1); });
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: transaction 'tx' escapes its scope: a lambda capturing it by reference is passed to 'on_commit', which stores it; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-9]]:14: note: 'tx' is declared here
  tx.commit();
}

// Threads that are detached, or never joined in the function.
void background(pqxx::connection &c) {
  audited_work tx(c);
  std::thread worker([&tx] { write_rows(tx, 2); });
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: transaction 'tx' escapes its scope: a lambda capturing it by reference is passed to 'std::thread'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:16: note: 'tx' is declared here
  worker.detach();
  std::thread(write_rows, std::ref(tx), 3).detach();
  // CHECK-NOTES: :[[@LINE-1]]:36: warning: transaction 'tx' escapes its scope: it is passed to 'std::thread'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-7]]:16: note: 'tx' is declared here
  tx.commit();
}

// Joined on one path, detached on another: not known to end in time.
void joined_or_detached(pqxx::connection &c, bool wait) {
  pqxx::work tx(c);
  std::thread worker([&] { write_rows(tx, 4); });
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: transaction 'tx' escapes its scope: a lambda capturing it by reference is passed to 'std::thread'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:14: note: 'tx' is declared here
  if (wait)
    worker.join();
  else
    worker.detach();
  tx.commit();
}

// A local connection is a handle whether or not a transaction is begun on
// it, and so is a local nontransaction: both die with the function.
void keep_connection(const std::string &options) {
  pqxx::connection c(options);
  static pqxx::connection *shared;
  shared = &c;
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: connection 'c' escapes its scope: it is stored in static 'shared'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-4]]:20: note: 'c' is declared here
  pqxx::work tx(c);
  tx.exec("DELETE FROM sessions");
  tx.commit();
}

void autocommit(pqxx::connection &c) {
  pqxx::nontransaction ntx(c);
  static pqxx::nontransaction *cached;
  cached = &ntx;
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: connection 'ntx' escapes its scope: it is stored in static 'cached'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-4]]:24: note: 'ntx' is declared here
  ntx.exec("VACUUM");
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Passed by reference or pointer to functions that only use it.
void pass_to_helpers(pqxx::connection &c) {
  pqxx::work tx(c);
  write_rows(tx, 1);
  log_transaction(&tx);
  count_orders(tx);
  std::vector<int> ids;
  collect(tx, ids);
  g_registry.look(tx);
  tx.commit();
}

// Stored in local containers and local structs, which die with it.
void local_storage(pqxx::connection &c) {
  pqxx::work tx(c);
  std::vector<pqxx::transaction_base *> batch;
  batch.push_back(&tx);
  batch.emplace_back(&tx);
  std::map<int, pqxx::work *> by_id;
  by_id[1] = &tx;
  by_id.insert({2, &tx});
  Holder h{&tx};
  Holder h2;
  h2.tx = &tx;
  pqxx::work *p = &tx;
  pqxx::work &r = tx;
  p->exec("SELECT 1");
  r.exec("SELECT 2");
  for (pqxx::transaction_base *t : batch)
    write_rows(*t, 5);
  tx.commit();
}

// A parameter holder passed by value is the function's own copy.
void copy_param(pqxx::connection &c, Holder copy) {
  pqxx::work tx(c);
  copy.tx = &tx;
  tx.commit();
}

// A helper that keeps the reference only while it lives itself.
void local_writer(pqxx::connection &c) {
  pqxx::work tx(c);
  OrderWriter writer(tx);
  writer.add(1);
  writer.add(2);
  tx.commit();
}

// A local helper object whose method stores the reference dies with tx.
void local_registry(pqxx::connection &c) {
  pqxx::work tx(c);
  Registry registry;
  registry.track(tx);
  tx.commit();
}

// Lambdas called on the spot, local lambdas only called, lambdas given to
// algorithms, to a local std::function, to helpers that call them.
void lambdas(pqxx::connection &c, const std::vector<int> &ids) {
  pqxx::work tx(c);
  [&] { write_rows(tx, 0); }();
  auto write_one = [&tx](int id) { write_rows(tx, id); };
  for (int id : ids)
    write_one(id);
  std::for_each(ids.begin(), ids.end(), [&](int id) { write_rows(tx, id); });
  std::vector<int> big;
  std::copy_if(ids.begin(), ids.end(), std::back_inserter(big),
               [&](int id) { return id > count_orders(tx); });
  std::function<void()> step = [&] { write_rows(tx, 9); };
  step();
  with_retries([&] { write_rows(tx, 10); });
  retry([&] { write_rows(tx, 11); });
  tx.commit();
}

// A stored lambda that does not capture the transaction.
void other_captures(pqxx::connection &c) {
  pqxx::work tx(c);
  int rows = count_orders(tx);
  g_on_commit = [rows] { (void)rows; };
  tx.commit();
}

// Threads that end before the function does.
void joined_threads(pqxx::connection &c) {
  pqxx::work tx(c);
  std::thread reader([&tx] { count_orders(tx); });
  reader.join();
  std::thread writer(write_rows, std::ref(tx), 6);
  writer.join();
  std::jthread auto_joined([&tx] { count_orders(tx); });
  tx.commit();
}

// Handles that are not locals: parameters and members.
class Session {
public:
  void adopt(pqxx::work &tx) { m_tx = &tx; }
  void remember_conn(pqxx::connection &c) {
    pqxx::work tx(c);
    m_conn = &c;
    tx.commit();
  }

private:
  pqxx::work *m_tx = nullptr;
  pqxx::connection *m_conn = nullptr;
};

// Published only while the function runs: set back on the way out, also
// when an exception leaves (nheko's sync handler).
void OrderService::publish_while_dispatching(pqxx::connection &c) {
  pqxx::work tx(c);
  m_tx = &tx;
  try {
    dispatch();
    tx.commit();
  } catch (...) {
    m_tx = nullptr;
    throw;
  }
  m_tx = nullptr;
}

// Reading through the transaction and storing the result is fine.
std::vector<int> g_counts;
void store_results(pqxx::connection &c) {
  pqxx::work tx(c);
  g_counts.push_back(count_orders(tx));
  pqxx::result r = tx.exec("SELECT id FROM orders");
  g_counts.push_back(static_cast<int>(r.size()));
  tx.commit();
}

#endif // SINKS_ONLY

//===----------------------------------------------------------------------===//
// AsyncSinks: the second run names app::schedule and std::thread only.
//===----------------------------------------------------------------------===//

namespace app {
void schedule(std::function<void()> job);
}
void submit(std::function<void()> job);
void count_later(pqxx::transaction_base &t);

void sinks(pqxx::connection &c) {
  pqxx::work tx(c);
  app::schedule([&] { count_later(tx); });
  // CHECK-NOTES-SINKS: :[[@LINE-1]]:17: warning: transaction 'tx' escapes its scope: a lambda capturing it by reference is passed to 'app::schedule'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES-SINKS: :[[@LINE-3]]:14: note: 'tx' is declared here
  submit([&] { count_later(tx); });
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: transaction 'tx' escapes its scope: a lambda capturing it by reference is passed to 'submit'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-6]]:14: note: 'tx' is declared here
  std::thread([&] { count_later(tx); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: transaction 'tx' escapes its scope: a lambda capturing it by reference is passed to 'std::thread'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-9]]:14: note: 'tx' is declared here
  // CHECK-NOTES-SINKS: :[[@LINE-3]]:15: warning: transaction 'tx' escapes its scope: a lambda capturing it by reference is passed to 'std::thread'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES-SINKS: :[[@LINE-11]]:14: note: 'tx' is declared here
  tx.commit();
}
