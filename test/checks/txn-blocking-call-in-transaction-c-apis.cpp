// txn-blocking-call-in-transaction with the SQLite C API and libpq, compiled
// against the real <sqlite3.h> and <libpq-fe.h>, and its option.
// BlockingFunctions is a ';'-separated list of globs matched, ignoring case,
// against unqualified and qualified names (a method by its qualified name);
// setting it replaces the default list.
//
// Default options:
// RUN: %check_txnlint --check-suffixes=ALL,DEFAULT %s txn-blocking-call-in-transaction %t -- -- -I/usr/include/postgresql
//
// A project's own blocking call added (both products):
// RUN: %check_txnlint --check-suffixes=ALL,CUSTOM %s txn-blocking-call-in-transaction %t-custom \
// RUN:   -- "-config={CheckOptions: {txn-blocking-call-in-transaction.BlockingFunctions: 'usleep;rpc::Client::call'}}" \
// RUN:   -- -I/usr/include/postgresql

#include <libpq-fe.h>
#include <sqlite3.h>

#include <cstdio>
#include <string>

#include <unistd.h>

namespace rpc {
struct Client {
  std::string call(const char *method);
};
} // namespace rpc

// A retry backoff between two writes of one SQLite transaction.
bool restock(sqlite3 *db) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  sqlite3_exec(db, "UPDATE stock SET qty = qty + 1 WHERE sku = 1", nullptr,
               nullptr, nullptr);
  for (int i = 0; i < 3; ++i) {
    if (sqlite3_exec(db, "UPDATE stock SET qty = qty + 1 WHERE sku = 2", nullptr,
                     nullptr, nullptr) == SQLITE_OK)
      break;
    usleep(1000 << i);
    // CHECK-NOTES-ALL: :[[@LINE-1]]:5: warning: 'usleep' blocks while transaction on 'db' holds the locks of its writes; every request that needs those rows waits as long, so wait before the first write or after the commit [txn-blocking-call-in-transaction]
    // CHECK-NOTES-ALL: :[[@LINE-8]]:3: note: the transaction writes here
  }
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
}

// libpq: a prompt after the locking read; an RPC call only the custom list
// names.
void adjust(PGconn *conn, rpc::Client &pricing) {
  PQclear(PQexec(conn, "BEGIN"));
  PQclear(PQexec(conn, "SELECT qty FROM stock WHERE sku = 1 FOR UPDATE"));
  char line[64];
  fgets(line, sizeof line, stdin);
  // CHECK-NOTES-DEFAULT: :[[@LINE-1]]:3: warning: reading user input blocks while transaction on 'conn' holds the locks of its writes; every request that needs those rows waits as long, so wait before the first write or after the commit [txn-blocking-call-in-transaction]
  // CHECK-NOTES-DEFAULT: :[[@LINE-4]]:11: note: the transaction locks rows here
  // CHECK-NOTES-CUSTOM: :[[@LINE-3]]:3: warning: reading user input blocks while transaction on 'conn' holds the locks of its writes; every request that needs those rows waits as long, so wait before the first write or after the commit [txn-blocking-call-in-transaction]
  // CHECK-NOTES-CUSTOM: :[[@LINE-6]]:11: note: the transaction locks rows here
  pricing.call("reprice");
  // CHECK-NOTES-CUSTOM: :[[@LINE-1]]:3: warning: 'rpc::Client::call' blocks while transaction on 'conn' holds the locks of its writes; every request that needs those rows waits as long, so wait before the first write or after the commit [txn-blocking-call-in-transaction]
  // CHECK-NOTES-CUSTOM: :[[@LINE-9]]:11: note: the transaction locks rows here
  PQclear(PQexec(conn, "UPDATE stock SET qty = 0 WHERE sku = 1"));
  PQclear(PQexec(conn, "COMMIT"));
}

//===----------------------------------------------------------------------===//
// Negatives
//===----------------------------------------------------------------------===//

// A read without a lock, then the wait, then the write.
void plain_read_first(PGconn *conn) {
  PQclear(PQexec(conn, "BEGIN"));
  PQclear(PQexec(conn, "SELECT qty FROM stock WHERE sku = 1"));
  sleep(1);
  PQclear(PQexec(conn, "UPDATE stock SET qty = 0 WHERE sku = 1"));
  PQclear(PQexec(conn, "COMMIT"));
}

// The wait after the rollback.
bool give_up(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  if (sqlite3_exec(db, "DELETE FROM jobs", nullptr, nullptr, nullptr) != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    sleep(1);
    return false;
  }
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
}
