#include "cursor.h"

bool scan(MDB_env *env, bool all) {
  Cursor c;
  c.open(env);
  std::string v = c.next();
  if (!all)
    return false;
  c.close();
  return true;
}

// Closed on every normal path, but next() may throw (its summary says
// so) and leave the cursor open.
bool scan_closed(MDB_env *env, bool all) {
  Cursor c;
  c.open(env);
  std::string v = c.next();
  c.close();
  return all;
}

// Negative: closed on every path, also when next() throws.
bool scan_guarded(MDB_env *env) {
  Cursor c;
  c.open(env);
  try {
    std::string v = c.next();
  } catch (...) {
    c.close();
    throw;
  }
  c.close();
  return true;
}
