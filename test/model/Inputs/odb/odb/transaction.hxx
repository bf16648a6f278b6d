// STAND-IN, NOT A COPY: written for txnlint's tests from ODB's public
// documentation (the ODB manual, "Transactions"), because ODB is not packaged
// in Debian. It declares only what the tests use, with the documented
// meaning; it is not ODB's header and contains none of ODB's code.
//
// Documented behaviour modelled by checks/model/profiles/odb.json:
//   odb::transaction t (db.begin ());   // database::begin() starts a database
//                                       // transaction and returns its
//                                       // transaction_impl*; t takes it over
//   t.commit ();  t.rollback ();        // finalize it
//   If t is destroyed before it is finalized (committed or rolled back), its
//   destructor rolls the transaction back.

#ifndef TXNLINT_STANDIN_ODB_TRANSACTION_HXX
#define TXNLINT_STANDIN_ODB_TRANSACTION_HXX

namespace odb {

class database;
class connection;

// The database-specific transaction that database::begin() returns.
class transaction_impl {
public:
  virtual ~transaction_impl();
  virtual void commit() = 0;
  virtual void rollback() = 0;
};

class transaction {
public:
  typedef odb::database database_type;
  typedef odb::connection connection_type;

  // Takes over the transaction that impl (from database::begin()) started;
  // make_current makes it the thread's current transaction.
  explicit transaction(transaction_impl *impl, bool make_current = true);
  // No transaction yet; reset() supplies one later.
  transaction();
  // Rolls the transaction back unless it was finalized.
  ~transaction();

  transaction(const transaction &) = delete;
  transaction &operator=(const transaction &) = delete;

  // Finalizes the current transaction (rolling it back if it is not
  // finalized) and takes over impl.
  void reset(transaction_impl *impl, bool make_current = true);

  void commit();
  void rollback();

  database_type &database();
  connection_type &connection();
  bool finalized() const;

  static bool has_current();
  static transaction &current();
  static void current(transaction &);
  static bool reset_current();
};

} // namespace odb

#endif
