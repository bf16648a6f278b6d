// Stock levels: bulk imports from the warehouse feed, manual corrections and
// reservations.
#pragma once

#include <sqlite3.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace shop {

// One row of the warehouse feed.
struct StockRow {
  std::string sku;
  std::string name;
  std::int64_t price_cents;
  int stock;
};

// Inserts or updates the products in `rows`, committing every `batch_size`
// rows so a long feed does not hold the write lock. Stops at the first
// failing batch (which is rolled back) and returns how many rows were stored.
std::size_t import_stock(sqlite3 *db, const std::vector<StockRow> &rows,
                         std::size_t batch_size);

// Adds `delta` (may be negative) to a product's stock and records why.
// Returns false, changing nothing, if that fails.
// Raises the stock of `product_id` to `minimum` when it is below.
bool restock_if_low(sqlite3 *db, std::int64_t product_id, int minimum);

bool adjust_stock(sqlite3 *db, std::int64_t product_id, int delta,
                  const std::string &reason);

// Holds back `quantity` items of a product for `reason`.
// Throws OrderError if there are not enough.
void reserve_stock(sqlite3 *db, std::int64_t product_id, int quantity,
                   const std::string &reason);

// Changes every price by `percent` (may be negative). With `dry_run`, only
// counts the products that would change. Returns that count, or -1.
int reprice_products(sqlite3 *db, int percent, bool dry_run);

// Current stock of a product, or -1 if there is no such product.
int stock_level(sqlite3 *db, std::int64_t product_id);

// Id of the product with this SKU, or -1.
std::int64_t product_id(sqlite3 *db, const std::string &sku);

} // namespace shop
