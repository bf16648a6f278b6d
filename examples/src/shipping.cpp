#include "shipping.h"

#include "notify.h"

namespace shop {

namespace {

// Who placed the order, if it has status `status`; "" otherwise.
std::string customer_if(sqlite3 *db, std::int64_t order_id, const char *status) {
  sqlite3_stmt *stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT customer FROM orders WHERE id = ?1 AND status = ?2",
                         -1, &stmt, nullptr) != SQLITE_OK)
    return "";
  sqlite3_bind_int64(stmt, 1, order_id);
  sqlite3_bind_text(stmt, 2, status, -1, SQLITE_STATIC);
  std::string customer;
  if (sqlite3_step(stmt) == SQLITE_ROW)
    customer = reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  return customer;
}

bool set_status(sqlite3 *db, std::int64_t order_id, const char *status,
                const std::string &tracking) {
  sqlite3_stmt *stmt = nullptr;
  if (sqlite3_prepare_v2(db,
                         "UPDATE orders SET status = ?2, "
                         "tracking = COALESCE(?3, tracking) WHERE id = ?1",
                         -1, &stmt, nullptr) != SQLITE_OK)
    return false;
  sqlite3_bind_int64(stmt, 1, order_id);
  sqlite3_bind_text(stmt, 2, status, -1, SQLITE_STATIC);
  if (!tracking.empty())
    sqlite3_bind_text(stmt, 3, tracking.c_str(), -1, SQLITE_TRANSIENT);
  const bool ok = sqlite3_step(stmt) == SQLITE_DONE && sqlite3_changes(db) == 1;
  sqlite3_finalize(stmt);
  return ok;
}

} // namespace

bool ship_order(sqlite3 *db, std::int64_t order_id, const std::string &tracking) {
  if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  const std::string customer = customer_if(db, order_id, "invoiced");
  if (customer.empty() || !set_status(db, order_id, "shipped", tracking)) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  // txnlint finds: txn-side-effect-before-commit. The customer is told that
  // the order shipped before that is committed; if the COMMIT fails, the mail
  // is out but the order is still "invoiced" and may be shipped again.
  send_email(customer, "Your order has shipped", "Tracking number: " + tracking);
  if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  return true;
}

bool mark_delivered(sqlite3 *db, std::int64_t order_id) {
  if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  const std::string customer = customer_if(db, order_id, "shipped");
  if (customer.empty() || !set_status(db, order_id, "delivered", "")) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  // The mail goes out after the COMMIT, when there is nothing left to undo.
  send_email(customer, "How was your order?", "Tell us what you think.");
  return true;
}

} // namespace shop
