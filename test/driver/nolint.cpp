// NOLINT, NOLINTNEXTLINE and NOLINTBEGIN/NOLINTEND suppress the warning (with
// its notes) in txnlint exactly as in clang-tidy; check_txnlint.py runs both.
// A suppression naming another check does not apply.
//
// RUN: %check_txnlint %s txn-missing-rollback %t

#include <sqlite3.h>

int nolint_all(sqlite3 *db, int qty) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr); // NOLINT
  if (qty <= 0)
    return -1;
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return 0;
}

int nolint_named(sqlite3 *db, int qty) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr); // NOLINT(txn-missing-rollback)
  if (qty <= 0)
    return -1;
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return 0;
}

int nolint_glob(sqlite3 *db, int qty) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr); // NOLINT(txn-*)
  if (qty <= 0)
    return -1;
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return 0;
}

int nolint_other_check(sqlite3 *db, int qty) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr); // NOLINT(bugprone-unused-return-value)
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'nolint_other_check'; commit or roll it back before leaving [txn-missing-rollback]
  if (qty <= 0)
    return -1;
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return 0;
}

int nolint_next_line(sqlite3 *db, int qty) {
  // NOLINTNEXTLINE(txn-missing-rollback)
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  if (qty <= 0)
    return -1;
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return 0;
}

int nolint_next_line_all(sqlite3 *db, int qty) {
  // NOLINTNEXTLINE
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  if (qty <= 0)
    return -1;
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return 0;
}

// NOLINTNEXTLINE only covers the line right after it.
int nolint_next_line_too_early(sqlite3 *db, int qty) {
  // NOLINTNEXTLINE(txn-missing-rollback)

  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'nolint_next_line_too_early'; commit or roll it back before leaving [txn-missing-rollback]
  if (qty <= 0)
    return -1;
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return 0;
}

// NOLINTBEGIN(txn-missing-rollback)
int in_block_one(sqlite3 *db, int qty) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  if (qty <= 0)
    return -1;
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return 0;
}

void in_block_two(sqlite3 *db, bool ok) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  if (ok)
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}
// NOLINTEND(txn-missing-rollback)

// After the block, it is reported again.
void after_block(sqlite3 *db, bool ok) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'after_block'; commit or roll it back before leaving [txn-missing-rollback]
  if (ok)
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// A block for another check does not apply.
// NOLINTBEGIN(bugprone-*)
void other_block(sqlite3 *db, bool ok) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'other_block'; commit or roll it back before leaving [txn-missing-rollback]
  if (ok)
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}
// NOLINTEND(bugprone-*)

// A NOLINT on the line of an exit (a note) does not suppress the warning,
// which is reported at the begin.
int nolint_on_note(sqlite3 *db, int qty) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'nolint_on_note'; commit or roll it back before leaving [txn-missing-rollback]
  if (qty <= 0)
    return -1; // NOLINT(txn-missing-rollback)
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return 0;
}
