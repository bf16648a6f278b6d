// Summaries of statement objects a class keeps in members (Warzone 2100's
// activity database): SQLiteCpp statements built in the constructor on the
// member connection, as std::unique_ptr (std::make_unique, or a raw new) or
// by value, and run by other methods. A run of the member does what its SQL
// does, on that connection.
//
// RUN: %check_txnlint %s txn-autocommit-multi-write,txn-deferred-upgrade %t -- -- -std=c++17

#include <SQLiteCpp/SQLiteCpp.h>

#include <memory>
#include <string>

class ActivityDatabase {
public:
  explicit ActivityDatabase(const std::string &path) {
    db = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    insertGame = std::make_unique<SQLite::Statement>(*db, "INSERT INTO games (map) VALUES (?)");
    updateTotals = std::unique_ptr<SQLite::Statement>(
        new SQLite::Statement(*db, "UPDATE totals SET played = played + 1 WHERE id = 1"));
    findOptions = std::make_unique<SQLite::Statement>(*db, "SELECT banned FROM options WHERE pk = ?");
    updateOptions = std::make_unique<SQLite::Statement>(*db, "UPDATE options SET banned = 1 WHERE pk = ?");
  }

  void insertGameLocked(const std::string &map) {
    insertGame->bind(1, map);
    insertGame->exec();
    insertGame->reset();
  }
  void bumpTotalsLocked() {
    updateTotals->exec();
    updateTotals->reset();
  }

  void gameEnded(const std::string &map) {
    insertGameLocked(map);
    bumpTotalsLocked();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
    // CHECK-NOTES: :[[@LINE-3]]:5: note: the earlier write commits here on its own
  }

  void gameEndedInTransaction(const std::string &map) {
    SQLite::Transaction transaction(*db);
    insertGameLocked(map);
    bumpTotalsLocked();
    transaction.commit();
  }

  void ban(const std::string &pk) {
    SQLite::Transaction transaction(*db);
    // CHECK-NOTES: :[[@LINE-1]]:25: warning: deferred transaction 'transaction' reads before it writes; if another connection writes in between, upgrading to a write lock fails at once with SQLITE_BUSY, without the busy handler waiting; begin it with BEGIN IMMEDIATE [txn-deferred-upgrade]
    findOptions->bind(1, pk);
    bool banned = false;
    while (findOptions->executeStep())
      // CHECK-NOTES: :[[@LINE-1]]:12: note: the first statement reads here, taking a shared lock
      banned = findOptions->getColumn(0).getInt() != 0;
    findOptions->reset();
    if (!banned) {
      updateOptions->bind(1, pk);
      updateOptions->exec();
      // CHECK-NOTES: :[[@LINE-1]]:7: note: this write needs the upgrade
      updateOptions->reset();
    }
    transaction.commit();
  }

private:
  std::unique_ptr<SQLite::Database> db;
  std::unique_ptr<SQLite::Statement> insertGame;
  std::unique_ptr<SQLite::Statement> updateTotals;
  std::unique_ptr<SQLite::Statement> findOptions;
  std::unique_ptr<SQLite::Statement> updateOptions;
};
