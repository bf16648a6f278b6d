// Function summaries of a transaction class whose constructor begins only
// when its bool parameter says so (`Txn(sqlite3 *db, bool begin = true) {
// if (begin) ...; }`, as Akonadi's Transaction): a construction that passes
// true, or leaves the default, begins; the class's other constructions are
// judged as before (they may begin). Every txn-* check runs, so every
// finding in the file is listed.
//
// RUN: %check_txnlint %s 'txn-*' %t

#include <sqlite3.h>

class Txn {
public:
  explicit Txn(sqlite3 *db, bool begin = true) : m_db(db) {
    if (begin)
      m_open = sqlite3_exec(m_db, "BEGIN", nullptr, nullptr, nullptr) ==
               SQLITE_OK;
  }
  ~Txn() {
    if (m_open)
      sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  void begin() {
    m_open = sqlite3_exec(m_db, "BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK;
  }
  bool commit() {
    m_open = false;
    return sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
  }

private:
  sqlite3 *m_db;
  bool m_open = false;
};

// The default argument begins: the dropped results of the writes commit
// with the rest.
bool close_day(sqlite3 *db) {
  Txn t(db);
  sqlite3_exec(db, "UPDATE ledger SET closed = 1", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the failure of this write is not handled before transaction 't' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  // CHECK-NOTES: :[[@LINE+4]]:10: note: committed here
  sqlite3_exec(db, "UPDATE totals SET n = n + 1", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the failure of this write is not handled before transaction 't' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  // CHECK-NOTES: :[[@LINE+1]]:10: note: committed here
  return t.commit();
}

// So does an explicit true.
bool close_week(sqlite3 *db) {
  Txn t(db, true);
  if (sqlite3_exec(db, "UPDATE ledger SET week = 1", nullptr, nullptr,
                   nullptr) != SQLITE_OK)
    return false;
  t.commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the result of committing transaction 't' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
  return true;
}

// Negative: built without a transaction, the object begins once the read
// is done; the checked writes are inside it.
bool close_month(sqlite3 *db, bool ready) {
  Txn t(db, false);
  if (!ready)
    return false;
  t.begin();
  if (sqlite3_exec(db, "UPDATE ledger SET month = 1", nullptr, nullptr,
                   nullptr) != SQLITE_OK)
    return false;
  if (sqlite3_exec(db, "UPDATE totals SET months = months + 1", nullptr,
                   nullptr, nullptr) != SQLITE_OK)
    return false;
  return t.commit();
}
