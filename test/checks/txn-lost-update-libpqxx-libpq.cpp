// txn-lost-update with libpqxx 6 and libpq, compiled against the real
// headers. PostgreSQL runs transactions at READ COMMITTED unless told
// otherwise: between a plain SELECT and the UPDATE that writes back a value
// computed from it, another transaction can update the row, and one of the
// two updates is lost.
//
// RUN: %check_txnlint %s txn-lost-update %t -- -- -std=c++17 -I/usr/include/postgresql

#include <pqxx/pqxx>

#include <libpq-fe.h>

#include <cstdlib>
#include <string>

static int balance_of(pqxx::work &w, int id) {
  return w.exec1("SELECT balance FROM accounts WHERE id = " + std::to_string(id))[0]
      .as<int>();
}

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

void withdraw(pqxx::connection &conn, int id, int amount) {
  pqxx::work w(conn);
  pqxx::result r = w.exec("SELECT balance FROM accounts WHERE id = 1");
  int balance = r[0][0].as<int>() - amount;
  w.exec0("UPDATE accounts SET balance = " + std::to_string(balance) +
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'accounts' is updated with a value computed from a plain SELECT of it earlier in the transaction; at READ COMMITTED, a concurrent transaction can update the row in between and its update is lost: read with SELECT ... FOR UPDATE, update relative to the column (SET c = c + ?), or check a version column in the WHERE clause [txn-lost-update]
  // CHECK-NOTES: :[[@LINE-4]]:20: note: the value is read here, without a lock
          " WHERE id = 1");
  w.commit();
}

// Read through a helper; READ COMMITTED said explicitly.
void deposit(pqxx::connection &conn, int id, int amount) {
  pqxx::transaction<pqxx::read_committed> w(conn);
  int balance = balance_of(w, id);
  w.exec0("UPDATE accounts SET balance = " + std::to_string(balance + amount) +
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'accounts' is updated with a value computed from a plain SELECT of it earlier in the transaction; at READ COMMITTED, a concurrent transaction can update the row in between and its update is lost: read with SELECT ... FOR UPDATE, update relative to the column (SET c = c + ?), or check a version column in the WHERE clause [txn-lost-update]
  // CHECK-NOTES: :[[@LINE-3]]:17: note: the value is read here, without a lock
          " WHERE id = 1");
  w.commit();
}

// libpq: PQgetvalue to PQexecParams' parameters.
void rename(PGconn *conn) {
  PQclear(PQexec(conn, "BEGIN"));
  PGresult *res = PQexec(conn, "SELECT name FROM users WHERE id = 1");
  std::string name = std::string(PQgetvalue(res, 0, 0)) + " (old)";
  PQclear(res);
  const char *params[] = {name.c_str()};
  PQclear(PQexecParams(conn, "UPDATE users SET name = $1 WHERE id = 1", 1,
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: 'users' is updated with a value computed from a plain SELECT of it earlier in the transaction; at READ COMMITTED, PostgreSQL's default, a concurrent transaction can update the row in between and its update is lost: read with SELECT ... FOR UPDATE, update relative to the column (SET c = c + ?), or check a version column in the WHERE clause [txn-lost-update]
  // CHECK-NOTES: :[[@LINE-6]]:19: note: the value is read here, without a lock
                       nullptr, params, nullptr, nullptr, 0));
  PQclear(PQexec(conn, "COMMIT"));
}

// Statements prepared by name: what runs is what was prepared.
void raise_price(pqxx::connection &conn, int id) {
  conn.prepare("get_price", "SELECT price FROM products WHERE id = $1");
  conn.prepare("set_price", "UPDATE products SET price = $1 WHERE id = $2");
  pqxx::work w(conn);
  long raised = w.exec_prepared1("get_price", id)[0].as<long>() + 100;
  w.exec_prepared0("set_price", raised, id);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'products' is updated with a value computed from a plain SELECT of it earlier in the transaction; at READ COMMITTED, a concurrent transaction can update the row in between and its update is lost: read with SELECT ... FOR UPDATE, update relative to the column (SET c = c + ?), or check a version column in the WHERE clause [txn-lost-update]
  // CHECK-NOTES: :[[@LINE-3]]:17: note: the value is read here, without a lock
  w.commit();
}

