// STAND-IN, NOT A COPY: written for txnlint's tests from ODB's public
// documentation (the ODB manual, "Database", "Making Objects Persistent",
// "Loading Persistent Objects", "Executing Native SQL Statements"), because
// ODB is not packaged in Debian. It declares only what the tests use; it is
// not ODB's header and contains none of ODB's code. Every operation below
// reports failure by throwing an odb::exception.

#ifndef TXNLINT_STANDIN_ODB_DATABASE_HXX
#define TXNLINT_STANDIN_ODB_DATABASE_HXX

#include <odb/transaction.hxx>

#include <cstddef>
#include <memory>
#include <string>

namespace odb {

class connection {
public:
  virtual ~connection();
  // Starts a transaction on this connection.
  virtual transaction_impl *begin() = 0;
  unsigned long long execute(const char *statement);
  unsigned long long execute(const std::string &statement);
};

class database {
public:
  virtual ~database();

  // Starts a database transaction; hand the result to odb::transaction.
  virtual transaction_impl *begin() = 0;

  // Object operations (simplified: the real ones take the id type from
  // odb::object_traits<T>).
  template <typename T> unsigned long persist(T &object);
  template <typename T> std::shared_ptr<T> load(unsigned long id);
  template <typename T> void load(unsigned long id, T &object);
  template <typename T> std::shared_ptr<T> find(unsigned long id);
  template <typename T> void update(const T &object);
  template <typename T> void erase(const T &object);
  template <typename T> void erase(unsigned long id);
  template <typename T> unsigned long long erase_query();

  // Native SQL.
  unsigned long long execute(const char *statement);
  unsigned long long execute(const std::string &statement);
  unsigned long long execute(const char *statement, std::size_t length);
};

} // namespace odb

#endif
