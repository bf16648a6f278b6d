// txn-lost-update in a function that runs inside a transaction it did not
// begin: a transaction object it is handed (`pqxx::work &`, also as a
// lambda's parameter), or its callers' when every caller in view calls it
// inside one (a repository helper, a lambda handed to a transaction runner).
// The level is the handed type's (`pqxx::work` is READ COMMITTED), else the
// database's default.
//
// RUN: %check_txnlint %s txn-lost-update %t -- -- -std=c++17 -I/usr/include/postgresql

#include <pqxx/pqxx>

#include <libpq-fe.h>

#include <cstdlib>
#include <functional>
#include <string>

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// A repository method handed the caller's transaction.
void debit(pqxx::work &w, int id, int amount) {
  pqxx::row r = w.exec1("SELECT balance FROM accounts WHERE id = " +
                        std::to_string(id));
  int balance = r[0].as<int>() - amount;
  w.exec0("UPDATE accounts SET balance = " + std::to_string(balance) +
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'accounts' is updated with a value computed from a plain SELECT of it earlier in the transaction; at READ COMMITTED, a concurrent transaction can update the row in between and its update is lost: read with SELECT ... FOR UPDATE, update relative to the column (SET c = c + ?), or check a version column in the WHERE clause [txn-lost-update]
          " WHERE id = " + std::to_string(id));
  // CHECK-NOTES: :[[@LINE-6]]:17: note: the value is read here, without a lock
}

// A helper on the connection that every caller calls inside its
// transaction.
static void bump_counter(PGconn *c) {
  PGresult *r = PQexec(c, "SELECT n FROM counters WHERE id = 1");
  std::string sql = "UPDATE counters SET n = " +
                    std::to_string(std::atoi(PQgetvalue(r, 0, 0)) + 1) +
                    " WHERE id = 1";
  PQclear(r);
  PQclear(PQexec(c, sql.c_str()));
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: 'counters' is updated with a value computed from a plain SELECT of it earlier in the transaction; at READ COMMITTED, PostgreSQL's default, a concurrent transaction can update the row in between and its update is lost: read with SELECT ... FOR UPDATE, update relative to the column (SET c = c + ?), or check a version column in the WHERE clause [txn-lost-update]
  // CHECK-NOTES: :[[@LINE-7]]:17: note: the value is read here, without a lock
}

void record_visit(PGconn *c) {
  PQclear(PQexec(c, "BEGIN"));
  bump_counter(c);
  PQclear(PQexec(c, "COMMIT"));
}

// A lambda handed to a transaction runner of this file.
static bool with_transaction(PGconn *c, const std::function<bool()> &work) {
  PQclear(PQexec(c, "BEGIN"));
  if (!work()) {
    PQclear(PQexec(c, "ROLLBACK"));
    return false;
  }
  PQclear(PQexec(c, "COMMIT"));
  return true;
}

bool add_points(PGconn *c, int points) {
  return with_transaction(c, [&] {
    PGresult *r = PQexec(c, "SELECT points FROM members WHERE id = 7");
    std::string sql = "UPDATE members SET points = " +
                      std::to_string(std::atoi(PQgetvalue(r, 0, 0)) + points) +
                      " WHERE id = 7";
    PQclear(r);
    PQclear(PQexec(c, sql.c_str()));
    // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'members' is updated with a value computed from a plain SELECT of it earlier in the transaction; at READ COMMITTED, PostgreSQL's default, a concurrent transaction can update the row in between and its update is lost: read with SELECT ... FOR UPDATE, update relative to the column (SET c = c + ?), or check a version column in the WHERE clause [txn-lost-update]
    // CHECK-NOTES: :[[@LINE-7]]:19: note: the value is read here, without a lock
    return true;
  });
}

//===----------------------------------------------------------------------===//
// Negatives
//===----------------------------------------------------------------------===//

// Handed a SERIALIZABLE transaction: the second update fails instead.
void debit_serializable(pqxx::transaction<pqxx::serializable> &t, int id) {
  pqxx::row r = t.exec1("SELECT balance FROM accounts WHERE id = " +
                        std::to_string(id));
  int balance = r[0].as<int>() - 1;
  t.exec0("UPDATE accounts SET balance = " + std::to_string(balance) +
          " WHERE id = " + std::to_string(id));
}

// A relative update in a handed transaction.
void credit(pqxx::work &w, int id) {
  w.exec0("SELECT balance FROM accounts WHERE id = " + std::to_string(id));
  w.exec0("UPDATE accounts SET balance = balance + 1 WHERE id = " +
          std::to_string(id));
}

