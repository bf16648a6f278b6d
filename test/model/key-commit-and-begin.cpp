// "operation": "commit-and-begin": a method that commits and at once begins
// a new transaction on the same handle (commitAndStartNew). It is a commit
// then a begin: the new transaction must be ended too, and writes after it
// are in a new workflow, not "written again after the commit".
//
// RUN: rm -rf %t && split-file --leading-lines %s %t
// RUN: %check_txnlint --model=%t/model.json %t/test.cpp txn-missing-rollback,txn-commit-before-validation %t/out -- -- -std=c++17 -I%t
// RUN: %txnlint --model=%t/model.json --dump-events --exit-zero %t/test.cpp -- -std=c++17 -I%t 2>/dev/null | FileCheck --check-prefix=DUMP %t/test.cpp

//--- acme.h
namespace acme {
class Session {
public:
  bool begin();
  bool commit();
  bool rollback();
  bool commitAndStartNew();
  bool exec(const char *sql);
};
} // namespace acme

//--- test.cpp
#include "acme.h"

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// The transaction begun by commitAndStartNew() is left open.
void import_batches(acme::Session &s) {
  if (!s.begin())
    return;
  s.exec("INSERT INTO batch (id) VALUES (1)");
  // Remarks at one place are printed in the order of their text.
  // DUMP: :[[@LINE+2]]:3: remark: begin on 's' (failure: returns-bool) [txnlint-dump-events]
  // DUMP: :[[@LINE+1]]:3: remark: commit on 's' (failure: returns-bool) [txnlint-dump-events]
  s.commitAndStartNew();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: transaction begun on 's' is left open {{.*}} [txn-missing-rollback]
  s.exec("INSERT INTO batch (id) VALUES (2)");
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// The new transaction is committed; the write after commitAndStartNew() is
// inside it.
bool import_all(acme::Session &s) {
  if (!s.begin())
    return false;
  s.exec("INSERT INTO batch (id) VALUES (1)");
  if (!s.commitAndStartNew()) {
    s.rollback();
    return false;
  }
  s.exec("INSERT INTO batch (id) VALUES (2)");
  return s.commit();
}

//--- model.json
{
  "profiles": [
    {
      "name": "acme",
      "types": [
        {
          "name": "acme::Session",
          "role": "session",
          "methods": [
            {"name": "begin", "operation": "begin", "failure": "returns-bool"},
            {"name": "commit", "operation": "commit", "failure": "returns-bool"},
            {"name": "rollback", "operation": "rollback", "failure": "returns-bool"},
            {"name": "commitAndStartNew", "operation": "commit-and-begin", "failure": "returns-bool"},
            {"name": "exec", "operation": "execute-sql", "sql-argument": 0, "failure": "returns-bool"}
          ]
        }
      ]
    }
  ]
}
