// STAND-IN, NOT A COPY: written for txnlint's tests from ODB's public
// documentation (the ODB manual, "SQLite Database"), because ODB is not
// packaged in Debian. Declarations only; none of ODB's code.

#ifndef TXNLINT_STANDIN_ODB_SQLITE_DATABASE_HXX
#define TXNLINT_STANDIN_ODB_SQLITE_DATABASE_HXX

#include <odb/database.hxx>

#include <string>

namespace odb {
namespace sqlite {

class database : public odb::database {
public:
  explicit database(const std::string &name, int flags = 0);
  // BEGIN (deferred); the immediate and exclusive variants start the
  // transaction with BEGIN IMMEDIATE / BEGIN EXCLUSIVE.
  odb::transaction_impl *begin() override;
  odb::transaction_impl *begin_immediate();
  odb::transaction_impl *begin_exclusive();
};

} // namespace sqlite
} // namespace odb

#endif
