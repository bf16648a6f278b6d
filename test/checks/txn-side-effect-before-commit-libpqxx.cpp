// txn-side-effect-before-commit with libpqxx 6, compiled against the real
// headers in /usr/include/pqxx, Boost.Asio and <fstream>. A pqxx::work
// begins when it is constructed; an effect outside the database before its
// commit() cannot be taken back if the commit fails or the work is aborted.
//
// libcurl is not installed on the test machines: curl_easy_perform below is
// a stand-in declared with libcurl's name and C linkage; only the name
// matters to the check.
//
// RUN: %check_txnlint %s txn-side-effect-before-commit %t -- -- -std=c++17

#include <pqxx/pqxx>

#include <boost/asio.hpp>

#include <fstream>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

static_assert(PQXX_VERSION_MAJOR == 6, "the real libpqxx 6 headers");

// Stand-in for libcurl (see above).
extern "C" int curl_easy_perform(void *curl);

// Defined in another translation unit.
void insert_line(pqxx::work &w, int order_id, int line);
void publish_event(const std::string &topic, int id);
void on_commit(std::function<void()> action);
namespace notify {
void send_notification(int user, const std::string &text);
} // namespace notify

using boost::asio::ip::tcp;

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// The payment is captured before the order commits.
void place_order(pqxx::connection &conn, void *payment, int id) {
  pqxx::work w(conn);
  w.exec0("INSERT INTO orders (id) VALUES (" + std::to_string(id) + ")");
  curl_easy_perform(payment);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'curl_easy_perform' has an effect outside the database but runs before transaction 'w' commits; a rollback or a failed commit cannot undo it, so move it after the commit or record it in an outbox table [txn-side-effect-before-commit]
  // CHECK-NOTES: :[[@LINE+1]]:3: note: the transaction commits here
  w.commit();
}

// The lines are written by a helper that is handed the transaction; the
// commit below shows that it is still open after the helper returns.
void add_line(pqxx::connection &conn, int order_id, int line) {
  pqxx::work w(conn);
  insert_line(w, order_id, line);
  notify::send_notification(7, "lines added");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'notify::send_notification' has an effect outside the database but runs before transaction 'w' commits; a rollback or a failed commit cannot undo it, so move it after the commit or record it in an outbox table [txn-side-effect-before-commit]
  // CHECK-NOTES: :[[@LINE+1]]:3: note: the transaction commits here
  w.commit();
}

// A message on a TCP socket and an event, inside a try block whose handler
// aborts.
void reserve_stock(pqxx::connection &conn, tcp::socket &warehouse, int sku) {
  pqxx::work w(conn, "reserve");
  try {
    w.exec0("UPDATE stock SET reserved = reserved + 1 WHERE sku = " +
            std::to_string(sku));
    boost::asio::write(warehouse, boost::asio::buffer("reserve\n", 8));
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'boost::asio::write' has an effect outside the database but runs before transaction 'w' commits; a rollback or a failed commit cannot undo it, so move it after the commit or record it in an outbox table [txn-side-effect-before-commit]
    // CHECK-NOTES: :[[@LINE+4]]:5: note: the transaction commits here
    publish_event("stock.reserved", sku);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'publish_event' has an effect outside the database but runs before transaction 'w' commits; a rollback or a failed commit cannot undo it, so move it after the commit or record it in an outbox table [txn-side-effect-before-commit]
    // CHECK-NOTES: :[[@LINE+1]]:5: note: the transaction commits here
    w.commit();
  } catch (const pqxx::sql_error &) {
    w.abort();
    throw;
  }
}

// A file written inside a subtransaction: releasing the savepoint is not the
// commit; the outer transaction's commit is.
void export_batch(pqxx::connection &conn, std::ofstream &out,
                  const std::vector<int> &ids) {
  pqxx::work w(conn);
  pqxx::subtransaction sub(w, "export");
  for (int id : ids) {
    sub.exec0("UPDATE orders SET exported = true WHERE id = " + std::to_string(id));
    out << id << '\n';
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: writing to 'out' has an effect outside the database but runs before transaction 'w' commits; a rollback or a failed commit cannot undo it, so move it after the commit or record it in an outbox table [txn-side-effect-before-commit]
    // CHECK-NOTES: :[[@LINE+3]]:3: note: the transaction commits here
  }
  sub.commit();
  w.commit();
}

