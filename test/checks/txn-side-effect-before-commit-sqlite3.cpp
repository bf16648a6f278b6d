// txn-side-effect-before-commit with the SQLite C API, compiled against the
// real <sqlite3.h>, <sys/socket.h> and <fstream>, and its options.
//
// libcurl is not installed on the test machines: curl_easy_perform below is
// a stand-in declared with libcurl's name and C linkage (<curl/curl.h>
// declares it as `CURLcode curl_easy_perform(CURL *curl)`); only the name
// matters to the check.
//
// SideEffectFunctions and SideEffectTypes are ';'-separated globs matched,
// ignoring case, against unqualified and qualified names. Setting
// SideEffectFunctions replaces the default list (libcurl, sockets, e-mail,
// ...); writes to std::ofstream come from SideEffectTypes and stay.
//
// Default options:
// RUN: %check_txnlint --check-suffixes=ALL,DEFAULT %s txn-side-effect-before-commit %t
//
// Custom functions and an added type (-config, both products):
// RUN: %check_txnlint --check-suffixes=ALL,CUSTOM %s txn-side-effect-before-commit %t-custom \
// RUN:   -- "-config={CheckOptions: {txn-side-effect-before-commit.SideEffectFunctions: 'notify_*;acme::Mailer::deliver', txn-side-effect-before-commit.SideEffectTypes: 'std::basic_ofstream;std::basic_fstream;acme::AuditSink'}}" --

#include <sqlite3.h>
#include <sys/socket.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

// Stand-in for libcurl (see above).
extern "C" int curl_easy_perform(void *curl);

// Defined in another translation unit.
int insert_order(sqlite3 *db, int id);
void log_line(const char *text);
int sender_id(int order_id);
void publish_event(const char *topic, int id);
void notify_warehouse(int order_id);
void after_commit(std::function<void()> action);
namespace mail {
bool send_email(const std::string &to, const std::string &body);
} // namespace mail
namespace acme {
struct Mailer {
  bool deliver(const std::string &body);
};
struct AuditSink {
  void write(const char *text);
};
} // namespace acme

// Writes through the connection and neither commits nor rolls back: a call
// to it leaves the caller's transaction open.
static int write_order(sqlite3 *db, int id) {
  sqlite3_stmt *stmt = nullptr;
  if (sqlite3_prepare_v2(db, "INSERT INTO orders (id) VALUES (?)", -1, &stmt,
                         nullptr) != SQLITE_OK)
    return SQLITE_ERROR;
  sqlite3_bind_int(stmt, 1, id);
  const int rc = sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// The payment is captured over HTTP before the order is committed: if the
// COMMIT fails (SQLITE_BUSY, a constraint), the customer has paid for an
// order that does not exist. The order is written by a helper that is handed
// the connection; the COMMIT below shows that the transaction is still open
// after it.
int place_order(sqlite3 *db, void *payment, int id) {
  if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
    return SQLITE_ERROR;
  if (insert_order(db, id) != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return SQLITE_ERROR;
  }
  curl_easy_perform(payment);
  // CHECK-NOTES-DEFAULT: :[[@LINE-1]]:3: warning: 'curl_easy_perform' has an effect outside the database but runs before transaction on 'db' commits; a rollback or a failed commit cannot undo it, so move it after the commit or record it in an outbox table [txn-side-effect-before-commit]
  // CHECK-NOTES-DEFAULT: :[[@LINE+1]]:10: note: the transaction commits here
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// The same with the order written through a prepared statement.
int place_order_prepared(sqlite3 *db, void *payment, int id) {
  if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
    return SQLITE_ERROR;
  sqlite3_stmt *stmt = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO orders (id) VALUES (?)", -1, &stmt, nullptr);
  sqlite3_bind_int(stmt, 1, id);
  const int rc = sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return rc;
  }
  curl_easy_perform(payment);
  // CHECK-NOTES-DEFAULT: :[[@LINE-1]]:3: warning: 'curl_easy_perform' has an effect outside the database but runs before transaction on 'db' commits; a rollback or a failed commit cannot undo it, so move it after the commit or record it in an outbox table [txn-side-effect-before-commit]
  // CHECK-NOTES-DEFAULT: :[[@LINE+1]]:10: note: the transaction commits here
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// A confirmation mail and an event, each reported, both at the same commit.
void confirm_order(sqlite3 *db, int id) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "UPDATE orders SET state = 'confirmed' WHERE id = 1", nullptr,
               nullptr, nullptr);
  mail::send_email("customer@example.com", "Your order is confirmed");
  // CHECK-NOTES-DEFAULT: :[[@LINE-1]]:3: warning: 'mail::send_email' has an effect outside the database but runs before transaction on 'db' commits; a rollback or a failed commit cannot undo it, so move it after the commit or record it in an outbox table [txn-side-effect-before-commit]
  // CHECK-NOTES-DEFAULT: :[[@LINE+4]]:3: note: the transaction commits here
  publish_event("order.confirmed", id);
  // CHECK-NOTES-DEFAULT: :[[@LINE-1]]:3: warning: 'publish_event' has an effect outside the database but runs before transaction on 'db' commits; a rollback or a failed commit cannot undo it, so move it after the commit or record it in an outbox table [txn-side-effect-before-commit]
  // CHECK-NOTES-DEFAULT: :[[@LINE+1]]:3: note: the transaction commits here
  sqlite3_exec(db, "END", nullptr, nullptr, nullptr);
}

