// txn-use-after-end with the libpq C API, compiled against the real
// <libpq-fe.h>. PQfinish ends the connection; PQreset ends it too (an open
// transaction is rolled back) and connects again, so the connection is
// usable and may be finished after it.
//
// RUN: %check_txnlint %s txn-use-after-end %t -- -- -I/usr/include/postgresql

#include <libpq-fe.h>

void logError(const char *Message);

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

void shutdown(PGconn *Conn) {
  PQclear(PQexec(Conn, "NOTIFY shutdown"));
  PQfinish(Conn);
  logError("connection finished");
  PQfinish(Conn);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'Conn' is closed after it was closed; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: it is closed here
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Luanti's PostgreSQL database: a connection found broken is reset before
// each use, and finished by the destructor.
class PlayerDatabase {
public:
  ~PlayerDatabase() { PQfinish(Conn); }

  void beginSave() {
    verifyDatabase();
    PQclear(PQexec(Conn, "BEGIN;"));
  }
  void endSave() {
    verifyDatabase();
    PQclear(PQexec(Conn, "COMMIT;"));
  }

private:
  void verifyDatabase() {
    if (PQstatus(Conn) == CONNECTION_OK)
      return;
    logError("reconnecting");
    PQreset(Conn);
  }
  PGconn *Conn = nullptr;
};

void savePlayers(PGconn *Conn) {
  PQreset(Conn);
  PQclear(PQexec(Conn, "UPDATE players SET online = false"));
  PQfinish(Conn);
}
