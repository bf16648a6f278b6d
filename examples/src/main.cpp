// order-service [database-file]
// Loads a small catalogue, takes a few orders and prints what happened.
// Without an argument it works on an in-memory database.
#include "audit.h"
#include "billing.h"
#include "db.h"
#include "inventory.h"
#include "orders.h"
#include "shipping.h"
#include "supplier_prices.h"

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

using namespace shop;

namespace {

void report(const char *what, bool ok) {
  std::printf("%-36s %s\n", what, ok ? "ok" : "FAILED");
}

} // namespace

int main(int argc, char **argv) {
  const std::string path = argc > 1 ? argv[1] : ":memory:";
  sqlite3 *db = nullptr;
  try {
    db = open_database(path);
  } catch (const std::exception &e) {
    std::fprintf(stderr, "order-service: %s\n", e.what());
    return 1;
  }

  const std::vector<StockRow> feed = {
      {"KB-101", "Mechanical keyboard", 8900, 12},
      {"MS-220", "Wireless mouse", 2900, 40},
      {"MN-270", "27\" monitor", 24900, 3},
      {"CB-USB", "USB-C cable", 900, 150},
  };
  const std::size_t stored = import_stock(db, feed, 2);
  report("import warehouse feed", stored == feed.size());

  const std::int64_t keyboard = product_id(db, "KB-101");
  const std::int64_t monitor = product_id(db, "MN-270");
  const std::int64_t cable = product_id(db, "CB-USB");

  const std::int64_t first =
      place_order(db, {"ada@example.com", {{keyboard, 1}, {cable, 2}}});
  report("place order (in stock)", first > 0);
  const std::int64_t too_big = place_order(db, {"bob@example.com", {{monitor, 5}}});
  report("refuse order (not enough monitors)", too_big < 0);
  report("monitors untouched", stock_level(db, monitor) == 3);

  report("cancel first order", cancel_order(db, first));
  report("keyboards back in stock", stock_level(db, keyboard) == 12);

  report("stock correction", adjust_stock(db, cable, -10, "damaged in transit"));

  try {
    reserve_stock(db, monitor, 2, "trade fair");
    report("reserve two monitors", true);
  } catch (const OrderError &e) {
    std::printf("reserve two monitors: %s\n", e.what());
  }

  const std::int64_t second = place_order(db, {"cy@example.com", {{keyboard, 1}}});
  report("place second order", second > 0);
  report("pay second order", pay_order(db, second, 8900));
  // Prints FAILED although the invoice is stored: a helper of invoice_order
  // commits its transaction early (billing.cpp, txn-commit-in-callee).
  report("invoice second order", invoice_order(db, second));
  report("ship second order", ship_order(db, second, "TRK-0042"));
  report("second order delivered", mark_delivered(db, second));

  try {
    const std::size_t imported = import_marketplace_orders(
        db, {{"dee@example.com", {{cable, 3}}}, {"eve@example.com", {{cable, 0}}}});
    report("import marketplace orders (1 of 2)", imported == 1);
  } catch (const OrderError &e) {
    std::printf("import marketplace orders: %s\n", e.what());
  }
  report("purge cancelled orders", purge_cancelled_orders(db) >= 0);
  report("reprice +10% (dry run)", reprice_products(db, 10, true) >= 0);

  try {
    SQLite::Database staging(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    create_staging_schema(staging);
    const std::size_t loaded = load_price_list(
        staging, {{"KB-101", 8500}, {"MS-220", -1}, {"CB-USB", 850}});
    report("load supplier price list (2 of 3)", loaded == 2);
  } catch (const std::exception &e) {
    std::printf("load supplier price list: %s\n", e.what());
  }

  record_events(db, {{"import", "warehouse feed"}, {"orders", "demo run"}});
  try {
    archive_audit_log(db, "2000-01-01 00:00:00");
    report("archive audit log", true);
  } catch (const OrderError &e) {
    std::printf("archive audit log: %s\n", e.what());
  }
  report("purge expired events", purge_expired_events(db));

  close_database(db);
  return 0;
}
