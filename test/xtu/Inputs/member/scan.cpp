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

// Negative: closed on every path.
bool scan_closed(MDB_env *env, bool all) {
  Cursor c;
  c.open(env);
  std::string v = c.next();
  c.close();
  return all;
}
