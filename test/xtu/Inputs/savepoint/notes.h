#include <pqxx/pqxx>

void add_note(pqxx::work &w, long id);