// A message on a socket, then a commit that may go either way.
int reserve_stock(sqlite3 *db, int sock, int id) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  const bool ok = sqlite3_exec(db, "UPDATE stock SET qty = qty - 1 WHERE id = 1",
                               nullptr, nullptr, nullptr) == SQLITE_OK;
  ::send(sock, "reserved", 8, 0);
  // CHECK-NOTES-DEFAULT: :[[@LINE-1]]:3: warning: 'send' has an effect outside the database but runs before transaction on 'db' commits; a rollback or a failed commit cannot undo it, so move it after the commit or record it in an outbox table [txn-side-effect-before-commit]
  // CHECK-NOTES-DEFAULT: :[[@LINE+2]]:12: note: the transaction commits here
  if (ok)
    return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  return SQLITE_ERROR;
}

// Inside a loop within the transaction, and inside a try block.
void ship_all(sqlite3 *db, void *carrier, const std::vector<int> &ids) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_stmt *stmt = nullptr;
  sqlite3_prepare_v2(db, "UPDATE orders SET shipped = 1 WHERE id = ?", -1, &stmt,
                     nullptr);
  try {
    for (int id : ids) {
      sqlite3_bind_int(stmt, 1, id);
      sqlite3_step(stmt);
      sqlite3_reset(stmt);
      curl_easy_perform(carrier);
      // CHECK-NOTES-DEFAULT: :[[@LINE-1]]:7: warning: 'curl_easy_perform' has an effect outside the database but runs before transaction on 'db' commits; a rollback or a failed commit cannot undo it, so move it after the commit or record it in an outbox table [txn-side-effect-before-commit]
      // CHECK-NOTES-DEFAULT: :[[@LINE+2]]:5: note: the transaction commits here
    }
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  } catch (...) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

