// txn-blocking-call-in-transaction in a function that runs inside a
// transaction it did not begin: one it is handed (`pqxx::work &`, also as a
// lambda's parameter), or its callers' when every caller in view calls it
// inside one. From its first write there, the transaction holds row locks.
//
// RUN: %check_txnlint %s txn-blocking-call-in-transaction %t -- -- -std=c++17 -I/usr/include/postgresql

#include <pqxx/pqxx>

#include <libpq-fe.h>

#include <chrono>
#include <functional>
#include <thread>
#include <unistd.h>

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// A repository method handed the caller's transaction.
void reserve(pqxx::work &w, int item) {
  w.exec0("UPDATE stock SET reserved = reserved + 1 WHERE item = " +
          std::to_string(item));
  sleep(2);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'sleep' blocks while transaction 'w' holds the locks of its writes; every request that needs those rows waits as long, so wait before the first write or after the commit [txn-blocking-call-in-transaction]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: the transaction writes here
}

// A lambda handed to a runner of another file, taking the transaction.
void run_in_transaction(pqxx::connection &c,
                        const std::function<void(pqxx::work &)> &work);

void restock(pqxx::connection &c) {
  run_in_transaction(c, [](pqxx::work &tx) {
    tx.exec0("UPDATE stock SET qty = qty + 10 WHERE item = 3");
    std::this_thread::sleep_for(std::chrono::seconds(1));
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'std::this_thread::sleep_for' blocks while transaction 'tx' holds the locks of its writes; every request that needs those rows waits as long, so wait before the first write or after the commit [txn-blocking-call-in-transaction]
    // CHECK-NOTES: :[[@LINE-3]]:5: note: the transaction writes here
  });
}

// A helper on the connection that every caller calls inside its
// transaction.
static void mark_shipped(PGconn *c) {
  PQclear(PQexec(c, "UPDATE orders SET state = 'shipped' WHERE id = 9"));
  usleep(500000);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'usleep' blocks while transaction on 'c' holds the locks of its writes; every request that needs those rows waits as long, so wait before the first write or after the commit [txn-blocking-call-in-transaction]
  // CHECK-NOTES: :[[@LINE-3]]:11: note: the transaction writes here
}

void ship(PGconn *c) {
  PQclear(PQexec(c, "BEGIN"));
  mark_shipped(c);
  PQclear(PQexec(c, "COMMIT"));
}

//===----------------------------------------------------------------------===//
// Negatives
//===----------------------------------------------------------------------===//

// Waits before the first write.
void reserve_later(pqxx::work &w, int item) {
  sleep(1);
  w.exec0("UPDATE stock SET reserved = reserved + 1 WHERE item = " +
          std::to_string(item));
}

// Handed the transaction, but only reads.
long count_stock(pqxx::work &w) {
  long n = w.exec1("SELECT count(*) FROM stock")[0].as<long>();
  sleep(1);
  return n;
}

// A helper that one caller calls outside any transaction: not judged
// inside one itself; the caller that holds one is told at its call.
static void mark_seen(PGconn *c) {
  PQclear(PQexec(c, "UPDATE orders SET seen = true WHERE id = 9"));
  usleep(1000);
}

void see_in_transaction(PGconn *c) {
  PQclear(PQexec(c, "BEGIN"));
  mark_seen(c);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'mark_seen', which waits in 'usleep', blocks while transaction on 'c' holds the locks of its writes; every request that needs those rows waits as long, so wait before the first write or after the commit [txn-blocking-call-in-transaction]
  PQclear(PQexec(c, "COMMIT"));
}

void see_alone(PGconn *c) { mark_seen(c); }

//===----------------------------------------------------------------------===//
// Functions of the program, judged by their bodies
//===----------------------------------------------------------------------===//

static void wait_for_ack() { sleep(1); }
static void poll_remote() { wait_for_ack(); }

// Positive: the wait is two helpers down.
void pay(pqxx::connection &c) {
  pqxx::work w(c);
  w.exec0("UPDATE orders SET state = 'paid' WHERE id = 1");
  poll_remote();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'poll_remote', which waits in 'sleep', blocks while transaction 'w' holds the locks of its writes; every request that needs those rows waits as long, so wait before the first write or after the commit [txn-blocking-call-in-transaction]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the transaction writes here
  w.commit();
}

// Negative: a repository method named like a socket's receive, whose body
// only writes.
struct StockRepo {
  void receive(pqxx::work &w) {
    w.exec0("UPDATE stock SET qty = qty + 1 WHERE item = 4");
  }
};

void deliver(pqxx::connection &c) {
  pqxx::work w(c);
  w.exec0("UPDATE orders SET state = 'delivered' WHERE id = 2");
  StockRepo stock;
  stock.receive(w);
  w.commit();
}

// A helper handed the transaction that waits before its own first write:
// it reports nothing itself (its transaction holds no locks of its own yet),
// so a caller that wrote before the call is told at the call; one that
// calls it first is not.
static void throttled_audit(pqxx::work &w, int sku) {
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  w.exec0("INSERT INTO audit (what) VALUES ('reserve')");
}

void reserve_item(pqxx::connection &c, int sku) {
  pqxx::work w(c);
  w.exec0("INSERT INTO holds (sku) VALUES (1)");
  throttled_audit(w, sku);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'throttled_audit', which waits in 'std::this_thread::sleep_for', blocks while transaction 'w' holds the locks of its writes; every request that needs those rows waits as long, so wait before the first write or after the commit [txn-blocking-call-in-transaction]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the transaction writes here
  w.commit();
}

void reserve_item_throttled_first(pqxx::connection &c, int sku) {
  pqxx::work w(c);
  throttled_audit(w, sku);
  w.exec0("INSERT INTO holds (sku) VALUES (1)");
  w.commit();
}

// Negative: a method of the program's own class, defined in another file,
// named like a socket's receive.
struct Courier {
  void receive(pqxx::work &w, int parcel);
};

void accept_parcel(pqxx::connection &c, int parcel) {
  pqxx::work w(c);
  w.exec0("UPDATE parcels SET state = 'in' WHERE id = 5");
  Courier courier;
  courier.receive(w, parcel);
  w.commit();
}
