#pragma once
#include <sqlite3.h>

// Begins a transaction on db; defined in ledger.cpp.
bool openBatch(sqlite3 *db);
