// txn-session-escape with SOCI 4, compiled against the real headers in
// /usr/include/soci. soci::transaction is a transaction; a local
// soci::session is a "session in a transaction" in a function that begins
// one on it (sql.begin(), or BEGIN written with sql << "..."), a
// "connection" otherwise.
//
// RUN: %check_txnlint %s txn-session-escape %t -- -- -std=c++20

#include <soci/soci.h>

#include <algorithm>
#include <functional>
#include <future>
#include <string>
#include <thread>
#include <vector>

// Defined in another translation unit.
void insert_order(soci::session &sql, int id);
void audit(soci::transaction *tr);

namespace net {
struct io_context;
void post(io_context &io, std::function<void()> handler);
} // namespace net

// A thread pool: its enqueue is one of the default AsyncSinks.
class WorkQueue {
public:
  void enqueue(std::function<void()> job);
  void run_here(const std::function<void()> &job) { job(); }
};

soci::session *g_session;
std::vector<soci::transaction *> g_transactions;

// Same translation unit: one stores its parameter, the others only use it.
static void remember(soci::session &sql) { g_session = &sql; }
static int count_orders(soci::session &sql) {
  int n = 0;
  sql << "SELECT COUNT(*) FROM orders", soci::into(n);
  return n;
}
static void archive(soci::session &sql, soci::transaction &tr) {
  sql << "INSERT INTO archive SELECT * FROM orders";
  tr.commit();
}

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

class Importer {
public:
  explicit Importer(std::string connect) : m_connect(std::move(connect)) {}
  void open_batch();
  void guard(soci::session &sql);
  void schedule_commit(soci::session &sql);
  void pool_job(soci::session &sql);
  void post_job(net::io_context &io);

private:
  std::string m_connect;
  soci::session *m_sql = nullptr;
  soci::transaction *m_tr = nullptr;
  std::vector<std::function<void()>> m_jobs;
  WorkQueue m_queue;
};

// The session a transaction was begun on, kept in a member.
void Importer::open_batch() {
  soci::session sql(m_connect);
  sql.begin();
  m_sql = &sql;
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: session in a transaction 'sql' escapes its scope: it is stored in member 'm_sql'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-4]]:17: note: 'sql' is declared here
  sql << "INSERT INTO batches (state) VALUES ('open')";
  sql.commit();
}

// The RAII transaction, kept in a member.
void Importer::guard(soci::session &sql) {
  soci::transaction tr(sql);
  m_tr = &tr;
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: transaction 'tr' escapes its scope: it is stored in member 'm_tr'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:21: note: 'tr' is declared here
  insert_order(sql, 1);
  tr.commit();
}

// A lambda capturing the transaction by reference, queued in a member.
void Importer::schedule_commit(soci::session &sql) {
  soci::transaction tr(sql);
  insert_order(sql, 2);
  m_jobs.push_back([&tr] { tr.commit(); });
  // CHECK-NOTES: :[[@LINE-1]]:20: warning: transaction 'tr' escapes its scope: a lambda capturing it by reference is stored in a container in member 'm_jobs'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-4]]:21: note: 'tr' is declared here
}

// A pool's enqueue (an AsyncSinks name) runs the job later.
void Importer::pool_job(soci::session &sql) {
  soci::transaction tr(sql);
  m_queue.enqueue([&] { archive(sql, tr); });
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: transaction 'tr' escapes its scope: a lambda capturing it by reference is passed to 'WorkQueue::enqueue'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:21: note: 'tr' is declared here
}

// post(), unqualified in AsyncSinks, matches net::post.
void Importer::post_job(net::io_context &io) {
  soci::session sql(m_connect);
  sql << "BEGIN";
  net::post(io, [&sql] { sql << "COMMIT"; });
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: session in a transaction 'sql' escapes its scope: a lambda capturing it by reference is passed to 'net::post'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-4]]:17: note: 'sql' is declared here
}

// Returned; the session is destroyed at the return.
soci::session *open_session(const std::string &connect) {
  soci::session sql(connect);
  sql.begin();
  return &sql;
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: session in a transaction 'sql' escapes its scope: it is returned; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-4]]:17: note: 'sql' is declared here
}

// A global, directly and through a callee of this file.
void publish(const std::string &connect) {
  soci::session sql(connect);
  sql.begin();
  remember(sql);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: session in a transaction 'sql' escapes its scope: it is passed to 'remember', which stores it; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-4]]:17: note: 'sql' is declared here
  sql.commit();
}

