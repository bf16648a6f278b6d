// STAND-IN, NOT A COPY: written for txnlint's tests from the public
// documentation of sqlpp11's SQLite3 connector (connection interface: the
// transaction and savepoint members, execute), because sqlpp11 is not
// packaged in Debian. Declarations only; none of sqlpp11's code. Failures
// throw sqlpp::exception.

#ifndef TXNLINT_STANDIN_SQLPP11_SQLITE3_CONNECTION_H
#define TXNLINT_STANDIN_SQLPP11_SQLITE3_CONNECTION_H

#include <sqlpp11/transaction.h>

#include <memory>
#include <string>

namespace sqlpp {

// Connections for direct use (as opposed to pooled ones) wrap a connector's
// connection_base.
template <typename ConnectionBase>
class normal_connection : public ConnectionBase {
public:
  normal_connection() = default;
  template <typename Config> explicit normal_connection(const Config &config);
};

namespace sqlite3 {

struct connection_config {
  std::string path_to_database;
  int flags = 0;
};

class connection_base {
public:
  // Runs SQL text.
  void execute(const std::string &statement);

  // Manual transactions (sqlpp::start_transaction() calls these).
  void start_transaction(isolation_level level = isolation_level::undefined);
  void commit_transaction();
  void rollback_transaction(bool report);
  void report_rollback_failure(const std::string &message) noexcept;

  void savepoint(const std::string &name);
  void rollback_to_savepoint(const std::string &name);
  void release_savepoint(const std::string &name);

  // Runs a statement built with sqlpp11's DSL (select, insert_into, ...).
  template <typename Statement> std::size_t operator()(const Statement &s);
};

using connection = sqlpp::normal_connection<connection_base>;

} // namespace sqlite3
} // namespace sqlpp

#endif
