// Every statement goes through an interface whose overriders are in the
// program's header, not in this file, and reports its success as the first
// element of a tuple or pair (Biboumi's `std::tuple<bool, std::string>
// raw_exec(query)`). Tested by `std::get<bool>`, `std::get<0>`, `.first`
// or a structured binding, it is the statement's result.
//
// RUN: %check_txnlint %s txn-missing-rollback,txn-autocommit-multi-write,txn-unchecked-commit,txn-commit-before-validation,txn-commit-after-failed-write %t -- -- -std=c++17 -I%S/Inputs -I/usr/include/postgresql

#include "summaries-engine-interface.h"

bool add_roster_item(const std::string &local, const std::string &remote) {
  auto result = Database::raw_exec("BEGIN");
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: transaction begun on 'Database::db' is left open on some path out of 'add_roster_item'; commit or roll it back before leaving [txn-missing-rollback]
  if (!std::get<bool>(result))
    return false;
  result = Database::raw_exec("INSERT INTO roster VALUES ('" + local + "', '" + remote + "')");
  if (!std::get<bool>(result))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  result = Database::raw_exec("END");
  if (!std::get<bool>(result)) {
    Database::raw_exec("ROLLBACK");
    return false;
  }
  return true;
}

void delete_user(DatabaseEngine &db, const std::string &owner) {
  db.raw_exec("DELETE FROM roster WHERE local = '" + owner + "'");
  db.raw_exec("DELETE FROM globaloptions WHERE owner = '" + owner + "'");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the earlier write commits here on its own
}

bool expire_history(long before) {
  if (!std::get<0>(Database::raw_exec("BEGIN")))
    return false;
  auto [deleted, error] =
      Database::raw_exec("DELETE FROM muclogline WHERE date < " + std::to_string(before));
  if (!deleted) {
    Database::raw_exec("ROLLBACK");
    return false;
  }
  Database::raw_exec("END");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the result of committing transaction on 'Database::db' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
  return true;
}

// Negatives: the retry sleeps only where BEGIN failed, so nothing is open;
// the commit's own failure branch is no validation after it; a count read
// by `.first` decides its write.
bool store_with_retry(const std::string &local) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto result = Database::raw_exec("BEGIN IMMEDIATE");
    if (!std::get<bool>(result))
      continue;
    result = Database::raw_exec("INSERT INTO roster VALUES ('" + local + "', '')");
    if (!std::get<bool>(result)) {
      Database::raw_exec("ROLLBACK");
      return false;
    }
    auto [ended, error] = Database::raw_exec("END");
    if (!ended) {
      log_error("Failed to end SQL transaction", error);
      Database::raw_exec("ROLLBACK");
      return false;
    }
    return true;
  }
  return false;
}

bool purge_channel(DatabaseEngine &db, const std::string &channel) {
  if (!std::get<bool>(db.raw_exec("BEGIN")))
    return false;
  auto purged = db.count("DELETE FROM muclogline WHERE channel = '" + channel + "'");
  if (!purged.first) {
    db.raw_exec("ROLLBACK");
    return false;
  }
  if (!std::get<bool>(db.raw_exec("COMMIT"))) {
    db.raw_exec("ROLLBACK");
    return false;
  }
  return purged.second > 0;
}
