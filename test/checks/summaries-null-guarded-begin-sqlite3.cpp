// A helper that runs BEGIN only where its connection exists
// (Cataclysm-DDA's world::start_save_tx: `if (map_db && sqlite3_exec(map_db,
// "BEGIN TRANSACTION", ...) != SQLITE_OK) throw ...;`) begins wherever it
// can: nothing is done on a connection that is not there. Its callers see
// the begin and the commit.
//
// RUN: %check_txnlint %s txn-missing-rollback,txn-autocommit-multi-write %t -- -- -std=c++17

#include <sqlite3.h>

#include <stdexcept>
#include <string>

class World {
public:
  void start_save_tx() {
    if (save_tx_active)
      throw std::runtime_error("a save is already in progress");
    if (map_db && sqlite3_exec(map_db, "BEGIN TRANSACTION", nullptr, nullptr, nullptr) != SQLITE_OK)
      throw std::runtime_error(sqlite3_errmsg(map_db));
    save_tx_active = true;
  }
  void commit_save_tx() {
    if (!map_db) {
      save_tx_active = false;
      return;
    }
    if (sqlite3_exec(map_db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
      sqlite3_exec(map_db, "ROLLBACK", nullptr, nullptr, nullptr);
      save_tx_active = false;
      throw std::runtime_error("commit failed");
    }
    save_tx_active = false;
  }
  void rollback_save_tx() {
    if (map_db)
      sqlite3_exec(map_db, "ROLLBACK", nullptr, nullptr, nullptr);
    save_tx_active = false;
  }
  bool write_chunk(const std::string &key) {
    return sqlite3_exec(map_db, ("INSERT OR REPLACE INTO chunks VALUES ('" + key + "')").c_str(),
                        nullptr, nullptr, nullptr) == SQLITE_OK;
  }

private:
  sqlite3 *map_db = nullptr;
  bool save_tx_active = false;
};

bool save(World &world, bool blocked) {
  world.start_save_tx();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'world' is left open on some path out of 'save'; commit or roll it back before leaving [txn-missing-rollback]
  if (!world.write_chunk("0.0"))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  if (blocked) {
    world.rollback_save_tx();
    return false;
  }
  world.commit_save_tx();
  return true;
}

// Negative: the writes run inside the save transaction, not in autocommit.
bool save_all(World &world) {
  world.start_save_tx();
  if (!world.write_chunk("0.0") || !world.write_chunk("0.1")) {
    world.rollback_save_tx();
    return false;
  }
  world.commit_save_tx();
  return true;
}
