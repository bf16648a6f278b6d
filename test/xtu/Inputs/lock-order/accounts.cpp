#include "ledger.h"

void debit(PGconn *conn) {
  PQclear(PQexec(conn, "UPDATE accounts SET balance = balance - 10 WHERE id = 1"));
}

// accounts, then ledger.
void pay(PGconn *conn) {
  PQclear(PQexec(conn, "BEGIN"));
  PQclear(PQexec(conn, "UPDATE accounts SET balance = balance - 10 WHERE id = 2"));
  PQclear(PQexec(conn, "INSERT INTO ledger (amount) VALUES (-10)"));
  PQclear(PQexec(conn, "COMMIT"));
}
