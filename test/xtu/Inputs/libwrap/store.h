// A SQLite wrapper and a libpq wrapper, their bodies in other files.
#pragma once
#include <libpq-fe.h>
#include <sqlite3.h>
#include <string>

class Store {
public:
  bool exec(const std::string &sql);
  long count(const std::string &sql);
  bool begin();
  bool commit();
  void rollback();
  bool inTransaction() const;

private:
  sqlite3 *db_ = nullptr;
  int level_ = 0;
};

class PgSession {
public:
  bool exec(const std::string &sql);
  bool begin();
  bool commit();
  void rollback();
  bool inTransaction() const { return open_; }

private:
  PGconn *conn_ = nullptr;
  bool open_ = false;
};
