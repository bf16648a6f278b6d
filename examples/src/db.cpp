#include "db.h"

namespace shop {

namespace {

const char *const kSchema = R"sql(
  PRAGMA foreign_keys = ON;
  CREATE TABLE IF NOT EXISTS products (
    id          INTEGER PRIMARY KEY,
    sku         TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
    stock       INTEGER NOT NULL DEFAULT 0 CHECK (stock >= 0)
  );
  CREATE TABLE IF NOT EXISTS orders (
    id          INTEGER PRIMARY KEY,
    customer    TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'open',
    total_cents INTEGER NOT NULL DEFAULT 0,
    tracking    TEXT
  );
  CREATE TABLE IF NOT EXISTS order_lines (
    order_id    INTEGER NOT NULL REFERENCES orders(id),
    product_id  INTEGER NOT NULL REFERENCES products(id),
    quantity    INTEGER NOT NULL CHECK (quantity > 0),
    price_cents INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS payments (
    id           INTEGER PRIMARY KEY,
    order_id     INTEGER NOT NULL REFERENCES orders(id),
    amount_cents INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS invoices (
    id          INTEGER PRIMARY KEY,
    order_id    INTEGER NOT NULL UNIQUE REFERENCES orders(id),
    total_cents INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS stock_movements (
    id         INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES products(id),
    delta      INTEGER NOT NULL,
    reason     TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS audit_log (
    id     INTEGER PRIMARY KEY,
    at     TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    event  TEXT NOT NULL,
    detail TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS audit_archive (
    id     INTEGER PRIMARY KEY,
    at     TEXT NOT NULL,
    event  TEXT NOT NULL,
    detail TEXT NOT NULL
  );
)sql";

} // namespace

sqlite3 *open_database(const std::string &path) {
  sqlite3 *db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    const std::string why = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    throw OrderError("cannot open " + path + ": " + why);
  }
  sqlite3_busy_timeout(db, 2000);

  char *err = nullptr;
  if (sqlite3_exec(db, kSchema, nullptr, nullptr, &err) != SQLITE_OK) {
    const std::string why = err ? err : "unknown error";
    sqlite3_free(err);
    sqlite3_close(db);
    throw OrderError("cannot create schema: " + why);
  }
  return db;
}

void close_database(sqlite3 *db) { sqlite3_close(db); }

bool database_is_intact(const std::string &path) {
  sqlite3 *db = nullptr;
  // txnlint finds: txn-connection-leak
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) !=
      SQLITE_OK)
    return false; // a failed open allocates 'db' too: it must be closed
  const bool intact = sqlite3_exec(db, "PRAGMA quick_check", nullptr, nullptr,
                                   nullptr) == SQLITE_OK;
  sqlite3_close(db);
  return intact;
}

} // namespace shop
