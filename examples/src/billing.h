// Payments, refunds and invoices for orders.
#pragma once

#include <sqlite3.h>

#include <cstdint>

namespace shop {

// Records a payment of `amount_cents` for an order and marks it paid.
// Returns false, recording nothing, if the amount is not the order's total or
// the update fails.
bool pay_order(sqlite3 *db, std::int64_t order_id, std::int64_t amount_cents);

// Pays back what was paid for an order and marks it refunded. Returns false,
// changing nothing, on failure.
bool refund_order(sqlite3 *db, std::int64_t order_id);

// Writes the invoice for a paid order and marks it invoiced, all or nothing.
bool invoice_order(sqlite3 *db, std::int64_t order_id);

} // namespace shop
