// Bacula's catalog batches its changes: the begin method first commits the
// open transaction once it holds enough changes (through the end method,
// which clears the object's flag), then begins where the flag says none is
// open. After that end, the flag says idle, so to its callers the method
// begins on every path; it does not commit the caller's work.
//
// RUN: %check_txnlint %s txn-missing-rollback,txn-commit-before-validation %t -- -- -std=c++17

#include <sqlite3.h>

class CatalogDb {
public:
  bool query(const char *sql) {
    return sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
  }
  void start_transaction() {
    if (!m_allow_transactions)
      return;
    // Keep a transaction under a bound number of changes.
    if (m_transaction && m_changes > 10000)
      end_transaction();
    if (!m_transaction) {
      query("BEGIN");
      m_transaction = true;
    }
  }
  void end_transaction() {
    if (!m_allow_transactions)
      return;
    if (m_transaction) {
      query("COMMIT");
      m_transaction = false;
    }
    m_changes = 0;
  }
  void rollback_transaction() {
    if (m_transaction) {
      query("ROLLBACK");
      m_transaction = false;
    }
  }

private:
  sqlite3 *m_db = nullptr;
  bool m_allow_transactions = true;
  bool m_transaction = false;
  int m_changes = 0;
};

int purge_job_media(CatalogDb *db, const int *ids, int count) {
  db->start_transaction();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'purge_job_media'; commit or roll it back before leaving [txn-missing-rollback]
  for (int i = 0; i < count; i++) {
    if (!db->query("DELETE FROM JobMedia WHERE JobId = 1"))
      return 0;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: transaction is still open at this return
  }
  db->end_transaction();
  return 1;
}

// Negative: the failure rolls the batch back; the begin commits nothing of
// this function's.
int update_volume(CatalogDb *db, int files) {
  db->start_transaction();
  if (!db->query("UPDATE Media SET VolFiles = VolFiles + 1")) {
    db->rollback_transaction();
    return 0;
  }
  if (files > 0 && !db->query("UPDATE Pool SET NumVols = NumVols + 1")) {
    db->rollback_transaction();
    return 0;
  }
  db->end_transaction();
  return 1;
}
