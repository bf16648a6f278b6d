// Spectrum 2's MySQL Statement class: its constructor makes the statement on
// the connection it is given (`m_stmt = mysql_stmt_init(conn)`) and
// prepares the SQL it is given on that statement; execute() runs it. Each
// object runs its own SQL on the caller's connection.
//
// RUN: %check_txnlint %s txn-autocommit-multi-write %t -- -- -std=c++17 -I/usr/include/mariadb

#include <mysql.h>

#include <string>

class Statement {
public:
  Statement(MYSQL *conn, const std::string &statement) {
    m_conn = conn;
    m_stmt = mysql_stmt_init(conn);
    if (mysql_stmt_prepare(m_stmt, statement.c_str(), statement.size()))
      return;
  }
  ~Statement() {
    if (m_stmt)
      mysql_stmt_close(m_stmt);
  }
  int execute() {
    int ret;
    if ((ret = mysql_stmt_execute(m_stmt)) != 0)
      return mysql_stmt_errno(m_stmt);
    mysql_stmt_store_result(m_stmt);
    return 0;
  }

private:
  MYSQL *m_conn;
  MYSQL_STMT *m_stmt = nullptr;
};

void removeBuddy(MYSQL *conn) {
  Statement removeBuddy(conn, "DELETE FROM buddies WHERE id=?");
  removeBuddy.execute();
  Statement removeSettings(conn, "DELETE FROM buddies_settings WHERE buddy_id=?");
  removeSettings.execute();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'conn' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: the earlier write commits here on its own
}

// Negative: on two connections.
void removeBuddyFromBoth(MYSQL *conn, MYSQL *backup) {
  Statement removeBuddy(conn, "DELETE FROM buddies WHERE id=?");
  removeBuddy.execute();
  Statement removeBackup(backup, "DELETE FROM buddies WHERE id=?");
  removeBackup.execute();
}