// The value read reaches a placeholder of the SET list.
void rename_params(pqxx::connection &conn, int id) {
  pqxx::work w(conn);
  std::string name =
      w.exec_params1("SELECT name FROM users WHERE id = $1", id)[0].as<std::string>();
  w.exec_params0("UPDATE users SET name = $2 WHERE id = $1", id, name + " (old)");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'users' is updated with a value computed from a plain SELECT of it earlier in the transaction; at READ COMMITTED, a concurrent transaction can update the row in between and its update is lost: read with SELECT ... FOR UPDATE, update relative to the column (SET c = c + ?), or check a version column in the WHERE clause [txn-lost-update]
  // CHECK-NOTES: :[[@LINE-3]]:7: note: the value is read here, without a lock
  w.commit();
}

//===----------------------------------------------------------------------===//
// Negatives
//===----------------------------------------------------------------------===//

// The value read only picks the row: in the WHERE clause after the text's
// WHERE, or through a placeholder there.
void touch_customer(pqxx::connection &conn, const std::string &email) {
  pqxx::work w(conn);
  int id = w.exec1("SELECT id FROM customers WHERE email = " + w.quote(email))[0]
               .as<int>();
  w.exec0("UPDATE customers SET last_seen = now() WHERE id = " + w.quote(id));
  w.exec_params0("UPDATE customers SET visits = 0 WHERE id = $1", id);
  w.commit();
}

// A compare-and-set on the column itself, with the row count tested.
bool award_points(pqxx::connection &conn, int id, int bonus) {
  pqxx::work w(conn);
  int points =
      w.exec_params1("SELECT points FROM customers WHERE id = $1", id)[0].as<int>();
  pqxx::result r = w.exec_params(
      "UPDATE customers SET points = $1 WHERE id = $2 AND points = $3",
      points + bonus, id, points);
  if (r.affected_rows() != 1)
    return false;
  w.commit();
  return true;
}


// Prepared with FOR UPDATE.
void raise_price_locked(pqxx::connection &conn, int id) {
  conn.prepare("lock_price",
               "SELECT price FROM products WHERE id = $1 FOR UPDATE");
  conn.prepare("put_price", "UPDATE products SET price = $1 WHERE id = $2");
  pqxx::work w(conn);
  long raised = w.exec_prepared1("lock_price", id)[0].as<long>() + 100;
  w.exec_prepared0("put_price", raised, id);
  w.commit();
}

// FOR UPDATE locks the row until the commit.
void withdraw_locked(pqxx::connection &conn, int amount) {
  pqxx::work w(conn);
  pqxx::result r = w.exec("SELECT balance FROM accounts WHERE id = 1 FOR UPDATE");
  int balance = r[0][0].as<int>() - amount;
  w.exec0("UPDATE accounts SET balance = " + std::to_string(balance) + " WHERE id = 1");
  w.commit();
}

// Relative to the column: atomic.
void withdraw_atomic(pqxx::connection &conn, int amount) {
  pqxx::work w(conn);
  pqxx::result r = w.exec("SELECT balance FROM accounts WHERE id = 1");
  if (r[0][0].as<int>() >= amount)
    w.exec0("UPDATE accounts SET balance = balance - " + std::to_string(amount) +
            " WHERE id = 1");
  w.commit();
}

// SERIALIZABLE and REPEATABLE READ on PostgreSQL fail the second update.
void withdraw_serializable(pqxx::connection &conn, int amount) {
  pqxx::transaction<pqxx::serializable> w(conn);
  pqxx::result r = w.exec("SELECT balance FROM accounts WHERE id = 1");
  int balance = r[0][0].as<int>() - amount;
  w.exec0("UPDATE accounts SET balance = " + std::to_string(balance) + " WHERE id = 1");
  w.commit();
}

