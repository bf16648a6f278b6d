// A helper that reads its statement's failure from sqlite3_finalize, which
// returns the error of the statement's last step again (SuperTuxKart's
// ServerLobby::easySQLQuery: `ret = sqlite3_step(stmt); ret =
// sqlite3_finalize(stmt); if (ret != SQLITE_OK) return false;`): its bool
// reports the step, so the SQL its callers give runs there, BEGIN and
// COMMIT included. Every txn-* check runs, so every finding in the file is
// listed.
//
// RUN: %check_txnlint %s 'txn-*' %t

#include <sqlite3.h>

#include <functional>
#include <string>

class ServerDb {
public:
  bool easySQLQuery(const std::string &Query,
                    std::function<void(sqlite3_stmt *)> Bind = nullptr);
  bool reset(const std::string &Query);
  void saveStats(int Id);
  bool saveStatsChecked(int Id);
  bool saveRanking(int Id, int Score);

private:
  sqlite3 *Db = nullptr;
  sqlite3_stmt *Cached = nullptr;
};

bool ServerDb::easySQLQuery(const std::string &Query,
                            std::function<void(sqlite3_stmt *)> Bind) {
  if (!Db)
    return false;
  sqlite3_stmt *Stmt = nullptr;
  int Ret = sqlite3_prepare_v2(Db, Query.c_str(), -1, &Stmt, 0);
  if (Ret == SQLITE_OK) {
    if (Bind)
      Bind(Stmt);
    Ret = sqlite3_step(Stmt);
    Ret = sqlite3_finalize(Stmt);
    if (Ret != SQLITE_OK)
      return false;
  } else {
    return false;
  }
  return true;
}

void ServerDb::saveStats(int Id) {
  easySQLQuery("BEGIN");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'Db' is left open on some path out of 'ServerDb::saveStats'; commit or roll it back before leaving [txn-missing-rollback]
  if (!easySQLQuery("UPDATE stats SET games = games + 1 WHERE id = ?",
                    [Id](sqlite3_stmt *S) { sqlite3_bind_int(S, 1, Id); }))
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  easySQLQuery("COMMIT");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the result of committing transaction on 'Db' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
}

// Negative: every failure rolls back, and the commit is checked.
bool ServerDb::saveStatsChecked(int Id) {
  if (!easySQLQuery("BEGIN"))
    return false;
  if (!easySQLQuery("UPDATE stats SET games = games + 1 WHERE id = ?",
                    [Id](sqlite3_stmt *S) { sqlite3_bind_int(S, 1, Id); })) {
    easySQLQuery("ROLLBACK");
    return false;
  }
  if (!easySQLQuery("COMMIT")) {
    easySQLQuery("ROLLBACK");
    return false;
  }
  return true;
}

// sqlite3_reset reports the last step of a statement kept in a member.
bool ServerDb::reset(const std::string &Query) {
  if (sqlite3_prepare_v2(Db, Query.c_str(), -1, &Cached, nullptr) != SQLITE_OK)
    return false;
  sqlite3_step(Cached);
  int Rc = sqlite3_reset(Cached);
  return Rc == SQLITE_OK;
}

bool ServerDb::saveRanking(int Id, int Score) {
  if (!reset("BEGIN"))
    return false;
  reset("UPDATE ranking SET score = " + std::to_string(Score) +
        " WHERE id = " + std::to_string(Id));
  // CHECK-NOTES: :[[@LINE-2]]:3: warning: the failure of this write is not handled before transaction on 'Db' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  // CHECK-NOTES: :[[@LINE+1]]:10: note: committed here
  return reset("COMMIT");
}
