// LandSandBoat's SqlConnection runs all SQL through `template <typename...
// Args> int32 Query(const char *query, Args... args)`, which formats with
// fmt::sprintf(query, args...), and QueryStr(const char *query), which
// copies the text into a string member (`self->buf.clear(); self->buf +=
// query;`) and runs `self->buf.c_str()`. The caller's SQL is what runs:
// TransactionStart() begins, TransactionRollback() rolls back.
//
// RUN: %check_txnlint %s txn-missing-rollback,txn-autocommit-multi-write %t -- -- -std=c++20 -DFMT_HEADER_ONLY -I/usr/include/mariadb

#include <fmt/printf.h>
#include <mysql.h>

#include <cstdio>
#include <string>

#define SQL_ERROR -1
#define SQL_SUCCESS 0

struct SqlHandle {
  MYSQL handle;
  MYSQL_RES *result = nullptr;
  std::string buf;
};

class SqlConnection {
public:
  int QueryStr(const char *query) {
    if (self == nullptr)
      return SQL_ERROR;
    self->buf.clear();
    self->buf += query;
    if (mysql_real_query(&self->handle, self->buf.c_str(),
                         (unsigned int)self->buf.length()))
      return SQL_ERROR;
    self->result = mysql_store_result(&self->handle);
    return SQL_SUCCESS;
  }
  template <typename... Args> int Query(const char *query, Args... args) {
    std::string query_v = fmt::sprintf(query, args...);
    return QueryStr(query_v.c_str());
  }
  bool TransactionStart() {
    if (self && Query("START TRANSACTION;") != SQL_ERROR)
      return true;
    std::fprintf(stderr, "TransactionStart: %s\n", mysql_error(&self->handle));
    return false;
  }
  bool TransactionCommit() {
    if (self && mysql_commit(&self->handle) == 0)
      return true;
    std::fprintf(stderr, "TransactionCommit: %s\n", mysql_error(&self->handle));
    return false;
  }
  bool TransactionRollback() {
    if (self && Query("ROLLBACK;") != SQL_ERROR)
      return true;
    std::fprintf(stderr, "TransactionRollback: %s\n", mysql_error(&self->handle));
    return false;
  }

private:
  SqlHandle *self = nullptr;
};

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

bool cancelSale(SqlConnection *sql, unsigned id, unsigned charid) {
  if (!sql->TransactionStart())
    return false;
  // CHECK-MESSAGES: :[[@LINE-2]]:8: warning: transaction begun on 'sql' is left open on some path out of 'cancelSale'{{.*}} [txn-missing-rollback]
  if (sql->Query("DELETE FROM auction_house WHERE id = %u", id) == SQL_ERROR)
    return false;
  if (sql->Query("UPDATE chars SET gil = gil + 1 WHERE charid = %u", charid) ==
      SQL_ERROR) {
    sql->TransactionRollback();
    return false;
  }
  return sql->TransactionCommit();
}

void sendItem(SqlConnection *sql, unsigned charid, unsigned slot) {
  sql->Query("DELETE FROM char_inventory WHERE charid = %u AND slot = %u",
             charid, slot);
  sql->Query("INSERT INTO delivery_box (charid, slot) VALUES (%u, %u)", charid,
             slot);
  // CHECK-MESSAGES: :[[@LINE-2]]:3: warning: 'sql' is written again outside any transaction{{.*}} [txn-autocommit-multi-write]
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

bool takeItem(SqlConnection *sql, unsigned id, unsigned charid) {
  if (!sql->TransactionStart())
    return false;
  if (sql->Query("DELETE FROM delivery_box WHERE id = %u", id) == SQL_ERROR ||
      sql->Query("UPDATE chars SET gil = gil + 1 WHERE charid = %u", charid) ==
          SQL_ERROR) {
    sql->TransactionRollback();
    return false;
  }
  return sql->TransactionCommit();
}
