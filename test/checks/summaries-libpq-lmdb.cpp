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

// A C-style helper returns its test as an int, with 0 for a null result.
static int command_ok(PGresult *r) {
  if (!r)
    return 0;
  return PQresultStatus(r) == PGRES_COMMAND_OK;
}

// Negative: goto-cleanup C style; a failed BEGIN opened nothing.
int archive(PGconn *c) {
  int rc = -1;
  PGresult *res = PQexec(c, "BEGIN");
  if (!command_ok(res))
    goto out;
  PQclear(res);
  res = PQexec(c, "DELETE FROM items WHERE archived");
  if (!command_ok(res)) {
    PQclear(res);
    res = PQexec(c, "ROLLBACK");
    goto out;
  }
  PQclear(res);
  res = PQexec(c, "COMMIT");
  rc = command_ok(res) ? 0 : -1;
out:
  PQclear(res);
  return rc;
}

// Positive: the failed delete returns with the transaction open.
int purge(PGconn *c) {
  PGresult *res = PQexec(c, "BEGIN");
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: transaction begun on 'c' is left open on some path out of 'purge'; commit or roll it back before leaving [txn-missing-rollback]
  if (!command_ok(res)) {
    PQclear(res);
    return -1;
  }
  PQclear(res);
  res = PQexec(c, "DELETE FROM items");
  if (!command_ok(res)) {
    PQclear(res);
    return -1;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  }
  PQclear(res);
  res = PQexec(c, "COMMIT");
  int rc = command_ok(res) ? 0 : -1;
  PQclear(res);
  return rc;
}

// A wrapper whose exec() keeps either success status in a local: its
// begin() returns false where BEGIN failed.
class Session {
public:
  bool exec(const std::string &sql) {
    PGresult *r = PQexec(conn_, sql.c_str());
    ExecStatusType st = PQresultStatus(r);
    bool good = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
    PQclear(r);
    return good;
  }
  bool begin() { return exec("BEGIN"); }
  bool commit() { return exec("COMMIT"); }
  void rollback() { exec("ROLLBACK"); }

private:
  PGconn *conn_ = nullptr;
};

// Negative: a failed begin opened nothing.
bool pay(Session &s, int id) {
  if (!s.begin())
    return false;
  if (!s.exec("UPDATE accounts SET paid = true WHERE id = " +
              std::to_string(id))) {
    s.rollback();
    return false;
  }
  return s.commit();
}

// Positive: the failed update returns with the transaction open.
bool refund(Session &s, int id) {
  if (!s.begin())
    return false;
  // CHECK-NOTES: :[[@LINE-2]]:8: warning: transaction begun on 's' is left open on some path out of 'refund'; commit or roll it back before leaving [txn-missing-rollback]
  if (!s.exec("UPDATE accounts SET paid = false WHERE id = " +
              std::to_string(id)))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  return s.commit();
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

// The same test written as real code often writes it: a null result is a
// failure, and a query's status is a success too; the status kept in a
// local; a helper that says whether the result failed.
static bool succeeded(PGresult *r) {
  bool good = r && (PQresultStatus(r) == PGRES_COMMAND_OK ||
                    PQresultStatus(r) == PGRES_TUPLES_OK);
  PQclear(r);
  return good;
}

static bool failed(PGresult *r) {
  ExecStatusType status = PQresultStatus(r);
  PQclear(r);
  return status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK;
}

// Negative: each failed begin opened nothing.
bool retag(PGconn *c) {
  if (!succeeded(PQexec(c, "BEGIN")))
    return false;
  if (!succeeded(PQexec(c, "UPDATE items SET tagged = true"))) {
    PQclear(PQexec(c, "ROLLBACK"));
    return false;
  }
  return succeeded(PQexec(c, "COMMIT"));
}

bool clear_tags(PGconn *c) {
  if (failed(PQexec(c, "BEGIN")))
    return false;
  // CHECK-NOTES: :[[@LINE-2]]:14: warning: transaction begun on 'c' is left open on some path out of 'clear_tags'; commit or roll it back before leaving [txn-missing-rollback]
  if (failed(PQexec(c, "DELETE FROM tags")))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  return !failed(PQexec(c, "COMMIT"));
}

// Not a status test: a result that is merely not null opened nothing
// either way, so the begin is taken to have happened.
static bool present(PGresult *r) {
  bool good = r != nullptr;
  PQclear(r);
  return good;
}

bool weak_check(PGconn *c) {
  if (!present(PQexec(c, "BEGIN")))
    return false;
  // CHECK-NOTES: :[[@LINE-2]]:16: warning: transaction begun on 'c' is left open on some path out of 'weak_check'; commit or roll it back before leaving [txn-missing-rollback]
  // CHECK-NOTES: :[[@LINE-2]]:5: note: transaction is still open at this return
  return present(PQexec(c, "COMMIT"));
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

// Negative: the same cursor with a destructor that aborts what it holds:
// the exception leaves nothing open.
class GuardedCursor {
public:
  ~GuardedCursor() {
    if (txn_)
      mdb_txn_abort(txn_);
  }
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
void scan_owned(MDB_env *env) {
  GuardedCursor c;
  c.open(env);
  std::string v = c.next();
  c.close();
}

// A helper that begins a transaction and hands it back: the caller's
// variable holds the transaction, and a failed begin (null) opened nothing.
static MDB_txn *begin_write(MDB_env *env) {
  MDB_txn *txn = nullptr;
  if (mdb_txn_begin(env, nullptr, 0, &txn) != 0)
    return nullptr;
  return txn;
}

int put_pair(MDB_env *env, MDB_dbi dbi, MDB_val *key, MDB_val *value) {
  MDB_txn *txn = begin_write(env);
  // CHECK-NOTES: :[[@LINE-1]]:18: warning: transaction begun on 'txn' is left open on some path out of 'put_pair'; commit or roll it back before leaving [txn-missing-rollback]
  if (!txn)
    return -1;
  if (mdb_put(txn, dbi, &key[0], &value[0], 0) != 0)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  if (mdb_put(txn, dbi, &key[1], &value[1], 0) != 0) {
    mdb_txn_abort(txn);
    return -1;
  }
  return mdb_txn_commit(txn);
}

// Negative: every failure path aborts.
int put_pair_aborting(MDB_env *env, MDB_dbi dbi, MDB_val *key, MDB_val *value) {
  MDB_txn *txn = begin_write(env);
  if (txn == nullptr)
    return -1;
  if (mdb_put(txn, dbi, &key[0], &value[0], 0) != 0 ||
      mdb_put(txn, dbi, &key[1], &value[1], 0) != 0) {
    mdb_txn_abort(txn);
    return -1;
  }
  return mdb_txn_commit(txn);
}

// Negative: handed on to the caller, or kept by an object that ends it later.
MDB_txn *begin_logged(MDB_env *env) { return begin_write(env); }

class Writer {
  MDB_txn *txn_ = nullptr;

public:
  bool open(MDB_env *env) {
    txn_ = begin_write(env);
    return txn_ != nullptr;
  }
  int close() { return mdb_txn_commit(txn_); }
};

// Negative: a const method of the guarded cursor (`c.size()`) uses it in
// place; the cursor still ends what it holds when it dies.
class SizedCursor {
public:
  ~SizedCursor() {
    if (txn_)
      mdb_txn_abort(txn_);
  }
  void open(MDB_env *env) { mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn_); }
  int size() const {
    if (!txn_)
      throw std::runtime_error("closed");
    return 0;
  }

private:
  MDB_txn *txn_ = nullptr;
};
int count_rows(MDB_env *env) {
  SizedCursor c;
  c.open(env);
  return c.size();
}
