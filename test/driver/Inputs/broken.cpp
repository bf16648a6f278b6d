// Driver test input: does not compile, but Clang recovers.
#include <sqlite3.h>

int save_order(sqlite3 *db, int qty) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  if (qty <= 0)
    return -1;
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return 0;
}

int order_total(int qty) {
  return qty * unit_price;
}
