// Handing orders to the carrier, and telling customers about it.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>

namespace shop {

// Marks an invoiced order as shipped with the carrier's tracking number and mails
// the customer. Returns false, changing nothing, on failure.
bool ship_order(sqlite3 *db, std::int64_t order_id, const std::string &tracking);

// Marks a shipped order as delivered and asks the customer for a review.
bool mark_delivered(sqlite3 *db, std::int64_t order_id);

} // namespace shop
