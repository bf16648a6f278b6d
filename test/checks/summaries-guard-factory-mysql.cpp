// A MySQL layer in the shape of Kopano's server: helpers return an error
// code (`if (er != erSuccess) return er; ...; return erSuccess;`), Begin()
// returns a guard that the database builds from itself and that rolls back
// unless committed, and a query string is reused for the next statement.
// Every txn-* check runs, so every finding in the file is listed.
//
// RUN: %check_txnlint %s 'txn-*' %t -- -- -std=c++17

#include <mysql/mysql.h>

#include <string>
#include <vector>

typedef unsigned int ECRESULT;
static constexpr ECRESULT erSuccess = 0;
static constexpr ECRESULT KCERR_DATABASE_ERROR = 0x80000002;
static constexpr ECRESULT KCERR_NOT_FOUND = 0x8000000F;

void logError(const char *Format, ...);

class kd_trans;

class ECDatabase {
public:
  ECRESULT DoSelect(const std::string &Query, MYSQL_RES **Result) {
    ECRESULT er = Execute(Query);
    if (er != erSuccess)
      return er;
    *Result = mysql_store_result(&m_mysql);
    return erSuccess;
  }
  ECRESULT DoUpdate(const std::string &Query) {
    ECRESULT er = Execute(Query);
    if (er != erSuccess)
      return er;
    m_affected = mysql_affected_rows(&m_mysql);
    return erSuccess;
  }
  ECRESULT Begin() { return Execute("BEGIN"); }
  ECRESULT Commit() { return Execute("COMMIT"); }
  ECRESULT Rollback() { return Execute("ROLLBACK"); }
  kd_trans Begin(ECRESULT &Result);

private:
  ECRESULT Execute(const std::string &Query) {
    if (mysql_real_query(&m_mysql, Query.c_str(), Query.size()) != 0) {
      logError("query failed: %s", mysql_error(&m_mysql));
      return KCERR_DATABASE_ERROR;
    }
    return erSuccess;
  }
  MYSQL m_mysql;
  unsigned long long m_affected = 0;
};

// Rolls back unless commit() ran.
class kd_trans {
public:
  kd_trans(ECDatabase &Db, ECRESULT &Result) : m_db(&Db), m_result(Result) {}
  kd_trans(kd_trans &&Other) noexcept
      : m_db(Other.m_db), m_result(Other.m_result), m_done(Other.m_done) {
    Other.m_done = true;
  }
  ~kd_trans() {
    if (!m_done)
      m_db->Rollback();
  }
  ECRESULT commit() {
    m_done = true;
    return m_db->Commit();
  }

private:
  ECDatabase *m_db;
  ECRESULT &m_result;
  bool m_done = false;
};

kd_trans ECDatabase::Begin(ECRESULT &Result) {
  Result = Begin();
  return kd_trans(*this, Result);
}

// The guard rolls back on every early return.
ECRESULT MoveObject(ECDatabase *lpDatabase, unsigned int Id,
                    unsigned int Parent) {
  ECRESULT er = erSuccess;
  auto dtx = lpDatabase->Begin(er);
  if (er != erSuccess)
    return er;
  er = lpDatabase->DoUpdate("UPDATE hierarchy SET parent=" +
                            std::to_string(Parent) +
                            " WHERE id=" + std::to_string(Id));
  if (er != erSuccess)
    return er;
  er = lpDatabase->DoUpdate("UPDATE properties SET val_ulong=1 WHERE "
                            "hierarchyid=" + std::to_string(Parent));
  if (er != erSuccess)
    return er;
  return dtx.commit();
}

// A failed DELETE is only logged, and the guard commits the rest.
ECRESULT DeleteProps(ECDatabase *lpDatabase, unsigned int Id,
                     const std::vector<unsigned int> &Tags) {
  ECRESULT er = erSuccess;
  auto dtx = lpDatabase->Begin(er);
  if (er != erSuccess)
    return er;
  for (unsigned int Tag : Tags) {
    er = lpDatabase->DoUpdate("DELETE FROM properties WHERE hierarchyid=" +
                              std::to_string(Id) +
                              " AND tag=" + std::to_string(Tag));
    // CHECK-NOTES: :[[@LINE-3]]:10: warning: the failure of this write is not handled before transaction on 'dtx' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
    if (er != erSuccess)
      logError("tag %u not deleted, continuing", Tag);
  }
  return dtx.commit();
  // CHECK-NOTES: :[[@LINE-1]]:10: note: committed here
}

// The query string is read, then reused for the write: the write's SQL is
// the one assigned last.
ECRESULT UpdateStoreSize(ECDatabase *lpDatabase, unsigned int Store,
                         long long Delta) {
  ECRESULT er = erSuccess;
  auto dtx = lpDatabase->Begin(er);
  if (er != erSuccess)
    return er;
  std::string strQuery =
      "SELECT val_longint FROM properties WHERE hierarchyid=" +
      std::to_string(Store);
  MYSQL_RES *Result = nullptr;
  er = lpDatabase->DoSelect(strQuery, &Result);
  if (er != erSuccess)
    return er;
  MYSQL_ROW Row = mysql_fetch_row(Result);
  if (Row == nullptr || Row[0] == nullptr) {
    mysql_free_result(Result);
    return KCERR_NOT_FOUND;
  }
  long long Size = std::stoll(Row[0]) + Delta;
  mysql_free_result(Result);
  strQuery = "UPDATE properties SET val_longint=" + std::to_string(Size) +
             " WHERE hierarchyid=" + std::to_string(Store);
  er = lpDatabase->DoUpdate(strQuery);
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: 'properties' is updated with a value computed from a plain SELECT of it earlier in the transaction; at REPEATABLE READ, MySQL's default, without a locking read, a concurrent transaction can update the row in between and its update is lost: read with SELECT ... FOR UPDATE, update relative to the column (SET c = c + ?), or check a version column in the WHERE clause [txn-lost-update]
  // CHECK-NOTES: :[[@LINE-14]]:8: note: the value is read here, without a lock
  if (er != erSuccess)
    return er;
  return dtx.commit();
}
