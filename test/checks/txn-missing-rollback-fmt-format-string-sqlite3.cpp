// EQEmu builds every statement and log line with fmt. In C++20 fmt checks a
// format string where it is written (fmt::format_string's constructor is
// consteval), so a format error does not compile: formatting a checked
// string inside a transaction begun by hand is no exception exit, also
// through a logging helper that takes an fmt::format_string. A string
// formatted at run time (fmt::runtime) may still throw fmt::format_error,
// and so may the same call in C++17, where the check happens at run time.
//
// RUN: %check_txnlint --check-suffixes=ALL %s txn-missing-rollback %t -- -- -std=c++20 -DFMT_HEADER_ONLY
// RUN: %check_txnlint --check-suffixes=ALL,CXX17 %s txn-missing-rollback %t -- -- -std=c++17 -DFMT_HEADER_ONLY

#include <fmt/format.h>
#include <sqlite3.h>

#include <cstdio>
#include <string>

class LogSys {
public:
  template <typename... Args>
  void Out(int category, fmt::format_string<Args...> format, Args &&...args) {
    if (category > Level)
      return;
    std::string Line = fmt::format(format, std::forward<Args>(args)...);
    std::fputs(Line.c_str(), stderr);
  }
  int Level = 3;
};

LogSys &logSys();

static bool run(sqlite3 *db, const std::string &sql) {
  return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
}

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

bool applyTemplate(sqlite3 *db, const std::string &pattern, int id) {
  if (!run(db, "BEGIN"))
    return false;
  // CHECK-NOTES-ALL: :[[@LINE-2]]:8: warning: transaction begun on 'db' is left open on some path out of 'applyTemplate'{{.*}} [txn-missing-rollback]
  std::string Sql = fmt::format(fmt::runtime(pattern), id);
  // CHECK-NOTES-ALL: :[[@LINE-1]]:21: note: transaction is still open when an exception leaves the function here
  if (!run(db, Sql)) {
    run(db, "ROLLBACK");
    return false;
  }
  return run(db, "COMMIT");
}

//===----------------------------------------------------------------------===//
// Negatives in C++20: nothing below may be reported there.
//===----------------------------------------------------------------------===//

bool deleteInstance(sqlite3 *db, int id) {
  if (!run(db, "BEGIN"))
    return false;
  // CHECK-NOTES-CXX17: :[[@LINE-2]]:8: warning: transaction begun on 'db' is left open on some path out of 'deleteInstance'{{.*}} [txn-missing-rollback]
  for (const char *Table : {"instance_list", "respawn_times"}) {
    if (!run(db, fmt::format("DELETE FROM {} WHERE id = {}", Table, id))) {
      // CHECK-NOTES-CXX17: :[[@LINE-1]]:18: note: transaction is still open when an exception leaves the function here
      logSys().Out(1, "DeleteInstance [{}] failed on [{}]", id, Table);
      // CHECK-NOTES-CXX17: :[[@LINE-1]]:7: note: transaction is still open when an exception leaves the function here
      run(db, "ROLLBACK");
      return false;
    }
  }
  return run(db, "COMMIT");
}
