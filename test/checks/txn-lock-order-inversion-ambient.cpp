// txn-lock-order-inversion between transactions a function runs inside
// without beginning them: one it is handed (`pqxx::work &`), and its
// callers' (a lambda handed to a transaction runner).
//
// RUN: %check_txnlint %s txn-lock-order-inversion %t -- -- -std=c++17 -I/usr/include/postgresql

#include <pqxx/pqxx>

#include <libpq-fe.h>

#include <functional>

// A repository method handed the caller's transaction: stock, then orders.
void reserve(pqxx::work &w, int item, int order) {
  w.exec0("UPDATE stock SET reserved = reserved + 1 WHERE item = " +
          std::to_string(item));
  w.exec0("UPDATE orders SET state = 'reserved' WHERE id = " +
          std::to_string(order));
}

// Positive: orders, then stock.
void cancel(pqxx::connection &c, int item, int order) {
  pqxx::work w(c);
  w.exec0("UPDATE orders SET state = 'cancelled' WHERE id = " +
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction locks 'orders' before 'stock', but the transaction in 'reserve' locks them in the opposite order; two concurrent requests can each take one lock and wait for the other (a deadlock): lock the tables in one order everywhere [txn-lock-order-inversion]
          std::to_string(order));
  w.exec0("UPDATE stock SET reserved = reserved - 1 WHERE item = " +
  // CHECK-NOTES: :[[@LINE-1]]:3: note: then locks 'stock' here
          std::to_string(item));
  // CHECK-NOTES: :[[@LINE-15]]:3: note: 'reserve' locks 'stock' first here
  // CHECK-NOTES: :[[@LINE-14]]:3: note: then 'orders' here
  w.commit();
}

static bool with_transaction(PGconn *c, const std::function<bool()> &work) {
  PQclear(PQexec(c, "BEGIN"));
  if (!work()) {
    PQclear(PQexec(c, "ROLLBACK"));
    return false;
  }
  PQclear(PQexec(c, "COMMIT"));
  return true;
}

bool credit_then_log(PGconn *c) {
  return with_transaction(c, [&] {
    PQclear(PQexec(c, "UPDATE accounts SET balance = balance + 1 WHERE id = 1"));
    PQclear(PQexec(c, "INSERT INTO ledger (account) VALUES (1)"));
    return true;
  });
}

// Positive: the same two tables in the other order, in another lambda
// handed to the runner.
bool log_then_credit(PGconn *c) {
  return with_transaction(c, [&] {
    PQclear(PQexec(c, "INSERT INTO ledger (account) VALUES (2)"));
    // CHECK-NOTES: :[[@LINE-1]]:13: warning: transaction locks 'ledger' before 'accounts', but the transaction in the lambda locks them in the opposite order; two concurrent requests can each take one lock and wait for the other (a deadlock): lock the tables in one order everywhere [txn-lock-order-inversion]
    PQclear(PQexec(c, "UPDATE accounts SET balance = balance + 1 WHERE id = 2"));
    // CHECK-NOTES: :[[@LINE-1]]:13: note: then locks 'accounts' here
    // CHECK-NOTES: :[[@LINE-14]]:13: note: the lambda locks 'accounts' first here
    // CHECK-NOTES: :[[@LINE-14]]:13: note: then 'ledger' here
    return true;
  });
}

// Negative: handed the transaction, the same order as reserve.
void reserve_again(pqxx::work &w, int item, int order) {
  w.exec0("UPDATE stock SET reserved = reserved + 1 WHERE item = " +
          std::to_string(item));
  w.exec0("UPDATE orders SET state = 'reserved' WHERE id = " +
          std::to_string(order));
}
