// A connection wrapper in the shape of AzerothCore's MySQLConnection: its
// Execute(std::string_view) sends `std::string(sql).c_str()` and, when the
// server went away, retries by calling itself (`return Execute(sql);`).
// Its begin, commit and rollback wrappers are understood from the SQL they
// pass, and the retry returns what Execute's other returns report, so a
// failed begin opened nothing.
//
// RUN: %check_txnlint %s txn-missing-rollback %t -- -- -std=c++17 -I/usr/include/mariadb

#include <mysql.h>

#include <cstdint>
#include <string>
#include <string_view>

// Defined in another translation unit.
bool reconnectOnError(unsigned error);
bool validName(const std::string &name);

class MySQLConnection {
public:
  bool Execute(std::string_view sql) {
    if (!m_Mysql)
      return false;
    if (mysql_query(m_Mysql, std::string(sql).c_str())) {
      unsigned error = mysql_errno(m_Mysql);
      if (reconnectOnError(error))
        return Execute(sql); // Try again
      return false;
    }
    return true;
  }
  bool BeginTransaction() { return Execute("START TRANSACTION"); }
  bool CommitTransaction() { return Execute("COMMIT"); }
  void RollbackTransaction() { Execute("ROLLBACK"); }

private:
  MYSQL *m_Mysql = nullptr;
};

bool renameCharacter(MySQLConnection &conn, uint32_t guid,
                     const std::string &name) {
  if (!conn.BeginTransaction())
    return false;
  // CHECK-NOTES: :[[@LINE-2]]:8: warning: transaction begun on 'conn' is left open on some path out of 'renameCharacter'; commit or roll it back before leaving [txn-missing-rollback]
  if (!conn.Execute("UPDATE characters SET name = '" + name +
                    "' WHERE guid = " + std::to_string(guid))) {
    conn.RollbackTransaction();
    return false;
  }
  if (!validName(name))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  return conn.CommitTransaction();
}

// Negative: the failed begin opened nothing; every other way out ends it.
bool deleteCharacter(MySQLConnection &conn, uint32_t guid) {
  if (!conn.BeginTransaction())
    return false;
  if (!conn.Execute("DELETE FROM character_inventory WHERE guid = " +
                    std::to_string(guid)) ||
      !conn.Execute("DELETE FROM characters WHERE guid = " +
                    std::to_string(guid))) {
    conn.RollbackTransaction();
    return false;
  }
  return conn.CommitTransaction();
}
