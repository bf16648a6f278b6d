// Driver test input (sarif-code-scanning.test): findings on lines with text
// outside ASCII before them, where byte columns and UTF-16 columns differ.
#include <sqlite3.h>

int rename_item(sqlite3 *db, int q) {
  /* größe */ sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  if (q<0)
    return -1;
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return 0;
}

int tag_item(sqlite3 *db, int q) {
  /* 📦 */ sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  /* ü */ if (q<0) return -1;
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return 0;
}
