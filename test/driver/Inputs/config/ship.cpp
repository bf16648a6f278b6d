// Driver test input for configuration (config.test): which calls are side
// effects is the SideEffectFunctions option of txn-side-effect-before-commit,
// so which of notify_warehouse, audit_log and print_label is reported shows
// which configuration is in effect. hold() leaks (txn-missing-rollback).
#include <sqlite3.h>

void notify_warehouse(int order);
void audit_log(int order);
void print_label(int order);

int ship(sqlite3 *db, int order) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  notify_warehouse(order);
  audit_log(order);
  print_label(order);
  if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return -1;
  }
  return 0;
}

int hold(sqlite3 *db, int order) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  if (order < 0)
    return -1;
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}
