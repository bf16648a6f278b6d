#include "warehouse_sync.h"

#include <pqxx/except>
#include <pqxx/transaction>

#include <iostream>

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

} // namespace shop
