// The wxsqlite3 profile against the installed wxSQLite3 4 headers
// (/usr/include/wx-3.2/wx/wxsqlite3.h), whose bodies are in the library:
// wxSQLite3Database runs SQL text given to ExecuteUpdate, ExecuteQuery and
// ExecuteScalar, begins, commits and rolls back with Begin/Commit/Rollback,
// and throws wxSQLite3Exception on every failure; wxSQLite3Transaction
// begins in its constructor and rolls back in its destructor unless
// committed. Guayadeque's database layer is written over it.
//
// RUN: %txnlint --dump-events --exit-zero %s -- %wx_flags -DTXNLINT_DUMP 2>/dev/null | FileCheck %s
// RUN: %check_txnlint %s txn-missing-rollback,txn-autocommit-multi-write,txn-deferred-upgrade,txn-commit-in-callee,txn-blocking-call-in-transaction %t -- -- %wx_flags

#include <wx/thread.h>
#include <wx/wxsqlite3.h>

#ifdef TXNLINT_DUMP
void recognition(wxSQLite3Database &db) {
  db.Begin();
  // CHECK: wxsqlite3.cpp:[[@LINE-1]]:3: remark: begin on 'db' (failure: exception)
  db.ExecuteUpdate(wxT("UPDATE songs SET rating = 5 WHERE id = 1"));
  // CHECK: wxsqlite3.cpp:[[@LINE-1]]:3: remark: write on 'db' (failure: exception)
  wxSQLite3ResultSet rows = db.ExecuteQuery("SELECT id FROM songs");
  // CHECK: wxsqlite3.cpp:[[@LINE-1]]:29: remark: read on 'db' (failure: exception)
  db.Commit();
  // CHECK: wxsqlite3.cpp:[[@LINE-1]]:3: remark: commit on 'db' (failure: exception)
  db.ExecuteUpdate(wxT("BEGIN TRANSACTION"));
  // CHECK: wxsqlite3.cpp:[[@LINE-1]]:3: remark: begin on 'db' (failure: exception)
  db.ExecuteUpdate(wxT("END TRANSACTION"));
  // CHECK: wxsqlite3.cpp:[[@LINE-1]]:3: remark: commit on 'db' (failure: exception)
  wxSQLite3Statement st = db.PrepareStatement("DELETE FROM songs WHERE id = ?");
  st.Bind(1, 7);
  st.ExecuteUpdate();
  // CHECK: wxsqlite3.cpp:[[@LINE-1]]:3: remark: write on 'db' (failure: exception)
  db.Rollback();
  // CHECK: wxsqlite3.cpp:[[@LINE-1]]:3: remark: rollback on 'db' (failure: exception)
}
#endif

// Guayadeque's style: a wrapper that passes the caller's SQL on.
class guDb {
public:
  explicit guDb(wxSQLite3Database *db) : m_Db(db) {}
  int ExecuteUpdate(const wxString &query) { return m_Db->ExecuteUpdate(query); }
  wxSQLite3Database *GetDb() { return m_Db; }

private:
  wxSQLite3Database *m_Db;
};

// Every statement may throw wxSQLite3Exception: each one after the BEGIN
// can leave the transaction open, as the early return does.
bool cleanLibrary(guDb &db, bool keepPlaylists) {
  db.ExecuteUpdate(wxT("BEGIN TRANSACTION"));
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'cleanLibrary'; commit or roll it back before leaving [txn-missing-rollback]
  // CHECK-NOTES: :[[@LINE+4]]:5: note: transaction is still open at this return
  // CHECK-NOTES: :[[@LINE+1]]:3: note: transaction is still open when an exception leaves the function here
  db.ExecuteUpdate(wxT("DELETE FROM songs WHERE song_pathid NOT IN (SELECT path_id FROM paths)"));
  if (!keepPlaylists)
    return false;
  // CHECK-NOTES: :[[@LINE+1]]:3: note: transaction is still open when an exception leaves the function here
  db.ExecuteUpdate(wxT("DELETE FROM plsets WHERE plset_plid NOT IN (SELECT playlist_id FROM playlists)"));
  db.ExecuteUpdate(wxT("END TRANSACTION"));
  return true;
}

void setRating(wxSQLite3Database &db, int id, int rating) {
  db.ExecuteUpdate(wxString::Format(wxT("UPDATE songs SET song_rating = %i WHERE song_id = %i"), rating, id));
  db.ExecuteUpdate(wxString::Format(wxT("UPDATE albums SET album_rating = %i WHERE album_id = %i"), rating, id));
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the earlier write commits here on its own
}

