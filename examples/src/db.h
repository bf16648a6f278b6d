// Connection set-up shared by the order service.
#pragma once

#include <sqlite3.h>

#include <stdexcept>
#include <string>

namespace shop {

// A request the service cannot fulfil (unknown product, not enough stock,
// database failure). Callers report it and carry on with the next request.
class OrderError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// Opens (creating if needed) the database at `path` and its schema.
// Throws OrderError on failure.
sqlite3 *open_database(const std::string &path);

void close_database(sqlite3 *db);

// Whether the database file at path opens and passes SQLite's quick check.
bool database_is_intact(const std::string &path);

} // namespace shop
