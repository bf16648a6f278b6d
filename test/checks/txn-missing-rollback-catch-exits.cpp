// txn-missing-rollback: exits inside a catch handler, and which exits the
// notes show.
//
// A try/catch is its author's evidence that something in the try block
// throws, so its handlers are reached from every call in the block that is
// not noexcept, even when no callee is known to throw (they are defined in
// another translation unit here). Calls the model describes fail as the
// model says (sqlite3_exec returns an error code) and do not reach them.
//
// The notes show plain exits (returns, the end of the function) before
// exceptions, one per line, at most three, and then how many more exits
// leave the transaction open.
//
// RUN: %check_txnlint %s txn-missing-rollback %t

#include <sqlite3.h>

#include <stdexcept>

// Defined in another translation unit: not known to throw.
void save_rows(sqlite3 *db, int id);
void audit(int id) noexcept;
bool valid(int id);
void check(int id) {
  if (id < 0)
    throw std::invalid_argument("negative id");
}

bool return_in_handler(sqlite3 *db, int id) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'return_in_handler'; commit or roll it back before leaving [txn-missing-rollback]
  try {
    save_rows(db, id);
  } catch (const std::exception &) {
    return false;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  }
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return true;
}

// The handler rolls back: fine.
bool rollback_in_handler(sqlite3 *db, int id) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  try {
    save_rows(db, id);
  } catch (...) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return true;
}

// Only a noexcept call and modelled calls in the try block: its handler is
// not reached with the transaction open.
bool noexcept_only(sqlite3 *db, int id) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  try {
    audit(id);
    if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      return false;
    }
  } catch (...) {
    return false;
  }
  return true;
}

// Five exits: three exceptions before, and two returns after, in source
// order. The returns come first; the two calls on one line give one note;
// the rest is counted.
bool many_exits(sqlite3 *db, int id) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'many_exits'; commit or roll it back before leaving [txn-missing-rollback]
  check(id); check(id + 1);
  check(id + 2);
  check(id + 3);
  if (!valid(id))
    return false;
  if (!valid(id + 1))
    return false;
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return true;
}
// CHECK-NOTES: :[[@LINE-6]]:5: note: transaction is still open at this return
// CHECK-NOTES: :[[@LINE-5]]:5: note: transaction is still open at this return
// CHECK-NOTES: :[[@LINE-12]]:3: note: transaction is still open when an exception leaves the function here
// CHECK-NOTES: :[[@LINE-15]]:3: note: 2 more exits leave it open
