#include "ledger.h"

// ledger, then accounts through debit() of accounts.cpp: the opposite order.
void reconcile(PGconn *conn) {
  PQclear(PQexec(conn, "BEGIN"));
  PQclear(PQexec(conn, "DELETE FROM ledger WHERE amount = 0"));
  debit(conn);
  PQclear(PQexec(conn, "COMMIT"));
}
