// EQEmu and LandSandBoat build every statement and log line with fmt
// (fmt::format, fmt::sprintf). fmt throws fmt::format_error only for a
// malformed format string, a bug of the program's that no run avoids (C++20
// rejects it at compile time, fmt::sprintf and C++17 at run time): a
// formatting call inside a transaction begun by hand is no exception exit,
// also through a logging helper or a printf-like query helper. What the
// formatted value's conversion throws still is.
//
// RUN: %check_txnlint %s txn-missing-rollback %t -- -- -std=c++20 -DFMT_HEADER_ONLY
// RUN: %check_txnlint %s txn-missing-rollback %t -- -- -std=c++17 -DFMT_HEADER_ONLY
//
// Projects often carry their own copy of fmt, outside the system headers.
// RUN: rm -rf %t.vendored && mkdir -p %t.vendored && cp -r /usr/include/fmt %t.vendored/
// RUN: %check_txnlint %s txn-missing-rollback %t -- -- -std=c++17 -DFMT_HEADER_ONLY -I%t.vendored

#include <fmt/format.h>
#include <fmt/printf.h>
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

template <typename... Args> bool query(sqlite3 *db, const char *format, Args... args) {
  std::string Sql = fmt::sprintf(format, args...);
  return run(db, Sql);
}

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

bool applyOffset(sqlite3 *db, const std::string &offset, int id) {
  if (!run(db, "BEGIN"))
    return false;
  // CHECK-NOTES: :[[@LINE-2]]:8: warning: transaction begun on 'db' is left open on some path out of 'applyOffset'{{.*}} [txn-missing-rollback]
  std::string Sql = fmt::format("UPDATE t SET n = {} WHERE id = {}", std::stoi(offset), id);
  // CHECK-NOTES: :[[@LINE-1]]:70: note: transaction is still open when an exception leaves the function here
  if (!run(db, Sql)) {
    run(db, "ROLLBACK");
    return false;
  }
  return run(db, "COMMIT");
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

bool deleteInstance(sqlite3 *db, int id) {
  if (!run(db, "BEGIN"))
    return false;
  for (const char *Table : {"instance_list", "respawn_times"}) {
    if (!run(db, fmt::format("DELETE FROM {} WHERE id = {}", Table, id))) {
      logSys().Out(1, "DeleteInstance [{}] failed on [{}]", id, Table);
      run(db, "ROLLBACK");
      return false;
    }
  }
  return run(db, "COMMIT");
}

bool cancelSale(sqlite3 *db, unsigned id, const char *seller) {
  if (!query(db, "BEGIN"))
    return false;
  if (!query(db, "DELETE FROM auction_house WHERE id = %u AND seller = '%s'", id, seller) ||
      !query(db, "UPDATE chars SET gil = gil + 1 WHERE charname = '%s'", seller)) {
    query(db, "ROLLBACK");
    return false;
  }
  return query(db, "COMMIT");
}
