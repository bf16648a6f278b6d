// txn-blocking-call-in-transaction with libpqxx 6, compiled against the real
// headers, <thread>, <future>, <condition_variable> and <iostream>. A
// pqxx::work holds the row locks of its writes until it ends; a wait while
// it holds them makes every request for those rows wait too.
//
// RUN: %check_txnlint %s txn-blocking-call-in-transaction %t -- -- -std=c++17

#include <pqxx/pqxx>

#include <chrono>
#include <condition_variable>
#include <future>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>

#include <sys/socket.h>
#include <unistd.h>

static_assert(PQXX_VERSION_MAJOR == 6, "the real libpqxx 6 headers");

// Defined in another translation unit.
extern "C" int curl_easy_perform(void *curl);
int price_from_supplier(int sku);

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// A retry backoff inside the transaction that holds the row lock.
void reserve_with_backoff(pqxx::connection &conn, int sku) {
  pqxx::work w(conn);
  w.exec0("UPDATE stock SET reserved = reserved + 1 WHERE sku = " +
          std::to_string(sku));
  for (int attempt = 0; attempt < 3; ++attempt) {
    if (w.exec("SELECT ok FROM supplier_ack WHERE sku = 1").size() == 1)
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200 << attempt));
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'std::this_thread::sleep_for' blocks while transaction 'w' holds the locks of its writes; every request that needs those rows waits as long, so wait before the first write or after the commit [txn-blocking-call-in-transaction]
    // CHECK-NOTES: :[[@LINE-7]]:3: note: the transaction writes here
  }
  w.commit();
}

// Waiting for another thread's result after a locking read.
void reprice(pqxx::connection &conn, int sku) {
  pqxx::work w(conn);
  w.exec("SELECT price FROM products WHERE sku = 1 FOR UPDATE");
  std::future<int> price = std::async(std::launch::async, price_from_supplier, sku);
  int value = price.get();
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'std::future::get' blocks while transaction 'w' holds the locks of its writes; every request that needs those rows waits as long, so wait before the first write or after the commit [txn-blocking-call-in-transaction]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: the transaction locks rows here
  w.exec0("UPDATE products SET price = " + std::to_string(value) + " WHERE sku = 1");
  w.commit();
}

// Waited on, then its value taken: one wait, one finding.
void reprice_waited(pqxx::connection &conn, int sku) {
  pqxx::work w(conn);
  w.exec("SELECT price FROM products WHERE sku = 1 FOR UPDATE");
  std::future<int> price = std::async(std::launch::async, price_from_supplier, sku);
  price.wait();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'std::future::wait' blocks while transaction 'w' holds the locks of its writes; every request that needs those rows waits as long, so wait before the first write or after the commit [txn-blocking-call-in-transaction]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: the transaction locks rows here
  int value = price.get();
  w.exec0("UPDATE products SET price = " + std::to_string(value) + " WHERE sku = 1");
  w.commit();
}

// Asking the operator while the rows are locked; joining a worker.
void confirm_delete(pqxx::connection &conn, std::thread &worker) {
  pqxx::work w(conn);
  w.exec0("DELETE FROM carts WHERE abandoned");
  std::string answer;
  std::getline(std::cin, answer);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: reading user input blocks while transaction 'w' holds the locks of its writes; every request that needs those rows waits as long, so wait before the first write or after the commit [txn-blocking-call-in-transaction]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: the transaction writes here
  worker.join();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'std::thread::join' blocks while transaction 'w' holds the locks of its writes; every request that needs those rows waits as long, so wait before the first write or after the commit [txn-blocking-call-in-transaction]
  // CHECK-NOTES: :[[@LINE-7]]:3: note: the transaction writes here
  if (answer == "y")
    w.commit();
}

// Waiting on futures: libstdc++ defines wait() in a base of std::future.
void reprice_all(pqxx::connection &conn, std::future<void> &done,
                 std::shared_future<long> &price) {
  pqxx::work w(conn);
  w.exec0("UPDATE products SET repricing = true");
  done.wait();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'std::future::wait' blocks while transaction 'w' holds the locks of its writes; every request that needs those rows waits as long, so wait before the first write or after the commit [txn-blocking-call-in-transaction]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the transaction writes here
  price.wait_for(std::chrono::seconds(5));
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'std::shared_future::wait_for' blocks while transaction 'w' holds the locks of its writes; every request that needs those rows waits as long, so wait before the first write or after the commit [txn-blocking-call-in-transaction]
  // CHECK-NOTES: :[[@LINE-6]]:3: note: the transaction writes here
  w.commit();
}

