// EQEmu's DBcore::QueryDatabase reconnects first when the connection was
// lost: Open() closes the handle and initializes it again before
// connecting (`if (pStatus == Error) { mysql_close(mysql);
// mysql_init(mysql); }`). That close ends no transaction of the caller's:
// a lost connection had already lost it. So every query helper that may
// reconnect still leaves the caller's transaction open where it returns
// without a rollback. A helper that only closes may end it, and the caller
// is not told it left the transaction open.
//
// RUN: %check_txnlint %s txn-missing-rollback %t -- -- -std=c++17 -I/usr/include/mariadb

#include <mysql.h>

#include <string>

class DBcore {
public:
  enum Status { Closed, Connected, Error };

  bool Open() {
    if (pStatus == Connected)
      return true;
    if (pStatus == Error) {
      mysql_close(mysql);
      mysql_init(mysql);
    }
    if (mysql_real_connect(mysql, "localhost", "eqemu", "eqemu", "peq", 0,
                           nullptr, 0)) {
      pStatus = Connected;
      return true;
    }
    pStatus = Error;
    return false;
  }
  void Close() {
    mysql_close(mysql);
    pStatus = Closed;
  }
  bool QueryDatabase(const std::string &query) {
    if (pStatus != Connected)
      Open();
    return mysql_real_query(mysql, query.c_str(), query.length()) == 0;
  }
  bool Purge(const std::string &query) {
    if (QueryDatabase(query))
      return true;
    Close();
    return false;
  }
  void TransactionBegin() { QueryDatabase("START TRANSACTION"); }
  bool TransactionCommit() { return QueryDatabase("COMMIT"); }
  void TransactionRollback() { QueryDatabase("ROLLBACK"); }

  bool DeleteInstance(int id);
  bool MoveCharacter(int id, int account);
  bool PurgeExpired(int day);

private:
  MYSQL *mysql = nullptr;
  Status pStatus = Closed;
};

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

bool DBcore::MoveCharacter(int id, int account) {
  TransactionBegin();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: transaction begun on 'mysql' is left open on some path out of 'DBcore::MoveCharacter'{{.*}} [txn-missing-rollback]
  if (!QueryDatabase("UPDATE character_data SET account_id = " +
                     std::to_string(account) + " WHERE id = " +
                     std::to_string(id)))
    return false;
  return TransactionCommit();
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

bool DBcore::DeleteInstance(int id) {
  TransactionBegin();
  if (!QueryDatabase("DELETE FROM instance_list WHERE id = " +
                     std::to_string(id))) {
    TransactionRollback();
    return false;
  }
  return TransactionCommit();
}

// Purge() closes the connection where its statement failed, which rolls the
// transaction back.
bool DBcore::PurgeExpired(int day) {
  TransactionBegin();
  if (!Purge("DELETE FROM expired WHERE day < " + std::to_string(day)))
    return false;
  return TransactionCommit();
}
