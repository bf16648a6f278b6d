#pragma once
#include <sqlite3.h>

#include <vector>

class Pool {
public:
  ~Pool();
  // Keeps the connection; the destructor closes it.
  void adopt(sqlite3 *db);
  // Only reads it.
  void describe(sqlite3 *db);

private:
  std::vector<sqlite3 *> all_;
};
