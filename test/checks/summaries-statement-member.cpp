// Function summaries of a sqlite3 wrapper in the shape of ownCloud's
// SqlDatabase and SqlQuery: the database keeps the last result code in a
// member (`_errId = sqlite3_exec(...); return _errId == SQLITE_OK;`), and the
// query keeps its statement in a member, prepared by prepare() on the
// connection its constructor took from the database (`_db(db.sqliteDb())`)
// and stepped by exec(). Every txn-* check runs, so every finding in the
// file is listed.
//
// RUN: %check_txnlint %s 'txn-*' %t

#include <sqlite3.h>

#include <string>

class SqlDatabase {
public:
  explicit SqlDatabase(sqlite3 *db) : _db(db) {}
  bool transaction() {
    _errId = sqlite3_exec(_db, "BEGIN", nullptr, nullptr, nullptr);
    return _errId == SQLITE_OK;
  }
  bool commit() {
    _errId = sqlite3_exec(_db, "COMMIT", nullptr, nullptr, nullptr);
    return _errId == SQLITE_OK;
  }
  bool rollback() {
    _errId = sqlite3_exec(_db, "ROLLBACK", nullptr, nullptr, nullptr);
    return _errId == SQLITE_OK;
  }
  sqlite3 *sqliteDb() { return _db; }

private:
  sqlite3 *_db;
  int _errId = SQLITE_OK;
};

class SqlQuery {
public:
  explicit SqlQuery(SqlDatabase &db) : _db(db.sqliteDb()) {}
  ~SqlQuery() { sqlite3_finalize(_stmt); }
  int prepare(const char *sql) {
    return sqlite3_prepare_v2(_db, sql, -1, &_stmt, nullptr);
  }
  bool exec() {
    int rc = sqlite3_step(_stmt);
    return rc == SQLITE_DONE || rc == SQLITE_ROW;
  }

private:
  sqlite3 *_db;
  sqlite3_stmt *_stmt = nullptr;
};

// The failed begin opened nothing; the dropped result of the query's write
// commits with the rest.
void forceDiscovery(SqlDatabase &db) {
  if (!db.transaction())
    return;
  SqlQuery query(db);
  query.prepare("UPDATE metadata SET md5 = '_invalid_' WHERE type = 2");
  query.exec();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the failure of this write is not handled before transaction on 'db' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  // CHECK-NOTES: :[[@LINE+1]]:8: note: committed here
  if (!db.commit())
    db.rollback();
}

// Negative: the failed write rolls back.
void forceDiscoveryChecked(SqlDatabase &db) {
  if (!db.transaction())
    return;
  SqlQuery query(db);
  query.prepare("UPDATE metadata SET md5 = '_invalid_' WHERE type = 2");
  if (!query.exec()) {
    db.rollback();
    return;
  }
  if (!db.commit())
    db.rollback();
}

// The newer client's query keeps the database's address (`_sqldb(&db)`)
// and prepares on its accessor each time: the same connection.
class SqlQueryOnDatabase {
public:
  explicit SqlQueryOnDatabase(SqlDatabase &db) : _sqldb(&db) {}
  ~SqlQueryOnDatabase() { sqlite3_finalize(_stmt); }
  int prepare(const char *sql) {
    return sqlite3_prepare_v2(_sqldb->sqliteDb(), sql, -1, &_stmt, nullptr);
  }
  bool exec() {
    int rc = sqlite3_step(_stmt);
    return rc == SQLITE_DONE || rc == SQLITE_ROW;
  }

private:
  SqlDatabase *_sqldb;
  sqlite3_stmt *_stmt = nullptr;
};

bool deleteFileRecord(SqlDatabase &db) {
  if (!db.transaction())
    return false;
  SqlQueryOnDatabase delQuery(db);
  delQuery.prepare("DELETE FROM metadata WHERE path = 'a'");
  if (!delQuery.exec()) {
    db.rollback();
    return false;
  }
  SqlQueryOnDatabase delConflict(db);
  delConflict.prepare("DELETE FROM conflicts WHERE path = 'a'");
  delConflict.exec();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the failure of this write is not handled before transaction on 'db' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  // CHECK-NOTES: :[[@LINE+1]]:8: note: committed here
  if (!db.commit()) {
    db.rollback();
    return false;
  }
  return true;
}
