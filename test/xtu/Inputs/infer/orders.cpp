#include "db.h"

bool place(acme::Db &d, int id) {
  if (!d.begin())
    return false;
  if (!d.exec("INSERT INTO orders VALUES (1)"))
    return false;
  d.commit();
  return true;
}

void log_twice(sqlite3 *db) {
  run(db, "INSERT INTO log VALUES (1)");
  run(db, "INSERT INTO log VALUES (2)");
}
