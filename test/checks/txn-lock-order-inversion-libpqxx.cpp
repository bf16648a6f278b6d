// txn-lock-order-inversion with libpqxx 6 and the MySQL C API, compiled
// against the real headers. Two transactions that write (or lock with FOR
// UPDATE) the same two tables in opposite orders can deadlock: each holds
// the first table's row locks and waits for the other's. The transaction
// whose begin comes later in the file is reported, at its first lock of the
// pair.
//
// RUN: %check_txnlint %s txn-lock-order-inversion %t -- -- -std=c++17 -I/usr/include/mariadb

#include <pqxx/pqxx>

#include <mysql.h>

#include <string>

static void add_line(pqxx::work &w, int order) {
  w.exec0("INSERT INTO order_lines (order_id) VALUES (" + std::to_string(order) + ")");
}

// orders, then order_lines (through the helper), then stock.
void place_order(pqxx::connection &conn, int order) {
  pqxx::work w(conn);
  w.exec0("UPDATE orders SET total = total + 1 WHERE id = 1");
  add_line(w, order);
  w.exec0("UPDATE stock SET qty = qty - 1 WHERE sku = 1");
  w.commit();
}

// stock, then orders: the opposite of place_order.
void cancel_order(pqxx::connection &conn) {
  pqxx::work w(conn);
  w.exec0("UPDATE stock SET qty = qty + 1 WHERE sku = 1");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction locks 'stock' before 'orders', but the transaction in 'place_order' locks them in the opposite order; two concurrent requests can each take one lock and wait for the other (a deadlock): lock the tables in one order everywhere [txn-lock-order-inversion]
  w.exec("SELECT * FROM orders WHERE id = 1 FOR UPDATE");
  // CHECK-NOTES: :[[@LINE-1]]:3: note: then locks 'orders' here
  // CHECK-NOTES: :[[@LINE-13]]:3: note: 'place_order' locks 'orders' first here
  // CHECK-NOTES: :[[@LINE-12]]:3: note: then 'stock' here
  w.exec0("DELETE FROM order_lines WHERE order_id = 1");
  w.commit();
}

// In a lambda: order_lines, then orders.
void compact(pqxx::connection &conn) {
  auto run = [&conn] {
    pqxx::work w(conn);
    w.exec0("DELETE FROM order_lines WHERE qty = 0");
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: transaction locks 'order_lines' before 'orders', but the transaction in 'place_order' locks them in the opposite order; two concurrent requests can each take one lock and wait for the other (a deadlock): lock the tables in one order everywhere [txn-lock-order-inversion]
    w.exec0("UPDATE orders SET total = 0 WHERE id = 1");
    // CHECK-NOTES: :[[@LINE-1]]:5: note: then locks 'orders' here
    // CHECK-NOTES: :[[@LINE-27]]:3: note: 'place_order' locks 'orders' first here
    // CHECK-NOTES: :[[@LINE-27]]:3: note: then 'order_lines' here
    w.commit();
  };
  run();
}

//===----------------------------------------------------------------------===//
// Negatives
//===----------------------------------------------------------------------===//

// The same order as place_order.
void restock_order(pqxx::connection &conn) {
  pqxx::work w(conn);
  w.exec0("UPDATE orders SET total = total WHERE id = 2");
  w.exec0("UPDATE stock SET qty = qty + 5 WHERE sku = 2");
  w.commit();
}

// Plain reads take no locks.
void report(pqxx::connection &conn) {
  pqxx::work w(conn);
  w.exec("SELECT * FROM stock");
  w.exec("SELECT * FROM orders");
  w.commit();
}

// One table only.
void touch_stock(pqxx::connection &conn) {
  pqxx::work w(conn);
  w.exec0("UPDATE stock SET qty = qty WHERE sku = 3");
  w.exec0("UPDATE stock SET qty = qty WHERE sku = 4");
  w.commit();
}

// Another database (MySQL): its locks cannot wait on PostgreSQL's.
void mirror(MYSQL *my) {
  mysql_query(my, "START TRANSACTION");
  mysql_query(my, "UPDATE stock SET qty = 0");
  mysql_query(my, "UPDATE orders SET total = 0");
  mysql_query(my, "COMMIT");
}
