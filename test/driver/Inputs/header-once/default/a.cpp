#include "ledger.h"

int close_day(sqlite3 *db) { return post_entry(db) + settle<true>(db); }
