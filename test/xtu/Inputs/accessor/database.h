// The database object is opaque outside database.cpp; its connection is
// reached through an accessor function, and so is every transaction.
#pragma once
#include <sqlite3.h>

typedef struct dt_database_t dt_database_t;
struct darktable_t {
  dt_database_t *db;
};
extern darktable_t darktable;

sqlite3 *dt_database_get(const dt_database_t *db);
void dt_database_start_transaction(const dt_database_t *db);
void dt_database_release_transaction(const dt_database_t *db);
void dt_database_rollback_transaction(const dt_database_t *db);
