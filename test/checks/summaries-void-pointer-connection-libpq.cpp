// A database object that keeps its backend's connection as `void *` and
// casts it where it runs SQL (Core Lightning's `PQexec((PGconn *)db->conn,
// query)`): the cast connection is the object's member all the same, so
// its helpers' summaries apply to their callers' objects. Every txn-* check
// runs, so every finding in the file is listed.
//
// RUN: %check_txnlint %s 'txn-*' %t -- -- -I/usr/include/postgresql

#include <libpq-fe.h>

struct db {
  const char *filename;
  void *conn;
};

void db_warn(struct db *db, const char *fmt, const char *what);

static bool db_postgres_exec_raw(struct db *db, const char *query) {
  PGresult *res = PQexec((PGconn *)db->conn, query);
  bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
  if (!ok)
    db_warn(db, "query failed: %s", PQerrorMessage((PGconn *)db->conn));
  PQclear(res);
  return ok;
}

bool downgrade_version(struct db *db) {
  if (!db_postgres_exec_raw(
          db, "DELETE FROM vars WHERE name = 'needs_bwatch_backfill';"))
    return false;
  return db_postgres_exec_raw(db, "UPDATE version SET version = 270;");
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-5]]:8: note: the earlier write commits here on its own
}

// Negative: the two writes in one transaction.
bool downgrade_version_atomically(struct db *db) {
  if (!db_postgres_exec_raw(db, "BEGIN;"))
    return false;
  if (!db_postgres_exec_raw(
          db, "DELETE FROM vars WHERE name = 'needs_bwatch_backfill';") ||
      !db_postgres_exec_raw(db, "UPDATE version SET version = 270;")) {
    db_postgres_exec_raw(db, "ROLLBACK;");
    return false;
  }
  return db_postgres_exec_raw(db, "COMMIT;");
}
