#include "orders.h"

namespace shop {

namespace {

const char *const kRestockOrder =
    "UPDATE products SET stock = stock + "
    "  (SELECT SUM(quantity) FROM order_lines"
    "   WHERE order_id = ?1 AND product_id = products.id) "
    "WHERE id IN (SELECT product_id FROM order_lines WHERE order_id = ?1)";

// Runs one statement whose only parameter ?1 is `id`.
bool run_with_id(sqlite3 *db, const char *sql, std::int64_t id) {
  sqlite3_stmt *stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK)
    return false;
  sqlite3_bind_int64(stmt, 1, id);
  const int rc = sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  return rc == SQLITE_DONE;
}

// Unit price of a product in cents, or -1 if there is no such product.
std::int64_t unit_price(sqlite3 *db, std::int64_t product_id) {
  sqlite3_stmt *stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT price_cents FROM products WHERE id = ?1",
                         -1, &stmt, nullptr) != SQLITE_OK)
    return -1;
  sqlite3_bind_int64(stmt, 1, product_id);
  std::int64_t price = -1;
  if (sqlite3_step(stmt) == SQLITE_ROW)
    price = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  return price;
}

// Takes `quantity` items out of stock; fails if fewer are left.
bool take_from_stock(sqlite3 *db, std::int64_t product_id, int quantity) {
  sqlite3_stmt *stmt = nullptr;
  if (sqlite3_prepare_v2(db,
                         "UPDATE products SET stock = stock - ?2 "
                         "WHERE id = ?1 AND stock >= ?2",
                         -1, &stmt, nullptr) != SQLITE_OK)
    return false;
  sqlite3_bind_int64(stmt, 1, product_id);
  sqlite3_bind_int(stmt, 2, quantity);
  const bool ok = sqlite3_step(stmt) == SQLITE_DONE && sqlite3_changes(db) == 1;
  sqlite3_finalize(stmt);
  return ok;
}

bool insert_line(sqlite3 *db, std::int64_t order_id, const OrderLine &line,
                 std::int64_t price) {
  sqlite3_stmt *stmt = nullptr;
  if (sqlite3_prepare_v2(db,
                         "INSERT INTO order_lines(order_id, product_id, "
                         "quantity, price_cents) VALUES (?1, ?2, ?3, ?4)",
                         -1, &stmt, nullptr) != SQLITE_OK)
    return false;
  sqlite3_bind_int64(stmt, 1, order_id);
  sqlite3_bind_int64(stmt, 2, line.product_id);
  sqlite3_bind_int(stmt, 3, line.quantity);
  sqlite3_bind_int64(stmt, 4, price);
  const int rc = sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  return rc == SQLITE_DONE;
}

std::string order_status(sqlite3 *db, std::int64_t order_id) {
  sqlite3_stmt *stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT status FROM orders WHERE id = ?1", -1,
                         &stmt, nullptr) != SQLITE_OK)
    return "";
  sqlite3_bind_int64(stmt, 1, order_id);
  std::string status;
  if (sqlite3_step(stmt) == SQLITE_ROW)
    status = reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  return status;
}

} // namespace

std::int64_t place_order(sqlite3 *db, const Order &order) {
  if (order.customer.empty() || order.lines.empty())
    return -1;
  // IMMEDIATE takes the write lock now, so the stock checks below cannot race.
  if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;

  sqlite3_stmt *insert = nullptr;
  if (sqlite3_prepare_v2(db, "INSERT INTO orders(customer) VALUES (?1)", -1,
                         &insert, nullptr) != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return -1;
  }
  sqlite3_bind_text(insert, 1, order.customer.c_str(), -1, SQLITE_TRANSIENT);
  const int rc = sqlite3_step(insert);
  sqlite3_finalize(insert);
  if (rc != SQLITE_DONE) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return -1;
  }
  const std::int64_t order_id = sqlite3_last_insert_rowid(db);

  std::int64_t total = 0;
  for (const OrderLine &line : order.lines) {
    const std::int64_t price = unit_price(db, line.product_id);
    if (price < 0 || line.quantity <= 0) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      return -1;
    }
    if (!take_from_stock(db, line.product_id, line.quantity) ||
        !insert_line(db, order_id, line, price)) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      return -1;
    }
    total += price * line.quantity;
  }

  sqlite3_stmt *update = nullptr;
  if (sqlite3_prepare_v2(db, "UPDATE orders SET total_cents = ?2 WHERE id = ?1",
                         -1, &update, nullptr) != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return -1;
  }
  sqlite3_bind_int64(update, 1, order_id);
  sqlite3_bind_int64(update, 2, total);
  const bool updated = sqlite3_step(update) == SQLITE_DONE;
  sqlite3_finalize(update);
  if (!updated || sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return -1;
  }
  return order_id;
}

