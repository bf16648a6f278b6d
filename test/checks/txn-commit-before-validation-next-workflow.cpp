// txn-commit-before-validation after a commit that ends one unit of work:
// what starts the next one is not a step of the committed work. The next
// transaction's begin failing, and the exceptions of a helper that runs a
// transaction of its own (a migration, a count in its own read
// transaction), are the next workflow's failures. A helper that runs its
// own transaction and rejects the request by the value it returns (a
// re-read) is a validation that came too late.
//
// RUN: %check_txnlint %s txn-commit-before-validation %t -- -- -std=c++17

#include <lmdb.h>
#include <pqxx/pqxx>

#include <stdexcept>
#include <string>

static MDB_env *Env;
static MDB_dbi Counts;

// Reads in a read transaction of its own; throws when LMDB fails.
static size_t count_entries() {
  MDB_txn *txn;
  if (int rc = mdb_txn_begin(Env, nullptr, MDB_RDONLY, &txn))
    throw std::runtime_error(mdb_strerror(rc));
  MDB_stat stat;
  int rc = mdb_stat(txn, Counts, &stat);
  mdb_txn_abort(txn);
  if (rc)
    throw std::runtime_error(mdb_strerror(rc));
  return stat.ms_entries;
}

// Writes in a transaction of its own.
static void migrate_counts() {
  MDB_txn *txn;
  if (int rc = mdb_txn_begin(Env, nullptr, 0, &txn))
    throw std::runtime_error(mdb_strerror(rc));
  MDB_val key{4, const_cast<char *>("vers")}, value{1, const_cast<char *>("2")};
  if (int rc = mdb_put(txn, Counts, &key, &value, 0)) {
    mdb_txn_abort(txn);
    throw std::runtime_error(mdb_strerror(rc));
  }
  if (int rc = mdb_txn_commit(txn))
    throw std::runtime_error(mdb_strerror(rc));
}

// Negative: the batch committed, the next one begun; its begin failing is
// the next batch's failure.
void next_batch(MDB_txn **txn) {
  if (int rc = mdb_txn_commit(*txn))
    throw std::runtime_error(mdb_strerror(rc));
  int rc = mdb_txn_begin(Env, nullptr, 0, txn);
  if (rc)
    throw std::runtime_error(mdb_strerror(rc));
}

// Negative: the creation committed, then a migration runs its own
// transactions, and a count is read in a read transaction of its own.
size_t create_then_migrate(MDB_txn *txn) {
  if (int rc = mdb_txn_commit(txn))
    throw std::runtime_error(mdb_strerror(rc));
  migrate_counts();
  return count_entries();
}

// Negative: a phase of a tool committed, the next phase fails inside a
// handler's try only by reading in its own transaction.
int run_phases(MDB_txn *txn) {
  try {
    if (int rc = mdb_txn_commit(txn))
      throw std::runtime_error(mdb_strerror(rc));
    size_t n = count_entries();
    return n > 0 ? 0 : 2;
  } catch (const std::exception &) {
    return 1;
  }
}

// Reads the committed row again, in a read transaction of its own, and
// answers whether the order is unique.
static bool order_is_unique(pqxx::connection &c, long id) {
  pqxx::read_transaction r(c);
  return r.exec1("SELECT count(*) FROM orders WHERE id = " +
                 std::to_string(id))[0]
             .as<long>() == 1;
}

// Positive: the re-read's value rejects the request after the commit.
bool place(pqxx::connection &c, long id) {
  pqxx::work w(c);
  w.exec0("INSERT INTO orders (id) VALUES (" + std::to_string(id) + ")");
  w.commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'w' is committed before 'order_is_unique' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  if (!order_is_unique(c, id))
    // CHECK-NOTES: :[[@LINE-1]]:8: note: 'order_is_unique' can fail here
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an error is returned here
  return true;
}

