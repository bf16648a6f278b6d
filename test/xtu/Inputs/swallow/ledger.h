#include <sqlite3.h>

#include <string>

class Ledger {
public:
  sqlite3 *db() { return db_; }
  void post(const std::string &entry);
  void postOrNote(const std::string &entry);
  int failures() const { return failures_; }

private:
  sqlite3 *db_ = nullptr;
  int failures_ = 0;
};
