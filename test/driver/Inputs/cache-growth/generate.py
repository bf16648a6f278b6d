"""Writes a translation unit whose function calls many functions defined
after it: checking it analyzes each callee while its own cache entries are
being filled, which grows the caches under it."""
import sys

COUNT = 120
lines = ["#include <sqlite3.h>"]
lines += ["static int step%d(int x);" % i for i in range(COUNT)]
lines += ["int run(sqlite3 *db) {", "  int n = 0;"]
lines += ["  n += step%d(n);" % i for i in range(COUNT)]
lines += ['  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);',
          '  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) + n;',
          "}"]
lines += ["static int step%d(int x) { return x + %d; }" % (i, i)
          for i in range(COUNT)]
with open(sys.argv[1], "w") as out:
    out.write("\n".join(lines) + "\n")
