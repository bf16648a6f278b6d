// KNOWN ENGINE GAP, shown with the lmdb and lmdb++ profiles and written as
// txnlint SHOULD behave; run by the last RUN line of test/model/lmdb.cpp.
//
// An end on a handle that has no open begin "ends them all" (the engine's
// rule for an end on a handle it cannot match). The destructor of an RAII
// transaction that was already committed or aborted is such an end, so it
// wipes every other open transaction: here the manual write transaction
// 'raw' is no longer reported at `return -2`. (Without the explicit
// rtxn.abort() the return is reported, as it should be.)

#include <lmdb++.h>
#include <lmdb.h>

int copy_then_write(MDB_env *env, lmdb::dbi &dbi, bool bad) {
  MDB_txn *raw;
  if (mdb_txn_begin(env, nullptr, 0, &raw) != 0)
    return -1;
  // CHECK-NOTES: :[[@LINE-2]]:7: warning: transaction begun on 'raw' is left open on some path out of 'copy_then_write'; commit or roll it back before leaving [txn-missing-rollback]
  {
    auto rtxn = lmdb::txn::begin(env, nullptr, MDB_RDONLY);
    int qty = 0;
    dbi.get(rtxn, "stock:1", qty);
    rtxn.abort();
  }
  if (bad)
    return -2;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
    // CHECK-NOTES: :[[@LINE-8]]:17: note: transaction is still open when an exception leaves the function here
    // CHECK-NOTES: :[[@LINE-7]]:5: note: transaction is still open when an exception leaves the function here
  return mdb_txn_commit(raw);
}
