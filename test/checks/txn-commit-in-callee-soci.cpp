// txn-commit-in-callee with SOCI 4, compiled against the real headers in
// /usr/include/soci, and its TransactionOwners option. A function that is
// handed a soci::session or a soci::transaction and commits or rolls back
// (sql.commit(), tr.rollback(), sql << "COMMIT") without beginning on it
// ends its caller's transaction.
//
// TransactionOwners is a ';'-separated list of globs matched, ignoring case,
// against the function's unqualified and qualified names; the functions it
// names own the transactions they are handed (a transaction runner, the end
// of a request in a middleware) and are not reported. It is empty by
// default.
//
// Default options:
// RUN: %check_txnlint --check-suffixes=ALL,DEFAULT %s txn-commit-in-callee %t -- -- -std=c++20
//
// With TransactionOwners, on the command line (-config, both products):
// RUN: %check_txnlint --check-suffixes=ALL,OWNERS %s txn-commit-in-callee %t-owners \
// RUN:   -- "-config={CheckOptions: {txn-commit-in-callee.TransactionOwners: 'run_in_transaction;middleware::*;FINISH_*'}}" \
// RUN:   -- -std=c++20
//
// The same from a .clang-tidy file next to the source, which both products
// read:
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: printf "CheckOptions:\n  txn-commit-in-callee.TransactionOwners: 'run_in_transaction;middleware::*;FINISH_*'\n" > %t.dir/.clang-tidy
// RUN: %check_txnlint --check-suffixes=ALL,OWNERS %s txn-commit-in-callee %t.dir/options -- -- -std=c++20
//
// An invalid glob is a configuration warning; the valid ones still apply.
// RUN: %check_txnlint --check-suffixes=ALL,OWNERS,BAD %s txn-commit-in-callee %t-bad \
// RUN:   -- "-config={CheckOptions: {txn-commit-in-callee.TransactionOwners: 'commit[;run_in_transaction;middleware::*;FINISH_*'}}" \
// RUN:   -- -std=c++20
// CHECK-NOTES-BAD: warning: invalid glob 'commit[' in TransactionOwners: invalid glob pattern, unmatched '[' [clang-tidy-config]

#include <soci/soci.h>

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

// Defined in another translation unit.
void insert_line(soci::session &sql, int order_id, int line);
void for_each_batch(soci::session &sql,
                    const std::function<void(soci::session &)> &step);

struct Request {
  soci::session *sql;
  bool failed = false;
};

//===----------------------------------------------------------------------===//
// Positives with any option value
//===----------------------------------------------------------------------===//

// A helper that commits its caller's transaction.
void write_header(soci::session &sql, int order_id) {
  sql << "INSERT INTO orders (id) VALUES (:id)", soci::use(order_id);
  sql.commit();
  // CHECK-NOTES-ALL: :[[@LINE-1]]:3: warning: 'write_header' commits transaction on 'sql' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
  // CHECK-NOTES-ALL: :[[@LINE-4]]:34: note: the caller's transaction arrives through 'sql'
}

// Rolls back a soci::transaction object the caller constructed: the
// caller's tr.commit() then fails.
void write_lines(soci::transaction &tr, soci::session &sql,
                 const std::vector<int> &lines) {
  for (int line : lines) {
    if (line < 0) {
      tr.rollback();
      // CHECK-NOTES-ALL: :[[@LINE-1]]:7: warning: 'write_lines' rolls back transaction 'tr' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
      // CHECK-NOTES-ALL: :[[@LINE-6]]:37: note: the caller's transaction arrives through 'tr'
      return;
    }
    insert_line(sql, 1, line);
  }
}

// COMMIT and ROLLBACK written as SQL.
void settle(soci::session &sql, bool ok) {
  if (ok)
    sql << "COMMIT";
  // CHECK-NOTES-ALL: :[[@LINE-1]]:5: warning: 'settle' commits transaction on 'sql' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
  // CHECK-NOTES-ALL: :[[@LINE-4]]:28: note: the caller's transaction arrives through 'sql'
  else
    sql.once << "ROLLBACK";
  // CHECK-NOTES-ALL: :[[@LINE-1]]:5: warning: 'settle' rolls back transaction on 'sql' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
  // CHECK-NOTES-ALL: :[[@LINE-8]]:28: note: the caller's transaction arrives through 'sql'
}

// Through a pointer member of a passed object.
void close_request(Request &req) {
  req.sql->commit();
  // CHECK-NOTES-ALL: :[[@LINE-1]]:3: warning: 'close_request' commits transaction on 'req.sql' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
  // CHECK-NOTES-ALL: :[[@LINE-3]]:29: note: the caller's transaction arrives through 'req'
}

// Catches, rolls back and rethrows.
void import_rows(soci::session &sql, const std::vector<int> &ids) {
  try {
    for (int id : ids)
      insert_line(sql, id, 0);
  } catch (const soci::soci_error &) {
    sql.rollback();
    // CHECK-NOTES-ALL: :[[@LINE-1]]:5: warning: 'import_rows' rolls back transaction on 'sql' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
    // CHECK-NOTES-ALL: :[[@LINE-7]]:33: note: the caller's transaction arrives through 'sql'
    throw;
  }
}

//===----------------------------------------------------------------------===//
// Owners: reported by default, silent when TransactionOwners names them
//===----------------------------------------------------------------------===//

