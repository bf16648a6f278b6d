// "ends": "argument:N" on an operation: the callee commits or rolls back
// the transaction it is handed there (the commit duty handed to it). After
// the call the caller's transaction is ended: it is not left open, and a
// commit of it by the caller is a second end.
//
// RUN: rm -rf %t && split-file --leading-lines %s %t
// RUN: %check_txnlint --model=%t/model.json %t/test.cpp txn-missing-rollback,txn-use-after-end %t/out -- -- -std=c++17 -I%t
// RUN: %txnlint --model=%t/model.json --dump-events --exit-zero %t/test.cpp -- -std=c++17 -I%t 2>/dev/null | FileCheck --check-prefix=DUMP %t/test.cpp

//--- acme.h
namespace acme {
class Db;
class Txn {
public:
  explicit Txn(Db &db);
  void commit();
  void rollback();
  void exec(const char *sql);
};
// Commits txn when the order is complete, rolls it back otherwise.
void save(Txn &txn, int id);
} // namespace acme

//--- test.cpp
#include "acme.h"

bool valid(int id);

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// save() already ended the transaction.
void store(acme::Db &db, int id) {
  acme::Txn *txn = new acme::Txn(db);
  txn->exec("INSERT INTO orders (id) VALUES (1)");
  // DUMP: :[[@LINE+1]]:3: remark: rollback on 'txn' (handed over) [txnlint-dump-events]
  acme::save(*txn, id);
  txn->commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'txn' is committed again after it was handed to a callee that ends it; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: it is handed to a callee that ends it here
}

// Not handed over on the early return.
void store_checked(acme::Db &db, int id) {
  acme::Txn *txn = new acme::Txn(db);
  // CHECK-NOTES: :[[@LINE-1]]:20: warning: transaction begun on 'txn' is left open on some path out of 'store_checked'{{.*}} [txn-missing-rollback]
  txn->exec("INSERT INTO orders (id) VALUES (1)");
  if (!valid(id))
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  acme::save(*txn, id);
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// The callee ends the transaction: nothing is left open.
void store_all(acme::Db &db, int id) {
  acme::Txn *txn = new acme::Txn(db);
  txn->exec("INSERT INTO orders (id) VALUES (1)");
  acme::save(*txn, id);
}

//--- model.json
{
  "profiles": [
    {
      "name": "acme",
      "types": [
        {
          "name": "acme::Txn",
          "role": "transaction",
          "constructor": {"operation": "begin"},
          "methods": [
            {"name": "commit", "operation": "commit"},
            {"name": "rollback", "operation": "rollback"},
            {"name": "exec", "operation": "execute-sql", "sql-argument": 0}
          ]
        }
      ],
      "functions": [
        {"name": "acme::save", "ends": "argument:0"}
      ]
    }
  ]
}
