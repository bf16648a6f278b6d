// Placing and cancelling customer orders.
#pragma once

#include <sqlite3.h>

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

} // namespace shop
