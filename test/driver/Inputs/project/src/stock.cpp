// Driver test input (project): a leak through an exception.
#include "inventory.h"

#include <stdexcept>

void restock(sqlite3 *db, int qty) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  if (qty > 1000)
    throw std::out_of_range("restock too large");
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}
