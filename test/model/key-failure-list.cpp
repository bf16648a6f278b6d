// "failure": ["returns-bool", "exception"]: an operation that reports
// failure both by its result and by throwing. A tested result still tells
// the failure branch, and the call may also leave by an exception.
//
// RUN: rm -rf %t && split-file --leading-lines %s %t
// RUN: %check_txnlint --model=%t/model.json %t/test.cpp txn-missing-rollback %t/out -- -- -std=c++17 -I%t
// RUN: %txnlint --model=%t/model.json --dump-model | FileCheck --check-prefix=DUMP %s
// DUMP:      "name": "acme",
// DUMP:      "name": "exec",
// DUMP-NEXT: "operation": "execute-sql",
// DUMP-NEXT: "sql-argument": 0,
// DUMP-NEXT: "failure": [
// DUMP-NEXT:   "returns-bool",
// DUMP-NEXT:   "exception"
// DUMP-NEXT: ]
//
// With the result alone, the same code is fine.
// RUN: sed 's/\["returns-bool", "exception"\]/"returns-bool"/' %t/model.json > %t/plain.json
// RUN: %txnlint --model=%t/plain.json --checks=-*,txn-missing-rollback %t/test.cpp -- -std=c++17 -I%t > %t/plain.out 2>&1; echo "exit=$?" >> %t/plain.out
// RUN: FileCheck --check-prefix=PLAIN --implicit-check-not=warning: %s < %t/plain.out
// PLAIN: exit=0

//--- acme.h
namespace acme {
class Db {
public:
  bool begin();
  bool commit();
  bool rollback();
  bool exec(const char *sql);
};
} // namespace acme

//--- test.cpp
#include "acme.h"

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// The failed result is handled, the exception is not.
bool save(acme::Db &db) {
  if (!db.begin())
    // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: {{.*}} [txn-missing-rollback]
    return false;
  if (!db.exec("INSERT INTO orders (id) VALUES (1)")) {
    db.rollback();
    return false;
  }
  return db.commit();
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Both handled.
bool save_handled(acme::Db &db) {
  if (!db.begin())
    return false;
  try {
    if (!db.exec("INSERT INTO orders (id) VALUES (1)")) {
      db.rollback();
      return false;
    }
  } catch (...) {
    db.rollback();
    throw;
  }
  return db.commit();
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
            {"name": "exec", "operation": "execute-sql", "sql-argument": 0, "failure": ["returns-bool", "exception"]}
          ]
        }
      ]
    }
  ]
}