void track(soci::session &sql) {
  soci::transaction tr(sql);
  g_transactions.push_back(&tr);
  // CHECK-NOTES: :[[@LINE-1]]:29: warning: transaction 'tr' escapes its scope: it is stored in a container in global 'g_transactions'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:21: note: 'tr' is declared here
  insert_order(sql, 5);
  tr.commit();
}

// A detached thread.
void background(const std::string &connect) {
  soci::session sql(connect);
  sql.begin();
  std::thread worker([&] { insert_order(sql, 3); sql.commit(); });
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: session in a transaction 'sql' escapes its scope: a lambda capturing it by reference is passed to 'std::thread'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-4]]:17: note: 'sql' is declared here
  worker.detach();
}

// std::async whose future is handed to the caller.
std::future<int> count_later(soci::session &sql) {
  soci::transaction tr(sql);
  return std::async(std::launch::async, [&sql, &tr] {
    // CHECK-NOTES: :[[@LINE-1]]:41: warning: transaction 'tr' escapes its scope: a lambda capturing it by reference is passed to 'std::async'; it can be used after it has ended [txn-session-escape]
    // CHECK-NOTES: :[[@LINE-3]]:21: note: 'tr' is declared here
    int n = count_orders(sql);
    tr.commit();
    return n;
  });
}

// The caller's container.
void open_into(soci::session &sql, std::vector<soci::transaction *> &open) {
  soci::transaction tr(sql);
  open.push_back(&tr);
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: transaction 'tr' escapes its scope: it is stored in a container in the caller's 'open'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:21: note: 'tr' is declared here
  tr.commit();
}

// A local session is a handle whether or not a transaction is begun on it.
class Connector {
public:
  void connect(const std::string &connect) {
    soci::session sql(connect);
    m_sql = &sql;
    // CHECK-NOTES: :[[@LINE-1]]:14: warning: connection 'sql' escapes its scope: it is stored in member 'm_sql'; it can be used after it has ended [txn-session-escape]
    // CHECK-NOTES: :[[@LINE-3]]:19: note: 'sql' is declared here
    int n = 0;
    sql << "SELECT COUNT(*) FROM orders", soci::into(n);
  }

private:
  soci::session *m_sql = nullptr;
};

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Passed by reference or pointer to functions that only use it.
void save(const std::string &connect, int id) {
  soci::session sql(connect);
  sql.begin();
  insert_order(sql, id);
  count_orders(sql);
  soci::transaction tr(sql);
  audit(&tr);
  archive(sql, tr);
  sql.commit();
}

// Local containers and local lambdas.
void local_use(const std::string &connect, const std::vector<int> &ids) {
  soci::session sql(connect);
  sql.begin();
  std::vector<soci::session *> sessions{&sql};
  sessions.push_back(&sql);
  soci::session *current = &sql;
  *current << "DELETE FROM staging";
  auto insert = [&sql](int id) { insert_order(sql, id); };
  for (int id : ids)
    insert(id);
  std::for_each(ids.begin(), ids.end(), [&](int id) { insert_order(sql, id); });
  [&] { sql << "UPDATE batches SET state = 'done'"; }();
  WorkQueue inline_queue;
  inline_queue.run_here([&] { sql << "DELETE FROM staging"; });
  sql.commit();
}

// Threads that end before the session does.
void parallel(const std::string &connect) {
  soci::session sql(connect);
  sql.begin();
  std::thread writer([&sql] { insert_order(sql, 4); });
  writer.join();
  std::jthread checker([&sql] { count_orders(sql); });
  sql.commit();
}

// Parameters are not locals.
class Cache {
public:
  void adopt(soci::session &sql) {
    sql.begin();
    m_sql = &sql;
  }
  void adopt_transaction(soci::transaction &tr) { m_tr = &tr; }

private:
  soci::session *m_sql = nullptr;
  soci::transaction *m_tr = nullptr;
};

// A pointer to a session whose transaction begins elsewhere: a parameter's
// object, stored in a member, is the caller's business.
class Repository {
public:
  explicit Repository(soci::session &sql) : m_sql(&sql) {}
  void add(int id) {
    soci::transaction tr(*m_sql);
    insert_order(*m_sql, id);
    tr.commit();
  }

private:
  soci::session *m_sql;
};

// A transaction in a local scope, its address used only there.
int batch(soci::session &sql, const std::vector<int> &ids) {
  int done = 0;
  for (int id : ids) {
    soci::transaction tr(sql);
    soci::transaction *current = &tr;
    insert_order(sql, id);
    current->commit();
    ++done;
  }
  return done;
}
