#include "ledger.h"

bool closeMonth(Ledger &ledger) {
  if (sqlite3_exec(ledger.db(), "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  ledger.post("closing");
  ledger.post("opening");
  return sqlite3_exec(ledger.db(), "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
}

bool closeMonthCounted(Ledger &ledger) {
  if (sqlite3_exec(ledger.db(), "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  int before = ledger.failures();
  ledger.postOrNote("closing");
  if (ledger.failures() != before) {
    sqlite3_exec(ledger.db(), "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  return sqlite3_exec(ledger.db(), "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
}