// A helper that one caller calls outside any transaction: its statements
// run in autocommit mode there, not in a transaction this check judges.
static void touch_counter(PGconn *c) {
  PGresult *r = PQexec(c, "SELECT n FROM counters WHERE id = 2");
  std::string sql = "UPDATE counters SET n = " +
                    std::to_string(std::atoi(PQgetvalue(r, 0, 0)) + 1) +
                    " WHERE id = 2";
  PQclear(r);
  PQclear(PQexec(c, sql.c_str()));
}

void touch_in_transaction(PGconn *c) {
  PQclear(PQexec(c, "BEGIN"));
  touch_counter(c);
  PQclear(PQexec(c, "COMMIT"));
}

void touch_alone(PGconn *c) { touch_counter(c); }

// A helper whose every caller begins REPEATABLE READ: PostgreSQL fails the
// second of two concurrent updates instead of losing one.
static void bump_seats(PGconn *c) {
  PGresult *r = PQexec(c, "SELECT n FROM seats WHERE id = 1");
  std::string sql = "UPDATE seats SET n = " +
                    std::to_string(std::atoi(PQgetvalue(r, 0, 0)) + 1) +
                    " WHERE id = 1";
  PQclear(r);
  PQclear(PQexec(c, sql.c_str()));
}

void book_seat(PGconn *c) {
  PQclear(PQexec(c, "BEGIN ISOLATION LEVEL REPEATABLE READ"));
  bump_seats(c);
  PQclear(PQexec(c, "COMMIT"));
}

void book_seats(PGconn *c, int n) {
  PQclear(PQexec(c, "BEGIN ISOLATION LEVEL REPEATABLE READ"));
  for (int i = 0; i < n; ++i)
    bump_seats(c);
  PQclear(PQexec(c, "COMMIT"));
}

// A positive again: one of the helper's callers begins at the default
// level.
static void bump_rows(PGconn *c) {
  PGresult *r = PQexec(c, "SELECT n FROM rows WHERE id = 1");
  std::string sql = "UPDATE rows SET n = " +
                    std::to_string(std::atoi(PQgetvalue(r, 0, 0)) + 1) +
                    " WHERE id = 1";
  PQclear(r);
  PQclear(PQexec(c, sql.c_str()));
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: 'rows' is updated with a value computed from a plain SELECT of it earlier in the transaction; at READ COMMITTED, PostgreSQL's default, a concurrent transaction can update the row in between and its update is lost: read with SELECT ... FOR UPDATE, update relative to the column (SET c = c + ?), or check a version column in the WHERE clause [txn-lost-update]
  // CHECK-NOTES: :[[@LINE-7]]:17: note: the value is read here, without a lock
}

void add_row(PGconn *c) {
  PQclear(PQexec(c, "BEGIN ISOLATION LEVEL REPEATABLE READ"));
  bump_rows(c);
  PQclear(PQexec(c, "COMMIT"));
}

void add_row_default(PGconn *c) {
  PQclear(PQexec(c, "BEGIN"));
  bump_rows(c);
  PQclear(PQexec(c, "COMMIT"));
}

// A transaction the object keeps for its methods (cgimap's updaters hold a
// `pqxx::work &`): each method runs inside it, at its type's level.
class ChangesetUpdater {
public:
  explicit ChangesetUpdater(pqxx::work &Txn) : Txn(Txn) {}

  void addChanges(long Id, int Count) {
    pqxx::row Row =
        Txn.exec1("SELECT num_changes FROM changesets WHERE id = " +
                  std::to_string(Id));
    int Changes = Row[0].as<int>() + Count;
    Txn.exec0("UPDATE changesets SET num_changes = " +
              std::to_string(Changes) + " WHERE id = " + std::to_string(Id));
    // CHECK-NOTES: :[[@LINE-2]]:5: warning: 'changesets' is updated with a value computed from a plain SELECT of it earlier in the transaction; at READ COMMITTED, a concurrent transaction can update the row in between and its update is lost: read with SELECT ... FOR UPDATE, update relative to the column (SET c = c + ?), or check a version column in the WHERE clause [txn-lost-update]
    // CHECK-NOTES: :[[@LINE-6]]:9: note: the value is read here, without a lock
  }

  // Negative: the read locks the row.
  void closeChangeset(long Id) {
    pqxx::row Row = Txn.exec1(
        "SELECT num_changes FROM changesets WHERE id = " + std::to_string(Id) +
        " FOR UPDATE");
    int Changes = Row[0].as<int>();
    Txn.exec0("UPDATE changesets SET closed_changes = " +
              std::to_string(Changes) + " WHERE id = " + std::to_string(Id));
  }

private:
  pqxx::work &Txn;
};
