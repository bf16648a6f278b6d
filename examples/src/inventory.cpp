#include "inventory.h"

#include "db.h"

#include <algorithm>
#include <string>

namespace shop {

namespace {

bool upsert_product(sqlite3 *db, const StockRow &row) {
  sqlite3_stmt *stmt = nullptr;
  if (sqlite3_prepare_v2(db,
                         "INSERT INTO products(sku, name, price_cents, stock) "
                         "VALUES (?1, ?2, ?3, ?4) ON CONFLICT(sku) DO UPDATE "
                         "SET name = ?2, price_cents = ?3, stock = ?4",
                         -1, &stmt, nullptr) != SQLITE_OK)
    return false;
  sqlite3_bind_text(stmt, 1, row.sku.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(stmt, 2, row.name.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(stmt, 3, row.price_cents);
  sqlite3_bind_int(stmt, 4, row.stock);
  const int rc = sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  return rc == SQLITE_DONE;
}

bool change_stock(sqlite3 *db, std::int64_t product_id, int delta) {
  sqlite3_stmt *stmt = nullptr;
  if (sqlite3_prepare_v2(db, "UPDATE products SET stock = stock + ?2 WHERE id = ?1",
                         -1, &stmt, nullptr) != SQLITE_OK)
    return false;
  sqlite3_bind_int64(stmt, 1, product_id);
  sqlite3_bind_int(stmt, 2, delta);
  // The CHECK (stock >= 0) constraint rejects taking out more than is there.
  const bool ok = sqlite3_step(stmt) == SQLITE_DONE && sqlite3_changes(db) == 1;
  sqlite3_finalize(stmt);
  return ok;
}

bool log_movement(sqlite3 *db, std::int64_t product_id, int delta,
                  const std::string &reason) {
  sqlite3_stmt *stmt = nullptr;
  if (sqlite3_prepare_v2(db,
                         "INSERT INTO stock_movements(product_id, delta, reason) "
                         "VALUES (?1, ?2, ?3)",
                         -1, &stmt, nullptr) != SQLITE_OK)
    return false;
  sqlite3_bind_int64(stmt, 1, product_id);
  sqlite3_bind_int(stmt, 2, delta);
  sqlite3_bind_text(stmt, 3, reason.c_str(), -1, SQLITE_TRANSIENT);
  const int rc = sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  return rc == SQLITE_DONE;
}

} // namespace

int stock_level(sqlite3 *db, std::int64_t product_id) {
  sqlite3_stmt *stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT stock FROM products WHERE id = ?1", -1,
                         &stmt, nullptr) != SQLITE_OK)
    return -1;
  sqlite3_bind_int64(stmt, 1, product_id);
  int stock = -1;
  if (sqlite3_step(stmt) == SQLITE_ROW)
    stock = sqlite3_column_int(stmt, 0);
  sqlite3_finalize(stmt);
  return stock;
}

std::int64_t product_id(sqlite3 *db, const std::string &sku) {
  sqlite3_stmt *stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT id FROM products WHERE sku = ?1", -1, &stmt,
                         nullptr) != SQLITE_OK)
    return -1;
  sqlite3_bind_text(stmt, 1, sku.c_str(), -1, SQLITE_TRANSIENT);
  std::int64_t id = -1;
  if (sqlite3_step(stmt) == SQLITE_ROW)
    id = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  return id;
}

std::size_t import_stock(sqlite3 *db, const std::vector<StockRow> &rows,
                         std::size_t batch_size) {
  batch_size = std::max<std::size_t>(batch_size, 1);
  std::size_t stored = 0;
  for (std::size_t start = 0; start < rows.size(); start += batch_size) {
    if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
      return stored;
    const std::size_t end = std::min(rows.size(), start + batch_size);
    for (std::size_t i = start; i < end; ++i) {
      if (!upsert_product(db, rows[i])) {
        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        return stored;
      }
    }
    if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      return stored;
    }
    stored = end;
  }
  return stored;
}

bool restock_if_low(sqlite3 *db, std::int64_t product_id, int minimum) {
  // txnlint finds: txn-deferred-upgrade. BEGIN is deferred: the level read
  // takes a shared lock, and when another connection writes meanwhile, the
  // UPDATE's lock upgrade fails with SQLITE_BUSY at once. BEGIN IMMEDIATE,
  // as adjust_stock does, takes the write lock first.
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  sqlite3_stmt *read = nullptr;
  sqlite3_prepare_v2(db, "SELECT stock FROM products WHERE id = ?1", -1, &read,
                     nullptr);
  sqlite3_bind_int64(read, 1, product_id);
  const int stock =
      sqlite3_step(read) == SQLITE_ROW ? sqlite3_column_int(read, 0) : 0;
  sqlite3_finalize(read);
  if (stock < minimum) {
    sqlite3_stmt *update = nullptr;
    sqlite3_prepare_v2(db, "UPDATE products SET stock = ?2 WHERE id = ?1", -1,
                       &update, nullptr);
    sqlite3_bind_int64(update, 1, product_id);
    sqlite3_bind_int(update, 2, minimum);
    const bool ok = sqlite3_step(update) == SQLITE_DONE;
    sqlite3_finalize(update);
    if (!ok) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      return false;
    }
  }
  if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  return true;
}

bool adjust_stock(sqlite3 *db, std::int64_t product_id, int delta,
                  const std::string &reason) {
  if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  if (!change_stock(db, product_id, delta)) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  if (!log_movement(db, product_id, delta, reason)) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  return true;
}

void reserve_stock(sqlite3 *db, std::int64_t product_id, int quantity,
                   const std::string &reason) {
  // txnlint finds: txn-missing-rollback. When there is not enough stock, the
  // OrderError thrown below leaves the function with this transaction open.
  if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
    throw OrderError(std::string("cannot reserve stock: ") + sqlite3_errmsg(db));

  const int available = stock_level(db, product_id);
  if (available < quantity)         // no ROLLBACK before the throw
    throw OrderError("cannot reserve " + std::to_string(quantity) +
                     " of product " + std::to_string(product_id) + ": only " +
                     std::to_string(std::max(available, 0)) + " in stock");

  if (!change_stock(db, product_id, -quantity) ||
      !log_movement(db, product_id, -quantity, "reserved: " + reason)) {
    const std::string why = sqlite3_errmsg(db);
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    throw OrderError("cannot reserve stock: " + why);
  }
  if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
    const std::string why = sqlite3_errmsg(db);
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    throw OrderError("cannot reserve stock: " + why);
  }
}

int reprice_products(sqlite3 *db, int percent, bool dry_run) {
  if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  sqlite3_stmt *stmt = nullptr;
  if (sqlite3_prepare_v2(db,
                         "UPDATE products "
                         "SET price_cents = price_cents * (100 + ?1) / 100",
                         -1, &stmt, nullptr) != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return -1;
  }
  sqlite3_bind_int(stmt, 1, percent);
  const bool updated = sqlite3_step(stmt) == SQLITE_DONE;
  sqlite3_finalize(stmt);
  const int changed = sqlite3_changes(db);
  if (!updated) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return -1;
  }
  // A ROLLBACK after a COMMIT that failed is right: the transaction is still
  // open then.
  if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return -1;
  }
  if (dry_run) {
    // txnlint finds: txn-use-after-end. The dry run is undone only after the
    // COMMIT above: this ROLLBACK finds no transaction, and the new prices stay.
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  return changed;
}

} // namespace shop
