// Driver test input: a header every file of the project includes, with one
// leak of its own. With --header-filter it must be reported once, however
// many files include it.
#ifndef TXNLINT_TEST_INVENTORY_H
#define TXNLINT_TEST_INVENTORY_H

#include <sqlite3.h>

inline int reserve_stock(sqlite3 *db, int item) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  if (item < 0)
    return -1;
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return 0;
}

#endif
