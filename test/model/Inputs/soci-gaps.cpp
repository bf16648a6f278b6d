// Known gaps of the engine for SOCI, run last by test/model/soci.cpp: the
// expectations below are what txnlint SHOULD report; they fail until the
// engine does. Compiled against the real SOCI 4 headers.

#include <soci/soci.h>

#ifdef TXNLINT_DUMP
// GAP (a member that stands for its owner): `sql.once << ...` is the same as
// `sql << ...`: it runs on the session that owns the `once` member
// (soci::details::once_type keeps a pointer to it). The model can only say
// that the handle is the object the operator is called on, `sql.once`, so
// the events are on 'sql.once', and a begin through it does not match a
// commit or rollback on 'sql' (today an unmatched end ends every open
// transaction, which hides the mismatch in txn-missing-rollback).
void dump_once(soci::session &sql) {
  // CHECK: :[[@LINE+1]]:3: remark: begin on 'sql' (failure: exception) [txnlint-dump-events]
  sql.once << "BEGIN";
  // CHECK: :[[@LINE+1]]:3: remark: write on 'sql' (failure: exception) [txnlint-dump-events]
  sql.once << "UPDATE stock SET qty = qty - 1";
  // CHECK: :[[@LINE+1]]:3: remark: commit on 'sql' (failure: exception) [txnlint-dump-events]
  sql.once << "COMMIT";
}
#endif // TXNLINT_DUMP

// GAP (same): the warning names 'sql.once' instead of 'sql'.
int once_begin(soci::session &sql, int id) {
  sql.once << "BEGIN";
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'sql' is left open on some path out of 'once_begin'; commit or roll it back before leaving [txn-missing-rollback]
  if (id < 0)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  sql.once << "COMMIT";
  return 0;
}
