// txn-side-effect-before-commit with SQLiteC++ 3, compiled against the real
// headers in /usr/include/SQLiteCpp and <fstream>. SQLite::Transaction
// begins when it is constructed and commits in commit(); BEGIN and COMMIT
// can also be written with Database::exec. SQLite::Savepoint::release()
// releases a savepoint; it is not the commit.
//
// libcurl and hiredis are not installed on the test machines:
// curl_easy_perform and redisCommand below are stand-ins declared with the
// libraries' names and C linkage; only the names matter to the check.
//
// RUN: %check_txnlint %s txn-side-effect-before-commit %t -- -- -std=c++20

#include <SQLiteCpp/SQLiteCpp.h>
#include <SQLiteCpp/Savepoint.h>

#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

// Stand-ins for libcurl and hiredis (see above).
extern "C" int curl_easy_perform(void *curl);
extern "C" void *redisCommand(void *context, const char *format, ...);

// Defined in another translation unit.
void after_commit(std::function<void()> action);
namespace mailer {
void send_mail(const std::string &to, const std::string &body);
} // namespace mailer

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// The payment is captured before the order commits.
void place_order(SQLite::Database &db, void *payment, int id) {
  SQLite::Transaction tx(db);
  SQLite::Statement insert(db, "INSERT INTO orders (id) VALUES (?)");
  insert.bind(1, id);
  insert.exec();
  curl_easy_perform(payment);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'curl_easy_perform' has an effect outside the database but runs before transaction 'tx' commits; a rollback or a failed commit cannot undo it, so move it after the commit or record it in an outbox table [txn-side-effect-before-commit]
  // CHECK-NOTES: :[[@LINE+1]]:3: note: the transaction commits here
  tx.commit();
}

// A cache update in Redis and a mail, with BEGIN and COMMIT written as SQL.
void rename_product(SQLite::Database &db, void *redis, const std::string &name) {
  db.exec("BEGIN IMMEDIATE");
  db.exec("UPDATE products SET name = 'new' WHERE id = 1");
  redisCommand(redis, "SET product:1 %s", name.c_str());
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'redisCommand' has an effect outside the database but runs before transaction on 'db' commits; a rollback or a failed commit cannot undo it, so move it after the commit or record it in an outbox table [txn-side-effect-before-commit]
  // CHECK-NOTES: :[[@LINE+4]]:3: note: the transaction commits here
  mailer::send_mail("catalog@example.com", "renamed");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'mailer::send_mail' has an effect outside the database but runs before transaction on 'db' commits; a rollback or a failed commit cannot undo it, so move it after the commit or record it in an outbox table [txn-side-effect-before-commit]
  // CHECK-NOTES: :[[@LINE+1]]:3: note: the transaction commits here
  db.exec("COMMIT");
}

// A file written inside a savepoint: its release is not the commit, the
// transaction's commit() is.
void export_orders(SQLite::Database &db, std::ofstream &out,
                   const std::vector<int> &ids) {
  SQLite::Transaction tx(db);
  {
    SQLite::Savepoint sp(db, "export");
    for (int id : ids) {
      SQLite::Statement mark(db, "UPDATE orders SET exported = 1 WHERE id = ?");
      mark.bind(1, id);
      mark.exec();
      out << id << '\n';
      // CHECK-NOTES: :[[@LINE-1]]:7: warning: writing to 'out' has an effect outside the database but runs before transaction 'tx' commits; a rollback or a failed commit cannot undo it, so move it after the commit or record it in an outbox table [txn-side-effect-before-commit]
      // CHECK-NOTES: :[[@LINE+4]]:3: note: the transaction commits here
    }
    sp.release();
  }
  tx.commit();
}

// A commit that only some paths reach still follows the effect.
bool archive(SQLite::Database &db, std::fstream &journal, bool keep) {
  SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
  db.exec("INSERT INTO archive SELECT * FROM orders");
  journal.write("archived\n", 9);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: writing to 'journal' has an effect outside the database but runs before transaction 'tx' commits; a rollback or a failed commit cannot undo it, so move it after the commit or record it in an outbox table [txn-side-effect-before-commit]
  // CHECK-NOTES: :[[@LINE+3]]:3: note: the transaction commits here
  if (!keep)
    return false; // the destructor rolls back
  tx.commit();
  return true;
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// After the commit: the fix.
void place_order_fixed(SQLite::Database &db, void *payment, int id) {
  {
    SQLite::Transaction tx(db);
    SQLite::Statement insert(db, "INSERT INTO orders (id) VALUES (?)");
    insert.bind(1, id);
    insert.exec();
    tx.commit();
  }
  curl_easy_perform(payment);
  mailer::send_mail("customer@example.com", "order placed");
}

// The outbox: the mail is a row of the same transaction.
void place_with_outbox(SQLite::Database &db, int id) {
  SQLite::Transaction tx(db);
  db.exec("INSERT INTO orders (id) VALUES (1)");
  db.exec("INSERT INTO outbox (kind, payload) VALUES ('mail', 'order placed')");
  tx.commit();
}

// Deferred until after the commit.
void place_deferred(SQLite::Database &db, int id) {
  SQLite::Transaction tx(db);
  db.exec("INSERT INTO orders (id) VALUES (1)");
  after_commit([id] {
    mailer::send_mail("customer@example.com", "order " + std::to_string(id));
  });
  tx.commit();
}

// Never committed: the Transaction's destructor rolls back.
void preview(SQLite::Database &db, void *hook) {
  SQLite::Transaction tx(db);
  db.exec("UPDATE prices SET amount = amount * 2");
  curl_easy_perform(hook);
}

// A savepoint released inside a transaction that is then rolled back: no
// commit follows.
void trial(SQLite::Database &db, std::ofstream &out) {
  SQLite::Transaction tx(db);
  SQLite::Savepoint sp(db, "trial");
  db.exec("DELETE FROM staging");
  out << "trial\n";
  sp.release();
}

// Before the transaction begins, and between two transactions.
void two_steps(SQLite::Database &db, void *hook, std::ofstream &out) {
  curl_easy_perform(hook);
  {
    SQLite::Transaction first(db);
    db.exec("UPDATE jobs SET state = 'sent'");
    first.commit();
  }
  out << "sent\n";
  SQLite::Transaction second(db);
  db.exec("UPDATE jobs SET state = 'acknowledged'");
  second.commit();
}

// Logging and in-memory text are not effects to undo; neither is reading.
void save_logged(SQLite::Database &db, const std::string &path, int id) {
  SQLite::Transaction tx(db);
  std::ostringstream text;
  text << "saving " << id;
  std::cerr << text.str() << '\n';
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  db.exec("INSERT INTO orders (id) VALUES (1)");
  tx.commit();
}

// A function without a transaction.
void notify_only(void *hook, std::ofstream &out) {
  curl_easy_perform(hook);
  out << "notified\n";
}
