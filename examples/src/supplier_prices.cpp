#include "supplier_prices.h"

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Savepoint.h>
#include <SQLiteCpp/Statement.h>

namespace shop {

void create_staging_schema(SQLite::Database &staging) {
  staging.exec("CREATE TABLE IF NOT EXISTS supplier_prices ("
               "  sku         TEXT PRIMARY KEY,"
               "  price_cents INTEGER NOT NULL CHECK (price_cents > 0))");
}

std::size_t load_price_list(SQLite::Database &staging,
                            const std::vector<SupplierPrice> &prices) {
  SQLite::Transaction tx(staging);  // rolls back unless committed
  staging.exec("DELETE FROM supplier_prices");
  std::size_t stored = 0;
  for (const SupplierPrice &price : prices) {
    try {
      // A savepoint per row. When exec() throws, the Savepoint's destructor
      // rolls back to it before the handler runs, so the handler may skip the
      // row: not a txn-nested-unhandled-exception finding.
      SQLite::Savepoint row(staging, "one_row");
      SQLite::Statement insert(staging, "INSERT OR REPLACE INTO supplier_prices"
                                        "(sku, price_cents) VALUES (?1, ?2)");
      insert.bind(1, price.sku);
      insert.bind(2, price.price_cents);
      insert.exec();
      row.release();
      ++stored;
    } catch (const SQLite::Exception &) {
      // Skip the row; the rest of the list is kept.
    }
  }
  tx.commit();  // throws if it fails: nothing to check
  return stored;
}

void PriceListImport::begin() {
  SQLite::Transaction tx(staging_);
  staging_.exec("DELETE FROM supplier_prices");
  // txnlint finds: txn-session-escape. tx_ keeps the address of a local:
  // when begin() returns, tx rolls back (undoing the DELETE) and is destroyed,
  // add() then writes in autocommit mode, and finish() commits through a
  // dangling pointer. Keep the transaction in a std::unique_ptr member
  // instead.
  tx_ = &tx;
}

void PriceListImport::add(const SupplierPrice &price) {
  SQLite::Statement insert(staging_, "INSERT OR REPLACE INTO supplier_prices"
                                     "(sku, price_cents) VALUES (?1, ?2)");
  insert.bind(1, price.sku);
  insert.bind(2, price.price_cents);
  insert.exec();
}

void PriceListImport::finish() {
  tx_->commit();
  tx_ = nullptr;
}

} // namespace shop
