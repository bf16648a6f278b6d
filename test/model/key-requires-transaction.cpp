// "requires-transaction": true on an operation: it may only run inside a
// transaction on its handle (a precondition such as "must be called inside a
// transaction"). txn-autocommit-multi-write reports a call that runs, on
// some path, with no transaction open on its handle.
//
// RUN: rm -rf %t && split-file --leading-lines %s %t
// RUN: %check_txnlint --model=%t/model.json %t/test.cpp txn-autocommit-multi-write %t/out -- -- -std=c++17 -I%t

//--- acme.h
namespace acme {
class Db {
public:
  bool begin();
  bool commit();
  bool rollback();
  // Must be called inside a transaction.
  bool appendJournal(int id);
  bool exec(const char *sql);
};
class Txn {
public:
  explicit Txn(Db &db);
  void commit();
};
} // namespace acme

//--- test.cpp
#include "acme.h"

bool valid(int id);

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// No transaction at all.
void journal(acme::Db &db, int id) {
  db.appendJournal(id);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'acme::Db::appendJournal' must be called inside a transaction, but on some path no transaction is open on 'db' here [txn-autocommit-multi-write]
}

// A transaction on only one path.
void maybe_journal(acme::Db &db, int id, bool batch) {
  if (batch)
    db.begin();
  db.appendJournal(id);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'acme::Db::appendJournal' must be called inside a transaction, but on some path no transaction is open on 'db' here [txn-autocommit-multi-write]
  if (batch)
    db.commit();
}

// After the commit.
void late_journal(acme::Db &db, int id) {
  db.begin();
  db.exec("UPDATE orders SET state = 2");
  db.commit();
  db.appendJournal(id);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'acme::Db::appendJournal' must be called inside a transaction{{.*}} [txn-autocommit-multi-write]
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

void archive(acme::Db &db, int id) {
  if (!db.begin())
    return;
  db.exec("UPDATE orders SET archived = 1");
  db.appendJournal(id);
  db.commit();
}

// A transaction object on the connection.
void archive_raii(acme::Db &db, int id) {
  acme::Txn txn(db);
  db.appendJournal(id);
  txn.commit();
}

// Only called inside a transaction here.
static void journal_helper(acme::Db &db, int id) { db.appendJournal(id); }

void archive_via_helper(acme::Db &db, int id) {
  db.begin();
  journal_helper(db, id);
  db.commit();
}

//--- model.json
{
  "profiles": [
    {
      "name": "acme",
      "types": [
        {
          "name": "acme::Db",
          "role": "session",
          "methods": [
            {"name": "begin", "operation": "begin", "failure": "returns-bool"},
            {"name": "commit", "operation": "commit", "failure": "returns-bool"},
            {"name": "rollback", "operation": "rollback", "failure": "returns-bool"},
            {"name": "appendJournal", "operation": "write", "requires-transaction": true},
            {"name": "exec", "operation": "execute-sql", "sql-argument": 0, "failure": "returns-bool"}
          ]
        },
        {
          "name": "acme::Txn",
          "role": "transaction",
          "constructor": {"operation": "begin"},
          "methods": [{"name": "commit", "operation": "commit"}]
        }
      ]
    }
  ]
}