// Negative: the RAII transaction rolls back unless committed.
void setRatingGuarded(wxSQLite3Database &db, int id, int rating) {
  wxSQLite3Transaction transaction(&db);
  db.ExecuteUpdate(wxString::Format(wxT("UPDATE songs SET song_rating = %i WHERE song_id = %i"), rating, id));
  db.ExecuteUpdate(wxString::Format(wxT("UPDATE albums SET album_rating = %i WHERE album_id = %i"), rating, id));
  transaction.Commit();
}

// Negative: every failure rolls back.
bool deleteSongs(wxSQLite3Database &db) {
  db.Begin();
  try {
    db.ExecuteUpdate("DELETE FROM songs WHERE song_id < 0");
    db.ExecuteUpdate("DELETE FROM albums WHERE album_id < 0");
    db.Commit();
  } catch (wxSQLite3Exception &e) {
    db.Rollback();
    return false;
  }
  return true;
}

// The begin's mode is its argument: a read, then a write, needs the write
// lock from the start.
void bumpPlayCount(wxSQLite3Database &db, int id) {
  db.Begin();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: deferred transaction on 'db' reads before it writes; if another connection writes in between, upgrading to a write lock fails at once with SQLITE_BUSY, without the busy handler waiting; begin it with BEGIN IMMEDIATE [txn-deferred-upgrade]
  try {
    int count = db.ExecuteScalar(wxString::Format(wxT("SELECT song_playcount FROM songs WHERE song_id = %i"), id));
    // CHECK-NOTES: :[[@LINE-1]]:17: note: the first statement reads here, taking a shared lock
    db.ExecuteUpdate(wxString::Format(wxT("UPDATE songs SET song_playcount = %i WHERE song_id = %i"), count + 1, id));
    // CHECK-NOTES: :[[@LINE-1]]:5: note: this write needs the upgrade
    db.Commit();
  } catch (wxSQLite3Exception &) {
    db.Rollback();
  }
}

// Negative: begun IMMEDIATE.
void bumpPlayCountImmediate(wxSQLite3Database &db, int id) {
  db.Begin(WXSQLITE_TRANSACTION_IMMEDIATE);
  try {
    int count = db.ExecuteScalar(wxString::Format(wxT("SELECT song_playcount FROM songs WHERE song_id = %i"), id));
    db.ExecuteUpdate(wxString::Format(wxT("UPDATE songs SET song_playcount = %i WHERE song_id = %i"), count + 1, id));
    db.Commit();
  } catch (wxSQLite3Exception &) {
    db.Rollback();
  }
}

// Negative: the connection the wrapper hands out is the one its own
// methods run on, so the handler's rollback through the wrapper ends the
// transaction begun here through GetDb(), not one of the caller's.
bool renamePlaylist(guDb *db, int id) {
  wxSQLite3Database *Db = db->GetDb();
  try {
    Db->ExecuteUpdate(wxT("BEGIN TRANSACTION;"));
    Db->ExecuteUpdate(wxString::Format(wxT("UPDATE playlists SET playlist_name = 'x' WHERE playlist_id = %i;"), id));
    Db->ExecuteUpdate(wxString::Format(wxT("UPDATE plsets SET plset_text = 'x' WHERE plset_plid = %i;"), id));
    Db->ExecuteUpdate(wxT("COMMIT TRANSACTION;"));
  } catch (wxSQLite3Exception &) {
    db->ExecuteUpdate(wxT("ROLLBACK TRANSACTION;"));
    return false;
  }
  return true;
}

// Guayadeque's cover fetcher waits between rows with the transaction open.
void saveCovers(wxSQLite3Database &db, int count) {
  wxSQLite3Transaction transaction(&db);
  for (int i = 0; i < count; ++i) {
    db.ExecuteUpdate(wxString::Format(wxT("UPDATE albums SET album_coverid = %i WHERE album_id = %i"), i, i));
    wxThread::Sleep(100);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'wxThread::Sleep' blocks while transaction 'transaction' holds the locks of its writes; every request that needs those rows waits as long, so wait before the first write or after the commit [txn-blocking-call-in-transaction]
    // CHECK-NOTES: :[[@LINE-3]]:5: note: the transaction writes here
  }
  transaction.Commit();
}
