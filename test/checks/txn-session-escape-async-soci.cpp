// txn-session-escape with SOCI 4: a local soci::session (a connection, with
// or without a transaction) captured by reference into work that runs after
// the function returns, directly or through a helper of this file that
// stores its parameter in a member or global sink. soci::session is not
// thread-affine: work that ends before the return may use it. The second
// run names a user thread pool in a model file's "async-sinks".
//
// RUN: %check_txnlint %s txn-session-escape %t -- -- -std=c++20
// RUN: %check_txnlint --check-suffix=POOL \
// RUN:   --model=%S/Inputs/txn-session-escape-pool.json %s txn-session-escape \
// RUN:   %t-pool -- -- -std=c++20 -DPOOL_ONLY

#include <soci/soci.h>

#include <functional>
#include <future>
#include <string>
#include <thread>
#include <vector>

int count_orders(soci::session &sql);

namespace app {
// A user thread pool.
class Pool {
public:
  void run(std::function<void()> job);
};
} // namespace app

#ifndef POOL_ONLY

// Helpers of this file: the first keeps a job that captures its parameter,
// the second only uses it.
class Scheduler {
public:
  void later(soci::session &sql) {
    m_jobs.push_back([&sql] { sql << "DELETE FROM expired"; });
  }
  void now(soci::session &sql) { count_orders(sql); }

private:
  std::vector<std::function<void()>> m_jobs;
};
Scheduler g_scheduler;

static std::future<int> g_count;
static void count_async(soci::session &sql) {
  g_count = std::async(std::launch::async, [&] { return count_orders(sql); });
}
static int count_sync(soci::session &sql) {
  auto n = std::async(std::launch::async, [&] { return count_orders(sql); });
  return n.get();
}

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

class Reporter {
public:
  void start(const std::string &connect);
  void start_maybe(const std::string &connect, bool fast);

private:
  std::future<int> m_job;
};

// The future is kept in a member: the task outlives the session.
void Reporter::start(const std::string &connect) {
  soci::session sql(connect);
  m_job = std::async(std::launch::async, [&sql] { return count_orders(sql); });
  // CHECK-NOTES: :[[@LINE-1]]:42: warning: connection 'sql' escapes its scope: a lambda capturing it by reference is passed to 'std::async'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:17: note: 'sql' is declared here
}

// Waited for on one path only.
void Reporter::start_maybe(const std::string &connect, bool fast) {
  soci::session sql(connect);
  m_job = std::async(std::launch::async, [&] { return count_orders(sql); });
  // CHECK-NOTES: :[[@LINE-1]]:42: warning: connection 'sql' escapes its scope: a lambda capturing it by reference is passed to 'std::async'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:17: note: 'sql' is declared here
  if (fast)
    return;
  m_job.wait();
}

// Through helpers that keep it: a member container of std::function, a
// global future.
void purge(const std::string &connect) {
  soci::session sql(connect);
  g_scheduler.later(sql);
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: connection 'sql' escapes its scope: it is passed to 'Scheduler::later', which stores it; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:17: note: 'sql' is declared here
  count_async(sql);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: connection 'sql' escapes its scope: it is passed to 'count_async', which stores it; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-6]]:17: note: 'sql' is declared here
}

// A detached thread, with a transaction begun on the session.
void archive(const std::string &connect) {
  soci::session sql(connect);
  sql.begin();
  std::thread worker([&] {
    // CHECK-NOTES: :[[@LINE-1]]:22: warning: session in a transaction 'sql' escapes its scope: a lambda capturing it by reference is passed to 'std::thread'; it can be used after it has ended [txn-session-escape]
    // CHECK-NOTES: :[[@LINE-4]]:17: note: 'sql' is declared here
    sql << "INSERT INTO archive SELECT * FROM orders";
    sql.commit();
  });
  worker.detach();
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Futures waited for on every path, and a local future (it waits when it is
// destroyed); the session is not thread-affine.
int totals(const std::string &connect, bool twice) {
  soci::session sql(connect);
  auto first = std::async(std::launch::async, [&] { return count_orders(sql); });
  if (twice) {
    int a = first.get();
    return a + std::async(std::launch::async, [&] { return count_orders(sql); }).get();
  }
  auto ignored = std::async(std::launch::async, [&sql] { return count_orders(sql); });
  return first.get();
}

// Local containers of futures and threads, waited for as a whole.
int fan_out(const std::string &connect, int parts) {
  soci::session sql(connect);
  std::vector<std::future<int>> counts;
  std::vector<std::thread> writers;
  for (int i = 0; i < parts; ++i) {
    counts.push_back(std::async(std::launch::async, [&] { return count_orders(sql); }));
    writers.push_back(std::thread([&sql] { sql << "INSERT INTO log (what) VALUES ('part')"; }));
  }
  for (std::thread &w : writers)
    w.join();
  int total = 0;
  for (auto &c : counts)
    total += c.get();
  return total;
}

// Helpers that only use it, or wait for their own work.
int through_helpers(const std::string &connect) {
  soci::session sql(connect);
  g_scheduler.now(sql);
  return count_sync(sql);
}

// A member connection used by a job that the owner joins in its destructor.
class Worker {
public:
  explicit Worker(const std::string &connect) : m_sql(connect) {
    m_thread = std::thread([this] { count_orders(m_sql); });
  }
  ~Worker() { m_thread.join(); }

private:
  soci::session m_sql;
  std::thread m_thread;
};

// A thread joined on every path.
void joined(const std::string &connect, bool log) {
  soci::session sql(connect);
  std::thread reader([&sql] { count_orders(sql); });
  if (log)
    sql << "INSERT INTO log (what) VALUES ('joined')";
  reader.join();
}

#endif // POOL_ONLY

// A user thread pool named in a model file's "async-sinks".
void pooled(const std::string &connect, app::Pool &pool) {
  soci::session sql(connect);
  pool.run([&sql] { count_orders(sql); });
  // CHECK-NOTES-POOL: :[[@LINE-1]]:12: warning: connection 'sql' escapes its scope: a lambda capturing it by reference is passed to 'app::Pool::run'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES-POOL: :[[@LINE-3]]:17: note: 'sql' is declared here
}
