// "parent": where the transaction a begin nests in is found. A nested
// transaction returned by a method (`"handle": "result", "parent":
// "object"`: auto child = txn.begin_nested()) is ended by its own commit or
// rollback, or by ending the transaction it nests in.
//
// RUN: rm -rf %t && split-file --leading-lines %s %t
// RUN: %check_txnlint --model=%t/model.json %t/test.cpp txn-missing-rollback %t/out -- -- -std=c++17 -I%t
//
// Without "parent", rolling back the outer transaction leaves the child
// open.
// RUN: sed 's/, "parent": "object"//' %t/model.json > %t/plain.json
// RUN: %txnlint --model=%t/plain.json --checks=-*,txn-missing-rollback %t/test.cpp -- -std=c++17 -I%t > %t/plain.out 2>&1 || true
// RUN: FileCheck --check-prefix=PLAIN %s < %t/plain.out
// PLAIN: warning: transaction begun on 'child' is left open on some path out of 'give_up'

//--- acme.h
namespace acme {
class Db {};
class Txn {
public:
  explicit Txn(Db &db);
  Txn begin_nested();
  bool commit();
  bool rollback();
  bool exec(const char *sql);
};
} // namespace acme

//--- test.cpp
#include "acme.h"

// Defined in another translation unit.
bool valid(int id);

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// Nothing ends the child on the early return.
bool store(acme::Db &db, int id) {
  acme::Txn txn(db);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: transaction begun on 'txn' is left open on some path out of 'store'{{.*}} [txn-missing-rollback]
  auto child = txn.begin_nested();
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: transaction begun on 'child' is left open on some path out of 'store'{{.*}} [txn-missing-rollback]
  child.exec("INSERT INTO items (id) VALUES (1)");
  if (!valid(id)) {
    return false;
  }
  child.commit();
  return txn.commit();
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Rolling back the outer transaction rolls back the child.
bool give_up(acme::Db &db, int id) {
  acme::Txn txn(db);
  auto child = txn.begin_nested();
  child.exec("INSERT INTO items (id) VALUES (1)");
  if (!valid(id)) {
    txn.rollback();
    return false;
  }
  child.commit();
  return txn.commit();
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
          "constructor": {"operation": "begin", "arguments": 1},
          "methods": [
            {"name": "begin_nested", "operation": "begin", "handle": "result", "parent": "object"},
            {"name": "commit", "operation": "commit", "failure": "returns-bool"},
            {"name": "rollback", "operation": "rollback", "failure": "returns-bool"},
            {"name": "exec", "operation": "execute-sql", "sql-argument": 0, "failure": "returns-bool"}
          ]
        }
      ]
    }
  ]
}
