#include "ledger.h"

int reopen_day(sqlite3 *db) { return post_entry(db) + settle<false>(db); }
