// txn-commit-before-validation: manaserv's MySQL provider commits, then
// turns autocommit back on, and throws if that fails. Turning autocommit on
// is a second end on the same handle: its failure branch finds the work
// committed, and no step of that work failed. A check after the commit
// still is one.
//
// RUN: %check_txnlint %s txn-commit-before-validation %t -- -- -std=c++17 -I/usr/include/mariadb

#include <mysql.h>

#include <stdexcept>
#include <string>

class Provider {
public:
  void commitTransaction() {
    if (mysql_commit(mDb) != 0)
      throw std::runtime_error(mysql_error(mDb));
    if (mysql_autocommit(mDb, 1))
      throw std::runtime_error("Error while trying to enable autocommit");
    mInTransaction = false;
  }

  void commitAndCount() {
    if (mysql_commit(mDb) != 0)
      throw std::runtime_error(mysql_error(mDb));
    // CHECK-NOTES: :[[@LINE-2]]:9: warning: transaction on 'mDb' is committed before an exception can be thrown; a failure there leaves a partial write [txn-commit-before-validation]
    if (mysql_autocommit(mDb, 1) || ++mCommits > 1000)
      throw std::runtime_error("too many commits");
    // CHECK-NOTES: :[[@LINE-1]]:7: note: an exception is thrown here
  }

private:
  MYSQL *mDb = nullptr;
  bool mInTransaction = false;
  int mCommits = 0;
};
