// Swift's SQLite history storage builds its SQL with
// boost::lexical_cast<std::string>(id). Writing a number or an enumerator
// as text always converts: only reading text as a number throws
// bad_lexical_cast, and only that leaves a transaction begun by hand open.
// It prepares with boost::numeric_cast<int>(sql.size()): a string's size
// overflows an int only at the library's capacity limits, while a
// numeric_cast of a value the program was given can fail. (Boost 1.74's
// numeric_cast needs -Wno-enum-constexpr-conversion with Clang 19.)
//
// RUN: %check_txnlint %s txn-missing-rollback %t -- -- -std=c++17 -Wno-enum-constexpr-conversion

#include <boost/lexical_cast.hpp>
#include <boost/numeric/conversion/cast.hpp>
#include <sqlite3.h>

#include <string>
#include <vector>

enum class MessageType { Chat, Groupchat };

static bool run(sqlite3 *db, const std::string &sql) {
  return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) ==
         SQLITE_OK;
}

// Negative: every failure rolls back; the casts write numbers as text.
bool storeMessages(sqlite3 *db, const std::vector<long long> &ids,
                   MessageType type) {
  if (!run(db, "BEGIN"))
    return false;
  for (long long id : ids) {
    std::string sql = "INSERT INTO messages (jid, type) VALUES (" +
                      boost::lexical_cast<std::string>(id) + ", " +
                      boost::lexical_cast<std::string>(type == MessageType::Chat) +
                      ")";
    if (!run(db, sql)) {
      run(db, "ROLLBACK");
      return false;
    }
  }
  return run(db, "COMMIT");
}

bool importOffsets(sqlite3 *db, const std::vector<std::string> &offsets) {
  if (!run(db, "BEGIN"))
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: transaction begun on 'db' is left open on some path out of 'importOffsets'; commit or roll it back before leaving [txn-missing-rollback]
    return false;
  for (const std::string &offset : offsets) {
    // Text read as a number: bad_lexical_cast leaves the transaction open.
    int value = boost::lexical_cast<int>(offset);
    // CHECK-NOTES: :[[@LINE-1]]:17: note: transaction is still open when an exception leaves the function here
    if (!run(db, "INSERT INTO offsets VALUES (" + std::to_string(value) + ")")) {
      run(db, "ROLLBACK");
      return false;
    }
  }
  return run(db, "COMMIT");
}

static bool prepareAndStep(sqlite3 *db, const std::string &sql) {
  sqlite3_stmt *statement = nullptr;
  if (sqlite3_prepare(db, sql.c_str(), boost::numeric_cast<int>(sql.size()),
                      &statement, nullptr) != SQLITE_OK)
    return false;
  const bool done = sqlite3_step(statement) == SQLITE_DONE;
  sqlite3_finalize(statement);
  return done;
}

// Negative: the cast of the SQL's size cannot fail.
bool storeAvatar(sqlite3 *db, const std::string &hash) {
  if (!run(db, "BEGIN"))
    return false;
  if (!prepareAndStep(db, "DELETE FROM avatars WHERE hash = '" + hash + "'") ||
      !prepareAndStep(db, "INSERT INTO avatars (hash) VALUES ('" + hash + "')")) {
    run(db, "ROLLBACK");
    return false;
  }
  return run(db, "COMMIT");
}

bool storePriority(sqlite3 *db, long priority) {
  if (!run(db, "BEGIN"))
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: transaction begun on 'db' is left open on some path out of 'storePriority'; commit or roll it back before leaving [txn-missing-rollback]
    return false;
  // A value the program was given may not fit.
  short value = boost::numeric_cast<short>(priority);
  // CHECK-NOTES: :[[@LINE-1]]:17: note: transaction is still open when an exception leaves the function here
  if (!run(db, "INSERT INTO priorities VALUES (" + std::to_string(value) + ")")) {
    run(db, "ROLLBACK");
    return false;
  }
  return run(db, "COMMIT");
}
