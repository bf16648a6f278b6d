// A wrapper that runs BEGIN and COMMIT through a pqxx::nontransaction it
// shares (ClickHouse's replication handler): destroying the wrapper does
// not end the transaction block, although libpqxx's own classes derived
// from the nontransaction's base (pqxx::work) roll back in their
// destructors. A library's class hierarchy is not the program's.
//
// RUN: %check_txnlint %s txn-missing-rollback %t -- -- -std=c++17

#include <pqxx/pqxx>

#include <memory>
#include <string>

class ExplicitTransaction {
public:
  explicit ExplicitTransaction(pqxx::connection &connection)
      : tx(std::make_shared<pqxx::nontransaction>(connection)) {}
  void begin() { tx->exec("BEGIN ISOLATION LEVEL REPEATABLE READ"); }
  void commit() { tx->exec("COMMIT"); }
  pqxx::nontransaction &getTx() { return *tx; }

private:
  std::shared_ptr<pqxx::nontransaction> tx;
};

long columnsOf(pqxx::nontransaction &tx, const std::string &table);

void refreshColumns(pqxx::connection &connection, const std::string &table) {
  ExplicitTransaction transaction(connection);
  transaction.begin();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'transaction' is left open on some path out of 'refreshColumns'; commit or roll it back before leaving [txn-missing-rollback]
  long columns = columnsOf(transaction.getTx(), table);
  transaction.getTx().exec_params("UPDATE tables SET columns = $1 WHERE name = $2", columns, table);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: transaction is still open when an exception leaves the function here
  transaction.commit();
}
