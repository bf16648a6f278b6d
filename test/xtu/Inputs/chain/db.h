// Three files: app.cpp calls Repo (repo.cpp), which calls run (db.cpp),
// which calls the SQLite C API. The SQL is the caller's at every level.
#include <sqlite3.h>

int run(sqlite3 *db, const char *sql);

class Repo {
public:
  bool start();
  bool finish();
  bool undo();
  bool save(int id);

private:
  sqlite3 *db_ = nullptr;
};
