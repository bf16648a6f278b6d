// A helper that returns a pointer says with a null that its statement
// failed and with any other value that it ran: a transaction object made
// after BEGIN succeeded (KDb's drv_beginTransaction), a result passed on
// (`if (!conn) return NULL; return PQexec(...)`). A caller that tests the
// pointer learns how the BEGIN went.
//
// RUN: %check_txnlint %s txn-missing-rollback,txn-unchecked-commit,txn-commit-after-failed-write %t -- -- -std=c++17 -I/usr/include/postgresql

#include <sqlite3.h>

struct TxnData {
  sqlite3 *Db;
};

class Store {
public:
  bool exec(const char *Sql) {
    return sqlite3_exec(Db, Sql, nullptr, nullptr, nullptr) == SQLITE_OK;
  }
  TxnData *begin() {
    if (!exec("BEGIN"))
      return nullptr;
    return new TxnData{Db};
  }
  bool commit(TxnData *T) {
    delete T;
    return exec("COMMIT");
  }
  void rollback(TxnData *T) {
    delete T;
    exec("ROLLBACK");
  }
  bool save();
  bool saveAll(bool Valid);
  bool saveTwo();

private:
  sqlite3 *Db = nullptr;
};

// Negative: a null says BEGIN failed; nothing is open at the first return.
bool Store::save() {
  TxnData *T = begin();
  if (!T)
    return false;
  if (!exec("INSERT INTO a VALUES (1)")) {
    rollback(T);
    return false;
  }
  return commit(T);
}

// Negative: the same test spelled against nullptr.
bool Store::saveTwo() {
  TxnData *T = begin();
  if (T == nullptr)
    return false;
  if (!exec("INSERT INTO a VALUES (2)")) {
    rollback(T);
    return false;
  }
  return commit(T);
}

bool Store::saveAll(bool Valid) {
  TxnData *T = begin();
  // CHECK-NOTES: :[[@LINE-1]]:16: warning: transaction begun on 'Db' is left open on some path out of 'Store::saveAll'; commit or roll it back before leaving [txn-missing-rollback]
  if (!T)
    return false;
  if (!Valid)
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  if (!exec("INSERT INTO a VALUES (3)")) {
    rollback(T);
    return false;
  }
  return commit(T);
}

// The result passed on beside a null keeps its meaning: an UPDATE and a
// COMMIT whose results nobody tests are unchecked.
#include <libpq-fe.h>

PGconn *Conn;

PGresult *run(const char *Sql) {
  if (!Conn)
    return nullptr;
  return PQexec(Conn, Sql);
}

void finishBatch() {
  PQclear(run("BEGIN"));
  PQclear(run("UPDATE t SET x = 1"));
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: the failure of this write is not handled before transaction on 'Conn' commits; on PostgreSQL the failed statement aborts the transaction, and the commit rolls back every write of it [txn-commit-after-failed-write]
  PQclear(run("COMMIT"));
  // CHECK-NOTES: :[[@LINE-1]]:11: note: committed here
  // CHECK-NOTES: :[[@LINE-2]]:11: warning: the result of committing transaction on 'Conn' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
}
