#include <pqxx/pqxx>

void add_note(pqxx::work &w, long id);
// Opens a savepoint and releases it, or rolls back to it, before it returns.
bool try_tag(pqxx::work &w, long id, const std::string &tag);
