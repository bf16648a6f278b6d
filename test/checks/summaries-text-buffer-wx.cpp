// wxSQLite3 hands its SQL to SQLite through a buffer:
// `wxCharBuffer strSql = sql.ToUTF8(); const char *localSql = strSql;`.
// A buffer object that converts to a character pointer holds the text it
// was made from, so a wrapper written that way runs its caller's SQL.
//
// RUN: %check_txnlint %s txn-missing-rollback %t -- -- %wx_flags

#include <sqlite3.h>
#include <wx/string.h>

class LibraryDb {
public:
  int ExecuteUpdate(const char *sql) {
    return sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr);
  }
  int ExecuteUpdate(const wxString &sql) {
    wxCharBuffer strSql = sql.ToUTF8();
    const char *localSql = strSql;
    return ExecuteUpdate(localSql);
  }

private:
  sqlite3 *m_db = nullptr;
};

bool cleanSongs(LibraryDb &db, int pathId) {
  db.ExecuteUpdate(wxT("BEGIN TRANSACTION"));
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'cleanSongs'; commit or roll it back before leaving [txn-missing-rollback]
  if (db.ExecuteUpdate(wxString::Format(
          wxT("DELETE FROM songs WHERE song_pathid = %i"), pathId)) !=
      SQLITE_OK)
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  db.ExecuteUpdate(wxT("END TRANSACTION"));
  return true;
}
