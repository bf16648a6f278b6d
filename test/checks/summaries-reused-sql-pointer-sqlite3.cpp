// A `char *` that holds one formatted statement after another (GDAL's
// `char *pszSQL = sqlite3_mprintf("SELECT ...")`, freed and set to an
// UPDATE): each use runs what the pointer held there. A read and then a
// write are one write; two writes are two.
//
// RUN: %check_txnlint %s txn-autocommit-multi-write %t -- -- -std=c++17

#include <sqlite3.h>

typedef int OGRErr;
#define OGRERR_NONE 0
#define OGRERR_FAILURE 6

OGRErr SQLCommand(sqlite3 *hDB, const char *pszSQL) {
  char *pszErrMsg = nullptr;
  int rc = sqlite3_exec(hDB, pszSQL, nullptr, nullptr, &pszErrMsg);
  if (rc != SQLITE_OK) {
    sqlite3_free(pszErrMsg);
    return OGRERR_FAILURE;
  }
  return OGRERR_NONE;
}

long long SQLGetInteger64(sqlite3 *hDB, const char *pszSQL, OGRErr *err) {
  sqlite3_stmt *hStmt = nullptr;
  if (sqlite3_prepare_v2(hDB, pszSQL, -1, &hStmt, nullptr) != SQLITE_OK) {
    *err = OGRERR_FAILURE;
    return 0;
  }
  long long nRes = 0;
  if (sqlite3_step(hStmt) == SQLITE_ROW)
    nRes = sqlite3_column_int64(hStmt, 0);
  else
    *err = OGRERR_FAILURE;
  sqlite3_finalize(hStmt);
  return nRes;
}

int SQLGetInteger(sqlite3 *hDB, const char *pszSQL, OGRErr *err) {
  return static_cast<int>(SQLGetInteger64(hDB, pszSQL, err));
}

// Negative: a count, then one UPDATE.
OGRErr saveTimestamp(sqlite3 *hDB, const char *pszTableName) {
  OGRErr err = OGRERR_NONE;
  char *pszSQL = sqlite3_mprintf(
      "SELECT COUNT(*) FROM gpkg_contents WHERE table_name = '%q'",
      pszTableName);
  int nCount = SQLGetInteger(hDB, pszSQL, &err);
  sqlite3_free(pszSQL);
  if (err != OGRERR_NONE || nCount != 1)
    return OGRERR_FAILURE;
  pszSQL = sqlite3_mprintf(
      "UPDATE gpkg_contents SET last_change = 'now' WHERE table_name = '%q'",
      pszTableName);
  err = SQLCommand(hDB, pszSQL);
  sqlite3_free(pszSQL);
  return err;
}

// Two UPDATEs through the same pointer commit one by one.
OGRErr saveExtent(sqlite3 *hDB, const char *pszTableName) {
  char *pszSQL = sqlite3_mprintf(
      "UPDATE gpkg_contents SET min_x = 0 WHERE table_name = '%q'",
      pszTableName);
  OGRErr err = SQLCommand(hDB, pszSQL);
  sqlite3_free(pszSQL);
  if (err != OGRERR_NONE)
    return err;
  pszSQL = sqlite3_mprintf(
      "UPDATE gpkg_contents SET last_change = 'now' WHERE table_name = '%q'",
      pszTableName);
  err = SQLCommand(hDB, pszSQL);
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'hDB' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-9]]:16: note: the earlier write commits here on its own
  sqlite3_free(pszSQL);
  return err;
}
