#pragma once
#include <SQLiteCpp/SQLiteCpp.h>

// A repository that keeps the connection it is given; its constructor does
// nothing else (accounts.cpp).
class AccountDao {
public:
  explicit AccountDao(SQLite::Database &db);
  void touch(long id);
  bool rename(long id, const std::string &name);

private:
  SQLite::Database &db_;
};
