// Function summaries with libpq and LMDB: a helper that checks a result's
// status, and a class that keeps a transaction in a member between its
// methods.
//
// RUN: %check_txnlint %s txn-missing-rollback %t -- -- -I/usr/include/postgresql

#include <libpq-fe.h>
#include <lmdb.h>

#include <stdexcept>
#include <string>

// Takes a result, says whether it succeeded, and frees it.
static bool ok(PGresult *r) {
  bool good = PQresultStatus(r) == PGRES_COMMAND_OK;
  PQclear(r);
  return good;
}

// Negative: a failed begin opened nothing; the failed update rolls back.
bool tag(PGconn *c) {
  if (!ok(PQexec(c, "BEGIN")))
    return false;
  if (!ok(PQexec(c, "UPDATE items SET tagged = true"))) {
    PQclear(PQexec(c, "ROLLBACK"));
    return false;
  }
  return ok(PQexec(c, "COMMIT"));
}

bool untag(PGconn *c) {
  if (!ok(PQexec(c, "BEGIN")))
    return false;
  // CHECK-NOTES: :[[@LINE-2]]:11: warning: transaction begun on 'c' is left open on some path out of 'untag'; commit or roll it back before leaving [txn-missing-rollback]
  if (!ok(PQexec(c, "UPDATE items SET tagged = false")))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  return ok(PQexec(c, "COMMIT"));
}

// A transaction kept in a member: opening it is not a leak in open(), the
// object owns it; its callers must close it.
class Cursor {
public:
  void open(MDB_env *env) { mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn_); }
  std::string next() {
    if (!txn_)
      throw std::runtime_error("closed");
    return "";
  }
  void close() {
    mdb_txn_abort(txn_);
    txn_ = nullptr;
  }

private:
  MDB_txn *txn_ = nullptr;
};

void scan(MDB_env *env) {
  Cursor c;
  c.open(env);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'c' is left open on some path out of 'scan'; commit or roll it back before leaving [txn-missing-rollback]
  std::string v = c.next();
  // CHECK-NOTES: :[[@LINE-1]]:19: note: transaction is still open when an exception leaves the function here
  c.close();
}

// Negative: closed on every path.
void scan_guarded(MDB_env *env) {
  Cursor c;
  c.open(env);
  try {
    std::string v = c.next();
  } catch (...) {
    c.close();
    throw;
  }
  c.close();
}
