// A wrapper over the SQLite C API, declared here and defined in store.cpp.
#include <sqlite3.h>

#include <string>

class Store {
public:
  bool exec(const std::string &sql);
  bool begin();
  bool commit();
  bool rollback();
  bool insert(int id);

private:
  sqlite3 *db_ = nullptr;
};
