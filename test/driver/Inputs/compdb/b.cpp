// Compiled with the "command" entry of compile_commands.json: needs its -D
// and -I flags.
#include "b_config.h"

#include <sqlite3.h>

#ifndef TXN_COMPDB_B
#error "not compiled with the flags from compile_commands.json"
#endif

void b_leak(sqlite3 *db, bool ok) {
  sqlite3_exec(db, B_BEGIN_SQL, nullptr, nullptr, nullptr);
  if (ok)
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}