// Two transactions on two connections: the note is at the first commit that
// ends one of those open at the call.
void transfer(pqxx::connection &ledger, pqxx::connection &audit, void *hook) {
  pqxx::work money(ledger);
  pqxx::robusttransaction<> log(audit);
  money.exec0("UPDATE accounts SET balance = balance - 10 WHERE id = 1");
  log.exec0("INSERT INTO audit (what) VALUES ('transfer')");
  curl_easy_perform(hook);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'curl_easy_perform' has an effect outside the database but runs before transaction 'log' commits; a rollback or a failed commit cannot undo it, so move it after the commit or record it in an outbox table [txn-side-effect-before-commit]
  // CHECK-NOTES: :[[@LINE+1]]:3: note: the transaction commits here
  log.commit();
  money.commit();
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// After the commit: the fix.
void place_order_fixed(pqxx::connection &conn, void *payment, int id) {
  pqxx::work w(conn);
  w.exec0("INSERT INTO orders (id) VALUES (" + std::to_string(id) + ")");
  w.commit();
  curl_easy_perform(payment);
  publish_event("order.placed", id);
}

// The outbox: the event is a row of the same transaction.
void place_with_outbox(pqxx::connection &conn, int id) {
  pqxx::work w(conn);
  w.exec0("INSERT INTO orders (id) VALUES (" + std::to_string(id) + ")");
  w.exec0("INSERT INTO outbox (topic, payload) VALUES ('order.placed', '" +
          std::to_string(id) + "')");
  w.commit();
}

// Deferred until after the commit.
void place_deferred(pqxx::connection &conn, int id) {
  pqxx::work w(conn);
  w.exec0("INSERT INTO orders (id) VALUES (" + std::to_string(id) + ")");
  on_commit([id] { publish_event("order.placed", id); });
  w.commit();
}

// No commit follows: the work is aborted, or rolled back by its destructor.
void dry_run(pqxx::connection &conn, void *hook, int id) {
  pqxx::work w(conn);
  w.exec0("DELETE FROM orders WHERE id = " + std::to_string(id));
  curl_easy_perform(hook);
  w.abort();
}

void preview(pqxx::connection &conn, void *hook) {
  pqxx::work w(conn);
  w.exec0("UPDATE prices SET amount = amount * 2");
  curl_easy_perform(hook);
}

// A nontransaction commits every statement as it runs: there is no
// transaction for the effect to precede.
void touch(pqxx::connection &conn, void *hook) {
  pqxx::nontransaction n(conn);
  n.exec0("UPDATE heartbeat SET at = now()");
  curl_easy_perform(hook);
  n.commit();
}

// The effect before the transaction begins.
void quote_then_save(pqxx::connection &conn, void *quote, int id) {
  curl_easy_perform(quote);
  pqxx::work w(conn);
  w.exec0("INSERT INTO quotes (id) VALUES (" + std::to_string(id) + ")");
  w.commit();
}

// Between two transactions.
void two_steps(pqxx::connection &conn, tcp::socket &peer) {
  {
    pqxx::work first(conn);
    first.exec0("UPDATE jobs SET state = 'sent'");
    first.commit();
  }
  boost::asio::write(peer, boost::asio::buffer("job\n", 4));
  pqxx::work second(conn);
  second.exec0("UPDATE jobs SET state = 'acknowledged'");
  second.commit();
}

// Logging to the console is not an effect to undo.
void save_logged(pqxx::connection &conn, int id) {
  pqxx::work w(conn);
  std::cout << "saving " << id << '\n';
  std::clog << "debug: saving " << id << '\n';
  w.exec0("INSERT INTO orders (id) VALUES (" + std::to_string(id) + ")");
  w.commit();
}

// A function without a transaction.
void notify_only(tcp::socket &peer, void *hook) {
  boost::asio::write(peer, boost::asio::buffer("ping\n", 5));
  curl_easy_perform(hook);
}
