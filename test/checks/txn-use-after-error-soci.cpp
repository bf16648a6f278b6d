// txn-use-after-error with SOCI 4, compiled against the real headers in
// /usr/include/soci. Every SOCI call reports failure by throwing
// soci::soci_error. SOCI runs on any database, so the built-in model does
// not say that a failure aborts the transaction: by default nothing is
// reported (the second RUN line). A project on PostgreSQL says so with the
// option AbortingProfiles.
//
// RUN: %check_txnlint --check-suffix=PG %s txn-use-after-error %t \
// RUN:   -- "-config={CheckOptions: {txn-use-after-error.AbortingProfiles: 'soci'}}" -- -std=c++17
// RUN: %check_txnlint %s txn-use-after-error %t-default -- -- -std=c++17

#include <soci/soci.h>

#include <string>

void log_error(const std::string &text);

// The handler logs and the transaction goes on to its commit.
void sell(soci::session &sql, int id) {
  soci::transaction tr(sql);
  try {
    sql << "UPDATE stock SET n = n - 1 WHERE id = :id", soci::use(id);
  } catch (const soci::soci_error &e) {
    log_error(e.what());
  }
  sql << "INSERT INTO sales (id) VALUES (:id)", soci::use(id);
  // CHECK-NOTES-PG: :[[@LINE-1]]:3: warning: transaction on 'sql' is used after a statement of it failed; the failure aborted the transaction, so this statement fails too: roll back, or roll back to a savepoint taken before the failure, first [txn-use-after-error]
  // CHECK-NOTES-PG: :[[@LINE-6]]:5: note: the statement that failed
  tr.commit();
}

//===-- Not bugs -----------------------------------------------------------===//

// A new transaction per attempt.
void sell_retried(soci::session &sql, int id, int attempts) {
  for (int i = 0; i < attempts; ++i) {
    soci::transaction tr(sql);
    try {
      sql << "UPDATE stock SET n = n - 1 WHERE id = :id", soci::use(id);
      tr.commit();
      return;
    } catch (const soci::soci_error &e) {
      log_error(e.what());
    }
  }
}

// The handler rolls back.
void sell_rolled_back(soci::session &sql, int id) {
  sql.begin();
  try {
    sql << "UPDATE stock SET n = n - 1 WHERE id = :id", soci::use(id);
  } catch (const soci::soci_error &e) {
    sql.rollback();
    log_error(e.what());
    return;
  }
  sql << "INSERT INTO sales (id) VALUES (:id)", soci::use(id);
  sql.commit();
}
