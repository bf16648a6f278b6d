// txn-lost-update with the MySQL C API, compiled against the real
// <mysql.h>: the rows of a SELECT are fetched from the connection
// afterwards (mysql_store_result, mysql_fetch_row), and a value computed
// from them written back at MySQL's default REPEATABLE READ loses a
// concurrent update.
//
// RUN: %check_txnlint %s txn-lost-update %t -- -- -std=c++17 -I/usr/include/mariadb

#include <mysql.h>

#include <cstdio>
#include <cstdlib>
#include <string>

// Positive: the quantity read, then written back.
void take_one(MYSQL *m) {
  mysql_autocommit(m, 0);
  mysql_query(m, "SELECT qty FROM stock WHERE sku = 1");
  MYSQL_RES *res = mysql_store_result(m);
  long have = std::atol(mysql_fetch_row(res)[0]);
  mysql_free_result(res);
  std::string update =
      "UPDATE stock SET qty = " + std::to_string(have - 1) + " WHERE sku = 1";
  mysql_query(m, update.c_str());
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'stock' is updated with a value computed from a plain SELECT of it earlier in the transaction; at REPEATABLE READ, MySQL's default, without a locking read, a concurrent transaction can update the row in between and its update is lost: read with SELECT ... FOR UPDATE, update relative to the column (SET c = c + ?), or check a version column in the WHERE clause [txn-lost-update]
  // CHECK-NOTES: :[[@LINE-8]]:3: note: the value is read here, without a lock
  mysql_commit(m);
}

// Negative: the read locks the row.
void take_locked(MYSQL *m) {
  mysql_autocommit(m, 0);
  mysql_query(m, "SELECT qty FROM stock WHERE sku = 2 FOR UPDATE");
  MYSQL_RES *res = mysql_store_result(m);
  long have = std::atol(mysql_fetch_row(res)[0]);
  mysql_free_result(res);
  std::string update =
      "UPDATE stock SET qty = " + std::to_string(have - 1) + " WHERE sku = 2";
  mysql_query(m, update.c_str());
  mysql_commit(m);
}

// Negative: the value written comes from elsewhere; the fetched rows only
// decide whether to write.
void restock(MYSQL *m, long qty) {
  mysql_autocommit(m, 0);
  mysql_query(m, "SELECT qty FROM stock WHERE sku = 3");
  MYSQL_RES *res = mysql_store_result(m);
  bool known = mysql_num_rows(res) > 0;
  mysql_free_result(res);
  if (known)
    mysql_query(m, ("UPDATE stock SET qty = " + std::to_string(qty) +
                    " WHERE sku = 3")
                       .c_str());
  mysql_commit(m);
}

// Positive: the connection kept in a member.
class StockStore {
public:
  bool take(long sku, long qty);

private:
  MYSQL *Conn = nullptr;
};

bool StockStore::take(long sku, long qty) {
  mysql_autocommit(Conn, 0);
  if (mysql_query(Conn, "SELECT qty FROM stock WHERE sku = 4") != 0)
    return false;
  MYSQL_RES *res = mysql_store_result(Conn);
  MYSQL_ROW row = res ? mysql_fetch_row(res) : nullptr;
  long have = row ? std::atol(row[0]) : 0;
  if (res)
    mysql_free_result(res);
  std::string update = "UPDATE stock SET qty = " + std::to_string(have - qty) +
                       " WHERE sku = 4";
  if (mysql_query(Conn, update.c_str()) != 0) {
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'stock' is updated with a value computed from a plain SELECT of it earlier in the transaction; at REPEATABLE READ, MySQL's default, without a locking read, a concurrent transaction can update the row in between and its update is lost: read with SELECT ... FOR UPDATE, update relative to the column (SET c = c + ?), or check a version column in the WHERE clause [txn-lost-update]
    // CHECK-NOTES: :[[@LINE-11]]:7: note: the value is read here, without a lock
    mysql_rollback(Conn);
    return false;
  }
  return mysql_commit(Conn) == 0;
}

