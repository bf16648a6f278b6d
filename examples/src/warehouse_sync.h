// Stock levels pushed to the central warehouse database, which runs on
// PostgreSQL. This part uses libpqxx.
#pragma once

#include <pqxx/connection>

#include <cstdint>
#include <string>
#include <vector>

namespace shop {

struct StockLevel {
  std::string sku;
  std::int64_t quantity;
};

// Pushes `levels` in one transaction. A level the warehouse rejects (an
// unknown SKU) is skipped and logged; the others are stored.
void push_stock_levels(pqxx::connection &warehouse,
                       const std::vector<StockLevel> &levels);

// The same, with each level in a savepoint of its own.
void push_stock_levels_checked(pqxx::connection &warehouse,
                               const std::vector<StockLevel> &levels);

// Moves one reserved unit of `sku` to a shipment, and back.
void ship_reserved(pqxx::connection &warehouse, const std::string &sku);
void cancel_shipment(pqxx::connection &warehouse, const std::string &sku);

// Sets the warehouse's level of one SKU.
void reset_stock_level(pqxx::connection &warehouse, const StockLevel &level);

// Adds a delivery to the warehouse's level of its SKU.
void receive_goods(pqxx::connection &warehouse, const StockLevel &delivery);

} // namespace shop
