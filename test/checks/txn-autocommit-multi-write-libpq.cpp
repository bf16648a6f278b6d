// txn-autocommit-multi-write with libpq (the real <libpq-fe.h>): writes are
// SQL text given to PQexec/PQexecParams. A write whose result says it failed
// (a null result, or a status other than PGRES_COMMAND_OK) wrote nothing, so
// the write a failure leads to is the only one on that path.
//
// RUN: %check_txnlint %s txn-autocommit-multi-write %t -- -- -I/usr/include/postgresql

#include <libpq-fe.h>

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// The key is set, then the user's realm, each committing on its own.
int set_user_key(PGconn *pqc, const char *const *params) {
  PGresult *res = PQexecParams(pqc, "UPDATE turnusers_lt SET hmackey = $1 WHERE name = $2", 2,
                               nullptr, params, nullptr, nullptr, 0);
  if (!res || PQresultStatus(res) != PGRES_COMMAND_OK) {
    PQclear(res);
    return -1;
  }
  PQclear(res);
  res = PQexecParams(pqc, "UPDATE realms SET updated = now() WHERE name = $1", 1, nullptr,
                     params + 1, nullptr, nullptr, 0);
  // CHECK-NOTES: :[[@LINE-2]]:9: warning: 'pqc' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-10]]:19: note: the earlier write commits here on its own
  int rc = res && PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : -1;
  PQclear(res);
  return rc;
}

//===----------------------------------------------------------------------===//
// Negatives
//===----------------------------------------------------------------------===//

// An upsert by hand (coturn): the update runs only where the insert failed,
// and a failed insert wrote nothing; the null result is tested first.
int set_oauth_key(PGconn *pqc, const char *const *params) {
  PGresult *res = PQexecParams(pqc, "INSERT INTO oauth_key (kid, ikm_key) VALUES ($1, $2)", 2,
                               nullptr, params, nullptr, nullptr, 0);
  if (!res || PQresultStatus(res) != PGRES_COMMAND_OK) {
    if (res)
      PQclear(res);
    res = PQexecParams(pqc, "UPDATE oauth_key SET ikm_key = $2 WHERE kid = $1", 2, nullptr,
                       params, nullptr, nullptr, 0);
    if (!res || PQresultStatus(res) != PGRES_COMMAND_OK) {
      if (res)
        PQclear(res);
      return -1;
    }
  }
  PQclear(res);
  return 0;
}
