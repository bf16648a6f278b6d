// txn-commit-after-failed-write and txn-unchecked-commit with the MySQL C
// API, compiled against the real <mysql.h>. mysql_autocommit(conn, 0)
// turns autocommit off: the writes after it are one transaction until
// mysql_commit or mysql_rollback, and mysql_autocommit(conn, 1) commits
// only what is still open.
//
// RUN: %check_txnlint %s 'txn-commit-after-failed-write,txn-unchecked-commit' %t -- -- -I/usr/include/mariadb

#include <mysql.h>
#include <mysqld_error.h>

#include <cstdio>

// The failed update is only logged, and the commit goes ahead.
void merge_customer(MYSQL *m) {
  mysql_autocommit(m, 0);
  if (mysql_query(m, "UPDATE customers SET merged_into = 1 WHERE id = 2") != 0)
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: the failure of this write is not handled before transaction on 'm' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
    std::fprintf(stderr, "%s\n", mysql_error(m));
  if (mysql_query(m, "DELETE FROM carts WHERE customer = 2") != 0) {
    mysql_rollback(m);
    mysql_autocommit(m, 1);
    return;
  }
  if (mysql_commit(m) != 0)
    // CHECK-NOTES: :[[@LINE-1]]:7: note: committed here
    mysql_rollback(m);
  mysql_autocommit(m, 1);
}

// Negative: every failure rolls back; turning autocommit back on after the
// commit or the rollback commits nothing, so its result needs no check.
bool move_order(MYSQL *m) {
  mysql_autocommit(m, 0);
  if (mysql_query(m, "UPDATE orders SET shelf = 4 WHERE id = 7") != 0 ||
      mysql_query(m, "UPDATE shelves SET used = used + 1 WHERE id = 4") != 0) {
    mysql_rollback(m);
    mysql_autocommit(m, 1);
    return false;
  }
  bool ok = mysql_commit(m) == 0;
  mysql_autocommit(m, 1);
  return ok;
}

// Turning autocommit back on commits the open transaction: its result is
// the commit's.
void archive_orders(MYSQL *m) {
  mysql_autocommit(m, 0);
  if (mysql_query(m, "INSERT INTO orders_old SELECT * FROM orders") != 0 ||
      mysql_query(m, "DELETE FROM orders") != 0) {
    mysql_rollback(m);
    mysql_autocommit(m, 1);
    return;
  }
  mysql_autocommit(m, 1);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the result of committing transaction on 'm' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
}

// Through a helper that runs SQL text on the connection it is given.
static bool run(MYSQL *m, const char *sql) { return mysql_query(m, sql) == 0; }

// Negative: a duplicate settings row is tolerated on purpose (MySQL keeps
// the transaction after a duplicate-key error); every other failure rolls
// back.
bool register_account(MYSQL *m) {
  if (!run(m, "START TRANSACTION"))
    return false;
  if (!run(m, "INSERT INTO accounts (nick) VALUES ('ann')")) {
    run(m, "ROLLBACK");
    return false;
  }
  if (!run(m, "INSERT INTO account_settings (nick) VALUES ('ann')")) {
    if (mysql_errno(m) != ER_DUP_ENTRY) {
      run(m, "ROLLBACK");
      return false;
    }
  }
  return run(m, "COMMIT");
}

// Positive: only a lock wait timeout is told apart; every other failure
// goes on to the commit.
bool register_device(MYSQL *m) {
  if (!run(m, "START TRANSACTION"))
    return false;
  if (!run(m, "INSERT INTO devices (name) VALUES ('pad')"))
    // CHECK-NOTES: :[[@LINE-1]]:8: warning: the failure of this write is not handled before transaction on 'm' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
    if (mysql_errno(m) == ER_LOCK_WAIT_TIMEOUT)
      std::fprintf(stderr, "slow lock\n");
  return run(m, "COMMIT");
  // CHECK-NOTES: :[[@LINE-1]]:10: note: committed here
}
