// "returns": "self": a method that returns its own object (fluent
// `stmt.bind(1).bind(2).execute()`, `q->bind(1)->run()`). The chain's
// handle is the original statement, and so its connection: the writes of
// prepared statements run through a chain are writes on the connection.
//
// RUN: rm -rf %t && split-file --leading-lines %s %t
// RUN: %check_txnlint --model=%t/model.json %t/test.cpp txn-autocommit-multi-write %t/out -- -- -std=c++17 -I%t
// RUN: %txnlint --model=%t/model.json --dump-events --exit-zero %t/test.cpp -- -std=c++17 -I%t 2>/dev/null | FileCheck --check-prefix=DUMP %t/test.cpp
//
// Without the key, the chain's result is a handle of its own.
// RUN: sed 's/"returns": "self"/"operation": "none"/' %t/model.json > %t/plain.json
// RUN: %txnlint --model=%t/plain.json --checks=-*,txn-autocommit-multi-write %t/test.cpp -- -std=c++17 -I%t > %t/plain.out 2>&1; echo "exit=$?" >> %t/plain.out
// RUN: FileCheck --check-prefix=PLAIN --implicit-check-not=warning: %s < %t/plain.out
// PLAIN: exit=0

//--- acme.h
namespace acme {
class Connection {
public:
  bool begin();
  bool commit();
};
class Statement {
public:
  Statement(Connection &c, const char *sql);
  Statement &bind(int value);
  Statement *bindNext(int value);
  bool execute();
};
} // namespace acme

//--- test.cpp
#include "acme.h"

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// Two prepared writes run through chains, each in its own autocommitted
// transaction.
void record(acme::Connection &c, int id) {
  acme::Statement ins(c, "INSERT INTO orders (id) VALUES (?)");
  // DUMP: :[[@LINE+1]]:3: remark: write on 'c' (failure: returns-bool) [txnlint-dump-events]
  ins.bind(id).bind(2).execute();
  acme::Statement upd(c, "UPDATE totals SET n = n + ?");
  // DUMP: :[[@LINE+1]]:3: remark: write on 'c' (failure: returns-bool) [txnlint-dump-events]
  upd.bindNext(1)->bindNext(2)->execute();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: {{.*}} [txn-autocommit-multi-write]
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// The same chains inside a transaction.
bool record_in_transaction(acme::Connection &c, int id) {
  if (!c.begin())
    return false;
  acme::Statement ins(c, "INSERT INTO orders (id) VALUES (?)");
  ins.bind(id).bind(2).execute();
  acme::Statement upd(c, "UPDATE totals SET n = n + ?");
  upd.bindNext(1)->bindNext(2)->execute();
  return c.commit();
}

// Reads through chains.
void look(acme::Connection &c) {
  acme::Statement a(c, "SELECT id FROM orders WHERE id = ?");
  a.bind(1).execute();
  acme::Statement b(c, "SELECT n FROM totals WHERE id = ?");
  b.bind(2).execute();
}

//--- model.json
{
  "profiles": [
    {
      "name": "acme",
      "types": [
        {
          "name": "acme::Connection",
          "role": "session",
          "methods": [
            {"name": "begin", "operation": "begin", "failure": "returns-bool"},
            {"name": "commit", "operation": "commit", "failure": "returns-bool"}
          ]
        },
        {
          "name": "acme::Statement",
          "role": "statement",
          "constructor": {"operation": "prepare-sql", "handle": "argument:0", "sql-argument": 1, "statement": "object"},
          "methods": [
            {"name": "bind", "returns": "self"},
            {"name": "bindNext", "returns": "self"},
            {"name": "execute", "operation": "execute-prepared", "failure": "returns-bool"}
          ]
        }
      ]
    }
  ]
}
