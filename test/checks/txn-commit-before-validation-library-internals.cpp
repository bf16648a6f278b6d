// txn-commit-before-validation: a library's own capacity and precondition
// failures (std::length_error, std::bad_alloc, std::logic_error thrown inside
// a system header, and Boost.Thread's interruption and resource failures)
// are no step of the workflow failing, whatever call after
// the commit may raise them. What the library documents as a failure, and
// the same exceptions thrown by the user's own code, still are.
//
// RUN: %check_txnlint %s txn-commit-before-validation %t -- -- -std=c++17 -isystem %S/Inputs/system

#include <bounded_list.h>
#include <sqlite3.h>
#include <thread_group.h>

#include <stdexcept>
#include <string>

// Negative: remembering what was stored can only fail for lack of memory.
bool store_and_remember(sqlite3 *db, lib::bounded_list<int> &Stored, int Id) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  sqlite3_exec(db, "INSERT INTO items VALUES (1)", nullptr, nullptr, nullptr);
  if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  Stored.push_back(Id);
  return true;
}

// Negative: stopping the workers after the commit can only be interrupted
// or fail for lack of threads (Boost.Thread's own failures).
bool store_and_stop(sqlite3 *db, boost::thread_group &Workers) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  sqlite3_exec(db, "INSERT INTO items VALUES (1)", nullptr, nullptr, nullptr);
  if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  Workers.join_all();
  return true;
}

// Positive: the library's documented failure, a lookup that throws.
bool store_then_look_up(sqlite3 *db, const lib::bounded_list<int> &Known,
                        int Id) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  sqlite3_exec(db, "INSERT INTO items VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is committed before 'lib::bounded_list<int>::find_or_throw' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  Known.find_or_throw(Id);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'lib::bounded_list<int>::find_or_throw' can fail here
  return true;
}

// The user's own length check is a validation, whatever it throws.
static void check_name_length(const std::string &Name) {
  if (Name.size() > 64)
    throw std::length_error("name too long");
}

// Positive: the same exception class, thrown by the user's code.
bool store_then_check_name(sqlite3 *db, const std::string &Name) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  sqlite3_exec(db, "INSERT INTO items VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is committed before 'check_name_length' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  check_name_length(Name);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'check_name_length' can fail here
  return true;
}
