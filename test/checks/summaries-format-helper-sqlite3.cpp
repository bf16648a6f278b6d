// Helpers that format the SQL their caller gives with sqlite3_vmprintf
// before running it (Domoticz's CSQLHelper::safe_exec_no_return and
// safe_query: `char *zQuery = sqlite3_vmprintf(fmt, args); if (!zQuery)
// return; sqlite3_exec(m_dbase, zQuery, ...)`): the format is the SQL, and
// the early return where formatting failed did nothing. Every txn-* check
// runs, so every finding in the file is listed.
//
// RUN: %check_txnlint %s 'txn-*' %t

#include <sqlite3.h>

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <string>

class SQLHelper {
public:
  bool safeExec(const char *Fmt, ...);
  void safeExecNoReturn(const char *Fmt, ...);
  void deleteEvent(const std::string &Idx);
  bool duplicatePlan(int From, int To);
  bool duplicatePlanChecked(int From, int To);

private:
  sqlite3 *Db = nullptr;
};

bool SQLHelper::safeExec(const char *Fmt, ...) {
  va_list Args;
  va_start(Args, Fmt);
  char *Query = sqlite3_vmprintf(Fmt, Args);
  va_end(Args);
  if (!Query)
    return false;
  int Rc = sqlite3_exec(Db, Query, nullptr, nullptr, nullptr);
  sqlite3_free(Query);
  return Rc == SQLITE_OK;
}

void SQLHelper::safeExecNoReturn(const char *Fmt, ...) {
  va_list Args;
  va_start(Args, Fmt);
  char *Query = sqlite3_vmprintf(Fmt, Args);
  va_end(Args);
  if (!Query)
    return;
  sqlite3_exec(Db, Query, nullptr, nullptr, nullptr);
  sqlite3_free(Query);
}

void SQLHelper::deleteEvent(const std::string &Idx) {
  safeExecNoReturn("DELETE FROM EventRules WHERE (EMID == '%q')", Idx.c_str());
  safeExecNoReturn("DELETE FROM EventMaster WHERE (ID == '%q')", Idx.c_str());
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'Db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the earlier write commits here on its own
}

bool SQLHelper::duplicatePlan(int From, int To) {
  if (!safeExec("BEGIN TRANSACTION"))
    return false;
  if (!safeExec("INSERT INTO Timers (Plan, Time) SELECT %d, Time FROM Timers "
                "WHERE (Plan == %d)",
                To, From))
    // CHECK-NOTES: :[[@LINE-3]]:8: warning: the failure of this write is not handled before transaction on 'Db' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
    std::fprintf(stderr, "could not copy timers\n");
  if (!safeExec("COMMIT TRANSACTION")) {
    // CHECK-NOTES: :[[@LINE-1]]:8: note: committed here
    safeExec("ROLLBACK TRANSACTION");
    return false;
  }
  return true;
}

// Negative: the failed copy rolls back.
bool SQLHelper::duplicatePlanChecked(int From, int To) {
  if (!safeExec("BEGIN TRANSACTION"))
    return false;
  if (!safeExec("INSERT INTO Timers (Plan, Time) SELECT %d, Time FROM Timers "
                "WHERE (Plan == %d)",
                To, From)) {
    safeExec("ROLLBACK TRANSACTION");
    return false;
  }
  if (!safeExec("COMMIT TRANSACTION")) {
    safeExec("ROLLBACK TRANSACTION");
    return false;
  }
  return true;
}

// Zabbix's layer formats with a function of its own, into a pointer it
// assigns (`sql = zbx_dvsprintf(sql, fmt, args);`), and runs the result on
// its global connection: the format its callers give is the SQL.
static sqlite3 *g_conn;

static char *zbx_dvsprintf(char *dest, const char *f, va_list args) {
  char *string = static_cast<char *>(std::malloc(256));
  std::vsnprintf(string, 256, f, args);
  std::free(dest);
  return string;
}

static int zbx_db_vexecute(const char *fmt, va_list args) {
  char *sql = nullptr;
  sql = zbx_dvsprintf(sql, fmt, args);
  int rc = sqlite3_exec(g_conn, sql, nullptr, nullptr, nullptr);
  std::free(sql);
  return rc;
}

static int zbx_db_execute(const char *fmt, ...) {
  va_list args;
  va_start(args, fmt);
  int rc = zbx_db_vexecute(fmt, args);
  va_end(args);
  return rc;
}

int item_set_unsupported(int itemid) {
  if (zbx_db_execute("update item_rtdata set state=1 where itemid=%d",
                     itemid) != SQLITE_OK)
    return -1;
  return zbx_db_execute("delete from problem where objectid=%d", itemid);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'g_conn' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-5]]:7: note: the earlier write commits here on its own
}

// Negative: both writes in one transaction, begun and ended through the
// same helper.
int item_set_unsupported_atomically(int itemid) {
  if (zbx_db_execute("begin;") != SQLITE_OK)
    return -1;
  if (zbx_db_execute("update item_rtdata set state=1 where itemid=%d",
                     itemid) != SQLITE_OK ||
      zbx_db_execute("delete from problem where objectid=%d", itemid) !=
          SQLITE_OK) {
    zbx_db_execute("rollback;");
    return -1;
  }
  return zbx_db_execute("commit;");
}
