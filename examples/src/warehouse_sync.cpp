#include "warehouse_sync.h"

#include <pqxx/except>
#include <pqxx/transaction>

#include <chrono>
#include <iostream>
#include <thread>

namespace shop {

void push_stock_levels(pqxx::connection &warehouse,
                       const std::vector<StockLevel> &levels) {
  pqxx::work txn(warehouse);
  for (const StockLevel &level : levels) {
    try {
      // txnlint finds: txn-use-after-error. The first rejected level aborts
      // the PostgreSQL transaction: every later UPDATE fails, and the
      // commit rolls back the levels that were stored before it.
      txn.exec0("UPDATE stock SET quantity = " + txn.quote(level.quantity) +
                " WHERE sku = " + txn.quote(level.sku));
    } catch (const pqxx::sql_error &e) {
      std::cerr << "warehouse rejected " << level.sku << ": " << e.what()
                << "\n";
    }
  }
  txn.commit();
}

void push_stock_levels_checked(pqxx::connection &warehouse,
                               const std::vector<StockLevel> &levels) {
  pqxx::work txn(warehouse);
  for (const StockLevel &level : levels) {
    // Rolled back to the savepoint taken before the UPDATE, the transaction
    // goes on: not a txn-use-after-error finding.
    txn.exec0("SAVEPOINT one_level");
    try {
      txn.exec0("UPDATE stock SET quantity = " + txn.quote(level.quantity) +
                " WHERE sku = " + txn.quote(level.sku));
    } catch (const pqxx::sql_error &e) {
      txn.exec0("ROLLBACK TO SAVEPOINT one_level");
      std::cerr << "warehouse rejected " << level.sku << ": " << e.what()
                << "\n";
    }
    txn.exec0("RELEASE SAVEPOINT one_level");
  }
  txn.commit();
}

void ship_reserved(pqxx::connection &warehouse, const std::string &sku) {
  pqxx::work txn(warehouse);
  txn.exec0("UPDATE stock SET quantity = quantity - 1 WHERE sku = " +
            txn.quote(sku));
  txn.exec0("INSERT INTO shipments (sku) VALUES (" + txn.quote(sku) + ")");
  txn.commit();
}

void cancel_shipment(pqxx::connection &warehouse, const std::string &sku) {
  pqxx::work txn(warehouse);
  // txnlint finds: txn-lock-order-inversion. ship_reserved locks the stock
  // row, then shipments; this locks shipments, then stock. Two requests for
  // the same SKU can each hold one and wait for the other: delete the
  // shipment after restoring the stock.
  txn.exec0("DELETE FROM shipments WHERE sku = " + txn.quote(sku));
  txn.exec0("UPDATE stock SET quantity = quantity + 1 WHERE sku = " +
            txn.quote(sku));
  txn.commit();
}

void reset_stock_level(pqxx::connection &warehouse, const StockLevel &level) {
  pqxx::work txn(warehouse);
  txn.exec0("UPDATE stock SET quantity = " + txn.quote(level.quantity) +
            " WHERE sku = " + txn.quote(level.sku));
  // txnlint finds: txn-blocking-call-in-transaction. The pause for the
  // warehouse's cache holds the stock row's lock: every order for this SKU
  // waits as long. Pause after the commit.
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  txn.commit();
}

void receive_goods(pqxx::connection &warehouse, const StockLevel &delivery) {
  pqxx::work txn(warehouse);
  const pqxx::result current = txn.exec(
      "SELECT quantity FROM stock WHERE sku = " + txn.quote(delivery.sku));
  const std::int64_t quantity =
      current[0][0].as<std::int64_t>() + delivery.quantity;
  // txnlint finds: txn-lost-update. Two deliveries of the same SKU both
  // read the old quantity, and the second UPDATE overwrites the first:
  // write SET quantity = quantity + delivery, or read FOR UPDATE.
  txn.exec0("UPDATE stock SET quantity = " + txn.quote(quantity) +
            " WHERE sku = " + txn.quote(delivery.sku));
  txn.commit();
}

} // namespace shop
