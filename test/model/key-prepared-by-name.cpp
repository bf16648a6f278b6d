// Statements prepared by name: `prepare(name, sql)` stores the SQL under a
// name and `run(name)` runs it later on the same connection. The name is the
// statement's handle ("statement": "argument:0", "handle": "argument:0"), so
// what `run("...")` does is what the SQL prepared under that name does.
//
// RUN: rm -rf %t && split-file --leading-lines %s %t
// RUN: %check_txnlint --model=%t/model.json %t/test.cpp txn-missing-rollback,txn-autocommit-multi-write %t/out -- -- -std=c++17 -I%t
// RUN: %txnlint --model=%t/model.json --dump-events --exit-zero %t/test.cpp -- -std=c++17 -I%t 2>/dev/null | FileCheck --check-prefix=DUMP %t/test.cpp

//--- acme.h
namespace acme {
class Db {
public:
  bool prepare(const char *name, const char *sql);
  bool run(const char *name);
};
} // namespace acme

//--- test.cpp
#include "acme.h"

// The statement prepared as "begin" begins; the one prepared as "move"
// writes, and an early return leaves the transaction open.
bool move_item(acme::Db &db, bool ok) {
  db.prepare("begin", "BEGIN");
  db.prepare("move", "UPDATE items SET bin = 2");
  db.prepare("commit", "COMMIT");
  if (!db.run("begin"))
    return false;
  // DUMP: :[[@LINE-2]]:8: remark: begin on 'db' (failure: returns-bool) [txnlint-dump-events]
  // CHECK-MESSAGES: :[[@LINE-3]]:8: warning: transaction begun on 'db' is left open {{.*}} [txn-missing-rollback]
  db.run("move");
  // DUMP: :[[@LINE-1]]:3: remark: write on 'db' (failure: returns-bool) [txnlint-dump-events]
  if (!ok)
    return false;
  return db.run("commit");
}

// Two writes prepared by name and run outside a transaction.
void archive(acme::Db &db) {
  db.prepare("copy", "INSERT INTO archive SELECT * FROM items");
  db.prepare("purge", "DELETE FROM items");
  db.run("copy");
  db.run("purge");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: {{.*}} [txn-autocommit-multi-write]
}

// Negative: the same two writes inside a transaction begun by name.
bool archive_safely(acme::Db &db) {
  db.prepare("begin", "BEGIN");
  db.prepare("copy", "INSERT INTO archive SELECT * FROM items");
  db.prepare("purge", "DELETE FROM items");
  db.prepare("commit", "COMMIT");
  db.prepare("rollback", "ROLLBACK");
  if (!db.run("begin"))
    return false;
  if (!db.run("copy") || !db.run("purge")) {
    db.run("rollback");
    return false;
  }
  return db.run("commit");
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
            {"name": "prepare", "operation": "prepare-sql", "sql-argument": 1, "statement": "argument:0", "failure": "returns-bool"},
            {"name": "run", "operation": "execute-prepared", "handle": "argument:0", "failure": "returns-bool"}
          ]
        }
      ]
    }
  ]
}
