// Hugin's lens database keeps whether its transaction is open in a bool
// member: BeginTransaction() begins only where it is false and sets it to
// whether the BEGIN succeeded, EndTransaction() and RollbackTransaction()
// end only where it is true and clear it. To the methods that call them
// they begin, commit and roll back: a nested call is a level that does
// nothing, as with a nesting depth.
//
// RUN: %check_txnlint %s txn-missing-rollback,txn-commit-before-validation %t -- -- -std=c++17

#include <sqlite3.h>

#include <istream>
#include <string>

class Database {
public:
  bool ImportHFOV(std::istream &input);
  bool SaveLensProjection(const std::string &lens, int projection);
  bool RemoveLens(const std::string &lens);

private:
  void BeginTransaction() {
    if (!m_runningTransaction) {
      m_runningTransaction = (sqlite3_exec(m_db, "BEGIN TRANSACTION;", NULL,
                                           NULL, NULL) == SQLITE_OK);
    }
  }
  bool EndTransaction() {
    if (m_runningTransaction) {
      const bool committed = (sqlite3_exec(m_db, "COMMIT TRANSACTION;", NULL,
                                           NULL, NULL) == SQLITE_OK);
      m_runningTransaction = false;
      return committed;
    }
    return true;
  }
  void RollbackTransaction() {
    if (m_runningTransaction) {
      sqlite3_exec(m_db, "ROLLBACK TRANSACTION;", NULL, NULL, NULL);
      m_runningTransaction = false;
    }
  }
  bool RemoveLensFromTable(const char *table, const std::string &lens) {
    sqlite3_stmt *statement;
    std::string sql = std::string("DELETE FROM ") + table + " WHERE Lens=?1;";
    if (sqlite3_prepare_v2(m_db, sql.c_str(), -1, &statement, NULL) !=
        SQLITE_OK)
      return false;
    sqlite3_bind_text(statement, 1, lens.c_str(), -1, NULL);
    const bool removed = sqlite3_step(statement) == SQLITE_DONE;
    sqlite3_finalize(statement);
    return removed;
  }
  bool ReadColumnHeader(std::istream &input) {
    std::string line;
    return static_cast<bool>(std::getline(input, line));
  }

  sqlite3 *m_db = nullptr;
  bool m_runningTransaction = false;
};

bool Database::ImportHFOV(std::istream &input) {
  BeginTransaction();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'm_db' is left open on some path out of 'Database::ImportHFOV'; commit or roll it back before leaving [txn-missing-rollback]
  if (!ReadColumnHeader(input))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  std::string line;
  while (std::getline(input, line)) {
    sqlite3_stmt *statement;
    if (sqlite3_prepare_v2(m_db, "INSERT INTO LensHFOVTable VALUES(?1);", -1,
                           &statement, NULL) != SQLITE_OK) {
      RollbackTransaction();
      return false;
    }
    sqlite3_bind_text(statement, 1, line.c_str(), -1, NULL);
    const int rc = sqlite3_step(statement);
    sqlite3_finalize(statement);
    if (rc != SQLITE_DONE) {
      RollbackTransaction();
      return false;
    }
  }
  return EndTransaction();
}

// Negative: every failure rolls back, and the commit's result is returned.
bool Database::SaveLensProjection(const std::string &lens, int projection) {
  if (m_db == NULL)
    return false;
  sqlite3_stmt *statement;
  int returnValue = 0;
  BeginTransaction();
  if (sqlite3_prepare_v2(m_db,
                         "INSERT OR REPLACE INTO LensProjectionTable (Lens, "
                         "Projection) VALUES(?1,?2);",
                         -1, &statement, NULL) == SQLITE_OK) {
    sqlite3_bind_text(statement, 1, lens.c_str(), -1, NULL);
    sqlite3_bind_int(statement, 2, projection);
    returnValue = sqlite3_step(statement);
    sqlite3_finalize(statement);
  }
  if (returnValue != SQLITE_DONE) {
    RollbackTransaction();
    return false;
  }
  return EndTransaction();
}

// Negative: the flag chain stops at the first failure, which rolls back.
bool Database::RemoveLens(const std::string &lens) {
  if (m_db == NULL)
    return false;
  BeginTransaction();
  bool result = RemoveLensFromTable("LensProjectionTable", lens);
  result = result && RemoveLensFromTable("LensHFOVTable", lens);
  result = result && RemoveLensFromTable("DistortionTable", lens);
  if (!result) {
    RollbackTransaction();
    return false;
  }
  return EndTransaction();
}
