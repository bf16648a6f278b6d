#include "store.h"

bool PgSession::exec(const std::string &sql) {
  PGresult *r = PQexec(conn_, sql.c_str());
  bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  PQclear(r);
  return ok;
}

bool PgSession::begin() { return exec("BEGIN"); }
bool PgSession::commit() { return exec("COMMIT"); }
void PgSession::rollback() { exec("ROLLBACK"); }
