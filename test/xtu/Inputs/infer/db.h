// A wrapper over the SQLite C API, declared here and defined in db.cpp.
#include <sqlite3.h>

#include <string>

namespace acme {
class Db {
public:
  bool begin();
  bool commit();
  void rollback();
  bool exec(const std::string &sql);
  int count();

private:
  sqlite3 *db_ = nullptr;
};
} // namespace acme

int run(sqlite3 *db, const std::string &sql);
// Begins, and commits on some paths only: a unit of work, not a wrapper.
bool archive(sqlite3 *db);
