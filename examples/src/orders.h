// Placing, cancelling, importing and purging customer orders.
#pragma once

#include "db.h"

#include <sqlite3.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace shop {

struct OrderLine {
  std::int64_t product_id;
  int quantity;
};

struct Order {
  std::string customer;
  std::vector<OrderLine> lines;
};

// Writes the order and its lines and takes the goods out of stock, all or
// nothing. Returns the new order id, or -1 (and writes nothing) on failure.
std::int64_t place_order(sqlite3 *db, const Order &order);

// Cancels an open order and puts its goods back in stock.
// Returns false if the order is not open or the update fails.
bool cancel_order(sqlite3 *db, std::int64_t order_id);

// Stores a batch of orders from a marketplace feed in one transaction. An
// order that cannot be stored (unknown product, bad quantity) is skipped and
// the others are kept. Returns how many were stored; throws OrderError if the
// batch as a whole cannot be stored.
std::size_t import_marketplace_orders(sqlite3 *db, const std::vector<Order> &orders);

// Deletes cancelled orders and their lines. Returns how many orders were
// deleted, or -1.
int purge_cancelled_orders(sqlite3 *db);

} // namespace shop
