#include "billing.h"

namespace shop {

namespace {

// Runs one statement with ?1 = `id` and, if it has a second parameter,
// ?2 = `value`.
bool run(sqlite3 *db, const char *sql, std::int64_t id, std::int64_t value = 0) {
  sqlite3_stmt *stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK)
    return false;
  sqlite3_bind_int64(stmt, 1, id);
  if (sqlite3_bind_parameter_count(stmt) >= 2)
    sqlite3_bind_int64(stmt, 2, value);
  const bool ok = sqlite3_step(stmt) == SQLITE_DONE && sqlite3_changes(db) == 1;
  sqlite3_finalize(stmt);
  return ok;
}

// The first column of a one-row query with ?1 = `id`, or -1.
std::int64_t query_int(sqlite3 *db, const char *sql, std::int64_t id) {
  sqlite3_stmt *stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK)
    return -1;
  sqlite3_bind_int64(stmt, 1, id);
  std::int64_t value = -1;
  if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_type(stmt, 0) != SQLITE_NULL)
    value = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  return value;
}

std::int64_t order_total(sqlite3 *db, std::int64_t order_id) {
  return query_int(db, "SELECT total_cents FROM orders WHERE id = ?1", order_id);
}

bool check_amount(sqlite3 *db, std::int64_t order_id, std::int64_t amount_cents) {
  return amount_cents > 0 && amount_cents == order_total(db, order_id);
}

// Stores a payment (negative for a refund) and the order's new status.
// Two writes and no transaction: its callers run it inside theirs. Not a
// txn-autocommit-multi-write finding, because every call of it in this file
// is made while a transaction is open.
bool record_payment(sqlite3 *db, std::int64_t order_id, std::int64_t amount_cents,
                    const char *status) {
  sqlite3_stmt *insert = nullptr;
  if (sqlite3_prepare_v2(db,
                         "INSERT INTO payments(order_id, amount_cents) "
                         "VALUES (?1, ?2)",
                         -1, &insert, nullptr) != SQLITE_OK)
    return false;
  sqlite3_bind_int64(insert, 1, order_id);
  sqlite3_bind_int64(insert, 2, amount_cents);
  const bool inserted = sqlite3_step(insert) == SQLITE_DONE;
  sqlite3_finalize(insert);
  if (!inserted)
    return false;

  sqlite3_stmt *update = nullptr;
  if (sqlite3_prepare_v2(db, "UPDATE orders SET status = ?2 WHERE id = ?1", -1,
                         &update, nullptr) != SQLITE_OK)
    return false;
  sqlite3_bind_int64(update, 1, order_id);
  sqlite3_bind_text(update, 2, status, -1, SQLITE_STATIC);
  const bool updated = sqlite3_step(update) == SQLITE_DONE && sqlite3_changes(db) == 1;
  sqlite3_finalize(update);
  return updated;
}

// Writes the invoice row.
bool write_invoice(sqlite3 *db, std::int64_t order_id, std::int64_t total_cents) {
  if (!run(db, "INSERT INTO invoices(order_id, total_cents) VALUES (?1, ?2)",
           order_id, total_cents))
    return false;
  // txnlint finds: txn-commit-in-callee. This helper commits its caller's
  // transaction "to be safe": invoice_order's status update then runs on its
  // own, and invoice_order's ROLLBACK can no longer undo the invoice.
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
}

} // namespace

bool pay_order(sqlite3 *db, std::int64_t order_id, std::int64_t amount_cents) {
  if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  if (!record_payment(db, order_id, amount_cents, "paid")) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  // txnlint finds: txn-commit-before-validation. The payment is committed
  // before check_amount() compares it with the order total: a payment of the
  // wrong amount is stored, and the order marked paid, although this returns
  // false.
  if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  if (!check_amount(db, order_id, amount_cents))
    return false;
  return true;
}

bool refund_order(sqlite3 *db, std::int64_t order_id) {
  if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  // Validation inside the transaction, before the commit: nothing to report.
  const std::int64_t paid = query_int(
      db, "SELECT SUM(amount_cents) FROM payments WHERE order_id = ?1", order_id);
  if (paid <= 0 || !record_payment(db, order_id, -paid, "refunded")) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  // txnlint finds: txn-unchecked-commit. If the COMMIT fails (SQLITE_BUSY
  // while another connection writes), the refund is not stored, the
  // transaction stays open, and the caller is told that it worked.
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return true;
}

bool invoice_order(sqlite3 *db, std::int64_t order_id) {
  if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  const std::int64_t total = order_total(db, order_id);
  if (total < 0 || !write_invoice(db, order_id, total) ||
      !run(db, "UPDATE orders SET status = 'invoiced' WHERE id = ?1", order_id)) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  return true;
}

} // namespace shop
