#include "db.h"

bool import_one(Repo &r, int id) {
  if (!r.start())
    return false;
  if (!r.save(id))
    return false;
  return r.finish();
}

// Negative: rolled back on the error path.
bool import_checked(Repo &r, int id) {
  if (!r.start())
    return false;
  if (!r.save(id)) {
    r.undo();
    return false;
  }
  return r.finish();
}
