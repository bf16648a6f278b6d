#include "database.h"

struct dt_database_t {
  sqlite3 *handle;
};

sqlite3 *dt_database_get(const dt_database_t *db) { return db ? db->handle : nullptr; }

void dt_database_start_transaction(const dt_database_t *db) {
  sqlite3_exec(dt_database_get(db), "BEGIN TRANSACTION", nullptr, nullptr, nullptr);
}
void dt_database_release_transaction(const dt_database_t *db) {
  sqlite3_exec(dt_database_get(db), "COMMIT", nullptr, nullptr, nullptr);
}
void dt_database_rollback_transaction(const dt_database_t *db) {
  sqlite3_exec(dt_database_get(db), "ROLLBACK", nullptr, nullptr, nullptr);
}
