// Summaries of a C-style database layer (darktable's): the connection is a
// member of a database object, reached through an accessor function
// (`dt_database_get(db)` returns `db->handle`), and the transaction wrappers
// take the object. A call of the accessor names that member, also kept in a
// local: the wrappers' transactions and the writes made through the
// accessor are on one connection.
//
// RUN: %check_txnlint %s txn-missing-rollback,txn-commit-after-failed-write,txn-autocommit-multi-write %t

#include <sqlite3.h>

struct dt_database_t {
  sqlite3 *handle;
};
struct darktable_t {
  dt_database_t *db;
};
darktable_t darktable;

static sqlite3 *dt_database_get(const dt_database_t *db) { return db ? db->handle : nullptr; }

static bool exec_ok(const dt_database_t *db, const char *sql) {
  return sqlite3_exec(dt_database_get(db), sql, nullptr, nullptr, nullptr) == SQLITE_OK;
}
static void dt_database_start_transaction(const dt_database_t *db) { exec_ok(db, "BEGIN"); }
static bool dt_database_release_transaction(const dt_database_t *db) { return exec_ok(db, "COMMIT"); }
static void dt_database_rollback_transaction(const dt_database_t *db) { exec_ok(db, "ROLLBACK"); }

static bool valid_film(int id) { return id > 0; }

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

bool film_move(int id) {
  dt_database_start_transaction(darktable.db);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'darktable.db' is left open on some path out of 'film_move'; commit or roll it back before leaving [txn-missing-rollback]
  if (!valid_film(id))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  sqlite3_stmt *stmt;
  sqlite3_prepare_v2(dt_database_get(darktable.db), "UPDATE main.film_rolls SET folder = ?1",
                     -1, &stmt, nullptr);
  const bool done = sqlite3_step(stmt) == SQLITE_DONE;
  sqlite3_finalize(stmt);
  if (!done) {
    dt_database_rollback_transaction(darktable.db);
    return false;
  }
  return dt_database_release_transaction(darktable.db);
}

bool history_delete(int imgid) {
  sqlite3 *db = dt_database_get(darktable.db);
  dt_database_start_transaction(darktable.db);
  sqlite3_exec(db, "DELETE FROM main.history WHERE imgid = 1", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the failure of this write is not handled before transaction on 'darktable.db' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  if (sqlite3_exec(db, "DELETE FROM main.masks_history WHERE imgid = 1", nullptr, nullptr,
                   nullptr) != SQLITE_OK) {
    dt_database_rollback_transaction(darktable.db);
    return false;
  }
  return dt_database_release_transaction(darktable.db);
  // CHECK-NOTES: :[[@LINE-1]]:10: note: committed here
}

//===----------------------------------------------------------------------===//
// Negatives
//===----------------------------------------------------------------------===//

// Both deletes inside the wrappers' transaction, each checked.
bool history_clear(int imgid) {
  sqlite3 *db = dt_database_get(darktable.db);
  dt_database_start_transaction(darktable.db);
  if (sqlite3_exec(db, "DELETE FROM main.history WHERE imgid = 1", nullptr, nullptr,
                   nullptr) != SQLITE_OK ||
      sqlite3_exec(dt_database_get(darktable.db), "DELETE FROM main.masks_history WHERE imgid = 1",
                   nullptr, nullptr, nullptr) != SQLITE_OK) {
    dt_database_rollback_transaction(darktable.db);
    return false;
  }
  return dt_database_release_transaction(darktable.db);
}
