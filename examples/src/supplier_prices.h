// Supplier price lists, collected in a staging database of their own before
// a buyer approves them. This part uses SQLiteC++ (RAII transactions and
// savepoints) instead of the sqlite3 C API.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace shop {

struct SupplierPrice {
  std::string sku;
  std::int64_t price_cents;
};

// Creates the staging table if needed.
void create_staging_schema(SQLite::Database &staging);

// Replaces the staged prices with `prices`, in one transaction. A row the
// database rejects (a price that is not positive) is skipped. Returns how
// many rows were stored; throws SQLite::Exception if the list as a whole
// cannot be stored.
std::size_t load_price_list(SQLite::Database &staging,
                            const std::vector<SupplierPrice> &prices);

// A price list that arrives in pages: begin(), add() for each row, finish().
class PriceListImport {
public:
  explicit PriceListImport(SQLite::Database &staging) : staging_(staging) {}
  void begin();
  void add(const SupplierPrice &price);
  void finish();

private:
  SQLite::Database &staging_;
  SQLite::Transaction *tx_ = nullptr;
};

} // namespace shop
