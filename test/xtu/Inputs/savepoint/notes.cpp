#include "notes.h"

void add_note(pqxx::work &w, long id) {
  pqxx::subtransaction note(w, "note");
  note.exec_params0("INSERT INTO notes (account) VALUES ($1)", id);
  note.commit();
}

bool try_tag(pqxx::work &w, long id, const std::string &tag) {
  w.exec0("SAVEPOINT tag_sp");
  try {
    w.exec_params0("INSERT INTO tags (account, tag) VALUES ($1, $2)", id, tag);
  } catch (const pqxx::sql_error &) {
    w.exec0("ROLLBACK TO SAVEPOINT tag_sp");
    return false;
  }
  w.exec0("RELEASE SAVEPOINT tag_sp");
  return true;
}
