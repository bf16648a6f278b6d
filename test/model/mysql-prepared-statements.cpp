// The mysql profile's prepared statements: mysql_stmt_init(conn) makes a
// statement on the connection, mysql_stmt_prepare gives it its SQL, and
// mysql_stmt_execute runs that SQL on the connection (0 on success), as
// Wesnoth's dbconn does through MariaDB's connector for every query with
// parameters.
//
// RUN: %txnlint --dump-events --exit-zero %s -- -I/usr/include/mariadb 2>/dev/null | FileCheck --check-prefix=DUMP %s
// RUN: %check_txnlint %s txn-autocommit-multi-write,txn-unchecked-commit %t -- -- -I/usr/include/mariadb

#include <mysql.h>

#include <cstring>

bool runPrepared(MYSQL *Db, const char *Sql) {
  // DUMP: :[[@LINE+1]]:22: remark: prepare-sql on 'Db' (failure: returns-bool) [txnlint-dump-events]
  MYSQL_STMT *Stmt = mysql_stmt_init(Db);
  if (!Stmt)
    return false;
  // DUMP: :[[@LINE+1]]:7: remark: prepare-sql on 'Stmt' (failure: returns-zero) [txnlint-dump-events]
  if (mysql_stmt_prepare(Stmt, Sql, strlen(Sql))) {
    mysql_stmt_close(Stmt);
    return false;
  }
  // DUMP: :[[@LINE+1]]:13: remark: write on 'Db' (failure: returns-zero) [txnlint-dump-events]
  bool Ok = mysql_stmt_execute(Stmt) == 0;
  mysql_stmt_close(Stmt);
  return Ok;
}

void hideAddon(MYSQL *Db) {
  runPrepared(Db, "UPDATE addons SET hidden = 1 WHERE name = ?");
  runPrepared(Db, "INSERT INTO admin_actions (action) VALUES ('hide')");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'Db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
}

bool hideAddonInTransaction(MYSQL *Db) {
  if (mysql_query(Db, "START TRANSACTION"))
    return false;
  if (!runPrepared(Db, "UPDATE addons SET hidden = 1 WHERE name = ?") ||
      !runPrepared(Db, "INSERT INTO admin_actions (action) VALUES ('hide')")) {
    mysql_query(Db, "ROLLBACK");
    return false;
  }
  mysql_query(Db, "COMMIT");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the result of committing transaction on 'Db' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
  return true;
}
