// "read-only": true on a begin (a method, or an RAII type's constructor):
// the transaction only reads, so a failed commit loses nothing and
// txn-unchecked-commit does not ask to check it, even where the analysis
// cannot see that nothing is written (a call to code defined elsewhere).
//
// RUN: rm -rf %t && split-file --leading-lines %s %t
// RUN: %check_txnlint --model=%t/model.json %t/test.cpp txn-unchecked-commit %t/out -- -- -std=c++17 -I%t
// RUN: %txnlint --model=%t/model.json --dump-events --exit-zero %t/test.cpp -- -std=c++17 -I%t 2>/dev/null | FileCheck --check-prefix=DUMP %t/test.cpp

//--- acme.h
namespace acme {
class Db {
public:
  bool begin();
  bool beginRead();
  bool commit();
  bool exec(const char *sql);
};
class Snapshot {
public:
  explicit Snapshot(Db &db);
  bool commit();
};
} // namespace acme

//--- test.cpp
#include "acme.h"

// Defined in another translation unit: it may write.
int report();

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// An ordinary transaction around a call that may write.
int totals(acme::Db &db) {
  db.begin();
  int n = report();
  db.commit();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the result of committing transaction on 'db' is not checked{{.*}} [txn-unchecked-commit]
  return n;
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// The same, read-only.
int totals_read_only(acme::Db &db) {
  // DUMP: :[[@LINE+1]]:3: remark: begin on 'db' (read-only) (failure: returns-bool) [txnlint-dump-events]
  db.beginRead();
  int n = report();
  db.commit();
  return n;
}

// A read-only RAII transaction.
int totals_snapshot(acme::Db &db) {
  // DUMP: :[[@LINE+1]]:18: remark: begin on 'snap' (read-only) [txnlint-dump-events]
  acme::Snapshot snap(db);
  int n = report();
  snap.commit();
  return n;
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
            {"name": "beginRead", "operation": "begin", "read-only": true, "failure": "returns-bool"},
            {"name": "commit", "operation": "commit", "failure": "returns-bool"},
            {"name": "exec", "operation": "execute-sql", "sql-argument": 0, "failure": "returns-bool"}
          ]
        },
        {
          "name": "acme::Snapshot",
          "role": "transaction",
          "constructor": {"operation": "begin", "read-only": true},
          "methods": [
            {"name": "commit", "operation": "commit", "failure": "returns-bool"}
          ]
        }
      ]
    }
  ]
}
