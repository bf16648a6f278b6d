// A class whose LMDB transaction is a member: opened in cursor.cpp, used in
// scan.cpp.
#include <lmdb.h>

#include <string>

class Cursor {
public:
  void open(MDB_env *env);
  std::string next();
  void close();

private:
  MDB_txn *txn_ = nullptr;
};
