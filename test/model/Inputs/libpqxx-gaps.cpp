// Known gaps of the engine for libpqxx, run last by test/model/libpqxx.cpp:
// the expectations below are what txnlint SHOULD report; they fail until the
// engine does. Compiled against the real libpqxx 6.4 headers, and with
// TXNLINT_PQXX7 against the libpqxx 7 stand-in in Inputs/pqxx7 (see
// test/model/libpqxx.cpp).

#include <pqxx/pqxx>

#include <tuple>

#ifdef TXNLINT_DUMP

// GAP (a base class's method called on a derived object): the model gives
// pqxx::subtransaction its own commit (release-savepoint) and abort
// (rollback-to-savepoint), but both are declared in pqxx::transaction_base.
// For `s.commit()` the object expression is `s` behind an implicit
// UncheckedDerivedToBase cast to transaction_base, and the classifier takes
// the object's type after that cast, so the lookup starts at
// transaction_base and finds its commit/abort: today these are "commit on
// 's'" and "rollback on 's'". The object's type should be taken before
// derived-to-base casts (objectRecord in TxnEvents.cpp).
void subtransaction_commit_abort(pqxx::connection &c) {
  pqxx::work w(c);
  {
    pqxx::subtransaction s(w, "try_insert");
    // CHECK: :[[@LINE+1]]:5: remark: release-savepoint on 's'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
    s.commit();
  }
  {
    pqxx::subtransaction s(w);
    // CHECK: :[[@LINE+1]]:5: remark: rollback-to-savepoint on 's'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
    s.abort();
  }
  w.commit();
}

// GAP (no way to make an inherited method neutral): pqxx::nontransaction's
// commit() and abort() do nothing to the database (its do_commit/do_abort
// are empty), but they are transaction_base's commit/abort, which the model
// must map to commit/rollback for the real transactions. A type can
// override a base's method meaning only with another operation; there is no
// "nothing" operation, and methods that a type does not list fall through to
// its bases. Today these are "commit on 'n'" and "rollback on 'n'".
void nontransaction_commit_abort(pqxx::connection &c) {
  pqxx::nontransaction n(c);
  // CHECK: :[[@LINE+1]]:3: remark: write on 'n' (failure: exception) [txnlint-dump-events]
  n.exec("INSERT INTO audit (id) VALUES (1)");
  // CHECK-NOT: remark:
  n.commit();
  n.abort();
  // CHECK: :[[@LINE+1]]:3: remark: write on 'n' (failure: exception) [txnlint-dump-events]
  n.exec("DELETE FROM audit");
}

// GAP (construction of a user class derived from a modelled type): the
// engine treats a user class derived from pqxx::work as pqxx::work for its
// destructor (rollback) but not for its constructor: the classifier's
// pre-filter (TransactionModel::mayBeModelled) looks up the constructor by
// the derived class's own name, "audited_work", which no profile names, so
// the begin is missing.
struct audited_work : pqxx::work {
  explicit audited_work(pqxx::connection &c)
#ifdef TXNLINT_PQXX7
      : pqxx::work(c) {}
#else
      : pqxx::internal::namedclass{"audited_work"}, pqxx::work(c) {}
#endif
};

void derived_work(pqxx::connection &c) {
  // CHECK: :[[@LINE+1]]:16: remark: begin on 'a' (RAII) (failure: exception) [txnlint-dump-events]
  audited_work a(c);
  // CHECK: :[[@LINE+1]]:3: remark: write on 'a'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  a.exec("DELETE FROM orders WHERE qty = 0");
  // CHECK: :[[@LINE+1]]:3: remark: commit on 'a'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  a.commit();
  // CHECK: :[[@LINE+1]]:1: remark: rollback on 'a' (destructor) [txnlint-dump-events]
}

#ifdef TXNLINT_PQXX7
// GAP (a statement returned by a factory): libpqxx 7 creates COPY streams with
// the static factory pqxx::stream_to::table(tx, ...), modelled as prepare-sql
// on argument 0 with "statement": "result". The engine keys a prepare-sql's
// statement by the expression that holds it and does not re-key it when the
// result is stored in a variable (bindResult only re-keys events whose handle
// is the result), so the stream `s` is not linked to `w`: today its rows are
// "write on 's'". (The constructor spelling, `pqxx::stream_to s(w, "t")`,
// works: test/model/libpqxx.cpp.)
void stream_to_factory(pqxx::connection &c, int id) {
  pqxx::work w(c);
  // PQXX7: :[[@LINE+1]]:12: remark: prepare-sql on 'w'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  auto s = pqxx::stream_to::table(w, {"orders"}, {"id"});
  // PQXX7: :[[@LINE+1]]:3: remark: write on 'w'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  s.write_values(id);
  // PQXX7: :[[@LINE+1]]:3: remark: write on 'w'{{( \(RAII\))?}} (failure: exception) [txnlint-dump-events]
  s.write_row(std::make_tuple(id));
  s.complete();
  w.commit();
}
#endif // TXNLINT_PQXX7

#endif // TXNLINT_DUMP

// GAP (same as nontransaction_commit_abort above): an explicit BEGIN through
// a nontransaction is not ended by its commit(), which does nothing; the
// transaction stays open on the connection. Today n.commit() counts as a
// commit and nothing is reported.
int nontransaction_commit_is_not_commit(pqxx::connection &c, int id) {
  pqxx::nontransaction n(c);
  n.exec0("BEGIN");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'n' is left open on some path out of 'nontransaction_commit_is_not_commit'; commit or roll it back before leaving [txn-missing-rollback]
  if (id < 0) {
    n.exec0("ROLLBACK");
    return -1;
  }
  n.commit();
  return 0;
}
// CHECK-NOTES: :[[@LINE-2]]:3: note: transaction is still open at this return
