// Copied to src/</script><img src=x onerror=alert(1)>.cpp: the path and a
// string literal on the finding's line carry markup into the report.
#include <sqlite3.h>

int evil_order(sqlite3 *db, int n) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr); const char *t = "</script><img src=x onerror=alert(1)><!--";
  if (n < 0 || !t)
    return -1;
  (void)sqlite3_exec(db, "UPDATE orders SET n = n + 1", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return 0;
}
