#include "db.h"

bool transfer(sqlite3 *db) {
  return withTransaction(db, [&] {
    return exec(db, "UPDATE a SET n = n - 1") &&
           exec(db, "UPDATE b SET n = n + 1");
  });
}

bool reset(sqlite3 *db) {
  return retrying([&] {
    return exec(db, "DELETE FROM a") && exec(db, "DELETE FROM b");
  });
}

bool archive(sqlite3 *db) {
  return withTransaction(db, [&] {
    if (!exec(db, "INSERT INTO archive SELECT * FROM a"))
      return false;
    exec(db, "DELETE FROM a");
    return true;
  });
}

bool prune(sqlite3 *db) {
  return retrying([&] {
    exec(db, "DELETE FROM log");
    return true;
  });
}

bool rotate() {
  return onPooledConnection([](sqlite3 *db) {
    return exec(db, "DELETE FROM keys WHERE old = 1") &&
           exec(db, "INSERT INTO keys (old) VALUES (0)");
  });
}