// The write is a helper's: its summary writes in the caller's transaction.
static void mark_shipped(pqxx::work &w, int id) {
  w.exec0("UPDATE orders SET shipped = true WHERE id = " + std::to_string(id));
}

void ship(pqxx::connection &conn, std::condition_variable &cv,
          std::mutex &m, int id) {
  pqxx::work w(conn);
  mark_shipped(w, id);
  std::unique_lock<std::mutex> lock(m);
  cv.wait(lock);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'std::condition_variable::wait' blocks while transaction 'w' holds the locks of its writes; every request that needs those rows waits as long, so wait before the first write or after the commit [txn-blocking-call-in-transaction]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: the transaction writes here
  w.commit();
}

// Blocking on a socket, inside a lambda that runs the transaction.
void sync_with_peer(pqxx::connection &conn, int peer) {
  auto run = [&] {
    pqxx::work w(conn);
    w.exec0("INSERT INTO sync_log (at) VALUES (now())");
    char ack[4];
    recv(peer, ack, sizeof ack, 0);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'recv' blocks while transaction 'w' holds the locks of its writes; every request that needs those rows waits as long, so wait before the first write or after the commit [txn-blocking-call-in-transaction]
    // CHECK-NOTES: :[[@LINE-4]]:5: note: the transaction writes here
    w.commit();
  };
  run();
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.

// A read-only transaction: the statement prepared by name reads.
void show_price(pqxx::connection &conn, int sku) {
  conn.prepare("price_of", "SELECT price FROM products WHERE sku = $1");
  pqxx::work w(conn);
  pqxx::row price = w.exec_prepared1("price_of", sku);
  std::this_thread::sleep_for(std::chrono::seconds(1));
  w.commit();
}

// The retry the deadlock advice asks for: the exception destroys the
// transaction (rolled back) before the handler sleeps.
void reserve_retrying(pqxx::connection &conn, int sku) {
  for (int attempt = 0; attempt < 5; ++attempt) {
    try {
      pqxx::work w(conn);
      w.exec_params0("UPDATE stock SET reserved = reserved + 1 WHERE sku = $1", sku);
      w.commit();
      return;
    } catch (const pqxx::deadlock_detected &) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10 << attempt));
    }
  }
}
//===----------------------------------------------------------------------===//

// Before the first write: nothing is locked yet.
void backoff_then_write(pqxx::connection &conn) {
  pqxx::work w(conn);
  w.exec("SELECT 1 FROM stock");
  std::this_thread::sleep_for(std::chrono::seconds(1));
  w.exec0("UPDATE stock SET reserved = 0");
  w.commit();
}

// After the commit.
void write_then_wait(pqxx::connection &conn, std::thread &worker) {
  pqxx::work w(conn);
  w.exec0("UPDATE stock SET reserved = 0");
  w.commit();
  worker.join();
  sleep(1);
}

// A read-only transaction takes no row locks.
void report(pqxx::connection &conn) {
  pqxx::read_transaction r(conn);
  r.exec("SELECT count(*) FROM orders");
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
  r.exec("SELECT count(*) FROM lines");
}

// Polling without waiting; taking a mutex without blocking.
void poll_supplier(pqxx::connection &conn, std::future<int> &price,
                   std::mutex &m) {
  pqxx::work w(conn);
  w.exec0("UPDATE stock SET reserved = 0");
  if (price.wait_for(std::chrono::seconds(0)) == std::future_status::ready)
    w.exec0("UPDATE products SET price = 1");
  if (m.try_lock())
    m.unlock();
  w.commit();
}

// An effect outside the database is txn-side-effect-before-commit's, even
// though it blocks too: one finding.
void charge(pqxx::connection &conn, void *payment) {
  pqxx::work w(conn);
  w.exec0("INSERT INTO payments (id) VALUES (1)");
  curl_easy_perform(payment);
  w.commit();
}

// A class's own sleep() is not ::sleep.
struct Backoff {
  void sleep(int ms);
};
void retry(pqxx::connection &conn, Backoff &backoff) {
  pqxx::work w(conn);
  w.exec0("UPDATE jobs SET tries = tries + 1");
  backoff.sleep(10);
  w.commit();
}
