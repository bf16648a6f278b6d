#include "ledger.h"

// Same order as pay(): accounts, then ledger.
void refund(PGconn *conn) {
  PQclear(PQexec(conn, "BEGIN"));
  debit(conn);
  PQclear(PQexec(conn, "INSERT INTO ledger (amount) VALUES (10)"));
  PQclear(PQexec(conn, "COMMIT"));
}

// Plain reads lock nothing.
void audit(PGconn *conn) {
  PQclear(PQexec(conn, "BEGIN"));
  PQclear(PQexec(conn, "SELECT * FROM ledger"));
  PQclear(PQexec(conn, "SELECT * FROM accounts"));
  PQclear(PQexec(conn, "COMMIT"));
}
