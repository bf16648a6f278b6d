// "joins": true on a begin: on a handle already inside a transaction the
// begin opens nothing new but joins it (a nesting counter, as in Akonadi's
// DataStore::beginTransaction); the commit or rollback that matches it only
// ends that participation. An early exit inside the inner participation
// still leaves the outer transaction open, and the inner commit commits
// nothing: a failure after it is no validation after the commit.
//
// RUN: rm -rf %t && split-file --leading-lines %s %t
// RUN: %check_txnlint --model=%t/model.json %t/test.cpp txn-missing-rollback,txn-commit-before-validation,txn-use-after-end %t/out -- -- -std=c++17 -I%t
// RUN: %txnlint --model=%t/model.json --dump-events --exit-zero %t/test.cpp -- -std=c++17 -I%t 2>/dev/null | FileCheck --check-prefix=DUMP %t/test.cpp

//--- acme.h
namespace acme {
class Db {
public:
  // Sends BEGIN at depth 0 only; COMMIT when the depth is back to 0.
  bool begin();
  bool commit();
  bool rollback();
  bool exec(const char *sql);
};
} // namespace acme

//--- test.cpp
#include "acme.h"

bool valid(int id);

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// The early return inside the inner participation leaves the outer
// transaction open.
bool archive(acme::Db &db, int id) {
  if (!db.begin())
    // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: transaction begun on 'db' is left open {{.*}} [txn-missing-rollback]
    return false;
  // DUMP: :[[@LINE+1]]:3: remark: begin on 'db' (joins) (failure: returns-bool) [txnlint-dump-events]
  db.begin();
  db.exec("UPDATE orders SET archived = 1");
  if (!valid(id))
    return false;
  db.commit();
  return db.commit();
}

// The inner commit commits nothing: the validation after the outer commit
// is still too late.
bool rename(acme::Db &db, int id) {
  if (!db.begin())
    return false;
  db.begin();
  db.exec("UPDATE orders SET name = 'x'");
  db.commit();
  if (!db.commit())
    return false;
  // CHECK-MESSAGES: :[[@LINE-2]]:8: warning: transaction on 'db' is committed before 'valid' can fail{{.*}} [txn-commit-before-validation]
  if (!valid(id))
    return false;
  return true;
}

// With nothing open, a joining begin is a begin like any other.
bool touch(acme::Db &db, int id) {
  if (!db.begin())
    // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: transaction begun on 'db' is left open {{.*}} [txn-missing-rollback]
    return false;
  db.exec("UPDATE orders SET touched = 1");
  if (!valid(id))
    return false;
  return db.commit();
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// A validation after the inner commit is still inside the outer
// transaction, which its failure path rolls back; the outer commit is no
// second commit.
bool move(acme::Db &db, int id) {
  if (!db.begin())
    return false;
  db.begin();
  db.exec("UPDATE orders SET bin = 2");
  db.commit();
  if (!valid(id)) {
    db.rollback();
    return false;
  }
  return db.commit();
}

// Two levels of joining, each ended.
bool nest(acme::Db &db) {
  if (!db.begin())
    return false;
  db.begin();
  db.begin();
  db.exec("DELETE FROM orders WHERE id = 1");
  db.commit();
  db.commit();
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
            {"name": "begin", "operation": "begin", "joins": true, "failure": "returns-bool"},
            {"name": "commit", "operation": "commit", "failure": "returns-bool"},
            {"name": "rollback", "operation": "rollback", "failure": "returns-bool"},
            {"name": "exec", "operation": "execute-sql", "sql-argument": 0, "failure": "returns-bool"}
          ]
        }
      ]
    }
  ]
}
