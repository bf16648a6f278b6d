// DDNet's IDbConnection, with a MySQL and a SQLite backend behind one
// interface. MySQL's Lock() turns autocommit off, then runs `LOCK TABLES`
// (formatted by the program's own printf-like str_format), and undoes its
// half-done begin when the lock fails; SQLite's runs BEGIN IMMEDIATE. The
// wrapper hands the caller an open transaction where it returns true, and
// the two bodies agree on what the interface's calls do: they differ only
// in reads.
//
// RUN: %check_txnlint %s 'txn-*' %t -- -- -std=c++17 -I/usr/include/mariadb

#include <mysql.h>
#include <sqlite3.h>

#include <cstdarg>
#include <cstdio>

static int str_format(char *Buffer, int BufferSize, const char *Format, ...) {
  va_list Args;
  va_start(Args, Format);
  int Length = vsnprintf(Buffer, BufferSize, Format, Args);
  va_end(Args);
  return Length;
}

class IDbConnection {
public:
  virtual ~IDbConnection() = default;
  virtual bool Lock(const char *pTable) = 0;
  virtual bool Unlock() = 0;
  virtual bool Rollback() = 0;
  virtual bool Execute(const char *pQuery) = 0;
};

class CMysqlConnection : public IDbConnection {
public:
  bool Lock(const char *pTable) override {
    if (mysql_autocommit(&m_Mysql, false))
      return false;
    char aBuf[512];
    str_format(aBuf, sizeof(aBuf), "LOCK TABLES %s WRITE", pTable);
    if (mysql_query(&m_Mysql, aBuf)) {
      mysql_autocommit(&m_Mysql, true);
      return false;
    }
    return true;
  }
  bool Unlock() override {
    if (mysql_commit(&m_Mysql))
      return false;
    mysql_query(&m_Mysql, "UNLOCK TABLES");
    mysql_autocommit(&m_Mysql, true);
    return true;
  }
  bool Rollback() override {
    bool Success = !mysql_rollback(&m_Mysql);
    mysql_query(&m_Mysql, "UNLOCK TABLES");
    mysql_autocommit(&m_Mysql, true);
    return Success;
  }
  bool Execute(const char *pQuery) override {
    return mysql_query(&m_Mysql, pQuery) == 0;
  }

private:
  MYSQL m_Mysql;
};

class CSqliteConnection : public IDbConnection {
public:
  bool Lock(const char *) override { return Run("BEGIN IMMEDIATE"); }
  bool Unlock() override { return Run("COMMIT"); }
  bool Rollback() override { return Run("ROLLBACK"); }
  bool Execute(const char *pQuery) override { return Run(pQuery); }

private:
  bool Run(const char *pQuery) {
    return sqlite3_exec(m_pDb, pQuery, nullptr, nullptr, nullptr) == SQLITE_OK;
  }
  sqlite3 *m_pDb = nullptr;
};

bool SaveTeamScore(IDbConnection *pSqlServer, const char *const *pNames,
                   int NumNames) {
  if (!pSqlServer->Lock("record_teamrace"))
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: transaction begun on 'pSqlServer' is left open on some path out of 'SaveTeamScore'; commit or roll it back before leaving [txn-missing-rollback]
    return false;
  for (int i = 0; i < NumNames; ++i)
    if (!pSqlServer->Execute(pNames[i]))
      return false;
  // CHECK-NOTES: :[[@LINE-1]]:7: note: transaction is still open at this return
  if (!pSqlServer->Unlock()) {
    pSqlServer->Rollback();
    return false;
  }
  return true;
}

// Negative: every failure rolls back.
bool SaveScore(IDbConnection *pSqlServer, const char *const *pNames,
               int NumNames) {
  if (!pSqlServer->Lock("record_race"))
    return false;
  for (int i = 0; i < NumNames; ++i)
    if (!pSqlServer->Execute(pNames[i])) {
      pSqlServer->Rollback();
      return false;
    }
  if (!pSqlServer->Unlock()) {
    pSqlServer->Rollback();
    return false;
  }
  return true;
}
