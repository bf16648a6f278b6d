// Calls through an interface whose overriders sit on different libraries,
// as PowerDNS's DNSBackend over PostgreSQL and LMDB: one keeps a connection
// in a member and runs SQL on it, the other keeps an MDB_txn and its
// environment. To the caller both act on the backend object, so the calls
// agree on begin, write and commit, and the caller is checked as with one
// backend. No one library's behaviour is claimed for the write (the message
// is not PostgreSQL's).
//
// RUN: %check_txnlint %s 'txn-missing-rollback,txn-commit-after-failed-write,txn-unchecked-commit' %t -- -- -I/usr/include/postgresql

#include <libpq-fe.h>
#include <lmdb.h>

class DnsBackend {
public:
  virtual ~DnsBackend() = default;
  virtual bool startTransaction() = 0;
  virtual bool commitTransaction() = 0;
  virtual bool abortTransaction() = 0;
  virtual bool feedRecord(const char *name) = 0;
};

class PgBackend : public DnsBackend {
public:
  bool startTransaction() override { return run("BEGIN"); }
  bool commitTransaction() override { return run("COMMIT"); }
  bool abortTransaction() override { return run("ROLLBACK"); }
  bool feedRecord(const char *name) override {
    const char *params[1] = {name};
    PGresult *res =
        PQexecParams(m_conn, "INSERT INTO records (name) VALUES ($1)", 1,
                     nullptr, params, nullptr, nullptr, 0);
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    return ok;
  }

private:
  bool run(const char *sql) {
    PGresult *res = PQexec(m_conn, sql);
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    return ok;
  }
  PGconn *m_conn = nullptr;
};

class LmdbBackend : public DnsBackend {
public:
  bool startTransaction() override {
    return mdb_txn_begin(m_env, nullptr, 0, &m_txn) == MDB_SUCCESS;
  }
  bool commitTransaction() override {
    int rc = mdb_txn_commit(m_txn);
    m_txn = nullptr;
    return rc == MDB_SUCCESS;
  }
  bool abortTransaction() override {
    mdb_txn_abort(m_txn);
    m_txn = nullptr;
    return true;
  }
  bool feedRecord(const char *name) override {
    MDB_val key, value;
    return mdb_put(m_txn, m_dbi, &key, &value, 0) == MDB_SUCCESS;
  }

private:
  MDB_env *m_env = nullptr;
  MDB_txn *m_txn = nullptr;
  MDB_dbi m_dbi = 0;
};

bool import_zone(DnsBackend *backend, const char *const *names, int n) {
  if (!backend->startTransaction())
    return false;
  for (int i = 0; i < n; ++i)
    backend->feedRecord(names[i]);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: the failure of this write is not handled before transaction on 'backend' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  // CHECK-NOTES: :[[@LINE+1]]:8: note: committed here
  if (!backend->commitTransaction()) {
    backend->abortTransaction();
    return false;
  }
  return true;
}

bool add_record(DnsBackend &backend, const char *name) {
  if (!backend.startTransaction())
    // CHECK-NOTES: :[[@LINE-1]]:8: warning: transaction begun on 'backend' is left open on some path out of 'add_record'; commit or roll it back before leaving [txn-missing-rollback]
    return false;
  if (!backend.feedRecord(name))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  backend.commitTransaction();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the result of committing transaction on 'backend' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
  return true;
}

// Negative: every failure ends the transaction, and the commit is checked.
bool replace_record(DnsBackend &backend, const char *name) {
  if (!backend.startTransaction())
    return false;
  if (!backend.feedRecord(name)) {
    backend.abortTransaction();
    return false;
  }
  return backend.commitTransaction();
}
