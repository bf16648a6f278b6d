// "returns": "shared-handle": an accessor whose result is the one shared
// connection (DataStore::self(), instance(shard)). Every call of it, and a
// local reference or pointer initialized from one, names the same handle,
// in this function and in the helpers it calls.
//
// RUN: rm -rf %t && split-file --leading-lines %s %t
// RUN: %check_txnlint --model=%t/model.json %t/test.cpp txn-missing-rollback,txn-autocommit-multi-write %t/out -- -- -std=c++17 -I%t
//
// Without the key, the alias and the accessor are two handles.
// RUN: sed 's/"returns": "shared-handle"/"operation": "none"/' %t/model.json > %t/plain.json
// RUN: %txnlint --model=%t/plain.json --checks=-*,txn-autocommit-multi-write %t/test.cpp -- -std=c++17 -I%t > %t/plain.out 2>&1; echo "exit=$?" >> %t/plain.out
// RUN: FileCheck --check-prefix=PLAIN --implicit-check-not=warning: %s < %t/plain.out
// PLAIN: exit=0

//--- acme.h
namespace acme {
class DataStore {
public:
  static DataStore *self();
  bool begin();
  bool commit();
  bool rollback();
  bool exec(const char *sql);
};
DataStore &instance(int shard);
} // namespace acme

//--- test.cpp
#include "acme.h"

// Defined in another translation unit.
bool valid(int id);

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// Two autocommitted writes: one through a local alias, one through the
// accessor.
void touch_twice() {
  acme::DataStore &db = *acme::DataStore::self();
  db.exec("INSERT INTO log (id) VALUES (1)");
  acme::DataStore::self()->exec("UPDATE totals SET n = n + 1");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'acme::DataStore::self()' is written again outside any transaction{{.*}} [txn-autocommit-multi-write]
}

// Begun through the accessor, committed through an alias on one path only.
bool archive(int id) {
  if (!acme::DataStore::self()->begin())
    return false;
  acme::DataStore *store = acme::DataStore::self();
  store->exec("UPDATE orders SET archived = 1");
  if (!valid(id))
    return false;
  // CHECK-MESSAGES: :[[@LINE-6]]:8: warning: transaction begun on 'acme::DataStore::self()' is left open on some path out of 'archive'{{.*}} [txn-missing-rollback]
  return store->commit();
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Begun through an alias, ended through the accessor.
bool archive_all() {
  acme::DataStore *store = acme::DataStore::self();
  if (!store->begin())
    return false;
  store->exec("UPDATE orders SET archived = 1");
  if (!acme::DataStore::self()->exec("DELETE FROM cart")) {
    acme::DataStore::self()->rollback();
    return false;
  }
  return acme::DataStore::self()->commit();
}

// Whatever its arguments, the accessor returns the same connection.
bool rebalance() {
  if (!acme::instance(0).begin())
    return false;
  acme::instance(1).exec("UPDATE shards SET weight = 2");
  acme::instance(2).exec("UPDATE shards SET weight = 3");
  return acme::instance(3).commit();
}

// A helper that writes through the accessor, under the caller's
// transaction on an alias.
static void bump() { acme::DataStore::self()->exec("UPDATE totals SET n = n + 1"); }

bool bump_twice() {
  acme::DataStore &db = *acme::DataStore::self();
  if (!db.begin())
    return false;
  bump();
  bump();
  return db.commit();
}

//--- model.json
{
  "profiles": [
    {
      "name": "acme",
      "types": [
        {
          "name": "acme::DataStore",
          "role": "session",
          "methods": [
            {"name": "begin", "operation": "begin", "failure": "returns-bool"},
            {"name": "commit", "operation": "commit", "failure": "returns-bool"},
            {"name": "rollback", "operation": "rollback", "failure": "returns-bool"},
            {"name": "exec", "operation": "execute-sql", "sql-argument": 0, "failure": "returns-bool"}
          ]
        }
      ],
      "functions": [
        {"name": "acme::DataStore::self", "returns": "shared-handle"},
        {"name": "acme::instance", "returns": "shared-handle"}
      ]
    }
  ]
}
