#include "pool.h"

int fill(Pool &pool, const char *path, int n) {
  int opened = 0;
  for (int i = 0; i < n; ++i) {
    sqlite3 *db = nullptr;
    if (sqlite3_open(path, &db) != SQLITE_OK) {
      sqlite3_close(db);
      continue;
    }
    pool.adopt(db);
    ++opened;
  }
  return opened;
}

bool probe(Pool &pool, const char *path) {
  sqlite3 *db = nullptr;
  if (sqlite3_open(path, &db) != SQLITE_OK) {
    sqlite3_close(db);
    return false;
  }
  pool.describe(db);
  return true;
}
