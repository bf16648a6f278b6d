"""Writes a translation unit that makes the analysis's containers grow past
their inline storage while they are in use:
- run() calls many functions defined after it: checking it analyzes each
  callee while its own cache entries are being filled;
- tally() has more events than a small bit vector holds, and a flag that
  records statement results, so every flag row lives on the heap."""
import sys

COUNT = 120
EVENTS = 600
lines = ["#include <sqlite3.h>"]
lines += ["static int step%d(int x);" % i for i in range(COUNT)]
lines += ["int run(sqlite3 *db) {", "  int n = 0;"]
lines += ["  n += step%d(n);" % i for i in range(COUNT)]
lines += ['  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);',
          '  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) + n;',
          "}"]
lines += ["static int step%d(int x) { return x + %d; }" % (i, i)
          for i in range(COUNT)]
lines += ["bool tally(sqlite3 *db) {", "  bool ok = true;",
          '  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);']
lines += ['  ok = ok && sqlite3_exec(db, "UPDATE t SET n = %d", nullptr, '
          'nullptr, nullptr) == SQLITE_OK;' % i for i in range(EVENTS)]
lines += ['  return sqlite3_exec(db, ok ? "COMMIT" : "ROLLBACK", nullptr, '
          'nullptr, nullptr) == SQLITE_OK && ok;', "}"]
with open(sys.argv[1], "w") as out:
    out.write("\n".join(lines) + "\n")