// Positive: the SQL formatted into a buffer from the value read.
void take_formatted(MYSQL *m) {
  mysql_autocommit(m, 0);
  mysql_query(m, "SELECT qty FROM stock WHERE sku = 5");
  MYSQL_RES *res = mysql_store_result(m);
  long have = std::atol(mysql_fetch_row(res)[0]);
  mysql_free_result(res);
  char update[128];
  std::snprintf(update, sizeof update,
                "UPDATE stock SET qty = %ld WHERE sku = 5", have - 1);
  mysql_query(m, update);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'stock' is updated with a value computed from a plain SELECT of it earlier in the transaction; at REPEATABLE READ, MySQL's default, without a locking read, a concurrent transaction can update the row in between and its update is lost: read with SELECT ... FOR UPDATE, update relative to the column (SET c = c + ?), or check a version column in the WHERE clause [txn-lost-update]
  // CHECK-NOTES: :[[@LINE-9]]:3: note: the value is read here, without a lock
  mysql_commit(m);
}

// Positive: one buffer holds the SELECT, then the UPDATE; each statement
// runs what the fill before it put there.
void take_reused_buffer(MYSQL *m, long sku) {
  mysql_autocommit(m, 0);
  char sql[128];
  std::snprintf(sql, sizeof sql, "SELECT qty FROM stock WHERE sku = %ld", sku);
  mysql_query(m, sql);
  MYSQL_RES *res = mysql_store_result(m);
  long have = std::atol(mysql_fetch_row(res)[0]);
  mysql_free_result(res);
  std::snprintf(sql, sizeof sql, "UPDATE stock SET qty = %ld WHERE sku = %ld",
                have - 1, sku);
  mysql_query(m, sql);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'stock' is updated with a value computed from a plain SELECT of it earlier in the transaction; at REPEATABLE READ, MySQL's default, without a locking read, a concurrent transaction can update the row in between and its update is lost: read with SELECT ... FOR UPDATE, update relative to the column (SET c = c + ?), or check a version column in the WHERE clause [txn-lost-update]
  // CHECK-NOTES: :[[@LINE-8]]:3: note: the value is read here, without a lock
  mysql_commit(m);
}

// A status chain through helpers: a read helper's status and what it reads
// into its output parameter, then write helpers given the request's values.
static int runSql(MYSQL *m, const std::string &sql) {
  return mysql_query(m, sql.c_str()) != 0 ? int(mysql_errno(m)) : 0;
}
static int currentLevel(MYSQL *m, long user, int &level) {
  int rc = runSql(m, "SELECT level FROM profiles WHERE user_id = " +
                         std::to_string(user));
  if (rc != 0)
    return rc;
  MYSQL_RES *res = mysql_store_result(m);
  MYSQL_ROW row = res ? mysql_fetch_row(res) : nullptr;
  level = row ? std::atoi(row[0]) : 0;
  if (res)
    mysql_free_result(res);
  return 0;
}
static int setLevel(MYSQL *m, long user, int level) {
  return runSql(m, "UPDATE profiles SET level = " + std::to_string(level) +
                       " WHERE user_id = " + std::to_string(user));
}

// Negative: the status the read returned receives the write's status, and
// guards the next write; neither is a value the writes store.
int apply_level(MYSQL *m, long user, int wanted) {
  mysql_autocommit(m, 0);
  int old = 0;
  int rc = currentLevel(m, user, old);
  if (rc == 0)
    rc = setLevel(m, user, wanted);
  bool ok = rc == 0;
  ok = ok && setLevel(m, user, wanted + 1) == 0;
  if (!ok) {
    mysql_rollback(m);
    return 1;
  }
  return mysql_commit(m);
}

// Positive: what the read helper left in its output parameter is written.
int bump_level(MYSQL *m, long user) {
  mysql_autocommit(m, 0);
  int old = 0;
  int rc = currentLevel(m, user, old);
  if (rc == 0)
    rc = setLevel(m, user, old + 1);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'profiles' is updated with a value computed from a plain SELECT of it earlier in the transaction; at REPEATABLE READ, MySQL's default, without a locking read, a concurrent transaction can update the row in between and its update is lost: read with SELECT ... FOR UPDATE, update relative to the column (SET c = c + ?), or check a version column in the WHERE clause [txn-lost-update]
  // CHECK-NOTES: :[[@LINE-4]]:12: note: the value is read here, without a lock
  if (rc != 0) {
    mysql_rollback(m);
    return rc;
  }
  return mysql_commit(m);
}