void rename_repeatable(PGconn *conn) {
  PQclear(PQexec(conn, "BEGIN ISOLATION LEVEL REPEATABLE READ"));
  PGresult *res = PQexec(conn, "SELECT name FROM users WHERE id = 1");
  std::string name = std::string(PQgetvalue(res, 0, 0)) + " (old)";
  PQclear(res);
  const char *params[] = {name.c_str()};
  PQclear(PQexecParams(conn, "UPDATE users SET name = $1 WHERE id = 1", 1,
                       nullptr, params, nullptr, nullptr, 0));
  PQclear(PQexec(conn, "COMMIT"));
}

// An optimistic check: the version read is compared in the WHERE clause.
void withdraw_optimistic(pqxx::connection &conn, int amount) {
  pqxx::work w(conn);
  pqxx::result r = w.exec("SELECT balance, version FROM accounts WHERE id = 1");
  int balance = r[0][0].as<int>() - amount;
  pqxx::result u = w.exec("UPDATE accounts SET balance = " + std::to_string(balance) +
                          ", version = version + 1 WHERE id = 1 AND version = " +
                          r[0][1].c_str());
  if (u.affected_rows() != 1)
    throw std::runtime_error("concurrent update");
  w.commit();
}

// The value written does not come from the read.
void reset(pqxx::connection &conn, int fresh) {
  pqxx::work w(conn);
  pqxx::result r = w.exec("SELECT balance FROM accounts WHERE id = 1");
  if (!r.empty())
    w.exec0("UPDATE accounts SET balance = " + std::to_string(fresh) + " WHERE id = 1");
  w.commit();
}

// Another table is written.
void audit(pqxx::connection &conn) {
  pqxx::work w(conn);
  pqxx::result r = w.exec("SELECT balance FROM accounts WHERE id = 1");
  w.exec0("UPDATE audit SET last_balance = " + std::string(r[0][0].c_str()));
  w.commit();
}

// The SELECT's key is a member of the caller's struct, whose other member
// is written: nothing read reaches the update.
struct Order {
  long id;
  long sku;
};
void reprice(pqxx::connection &conn, const Order &o) {
  pqxx::work w(conn);
  w.exec_params1("SELECT state FROM orders WHERE id = $1", o.id);
  long cents = o.sku;
  w.exec_params0("UPDATE orders SET total = $1 WHERE id = 7", cents);
  w.commit();
}

// A query helper that leaves what it read in an output parameter.
static bool query_long(PGconn *c, const std::string &sql, long &out) {
  PGresult *r = PQexec(c, sql.c_str());
  bool ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
  if (ok)
    out = std::strtol(PQgetvalue(r, 0, 0), nullptr, 10);
  PQclear(r);
  return ok;
}

static bool run(PGconn *c, const std::string &sql) {
  PGresult *r = PQexec(c, sql.c_str());
  bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  PQclear(r);
  return ok;
}

bool top_up(PGconn *c, long wallet, long credit) {
  if (!run(c, "BEGIN"))
    return false;
  long balance = 0;
  if (!query_long(c, "SELECT balance FROM wallets WHERE id = " +
                         std::to_string(wallet),
                  balance)) {
    run(c, "ROLLBACK");
    return false;
  }
  if (!run(c, "UPDATE wallets SET balance = " +
                  std::to_string(balance + credit) +
                  " WHERE id = " + std::to_string(wallet))) {
    // CHECK-NOTES: :[[@LINE-3]]:8: warning: 'wallets' is updated with a value computed from a plain SELECT of it earlier in the transaction; at READ COMMITTED, PostgreSQL's default, a concurrent transaction can update the row in between and its update is lost: read with SELECT ... FOR UPDATE, update relative to the column (SET c = c + ?), or check a version column in the WHERE clause [txn-lost-update]
    // CHECK-NOTES: :[[@LINE-10]]:8: note: the value is read here, without a lock
    run(c, "ROLLBACK");
    return false;
  }
  return run(c, "COMMIT");
}