bool cancel_order(sqlite3 *db, std::int64_t order_id) {
  // txnlint finds: txn-missing-rollback. The early return for an order that
  // is no longer open (below) leaves this transaction open.
  if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;

  // Shipped and already-cancelled orders cannot be cancelled.
  if (order_status(db, order_id) != "open")
    return false;

  // Put the goods back, then mark the order.
  const bool ok =
      run_with_id(db, kRestockOrder, order_id) &&
      run_with_id(db, "UPDATE orders SET status = 'cancelled' WHERE id = ?1",
                  order_id);
  if (!ok || sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  return true;
}

std::size_t import_marketplace_orders(sqlite3 *db, const std::vector<Order> &orders) {
  if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
    throw OrderError(std::string("cannot import orders: ") + sqlite3_errmsg(db));

  std::size_t stored = 0;
  for (const Order &order : orders) {
    // One savepoint per order, so that a bad order can be undone on its own.
    try {
      sqlite3_exec(db, "SAVEPOINT one_order", nullptr, nullptr, nullptr);
      sqlite3_stmt *insert = nullptr;
      bool ok = sqlite3_prepare_v2(db, "INSERT INTO orders(customer) VALUES (?1)",
                                   -1, &insert, nullptr) == SQLITE_OK;
      if (ok) {
        sqlite3_bind_text(insert, 1, order.customer.c_str(), -1, SQLITE_TRANSIENT);
        // txnlint finds: txn-commit-after-failed-write. The same missing ROLLBACK TO.
        ok = sqlite3_step(insert) == SQLITE_DONE;
      }
      sqlite3_finalize(insert);
      const std::int64_t order_id = sqlite3_last_insert_rowid(db);
      for (const OrderLine &line : order.lines) {
        const std::int64_t price = unit_price(db, line.product_id);
        ok = ok && price >= 0 && line.quantity > 0 &&
             insert_line(db, order_id, line, price);
      }
      if (!ok) {
        // txnlint finds: txn-nested-unhandled-exception. The handler below
        // skips the order but never runs ROLLBACK TO one_order, so the rows
        // already written for it stay and are committed with the batch.
        throw OrderError("cannot import the order of " + order.customer);
      }
      sqlite3_exec(db, "RELEASE one_order", nullptr, nullptr, nullptr);
      ++stored;
    } catch (const OrderError &) {
      // Skip this order and carry on with the next.
    }
  }

  if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
    const std::string why = sqlite3_errmsg(db);
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    throw OrderError("cannot import orders: " + why);
  }
  return stored;
}

int purge_cancelled_orders(sqlite3 *db) {
  if (sqlite3_exec(db,
                   "DELETE FROM order_lines WHERE order_id IN "
                   "(SELECT id FROM orders WHERE status = 'cancelled')",
                   nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  // txnlint finds: txn-autocommit-multi-write. Without a transaction the
  // lines above are deleted for good before this runs; if it fails (a
  // payment still refers to an order), those orders are left without lines.
  if (sqlite3_exec(db, "DELETE FROM orders WHERE status = 'cancelled'", nullptr,
                   nullptr, nullptr) != SQLITE_OK)
    return -1;
  return sqlite3_changes(db);
}

} // namespace shop
