#include "ledger.h"

int audit_day(sqlite3 *db) { return post_entry(db) + close_books(db); }
