#include "pool.h"

#include <cstdio>

Pool::~Pool() {
  for (sqlite3 *db : all_)
    sqlite3_close(db);
}

void Pool::adopt(sqlite3 *db) { all_.push_back(db); }

void Pool::describe(sqlite3 *db) {
  std::printf("%s\n", sqlite3_db_filename(db, "main"));
}
