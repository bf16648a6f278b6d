// txn-blocking-call-in-transaction with SOCI and SQLiteC++, compiled
// against the real headers.
//
// RUN: %check_txnlint %s txn-blocking-call-in-transaction %t -- -- -std=c++17

#include <SQLiteCpp/SQLiteCpp.h>
#include <soci/soci.h>

#include <chrono>
#include <future>
#include <thread>

// SOCI: a future's result awaited after the write.
void record(soci::session &sql, std::future<int> &score, int id) {
  soci::transaction tr(sql);
  sql << "INSERT INTO visits (id) VALUES (:id)", soci::use(id);
  int value = score.get();
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'std::future::get' blocks while transaction 'tr' holds the locks of its writes; every request that needs those rows waits as long, so wait before the first write or after the commit [txn-blocking-call-in-transaction]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the transaction writes here
  sql << "UPDATE visits SET score = :s WHERE id = :id", soci::use(value), soci::use(id);
  tr.commit();
}

// SQLiteC++: a backoff inside the transaction.
void bump(SQLite::Database &db) {
  SQLite::Transaction t(db);
  db.exec("UPDATE counters SET n = n + 1");
  std::this_thread::sleep_until(std::chrono::steady_clock::now() +
                                std::chrono::milliseconds(5));
  // CHECK-NOTES: :[[@LINE-2]]:3: warning: 'std::this_thread::sleep_until' blocks while transaction 't' holds the locks of its writes; every request that needs those rows waits as long, so wait before the first write or after the commit [txn-blocking-call-in-transaction]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: the transaction writes here
  t.commit();
}

// Negatives: the wait before the write; after the commit.
void bump_later(SQLite::Database &db, std::future<int> &ready) {
  ready.wait();
  SQLite::Transaction t(db);
  db.exec("UPDATE counters SET n = n + 1");
  t.commit();
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
}
