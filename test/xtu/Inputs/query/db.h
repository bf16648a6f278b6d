#pragma once
#include <sqlite3.h>

// Runs a query the caller gives and returns its first column, or -1.
int queryInt(sqlite3 *db, const char *sql);
