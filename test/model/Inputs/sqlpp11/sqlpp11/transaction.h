// STAND-IN, NOT A COPY: written for txnlint's tests from sqlpp11's public
// documentation (docs/Transactions.md and the connector interface described
// in docs/Connectors.md), because sqlpp11 is not packaged in Debian. It
// declares only what the tests use, with the documented meaning; it is not
// sqlpp11's header and contains none of its code.
//
// Documented behaviour modelled by checks/model/profiles/sqlpp11.json:
//   auto tx = sqlpp::start_transaction(db);   // starts a transaction on db
//   tx.commit();  tx.rollback();              // finish it
//   "In case you call neither commit() nor rollback() on a transaction before
//   it goes out of scope, it will call rollback() in its destructor." The
//   report policy (sqlpp::report_auto_rollback, the default, or
//   sqlpp::quiet_auto_rollback) only decides whether the connection reports
//   that automatic rollback; the rollback happens either way.

#ifndef TXNLINT_STANDIN_SQLPP11_TRANSACTION_H
#define TXNLINT_STANDIN_SQLPP11_TRANSACTION_H

namespace sqlpp {

// Whether an automatic rollback in the destructor is reported.
static constexpr bool quiet_auto_rollback = false;
static constexpr bool report_auto_rollback = true;

enum class isolation_level {
  undefined,
  serializable,
  repeatable_read,
  read_committed,
  read_uncommitted
};

// Db is the connection type; it provides start_transaction(),
// commit_transaction() and rollback_transaction(bool report).
template <typename Db> class transaction_t {
public:
  // Starts the transaction on db.
  transaction_t(Db &db, bool report_unfinished_transaction);
  transaction_t(Db &db, bool report_unfinished_transaction,
                isolation_level isolation);
  transaction_t(const transaction_t &) = delete;
  transaction_t(transaction_t &&) = default;
  transaction_t &operator=(const transaction_t &) = delete;
  transaction_t &operator=(transaction_t &&) = delete;
  // Rolls back unless commit() or rollback() was called (and reports it
  // through the connection unless the policy is quiet_auto_rollback).
  ~transaction_t();

  void commit();
  void rollback();

private:
  Db &_db;
  bool _report_unfinished_transaction;
  bool _finished = false;
};

template <typename Db>
transaction_t<Db> start_transaction(
    Db &db, bool report_unfinished_transaction = report_auto_rollback);

template <typename Db>
transaction_t<Db> start_transaction(
    Db &db, isolation_level isolation,
    bool report_unfinished_transaction = report_auto_rollback);

} // namespace sqlpp

#endif
