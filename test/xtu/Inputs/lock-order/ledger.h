#include <libpq-fe.h>

// Defined in accounts.cpp: writes the account row in the caller's
// transaction.
void debit(PGconn *conn);
