#include "notes.h"

void close_account(pqxx::connection &c, long id) {
  pqxx::work w(c);
  w.exec_params0("UPDATE accounts SET closed = true WHERE id = $1", id);
  add_note(w, id);
  w.commit();
}

void close_account_anyway(pqxx::connection &c, long id) {
  pqxx::work w(c);
  w.exec_params0("UPDATE accounts SET closed = true WHERE id = $1", id);
  try {
    add_note(w, id);
  } catch (const pqxx::sql_error &) {
  }
  w.commit();
}

void tag_and_close(pqxx::connection &c, long id) {
  pqxx::work w(c);
  try_tag(w, id, "closing");
  try {
    add_note(w, id);
  } catch (const pqxx::sql_error &) {
  }
  w.commit();
}
