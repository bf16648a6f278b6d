// Statements that an object keeps in members, prepared once with fixed SQL
// by one of its methods and stepped by others, in the shape of Luanti's
// SQLite databases: `beginSave()` steps the statement that `verifyDatabase()`
// prepared with "BEGIN;", so it is a begin; a derived class prepares its
// own statements on the base's connection. Every txn-* check runs, so every
// finding in the file is listed.
//
// RUN: %check_txnlint %s 'txn-*' %t -- -- -std=c++17

#include <sqlite3.h>

#include <stdexcept>
#include <string>

class DatabaseException : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

#define PREPARE_STATEMENT(name, query)                                         \
  verify(sqlite3_prepare_v2(Database, query, -1, &Stmt_##name, nullptr))

class SQLiteDatabase {
public:
  virtual ~SQLiteDatabase() {
    sqlite3_finalize(Stmt_begin);
    sqlite3_finalize(Stmt_end);
    sqlite3_close(Database);
  }

  void beginSave() {
    verifyDatabase();
    verify(sqlite3_step(Stmt_begin), SQLITE_DONE);
    sqlite3_reset(Stmt_begin);
  }

  void endSave() {
    verifyDatabase();
    verify(sqlite3_step(Stmt_end), SQLITE_DONE);
    sqlite3_reset(Stmt_end);
  }

  void rollback() noexcept {
    sqlite3_step(Stmt_rollback);
    sqlite3_reset(Stmt_rollback);
  }

  void verifyDatabase() {
    if (Initialized)
      return;
    verify(sqlite3_open_v2("world.sqlite", &Database,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr));
    PREPARE_STATEMENT(begin, "BEGIN;");
    PREPARE_STATEMENT(end, "COMMIT;");
    PREPARE_STATEMENT(rollback, "ROLLBACK;");
    initStatements();
    Initialized = true;
  }

protected:
  void verify(int Result, int Expected = SQLITE_OK) const {
    if (Result != Expected)
      throw DatabaseException(sqlite3_errmsg(Database));
  }
  virtual void initStatements() = 0;

  sqlite3 *Database = nullptr;

private:
  bool Initialized = false;
  sqlite3_stmt *Stmt_begin = nullptr;
  sqlite3_stmt *Stmt_end = nullptr;
  sqlite3_stmt *Stmt_rollback = nullptr;
};

class PlayerDatabase : public SQLiteDatabase {
public:
  void removePlayer(const std::string &Name) {
    verifyDatabase();
    sqlite3_bind_text(Stmt_remove_inventory, 1, Name.c_str(), -1, SQLITE_TRANSIENT);
    verify(sqlite3_step(Stmt_remove_inventory), SQLITE_DONE);
    sqlite3_reset(Stmt_remove_inventory);
    sqlite3_bind_text(Stmt_remove, 1, Name.c_str(), -1, SQLITE_TRANSIENT);
    verify(sqlite3_step(Stmt_remove), SQLITE_DONE);
    // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'Database' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
    // CHECK-NOTES: :[[@LINE-5]]:12: note: the earlier write commits here on its own
    sqlite3_reset(Stmt_remove);
  }

  void touchPlayer(const std::string &Name) {
    verifyDatabase();
    sqlite3_bind_text(Stmt_touch, 1, Name.c_str(), -1, SQLITE_TRANSIENT);
    verify(sqlite3_step(Stmt_touch), SQLITE_DONE);
    sqlite3_reset(Stmt_touch);
  }

  // The save's own transaction is left open when the statement throws.
  void savePlayer(const std::string &Name, int Hp) {
    beginSave();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: transaction begun on 'Database' is left open on some path out of 'PlayerDatabase::savePlayer'; commit or roll it back before leaving [txn-missing-rollback]
    sqlite3_bind_text(Stmt_save, 1, Name.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(Stmt_save, 2, Hp);
    verify(sqlite3_step(Stmt_save), SQLITE_DONE);
    // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open when an exception leaves the function here
    sqlite3_reset(Stmt_save);
    endSave();
  }

protected:
  void initStatements() override {
    verify(sqlite3_prepare_v2(Database, "DELETE FROM player_inventories WHERE player = ?", -1,
                              &Stmt_remove_inventory, nullptr));
    verify(sqlite3_prepare_v2(Database, "DELETE FROM player WHERE name = ?", -1,
                              &Stmt_remove, nullptr));
    verify(sqlite3_prepare_v2(Database, "INSERT OR REPLACE INTO player VALUES (?, ?)", -1,
                              &Stmt_save, nullptr));
    verify(sqlite3_prepare_v2(Database, "UPDATE player SET seen = 1 WHERE name = ?", -1,
                              &Stmt_touch, nullptr));
  }

private:
  sqlite3_stmt *Stmt_remove_inventory = nullptr;
  sqlite3_stmt *Stmt_remove = nullptr;
  sqlite3_stmt *Stmt_save = nullptr;
  sqlite3_stmt *Stmt_touch = nullptr;
};

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// A player whose name is empty leaves the batch transaction open.
bool saveAll(PlayerDatabase &Db, const std::string *Names, int Count) {
  Db.beginSave();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'Db' is left open on some path out of 'saveAll'; commit or roll it back before leaving [txn-missing-rollback]
  for (int I = 0; I < Count; ++I) {
    if (Names[I].empty())
      return false;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: transaction is still open at this return
    Db.touchPlayer(Names[I]);
    // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open when an exception leaves the function here
  }
  Db.endSave();
  return true;
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Every failure rolls the batch back.
bool touchAll(PlayerDatabase &Db, const std::string *Names, int Count) {
  Db.beginSave();
  try {
    for (int I = 0; I < Count; ++I)
      Db.touchPlayer(Names[I]);
    Db.endSave();
  } catch (const DatabaseException &) {
    Db.rollback();
    return false;
  }
  return true;
}
