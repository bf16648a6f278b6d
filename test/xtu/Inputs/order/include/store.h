#pragma once
// A wrapper whose header sits in include/, apart from its source in src/:
// the files that use it reach it through -I, not beside them.
#include <sqlite3.h>

class Store {
public:
  bool begin();
  bool commit();
  bool rollback();
  bool insert(int id);
  // Runs the orders kept in the journal again (calls place, in place.cpp).
  bool replay();

private:
  bool exec(const char *sql);
  sqlite3 *db_ = nullptr;
};
