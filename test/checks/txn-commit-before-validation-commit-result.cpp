// txn-commit-before-validation and the commit's own result: reading or
// freeing what the commit returned handles the commit; it validates nothing
// that comes after it (GnuCash's libdbi backend frees the COMMIT's result and
// fails if that fails). A call on anything else that can fail is a step.
//
// RUN: %check_txnlint %s txn-commit-before-validation %t

#include <dbi/dbi.h>

bool record_totals(dbi_conn conn);

bool commit_checked(dbi_conn conn) {
  dbi_result result = dbi_conn_queryf(conn, "COMMIT");
  if (!result)
    return false;
  if (dbi_result_free(result) < 0)
    return false;
  return true;
}

bool save(dbi_conn conn) {
  if (!dbi_conn_query(conn, "BEGIN"))
    return false;
  dbi_conn_queryf(conn, "UPDATE accounts SET balance = %d", 10);
  dbi_result result;
  result = dbi_conn_queryf(conn, "COMMIT");
  if (!result)
    return false;
  if (dbi_result_free(result) < 0)
    return false;
  return true;
}

bool save_then_record(dbi_conn conn) {
  if (!dbi_conn_query(conn, "BEGIN"))
    return false;
  dbi_conn_queryf(conn, "UPDATE accounts SET balance = %d", 10);
  dbi_result result = dbi_conn_queryf(conn, "COMMIT");
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: transaction on 'conn' is committed before 'record_totals' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  if (!result)
    return false;
  dbi_result_free(result);
  if (!record_totals(conn))
    return false;
  return true;
}
