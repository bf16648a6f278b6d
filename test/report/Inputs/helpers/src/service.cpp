// Transactions whose writes are in helpers, and functions that write outside
// a transaction where txn-autocommit-multi-write does not report them.
#include <sqlite3.h>
#include <string>

// Defined in another file: it may write.
void audit_remote(sqlite3 *db);

static bool insert_line(sqlite3 *db) {
  return sqlite3_exec(db, "INSERT INTO lines VALUES (1)", nullptr, nullptr,
                      nullptr) == SQLITE_OK;
}

// Writes through insert_line.
static bool insert_order(sqlite3 *db) { return insert_line(db); }

static int count_lines(sqlite3 *db) {
  sqlite3_stmt *stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT count(*) FROM lines", -1, &stmt, nullptr);
  sqlite3_step(stmt);
  int n = sqlite3_column_int(stmt, 0);
  sqlite3_finalize(stmt);
  return n;
}

// Two writes, but its only caller calls it inside a transaction.
static bool record_payment(sqlite3 *db) {
  if (sqlite3_exec(db, "INSERT INTO payments VALUES (1)", nullptr, nullptr,
                   nullptr) != SQLITE_OK)
    return false;
  return sqlite3_exec(db, "UPDATE orders SET paid = 1", nullptr, nullptr,
                      nullptr) == SQLITE_OK;
}

// Schema changes.
void create_schema(sqlite3 *db) {
  sqlite3_exec(db, "CREATE TABLE lines(id)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "CREATE TABLE payments(id)", nullptr, nullptr, nullptr);
}

// Writes only through helpers: one directly, one through insert_order,
// and a read that is not a write.
int place_order(sqlite3 *db) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  if (!insert_line(db) || !insert_order(db) || count_lines(db) > 100 ||
      !record_payment(db)) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return -1;
  }
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK ? 0 : -1;
}

// Its only other call is to code that was not analyzed.
int audit(sqlite3 *db) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  audit_remote(db);
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK ? 0 : -1;
}

// Reads only, and calls library templates whose bodies are in the headers.
int report(sqlite3 *db, std::string &text) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  int n = count_lines(db);
  text = std::string("lines: ") + std::to_string(n);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return n;
}

// Really unprotected.
int reset(sqlite3 *db) {
  if (sqlite3_exec(db, "DELETE FROM lines", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  if (sqlite3_exec(db, "DELETE FROM payments", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  return 0;
}