// Writing to a file stream (SideEffectTypes, kept in both runs): the export
// file holds rows that a rollback removes from the database.
void export_orders(sqlite3 *db, std::ofstream &out, std::fstream &journal,
                   const std::vector<int> &ids) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  for (int id : ids) {
    sqlite3_exec(db, "INSERT INTO exported SELECT * FROM orders", nullptr, nullptr,
                 nullptr);
    out << "order " << id << '\n';
    // CHECK-NOTES-ALL: :[[@LINE-1]]:5: warning: writing to 'out' has an effect outside the database but runs before transaction on 'db' commits; a rollback or a failed commit cannot undo it, so move it after the commit or record it in an outbox table [txn-side-effect-before-commit]
    // CHECK-NOTES-ALL: :[[@LINE+5]]:3: note: the transaction commits here
  }
  journal.write("exported\n", 9);
  // CHECK-NOTES-ALL: :[[@LINE-1]]:3: warning: writing to 'journal' has an effect outside the database but runs before transaction on 'db' commits; a rollback or a failed commit cannot undo it, so move it after the commit or record it in an outbox table [txn-side-effect-before-commit]
  // CHECK-NOTES-ALL: :[[@LINE+1]]:3: note: the transaction commits here
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// Custom globs: a function by unqualified glob, a method by qualified name,
// and a write on an object of an added type.
void hand_over(sqlite3 *db, acme::Mailer &mailer, acme::AuditSink &audit, int id) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "UPDATE orders SET state = 'handed over' WHERE id = 1", nullptr,
               nullptr, nullptr);
  notify_warehouse(id);
  // CHECK-NOTES-CUSTOM: :[[@LINE-1]]:3: warning: 'notify_warehouse' has an effect outside the database but runs before transaction on 'db' commits; a rollback or a failed commit cannot undo it, so move it after the commit or record it in an outbox table [txn-side-effect-before-commit]
  // CHECK-NOTES-CUSTOM: :[[@LINE+10]]:3: note: the transaction commits here
  mailer.deliver("handed over");
  // CHECK-NOTES-CUSTOM: :[[@LINE-1]]:3: warning: 'acme::Mailer::deliver' has an effect outside the database but runs before transaction on 'db' commits; a rollback or a failed commit cannot undo it, so move it after the commit or record it in an outbox table [txn-side-effect-before-commit]
  // CHECK-NOTES-CUSTOM: :[[@LINE+7]]:3: note: the transaction commits here
  audit.write("handed over");
  // CHECK-NOTES-CUSTOM: :[[@LINE-1]]:3: warning: writing to 'audit' has an effect outside the database but runs before transaction on 'db' commits; a rollback or a failed commit cannot undo it, so move it after the commit or record it in an outbox table [txn-side-effect-before-commit]
  // CHECK-NOTES-CUSTOM: :[[@LINE+4]]:3: note: the transaction commits here
  mail::send_email("ops@example.com", "handed over");
  // CHECK-NOTES-DEFAULT: :[[@LINE-1]]:3: warning: 'mail::send_email' has an effect outside the database but runs before transaction on 'db' commits; a rollback or a failed commit cannot undo it, so move it after the commit or record it in an outbox table [txn-side-effect-before-commit]
  // CHECK-NOTES-DEFAULT: :[[@LINE+1]]:3: note: the transaction commits here
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// The effect after the commit: the fix.
int place_order_fixed(sqlite3 *db, void *payment, int id) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return SQLITE_ERROR;
  if (write_order(db, id) != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return SQLITE_ERROR;
  }
  if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
    return SQLITE_ERROR;
  curl_easy_perform(payment);
  mail::send_email("customer@example.com", "Your order is confirmed");
  return SQLITE_OK;
}

// The outbox pattern: the message is a row written in the transaction; a
// relay sends it after the commit.
void confirm_with_outbox(sqlite3 *db, int id) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "UPDATE orders SET state = 'confirmed' WHERE id = 1", nullptr,
               nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO outbox (topic, order_id) VALUES ('order.confirmed', 1)",
               nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// The same through helpers named for the effect whose bodies only store
// it (EQEmu's UCSDatabase::SendMail, an INSERT into its `mail` table).
static bool store_send_mail(sqlite3 *db, int order_id) {
  return sqlite3_exec(db, "INSERT INTO mail (order_id) VALUES (1)", nullptr,
                      nullptr, nullptr) == SQLITE_OK;
}
static void publish_event_row(sqlite3 *db, int order_id) {
  sqlite3_exec(db, "INSERT INTO outbox (topic) VALUES ('order.confirmed')",
               nullptr, nullptr, nullptr);
}
void confirm_with_stored_mail(sqlite3 *db, int id) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  if (!store_send_mail(db, id)) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return;
  }
  publish_event_row(db, id);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// Deferred until after the commit: the lambda runs later, not here.
void confirm_deferred(sqlite3 *db, int id) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  write_order(db, id);
  after_commit([id] {
    publish_event("order.confirmed", id);
    mail::send_email("customer@example.com", "Your order is confirmed");
  });
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// The effect before the transaction begins.
void prepare_and_save(sqlite3 *db, void *quote, int id) {
  curl_easy_perform(quote);
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  write_order(db, id);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// No commit follows: a dry run that always rolls back.
void dry_run(sqlite3 *db, void *hook, int id) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  write_order(db, id);
  curl_easy_perform(hook);
  sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
}

