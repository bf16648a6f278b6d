#pragma once
#include <sqlite3.h>

#include <functional>

bool exec(sqlite3 *db, const char *sql);
// Runs fn inside a transaction: committed when it returns true.
bool withTransaction(sqlite3 *db, const std::function<bool()> &fn);
// Runs fn again while it fails, in autocommit mode.
bool retrying(const std::function<bool()> &fn);
// Runs fn on a pooled connection of its own, inside a transaction on it.
bool onPooledConnection(const std::function<bool(sqlite3 *)> &fn);
