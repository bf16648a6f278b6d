// txn-autocommit-multi-write and how SQL text is read, with the SQLite C API
// (the real <sqlite3.h>) and std::string. The verb of SQL built from a
// literal is in the literal's prefix: std::string("...") + x, a format
// function's format string, a buffer filled once by asprintf or snprintf.
// Settings (SET, PRAGMA, ATTACH, DETACH, ANALYZE) and reads (SHOW, EXPLAIN)
// write no application data. SQL that cannot be read is unknown: it may be a
// read, so no finding rests on it.
//
// RUN: %check_txnlint %s txn-autocommit-multi-write %t -- -- -std=c++20

#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <type_traits>

// A stand-in with the shape of fmt::format and std::format (C++20): the
// format string is a class constructed at compile time from the literal.
namespace fmt {
template <typename... Args> struct format_string {
  template <typename S> consteval format_string(const S &s) : str(s) {}
  const char *str;
};
template <typename... Args>
std::string format(format_string<std::type_identity_t<Args>...> f, Args &&...args);
} // namespace fmt

// Defined in another translation unit.
std::string loadScript(const char *name);

//===----------------------------------------------------------------------===//
// Positives: the verb is in a literal prefix
//===----------------------------------------------------------------------===//

void closeAccount(sqlite3 *db, int id) {
  std::string archive = std::string("INSERT INTO closed SELECT * FROM accounts WHERE id = ") +
                        std::to_string(id);
  sqlite3_exec(db, archive.c_str(), nullptr, nullptr, nullptr);
  sqlite3_exec(db, (std::string("DELETE FROM accounts WHERE id = ") + std::to_string(id)).c_str(),
               nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-2]]:3: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: the earlier write commits here on its own
}

void renameCustomer(sqlite3 *db, int id, const std::string &name) {
  sqlite3_exec(db, fmt::format("UPDATE customers SET name = '{}' WHERE id = {}", name, id).c_str(),
               nullptr, nullptr, nullptr);
  sqlite3_exec(db, fmt::format("UPDATE orders SET customer_name = '{}' WHERE customer = {}", name, id).c_str(),
               nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-2]]:3: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-5]]:3: note: the earlier write commits here on its own
}

void expire(sqlite3 *db, int days) {
  char *purge = nullptr;
  if (asprintf(&purge, "DELETE FROM sessions WHERE age > %d", days) < 0)
    return;
  char mark[128];
  snprintf(mark, sizeof mark, "UPDATE stats SET purged_at = %d", days);
  sqlite3_exec(db, purge, nullptr, nullptr, nullptr);
  sqlite3_exec(db, mark, nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the earlier write commits here on its own
  free(purge);
}

// A write after an unknown statement pairs with the known write before it.
void resetCounters(sqlite3 *db, const char *extra) {
  sqlite3_exec(db, "UPDATE counters SET n = 0", nullptr, nullptr, nullptr);
  sqlite3_exec(db, extra, nullptr, nullptr, nullptr);
  sqlite3_exec(db, "DELETE FROM counter_log", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: the earlier write commits here on its own
}

// A printf-like method of a database class (Kodi's CDatabase::PrepareSQL):
// its format is the SQL.
class MediaDatabase {
public:
  std::string PrepareSQL(std::string statement, ...) const;
  bool ExecuteQuery(const std::string &sql) {
    return sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, nullptr) ==
           SQLITE_OK;
  }
  void RemoveMovie(int id) {
    ExecuteQuery(PrepareSQL("DELETE FROM files WHERE idMovie=%i", id));
    ExecuteQuery(PrepareSQL("DELETE FROM movie WHERE idMovie=%i", id));
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'm_db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
    // CHECK-NOTES: :[[@LINE-3]]:5: note: the earlier write commits here on its own
  }

private:
  sqlite3 *m_db = nullptr;
};

//===----------------------------------------------------------------------===//
// Negatives: settings and reads are not writes
//===----------------------------------------------------------------------===//

void openStore(sqlite3 *db) {
  sqlite3_exec(db, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "pragma journal_mode=WAL", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "ATTACH DATABASE 'cache.db' AS cache", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO opened (at) VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "ANALYZE", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "DETACH cache", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "SET search_path = app", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "EXPLAIN QUERY PLAN SELECT * FROM t", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "SHOW search_path", nullptr, nullptr, nullptr);
}

// PRAGMA user_version = N writes the file, like the schema change it marks;
// schema changes are not reported.
void migrate(sqlite3 *db) {
  sqlite3_exec(db, "CREATE TABLE notes (id INTEGER)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "PRAGMA user_version = 2", nullptr, nullptr, nullptr);
}

//===----------------------------------------------------------------------===//
// Negatives: unknown SQL makes no finding by itself
//===----------------------------------------------------------------------===//

void runScripts(sqlite3 *db, const char *first, const std::string &second) {
  sqlite3_exec(db, first, nullptr, nullptr, nullptr);
  sqlite3_exec(db, second.c_str(), nullptr, nullptr, nullptr);
  sqlite3_exec(db, loadScript("cleanup").c_str(), nullptr, nullptr, nullptr);
}

// One known write next to an unknown statement: the pair needs both.
void touch(sqlite3 *db, const std::string &sql) {
  sqlite3_exec(db, "UPDATE meta SET touched = 1", nullptr, nullptr, nullptr);
  sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
}

// Not recognized: a stored procedure, VACUUM.
void housekeeping(sqlite3 *db) {
  sqlite3_exec(db, "CALL compact_history()", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "VACUUM", nullptr, nullptr, nullptr);
}

// A buffer filled twice, or copied into, holds unknown SQL.
void twoFills(sqlite3 *db, int id, bool hard) {
  char sql[128];
  snprintf(sql, sizeof sql, "UPDATE items SET hidden = 1 WHERE id = %d", id);
  if (hard)
    snprintf(sql, sizeof sql, "SELECT * FROM items WHERE id = %d", id);
  sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  char other[128];
  snprintf(other, sizeof other, "UPDATE items SET seen = 1 WHERE id = %d", id);
  strcpy(other, "SELECT 1");
  sqlite3_exec(db, other, nullptr, nullptr, nullptr);
}

// Long concatenations (ProxySQL's flush of a module's tables): however
// many operands, the text starts with the leftmost literal.
void copy_module_table(sqlite3 *db, const std::string &tb,
                       const std::string &to, const std::string &from) {
  std::string del = std::string("DELETE FROM ") + to + "." + tb + " WHERE 1" +
                    " AND 1" + " AND 1";
  sqlite3_exec(db, del.c_str(), nullptr, nullptr, nullptr);
  std::string ins = std::string("INSERT INTO ") + to + "." + tb +
                    " SELECT * FROM " + from + "." + tb;
  sqlite3_exec(db, ins.c_str(), nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-5]]:3: note: the earlier write commits here on its own
}