// The failure is reported on a path that rolls back and returns: the
// COMMIT further down is never reached from the call, and the transaction
// that was open there has already been rolled back.
int place_or_report(sqlite3 *db, void *alerts, int id) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  if (sqlite3_exec(db, "INSERT INTO orders (id) VALUES (1)", nullptr, nullptr,
                   nullptr) != SQLITE_OK) {
    curl_easy_perform(alerts);
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return SQLITE_ERROR;
  }
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// A failed BEGIN opened nothing: the alert goes out with no transaction open.
int place_or_alert(sqlite3 *db, void *alerts, int id) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK) {
    curl_easy_perform(alerts);
    return SQLITE_BUSY;
  }
  write_order(db, id);
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// Between two transactions: the first has committed, the second has not
// begun.
void two_steps(sqlite3 *db, void *hook, int id) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  write_order(db, id);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  curl_easy_perform(hook);
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  write_order(db, id + 1);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// One transaction per batch, progress reported after each commit.
void import_batches(sqlite3 *db, int sock, const std::vector<int> &ids) {
  for (int id : ids) {
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    write_order(db, id);
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    ::send(sock, "progress", 8, 0);
  }
}

// The commit that follows ends a transaction on another connection, not
// the one open at the call (which this function hands back to its caller).
void begin_and_archive(sqlite3 *db, sqlite3 *archive, void *hook) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  curl_easy_perform(hook);
  sqlite3_exec(archive, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(archive, "INSERT INTO archived SELECT * FROM staging", nullptr,
               nullptr, nullptr);
  sqlite3_exec(archive, "COMMIT", nullptr, nullptr, nullptr);
}

// Logging and in-memory formatting are not effects to undo.
void save_logged(sqlite3 *db, int id) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  std::ostringstream text;
  text << "saving order " << id;
  std::cout << text.str() << '\n';
  std::cerr << "debug: " << id << '\n';
  fprintf(stderr, "saving %d\n", id);
  printf("saving %d\n", id);
  log_line("saving");
  write_order(db, id);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// Reading a file, and names that only look like effects.
void load_and_save(sqlite3 *db, const char *path, int id) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  std::tuple<int, int> pair{id, sender_id(id)};
  write_order(db, std::get<1>(pair));
  sqlite3_exec(db, "INSERT INTO mail_queue (order_id) VALUES (1)", nullptr,
               nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// An effect inside a helper of the program is the call's, a few calls deep
// (the helper itself has no transaction).
static void charge(void *payment) { curl_easy_perform(payment); }
static void settle(void *payment) { charge(payment); }

void place_with_helper(sqlite3 *db, void *payment, int id) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  write_order(db, id);
  settle(payment);
  // CHECK-NOTES-DEFAULT: :[[@LINE-1]]:3: warning: 'settle' (via 'curl_easy_perform') has an effect outside the database but runs before transaction on 'db' commits; a rollback or a failed commit cannot undo it, so move it after the commit or record it in an outbox table [txn-side-effect-before-commit]
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  // CHECK-NOTES-DEFAULT: :[[@LINE-1]]:3: note: the transaction commits here
}

// A helper that only logs, or defines a lambda that sends and never runs
// it, has no effect.
static void trace(int id) { fprintf(stderr, "order %d\n", id); }
static void prepare_receipt(void *payment) {
  auto send_later = [payment] { curl_easy_perform(payment); };
  (void)send_later;
}

void place_with_quiet_helpers(sqlite3 *db, void *payment, int id) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  trace(id);
  write_order(db, id);
  prepare_receipt(payment);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// An export from a read snapshot: the transaction wrote nothing, so there
// is nothing for the file to contradict.
static int export_cb(void *out, int, char **values, char **) {
  *static_cast<std::ofstream *>(out) << values[0] << '\n';
  return 0;
}
void export_lenses(sqlite3 *db, const char *path) {
  std::ofstream out(path);
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "SELECT name FROM lenses", export_cb, &out, nullptr);
  out << "ENDTABLE" << std::endl;
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// A function without any transaction.
void notify_only(void *hook, int sock) {
  curl_easy_perform(hook);
  ::send(sock, "ping", 4, 0);
}
