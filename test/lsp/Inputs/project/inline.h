// Language server test input: a header opened on its own, with a function
// defined in it; it has the command of orders.cpp, the nearest source.
#pragma once
#include <sqlite3.h>

inline int restock(sqlite3 *db, int qty) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  if (qty <= 0)
    return -1;
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return 0;
}
