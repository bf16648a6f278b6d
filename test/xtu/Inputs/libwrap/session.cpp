#include "store.h"

bool PgSession::exec(const std::string &sql) {
  PGresult *r = PQexec(conn_, sql.c_str());
  bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  PQclear(r);
  return ok;
}

bool PgSession::begin() {
  open_ = exec("BEGIN");
  return open_;
}

bool PgSession::commit() {
  open_ = false;
  return exec("COMMIT");
}

void PgSession::rollback() {
  open_ = false;
  exec("ROLLBACK");
}
