#pragma once
#include <sqlite3.h>

#include <string>

class Store {
public:
  bool exec(const std::string &sql);

private:
  sqlite3 *db_ = nullptr;
};

// Begins when built; commits when destroyed, on every path.
class AutoCommit {
public:
  explicit AutoCommit(Store &store);
  ~AutoCommit();

private:
  Store &store_;
};
