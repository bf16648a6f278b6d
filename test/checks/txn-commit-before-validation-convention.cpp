// txn-commit-before-validation: error returns are told by the function's
// own error convention, inferred from its returns (what it returns on
// success against the other returns), with the SQLite C API (the real
// <sqlite3.h>). A small Status class with an absl-style OkStatus() and
// InvalidArgumentError() stands in for absl::Status, which is not installed.
//
// RUN: %check_txnlint %s txn-commit-before-validation %t -- -- -std=c++17

#include <sqlite3.h>

#include <cerrno>
#include <optional>

// Defined in another translation unit; not validators by name.
bool quota_allows(int user);
bool price_matches(int order_id, int cents);
int parse_quantity(const char *text);

namespace absl {
class Status {
public:
  bool ok() const;
};
Status OkStatus();
Status InvalidArgumentError(const char *message);
Status NotFoundError(const char *message);
} // namespace absl

struct Order {
  int id;
};

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// bool: false next to true. The step that fails is called anything.
bool place_order(sqlite3 *db, int user) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO orders (user) VALUES (1)", nullptr, nullptr, nullptr);
  if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: transaction on 'db' is committed before 'quota_allows' can fail; a failure there leaves a partial write [txn-commit-before-validation]
    return false;
  if (!quota_allows(user))
    // CHECK-NOTES: :[[@LINE-1]]:8: note: 'quota_allows' can fail here
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an error is returned here
  return true;
}

// A pointer: nullptr next to an object.
Order *create_order(sqlite3 *db, Order *order, int cents) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO orders (id) VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is committed before 'price_matches' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  if (!price_matches(order->id, cents))
    // CHECK-NOTES: :[[@LINE-1]]:8: note: 'price_matches' can fail here
    return nullptr;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an error is returned here
  return order;
}

// std::optional: std::nullopt next to a value.
std::optional<int> import_quantity(sqlite3 *db, const char *text) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO imports (raw) VALUES ('x')", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is committed before 'parse_quantity' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  int qty = parse_quantity(text);
  // CHECK-NOTES: :[[@LINE-1]]:13: note: 'parse_quantity' can fail here
  if (qty <= 0)
    return std::nullopt;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an error is returned here
  return qty;
}

// std::optional: `{}` is empty too.
std::optional<int> import_braced(sqlite3 *db, int user) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO imports (raw) VALUES ('x')", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is committed before 'quota_allows' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  if (!quota_allows(user))
    // CHECK-NOTES: :[[@LINE-1]]:8: note: 'quota_allows' can fail here
    return {};
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an error is returned here
  return user;
}

// An int code: SQLITE_CONSTRAINT next to SQLITE_OK.
int reserve(sqlite3 *db, int user) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return SQLITE_BUSY;
  sqlite3_exec(db, "UPDATE stock SET qty = qty - 1", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is committed before 'quota_allows' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  if (!quota_allows(user))
    // CHECK-NOTES: :[[@LINE-1]]:8: note: 'quota_allows' can fail here
    return SQLITE_CONSTRAINT;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an error is returned here
  return SQLITE_OK;
}

// An int code: 1 next to 0.
int reserve_flag(sqlite3 *db, int user) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "UPDATE stock SET qty = qty - 1", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is committed before 'quota_allows' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  if (!quota_allows(user))
    // CHECK-NOTES: :[[@LINE-1]]:8: note: 'quota_allows' can fail here
    return 1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an error is returned here
  return 0;
}

// A negative errno.
int reserve_errno(sqlite3 *db, int user) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "UPDATE stock SET qty = qty - 1", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is committed before 'quota_allows' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  if (!quota_allows(user))
    // CHECK-NOTES: :[[@LINE-1]]:8: note: 'quota_allows' can fail here
    return -EINVAL;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an error is returned here
  return 0;
}

// A status factory other than OkStatus().
absl::Status save_status(sqlite3 *db, int user) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO orders (user) VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is committed before 'quota_allows' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  if (!quota_allows(user))
    // CHECK-NOTES: :[[@LINE-1]]:8: note: 'quota_allows' can fail here
    return absl::InvalidArgumentError("over quota");
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an error is returned here
  return absl::OkStatus();
}

// A re-read of the committed data that then rejects the request is a
// validation that came too late.
int book_seat(sqlite3 *db, int seat) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO bookings (seat) VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is committed before 'sqlite3_step' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  sqlite3_stmt *stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT count(*) FROM bookings WHERE seat = ?", -1, &stmt,
                     nullptr);
  sqlite3_bind_int(stmt, 1, seat);
  if (sqlite3_step(stmt) != SQLITE_ROW || sqlite3_column_int(stmt, 0) > 1) {
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'sqlite3_step' can fail here
    sqlite3_finalize(stmt);
    return SQLITE_CONSTRAINT;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: an error is returned here
  }
  sqlite3_finalize(stmt);
  return SQLITE_OK;
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// The success return after the commit is not a failure point.
absl::Status save_ok(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO orders (user) VALUES (1)", nullptr, nullptr, nullptr);
  if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
    return absl::NotFoundError("commit failed");
  return absl::OkStatus();
}

// Counts and ids are no error convention: 0 next to a count.
int import_rows(sqlite3 *db, int n) {
  if (n == 0)
    return 0;
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO rows (id) VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  int stored = sqlite3_changes(db);
  if (stored < n)
    return stored;
  return n;
}

// A bool function that returns false only: no success value to tell it
// from.
bool mark_done(sqlite3 *db, int user) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "UPDATE jobs SET done = 1", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  if (!quota_allows(user))
    return false;
  return false;
}

// The result was decided before the commit: the step that failed did not
// come after it.
bool decided_before(sqlite3 *db, int user) {
  bool allowed = quota_allows(user);
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO orders (user) VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  if (!allowed)
    return false;
  return true;
}

// The commit's own failure branch.
int commit_checked(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO orders (user) VALUES (1)", nullptr, nullptr, nullptr);
  int rc = sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return -EIO;
  }
  return 0;
}
