// "arguments" on a constructor, as on methods and functions: only the
// overload with that many parameters is modelled. A default-constructed
// placeholder that lacks the connection begins nothing.
//
// RUN: rm -rf %t && split-file --leading-lines %s %t
// RUN: %check_txnlint --model=%t/model.json %t/test.cpp txn-missing-rollback %t/out -- -- -std=c++17 -I%t
// RUN: %txnlint --model=%t/model.json --dump-events --exit-zero %t/test.cpp -- -std=c++17 -I%t 2>/dev/null | FileCheck --check-prefix=DUMP --implicit-check-not=remark: %t/test.cpp

//--- acme.h
namespace acme {
class Db {};
class Txn {
public:
  Txn();
  explicit Txn(Db &db);
  bool commit();
  bool rollback();
};
} // namespace acme

//--- test.cpp
#include "acme.h"

// Defined in another translation unit.
bool valid(int id);

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

bool store(acme::Db &db, int id) {
  // DUMP: :[[@LINE+1]]:13: remark: begin on 'txn' [txnlint-dump-events]
  acme::Txn txn(db);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: transaction begun on 'txn' is left open on some path out of 'store'{{.*}} [txn-missing-rollback]
  if (!valid(id))
    return false;
  // DUMP: :[[@LINE+1]]:10: remark: commit on 'txn' (failure: returns-bool) [txnlint-dump-events]
  return txn.commit();
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// A placeholder, filled elsewhere or never.
bool placeholder(int id) {
  acme::Txn txn;
  return valid(id);
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
            {"name": "commit", "operation": "commit", "failure": "returns-bool"},
            {"name": "rollback", "operation": "rollback", "failure": "returns-bool"}
          ]
        }
      ]
    }
  ]
}
