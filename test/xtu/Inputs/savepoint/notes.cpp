#include "notes.h"

void add_note(pqxx::work &w, long id) {
  pqxx::subtransaction note(w, "note");
  note.exec_params0("INSERT INTO notes (account) VALUES ($1)", id);
  note.commit();
}
