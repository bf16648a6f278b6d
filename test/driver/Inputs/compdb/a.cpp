// Compiled with the "arguments" entry of compile_commands.json.
#include <sqlite3.h>

#ifndef TXN_COMPDB_A
#error "not compiled with the flags from compile_commands.json"
#endif

int a_leak(sqlite3 *db, int n) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  if (n < 0)
    return -1;
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return 0;
}
