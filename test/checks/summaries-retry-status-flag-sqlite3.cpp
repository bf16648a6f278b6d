// FreeSWITCH's SQL layer: the lowest helper retries sqlite3_exec while the
// database is busy, in a loop that always runs at least once (`int sane =
// 300; while (--sane > 0) { ... }`), and the next one returns a status
// enum that starts as failure and is set to success only where the
// statement succeeded. So the loop's statement is the helper's on every
// path, and `switch_status_t` reports its failure to the callers. The
// helper's sleep between attempts runs only where its statement could not:
// no call of it blocks its callers' transactions. Every txn-* check runs,
// so every finding in the file is listed.
//
// RUN: %check_txnlint %s 'txn-*' %t

#include <sqlite3.h>
#include <unistd.h>

typedef enum {
  SWITCH_STATUS_SUCCESS,
  SWITCH_STATUS_FALSE,
} switch_status_t;

struct db_handle {
  sqlite3 *handle;
};

void log_error(const char *sql, const char *err);

static int core_db_exec(sqlite3 *db, const char *sql, char **errmsg) {
  int ret = 0;
  int sane = 300;
  char *err = nullptr;
  while (--sane > 0) {
    ret = sqlite3_exec(db, sql, nullptr, nullptr, &err);
    if (ret == SQLITE_BUSY || ret == SQLITE_LOCKED) {
      if (sane > 1) {
        sqlite3_free(err);
        err = nullptr;
        usleep(1000);
        continue;
      }
    } else {
      break;
    }
  }
  if (errmsg)
    *errmsg = err;
  else
    sqlite3_free(err);
  return ret;
}

static switch_status_t execute_sql(db_handle *dbh, const char *sql) {
  switch_status_t status = SWITCH_STATUS_FALSE;
  char *errmsg = nullptr;
  int ret = core_db_exec(dbh->handle, sql, &errmsg);
  if (ret == SQLITE_OK)
    status = SWITCH_STATUS_SUCCESS;
  if (errmsg) {
    log_error(sql, errmsg);
    sqlite3_free(errmsg);
  }
  return status;
}

// Long SQL runs in pieces; either way the status reports running it.
static switch_status_t execute_sql_chunked(db_handle *dbh, char *sql,
                                           unsigned long chunk_size) {
  switch_status_t status = SWITCH_STATUS_FALSE;
  unsigned long len = __builtin_strlen(sql);
  if (chunk_size > len)
    return execute_sql(dbh, sql);
  if (!(len / chunk_size))
    return SWITCH_STATUS_FALSE;
  char *s = sql;
  char *e = sql + len;
  while (s && s < e) {
    char *p = s + chunk_size;
    status = execute_sql(dbh, s);
    if (p <= s || status != SWITCH_STATUS_SUCCESS)
      break;
    s = p;
  }
  return status;
}

static switch_status_t cache_db_execute_sql(db_handle *dbh, char *sql) {
  return execute_sql_chunked(dbh, sql, 32768);
}

// A bounded retry that also always runs once.
static int exec_retrying(sqlite3 *db, const char *sql) {
  int rc = SQLITE_ERROR;
  for (int attempt = 0; attempt < 3; ++attempt) {
    rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
    if (rc != SQLITE_BUSY)
      break;
  }
  return rc;
}

switch_status_t flush_stale_rows(db_handle *dbh) {
  if (execute_sql(dbh, "BEGIN EXCLUSIVE") != SWITCH_STATUS_SUCCESS)
    return SWITCH_STATUS_FALSE;
  // CHECK-NOTES: :[[@LINE-2]]:7: warning: transaction begun on 'dbh' is left open on some path out of 'flush_stale_rows'; commit or roll it back before leaving [txn-missing-rollback]
  if (execute_sql(dbh, "DELETE FROM channels WHERE stale = 1") !=
      SWITCH_STATUS_SUCCESS)
    return SWITCH_STATUS_FALSE;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  if (execute_sql(dbh, "COMMIT") != SWITCH_STATUS_SUCCESS) {
    execute_sql(dbh, "ROLLBACK");
    return SWITCH_STATUS_FALSE;
  }
  return SWITCH_STATUS_SUCCESS;
}

void register_user(sqlite3 *db) {
  exec_retrying(db, "DELETE FROM registrations WHERE reg_user = 'a'");
  exec_retrying(db, "INSERT INTO registrations (reg_user) VALUES ('a')");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the earlier write commits here on its own
}

// Negatives: a failed BEGIN opened nothing; a failed COMMIT leaves the
// transaction for the ROLLBACK.
switch_status_t move_tier(db_handle *dbh) {
  if (cache_db_execute_sql(dbh, (char *)"BEGIN EXCLUSIVE") !=
      SWITCH_STATUS_SUCCESS)
    return SWITCH_STATUS_FALSE;
  if (cache_db_execute_sql(dbh, (char *)"DELETE FROM tiers WHERE agent = 1") !=
      SWITCH_STATUS_SUCCESS) {
    cache_db_execute_sql(dbh, (char *)"ROLLBACK");
    return SWITCH_STATUS_FALSE;
  }
  if (cache_db_execute_sql(dbh, (char *)"COMMIT") != SWITCH_STATUS_SUCCESS) {
    cache_db_execute_sql(dbh, (char *)"ROLLBACK");
    return SWITCH_STATUS_FALSE;
  }
  return SWITCH_STATUS_SUCCESS;
}

switch_status_t expire_rows(db_handle *dbh) {
  if (execute_sql(dbh, "BEGIN EXCLUSIVE") != SWITCH_STATUS_SUCCESS)
    return SWITCH_STATUS_FALSE;
  if (execute_sql(dbh, "DELETE FROM channels WHERE expires < 10") !=
      SWITCH_STATUS_SUCCESS) {
    execute_sql(dbh, "ROLLBACK");
    return SWITCH_STATUS_FALSE;
  }
  if (execute_sql(dbh, "COMMIT") != SWITCH_STATUS_SUCCESS) {
    execute_sql(dbh, "ROLLBACK");
    return SWITCH_STATUS_FALSE;
  }
  return SWITCH_STATUS_SUCCESS;
}
