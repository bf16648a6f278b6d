// "implicit-transactions": true on a session type: the connection is never
// in autocommit mode (JDBC or ODBC with autocommit off, Oracle OCI), so a
// write outside a transaction begins one. txn-missing-rollback reports an
// exit that leaves such writes uncommitted, and txn-autocommit-multi-write
// stays silent: no write on it commits on its own.
//
// RUN: rm -rf %t && split-file --leading-lines %s %t
// RUN: %check_txnlint --model=%t/model.json %t/test.cpp txn-missing-rollback,txn-autocommit-multi-write %t/out -- -- -std=c++17 -I%t
// RUN: %txnlint --model=%t/model.json --dump-events --exit-zero %t/test.cpp -- -std=c++17 -I%t 2>/dev/null | FileCheck --check-prefix=DUMP %t/test.cpp

//--- acme.h
namespace acme {
class OciSession {
public:
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

// The early return leaves the first write uncommitted.
bool archive(acme::OciSession &s, int id) {
  // DUMP: :[[@LINE+2]]:3: remark: begin on 's' (implicit) [txnlint-dump-events]
  // DUMP: :[[@LINE+1]]:3: remark: write on 's' (failure: returns-bool) [txnlint-dump-events]
  s.exec("UPDATE orders SET archived = 1");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: transaction begun on 's' is left open {{.*}} [txn-missing-rollback]
  if (!valid(id))
    return false;
  s.exec("DELETE FROM cart WHERE order_id = 1");
  return s.commit();
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Two writes in the transaction the first one began: no autocommit pair.
bool move(acme::OciSession &s, int id) {
  s.exec("UPDATE orders SET bin = 2");
  s.exec("UPDATE bins SET used = used + 1");
  if (!valid(id)) {
    s.rollback();
    return false;
  }
  return s.commit();
}

//--- model.json
{
  "profiles": [
    {
      "name": "acme",
      "types": [
        {
          "name": "acme::OciSession",
          "role": "session",
          "implicit-transactions": true,
          "methods": [
            {"name": "commit", "operation": "commit", "failure": "returns-bool"},
            {"name": "rollback", "operation": "rollback", "failure": "returns-bool"},
            {"name": "exec", "operation": "execute-sql", "sql-argument": 0, "failure": "returns-bool"}
          ]
        }
      ]
    }
  ]
}
