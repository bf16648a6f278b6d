// Driver test input (project): no transaction at all.
#include "inventory.h"

int stock_report(sqlite3 *db) { return reserve_stock(db, 0); }
