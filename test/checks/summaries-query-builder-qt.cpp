// A database module in the shape of Sayonara Player's DB::Module: the
// connection comes from a method that computes it per thread (`QSqlDatabase
// db() const`), statements are built by free helpers that prepare a
// QSqlQuery on the connection they are given (with the caller's SQL, or
// with an INSERT they build themselves) and return it, and runQuery()/
// insert() run that query, log a failure and hand the query back. Callers
// test the query's error (`q.lastError().isValid()`, through a helper).
// Every txn-* check runs, so every finding in the file is listed.
//
// RUN: %check_txnlint %s 'txn-*' %t -- -- -std=c++17 %qt5_flags

#include <QtCore/QDebug>
#include <QtCore/QMap>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QVariant>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlError>
#include <QtSql/QSqlQuery>

static bool hasError(const QSqlQuery &Q) {
  return Q.lastError().isValid() ||
         Q.lastError().type() != QSqlError::NoError;
}

// Quassel's watchQuery: the test kept in a local, logged, then returned.
static bool watchQuery(QSqlQuery &Query) {
  bool QueryError = Query.lastError().isValid();
  if (QueryError)
    qWarning() << Query.lastError().text();
  return !QueryError;
}

static QSqlQuery createGenericQuery(const QSqlDatabase &Db,
                                    const QString &Text,
                                    const QMap<QString, QVariant> &Bindings) {
  auto Query = QSqlQuery(Db);
  Query.prepare(Text);
  for (const QString &Key : Bindings.keys())
    Query.bindValue(Key, Bindings[Key]);
  return Query;
}

static QSqlQuery createInsertQuery(const QSqlDatabase &Db,
                                   const QString &Table,
                                   const QMap<QString, QVariant> &Bindings) {
  const QStringList Fields = Bindings.keys();
  const QString Text = QString("INSERT INTO %1 (%2) VALUES (:%3)")
                           .arg(Table)
                           .arg(Fields.join(", "))
                           .arg(Fields.join(", :"));
  QSqlQuery Query(Db);
  Query.prepare(Text);
  for (const QString &Field : Fields)
    Query.bindValue(":" + Field, Bindings[Field]);
  return Query;
}

class Module {
public:
  QSqlDatabase db() const {
    return QSqlDatabase::database(ConnectionName);
  }

  QSqlQuery runQuery(const QString &Text,
                     const QMap<QString, QVariant> &Bindings) const {
    auto Query = createGenericQuery(db(), Text, Bindings);
    if (!Query.exec())
      qWarning() << "query failed";
    return Query;
  }

  QSqlQuery insert(const QString &Table,
                   const QMap<QString, QVariant> &Bindings) {
    auto Query = createInsertQuery(db(), Table, Bindings);
    if (!Query.exec())
      qWarning() << "insert failed";
    return Query;
  }

  bool clearPlaylist(int Id);
  bool insertLibrary(int Id, const QString &Name);
  bool countTracks(int &Tracks, int &Albums);
  bool renameLibrary(int Id, const QString &Name);
  bool deletePlaylist(int Id);

private:
  QString ConnectionName;
};

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// Two DELETEs through runQuery(), on the connection db() computes, with no
// transaction: each commits on its own.
bool Module::clearPlaylist(int Id) {
  const auto Tracks = runQuery("DELETE FROM playlistToTracks WHERE id = :id",
                               {{":id", Id}});
  if (hasError(Tracks))
    return false;
  const auto Playlist =
      runQuery("DELETE FROM playlists WHERE id = :id", {{":id", Id}});
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'db()' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-7]]:23: note: the earlier write commits here on its own
  return !hasError(Playlist);
}

// The INSERT that createInsertQuery() builds is a write too.
bool Module::insertLibrary(int Id, const QString &Name) {
  const auto Row = insert("Libraries", {{"libraryID", Id}, {"name", Name}});
  if (hasError(Row))
    return false;
  const auto Shift = runQuery(
      "UPDATE Libraries SET libraryIndex = libraryIndex + 1 WHERE id != :id",
      {{":id", Id}});
  // CHECK-NOTES: :[[@LINE-3]]:22: warning: 'db()' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-7]]:20: note: the earlier write commits here on its own
  return !hasError(Shift);
}

// The second DELETE's failure is never looked at before the commit.
bool Module::deletePlaylist(int Id) {
  if (!db().transaction())
    return false;
  QSqlQuery Tracks(db());
  Tracks.exec("DELETE FROM playlistToTracks WHERE id = 1");
  if (Tracks.lastError().isValid()) {
    db().rollback();
    return false;
  }
  QSqlQuery Playlist(db());
  Playlist.exec("DELETE FROM playlists WHERE id = 1");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the failure of this write is not handled before transaction on 'db()' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  // CHECK-NOTES: :[[@LINE+1]]:8: note: committed here
  if (!db().commit()) {
    db().rollback();
    return false;
  }
  return true;
}

//===----------------------------------------------------------------------===//
// Negatives
//===----------------------------------------------------------------------===//

// A transaction that only reads through runQuery() writes nothing: its
// commit's result and the check after it do not matter.
bool Module::countTracks(int &Tracks, int &Albums) {
  db().transaction();
  auto TrackQuery = runQuery("SELECT COUNT(*) FROM tracks", {});
  Tracks = !hasError(TrackQuery) && TrackQuery.next()
               ? TrackQuery.value(0).toInt()
               : 0;
  auto AlbumQuery = runQuery("SELECT COUNT(*) FROM albums", {});
  Albums = !hasError(AlbumQuery) && AlbumQuery.next()
               ? AlbumQuery.value(0).toInt()
               : 0;
  db().commit();
  if (Tracks == 0)
    return false;
  return true;
}

// Each write's error is tested before the commit: directly, through a
// copy of the error, and through watchQuery(); a failure counter decides
// the end.
bool Module::renameLibrary(int Id, const QString &Name) {
  if (!db().transaction())
    return false;
  QSqlQuery Rename(db());
  Rename.exec("UPDATE Libraries SET name = 'x' WHERE id = 1");
  if (Rename.lastError().type() != QSqlError::NoError) {
    db().rollback();
    return false;
  }
  QSqlQuery Tracks(db());
  Tracks.exec("UPDATE tracks SET libraryName = 'x' WHERE libraryID = 1");
  QSqlError Error = Tracks.lastError();
  if (Error.isValid()) {
    db().rollback();
    return false;
  }
  QSqlQuery Log(db());
  Log.exec("INSERT INTO log VALUES ('renamed')");
  if (!watchQuery(Log)) {
    db().rollback();
    return false;
  }
  int Errors = 0;
  QSqlQuery Stamp(db());
  if (!Stamp.exec("UPDATE Libraries SET stamp = 1 WHERE id = 1"))
    ++Errors;
  bool Ok = Errors == 0;
  if (!Ok) {
    db().rollback();
    return false;
  }
  if (!db().commit()) {
    db().rollback();
    return false;
  }
  return true;
}
