// A C-style query layer in the shape of rAthena's Sql_QueryStr and
// Sql_Query over the MySQL C API: the SQL is copied or formatted into a
// buffer object of the program (`StringBuf_AppendStr(&self->buf, query)`,
// `StringBuf_Vprintf(&self->buf, fmt, args)`), run from there, and the
// handle's error code checked after the result is stored (`if
// (mysql_errno(&self->handle) != 0) return SQL_ERROR;`): the helpers run
// the SQL their callers give, and SQL_ERROR reports its failure. Every
// txn-* check runs, so every finding in the file is listed.
//
// RUN: %check_txnlint %s 'txn-*' %t -- -- -std=c++17

#include <mysql/mysql.h>

#include <cstdarg>

#define SQL_ERROR -1
#define SQL_SUCCESS 0

struct StringBuf {
  char *buf_;
  char *ptr_;
  unsigned max_;
};
void StringBuf_Clear(StringBuf *self);
int StringBuf_AppendStr(StringBuf *self, const char *str);
int StringBuf_Vprintf(StringBuf *self, const char *fmt, va_list args);
char *StringBuf_Value(StringBuf *self);
int StringBuf_Length(StringBuf *self);
void ShowSQL(const char *fmt, ...);

struct Sql {
  StringBuf buf;
  MYSQL handle;
  MYSQL_RES *result;
};

static int Sql_QueryV(Sql *self, const char *query, va_list args) {
  if (self == nullptr)
    return SQL_ERROR;
  StringBuf_Clear(&self->buf);
  StringBuf_Vprintf(&self->buf, query, args);
  if (mysql_real_query(&self->handle, StringBuf_Value(&self->buf),
                       (unsigned long)StringBuf_Length(&self->buf))) {
    ShowSQL("DB error - %s\n", mysql_error(&self->handle));
    return SQL_ERROR;
  }
  self->result = mysql_store_result(&self->handle);
  if (mysql_errno(&self->handle) != 0) {
    ShowSQL("DB error - %s\n", mysql_error(&self->handle));
    return SQL_ERROR;
  }
  return SQL_SUCCESS;
}

static int Sql_Query(Sql *self, const char *query, ...) {
  va_list args;
  va_start(args, query);
  int res = Sql_QueryV(self, query, args);
  va_end(args);
  return res;
}

static int Sql_QueryStr(Sql *self, const char *query) {
  if (self == nullptr)
    return SQL_ERROR;
  StringBuf_Clear(&self->buf);
  StringBuf_AppendStr(&self->buf, query);
  if (mysql_real_query(&self->handle, StringBuf_Value(&self->buf),
                       (unsigned long)StringBuf_Length(&self->buf))) {
    ShowSQL("DB error - %s\n", mysql_error(&self->handle));
    return SQL_ERROR;
  }
  self->result = mysql_store_result(&self->handle);
  if (mysql_errno(&self->handle) != 0) {
    ShowSQL("DB error - %s\n", mysql_error(&self->handle));
    return SQL_ERROR;
  }
  return SQL_SUCCESS;
}

bool storage_tosql(Sql *sql_handle, int account_id, int count) {
  if (SQL_SUCCESS != Sql_QueryStr(sql_handle, "START TRANSACTION"))
    return false;
  // CHECK-NOTES: :[[@LINE-2]]:22: warning: transaction begun on 'sql_handle' is left open on some path out of 'storage_tosql'; commit or roll it back before leaving [txn-missing-rollback]
  if (SQL_ERROR == Sql_Query(sql_handle,
                             "DELETE FROM storage WHERE account_id = '%d'",
                             account_id))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  if (count == 0)
    return true;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  return SQL_SUCCESS == Sql_QueryStr(sql_handle, "COMMIT");
}

void market_register(Sql *sql_handle, int id, int price) {
  if (SQL_SUCCESS != Sql_QueryStr(sql_handle, "START TRANSACTION"))
    return;
  if (SQL_ERROR == Sql_Query(sql_handle,
                             "INSERT INTO market (id, price) VALUES (%d, %d)",
                             id, price)) {
    Sql_QueryStr(sql_handle, "ROLLBACK");
    return;
  }
  Sql_QueryStr(sql_handle, "COMMIT");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the result of committing transaction on 'sql_handle' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
}

// Negative: every failure rolls back, and the commit is checked.
int char_rename(Sql *sql_handle, int char_id, const char *name) {
  if (SQL_SUCCESS != Sql_QueryStr(sql_handle, "START TRANSACTION"))
    return 3;
  if (SQL_ERROR == Sql_Query(sql_handle,
                             "UPDATE chars SET name = '%s' WHERE char_id = %d",
                             name, char_id) ||
      SQL_ERROR == Sql_Query(sql_handle,
                             "INSERT INTO charlog (char_id) VALUES (%d)",
                             char_id)) {
    Sql_QueryStr(sql_handle, "ROLLBACK");
    return 3;
  }
  if (SQL_SUCCESS != Sql_QueryStr(sql_handle, "COMMIT")) {
    Sql_QueryStr(sql_handle, "ROLLBACK");
    return 3;
  }
  return 0;
}

// Negative: the writes' results decide the end, and the end's result is
// and-ed into the flag (rAthena's account_db_sql_remove).
bool account_remove(Sql *sql_handle, int account_id) {
  bool result = false;
  if (SQL_SUCCESS != Sql_QueryStr(sql_handle, "START TRANSACTION") ||
      SQL_ERROR == Sql_Query(sql_handle, "DELETE FROM login WHERE id = %d",
                             account_id) ||
      SQL_ERROR == Sql_Query(sql_handle, "DELETE FROM regs WHERE id = %d",
                             account_id))
    ShowSQL("cannot remove account %d\n", account_id);
  else
    result = true;
  result &= (SQL_SUCCESS ==
             Sql_QueryStr(sql_handle, result ? "COMMIT" : "ROLLBACK"));
  return result;
}