// The application's transaction runner: the dispatcher begins, and the
// runner commits or rolls back around the handler (unqualified glob).
void run_in_transaction(soci::session &sql,
                        const std::function<void(soci::session &)> &handler) {
  try {
    handler(sql);
  } catch (...) {
    sql.rollback();
    // CHECK-NOTES-DEFAULT: :[[@LINE-1]]:5: warning: 'run_in_transaction' rolls back transaction on 'sql' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
    // CHECK-NOTES-DEFAULT: :[[@LINE-7]]:40: note: the caller's transaction arrives through 'sql'
    throw;
  }
  sql.commit();
  // CHECK-NOTES-DEFAULT: :[[@LINE-1]]:3: warning: 'run_in_transaction' commits transaction on 'sql' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
  // CHECK-NOTES-DEFAULT: :[[@LINE-12]]:40: note: the caller's transaction arrives through 'sql'
}

// A middleware pair: begin_request() begins, end_request() ends (qualified
// glob middleware::*).
namespace middleware {
void begin_request(Request &req) { req.sql->begin(); }

void end_request(Request &req) {
  if (req.failed)
    req.sql->rollback();
  // CHECK-NOTES-DEFAULT: :[[@LINE-1]]:5: warning: 'middleware::end_request' rolls back transaction on 'req.sql' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
  // CHECK-NOTES-DEFAULT: :[[@LINE-4]]:27: note: the caller's transaction arrives through 'req'
  else
    req.sql->commit();
  // CHECK-NOTES-DEFAULT: :[[@LINE-1]]:5: warning: 'middleware::end_request' commits transaction on 'req.sql' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
  // CHECK-NOTES-DEFAULT: :[[@LINE-8]]:27: note: the caller's transaction arrives through 'req'
}
} // namespace middleware

// Matched ignoring case (FINISH_* names finish_unit_of_work).
void finish_unit_of_work(soci::transaction &tr) {
  tr.commit();
  // CHECK-NOTES-DEFAULT: :[[@LINE-1]]:3: warning: 'finish_unit_of_work' commits transaction 'tr' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
  // CHECK-NOTES-DEFAULT: :[[@LINE-3]]:45: note: the caller's transaction arrives through 'tr'
}

// Not named by the option: reported either way.
namespace orders {
void run_step(soci::session &sql) {
  sql.commit();
  // CHECK-NOTES-ALL: :[[@LINE-1]]:3: warning: 'orders::run_step' commits transaction on 'sql' that it received from its caller; let the caller that owns the transaction decide [txn-commit-in-callee]
  // CHECK-NOTES-ALL: :[[@LINE-3]]:30: note: the caller's transaction arrives through 'sql'
}
} // namespace orders

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Handed the session, the function begins its own transaction by
// constructing a soci::transaction, and commits it.
void save_order(soci::session &sql, int order_id) {
  soci::transaction tr(sql);
  sql << "INSERT INTO orders (id) VALUES (:id)", soci::use(order_id);
  tr.commit();
}

// begin() and commit()/rollback() on the session it was handed.
bool save_lines(soci::session &sql, const std::vector<int> &lines) {
  sql.begin();
  for (int line : lines) {
    if (line < 0) {
      sql.rollback();
      return false;
    }
    insert_line(sql, 1, line);
  }
  sql.commit();
  return true;
}

// BEGIN and COMMIT written as SQL.
void clear_cart(soci::session &sql) {
  sql << "BEGIN";
  sql << "DELETE FROM cart";
  sql << "COMMIT";
}

// A soci::transaction that is not committed rolls back in its destructor:
// this function's own transaction.
void dry_run(soci::session &sql, int order_id) {
  soci::transaction tr(sql);
  sql << "DELETE FROM orders WHERE id = :id", soci::use(order_id);
}

// A nested unit of work: savepoints leave the caller's transaction alone.
bool add_line(soci::session &sql, int order_id, int line) {
  sql << "SAVEPOINT add_line";
  try {
    insert_line(sql, order_id, line);
  } catch (const soci::soci_error &) {
    sql << "ROLLBACK TO SAVEPOINT add_line";
    return false;
  }
  sql << "RELEASE SAVEPOINT add_line";
  return true;
}

// Works in the caller's transaction and leaves the decision to it.
void write_footer(soci::session &sql, int order_id) {
  sql << "UPDATE orders SET complete = 1 WHERE id = :id", soci::use(order_id);
}

// Closing a session is not a commit or a rollback.
void disconnect(soci::session &sql) { sql.close(); }

// A class that owns its session: members of `this` are its own.
class Repository {
public:
  void begin() { m_sql.begin(); }
  void commit() { m_sql.commit(); }
  void rollback() { this->m_sql.rollback(); }

private:
  soci::session m_sql;
};

// A lambda's parameter is handed over by whoever calls it back.
void import_all(soci::session &sql) {
  for_each_batch(sql, [](soci::session &s) {
    s << "INSERT INTO imported SELECT * FROM staging";
    s.commit();
  });
}

// The caller that owns the transaction.
void place_order(soci::session &sql, int order_id) {
  soci::transaction tr(sql);
  write_footer(sql, order_id);
  if (!add_line(sql, order_id, 1))
    throw std::runtime_error("cannot add line");
  tr.commit();
}
