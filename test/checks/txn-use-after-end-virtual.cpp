// Calls through an interface whose one implementation ends the transaction
// and always returns true (it throws on failure, as PowerDNS's GSQLBackend
// does), while the base, a backend without transactions, does nothing and
// returns false: false says that nothing was there to end. So after
// `if (!backend->commitTransaction())` nothing is open and nothing was
// committed, and a dropped result loses nothing.
//
// RUN: %check_txnlint %s 'txn-use-after-end,txn-unchecked-commit,txn-missing-rollback' %t -- -- -I/usr/include/postgresql

#include <libpq-fe.h>

class Backend {
public:
  virtual ~Backend() = default;
  virtual bool startTransaction() { return false; }
  virtual bool commitTransaction() { return false; }
  virtual bool abortTransaction() { return false; }
};

class PgBackend : public Backend {
public:
  bool startTransaction() override {
    run("BEGIN");
    return true;
  }
  bool commitTransaction() override {
    run("COMMIT");
    return true;
  }
  bool abortTransaction() override {
    run("ROLLBACK");
    return true;
  }

private:
  // Throws when the statement fails.
  void run(const char *sql);
  PGconn *conn_ = nullptr;
};

void PgBackend::run(const char *sql) {
  PGresult *r = PQexec(conn_, sql);
  bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  PQclear(r);
  if (!ok)
    throw 1;
}

// Negatives: the abort where the commit says nothing was committed; a
// dropped result.
int ingest(Backend *backend) {
  if (!backend->startTransaction())
    return 4;
  if (!backend->commitTransaction()) {
    backend->abortTransaction();
    return 2;
  }
  return 0;
}

void replace(Backend &backend) {
  if (!backend.startTransaction())
    return;
  backend.commitTransaction();
}

// Positive: the abort where the commit happened.
void reset(Backend *backend) {
  if (!backend->startTransaction())
    return;
  if (backend->commitTransaction())
    backend->abortTransaction();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: transaction on 'backend' is rolled back after it was committed; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-3]]:7: note: it is committed here
}
