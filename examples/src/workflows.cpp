// order-workflows <database-file> <workflow>
// One workflow of the order service on a database file, as a test runs it:
// the exit status says whether the workflow reported success. `setup`
// creates the database the others work on (a catalogue, an unpaid and a paid
// order); `txnlint faultsim` then runs a workflow once per database call it
// makes, with that call failing (see run-demo.sh and docs/faultsim.md).
#include "audit.h"
#include "billing.h"
#include "db.h"
#include "inventory.h"
#include "orders.h"

#include <cstdio>
#include <cstring>
#include <exception>
#include <string>

using namespace shop;

namespace {

bool setup(sqlite3 *db) {
  const std::size_t stored = import_stock(
      db, {{"KB-101", "Mechanical keyboard", 8900, 12}, {"CB-USB", "USB-C cable", 900, 150}},
      2);
  const std::int64_t keyboard = product_id(db, "KB-101");
  const std::int64_t unpaid = place_order(db, {"ada@example.com", {{keyboard, 1}}});
  const std::int64_t paid = place_order(db, {"bob@example.com", {{keyboard, 1}}});
  return stored == 2 && unpaid == 1 && paid == 2 && pay_order(db, paid, 8900);
}

// Runs `workflow`; whether it reported success.
bool run(sqlite3 *db, const std::string &workflow) {
  if (workflow == "setup")
    return setup(db);
  // Correct: all or nothing, and the result says which.
  if (workflow == "place")
    return place_order(db, {"cy@example.com", {{product_id(db, "CB-USB"), 2}}}) > 0;
  if (workflow == "adjust")
    return adjust_stock(db, product_id(db, "CB-USB"), -10, "damaged in transit");
  // txn-commit-before-validation: the payment is committed before the
  // amount is checked.
  if (workflow == "pay")
    return pay_order(db, 1, 8900);
  // txn-unchecked-commit: a failed COMMIT is reported as success.
  if (workflow == "refund")
    return refund_order(db, 2);
  // txn-missing-rollback: a failed insert leaves the first batch's
  // transaction open, and the second batch's COMMIT stores what it had
  // written.
  if (workflow == "events") {
    record_events(db, {{"login", "ada"}, {"login", "bob"}});
    record_events(db, {{"logout", "ada"}, {"logout", "bob"}});
    return true;
  }
  std::fprintf(stderr, "order-workflows: unknown workflow '%s'\n", workflow.c_str());
  return false;
}

} // namespace

int main(int argc, char **argv) {
  if (argc != 3) {
    std::fprintf(stderr,
                 "usage: order-workflows <database-file> "
                 "setup|place|adjust|pay|refund|events\n");
    return 2;
  }
  sqlite3 *db = nullptr;
  try {
    db = open_database(argv[1]);
  } catch (const std::exception &e) {
    std::fprintf(stderr, "order-workflows: %s\n", e.what());
    return 1;
  }
  const bool ok = run(db, argv[2]);
  close_database(db);
  return ok ? 0 : 1;
}
