#include <lmdb.h>
#include <sqlite3.h>

MDB_txn *begin_write(MDB_env *env);

class Transaction {
  sqlite3 *db_;
  bool done_ = false;

public:
  explicit Transaction(sqlite3 *db) : db_(db) {
    sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr);
  }
  ~Transaction();
  bool commit();
};
