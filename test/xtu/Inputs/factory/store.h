#include <sqlite3.h>

// A transaction object that the store hands out by value; it rolls back in
// its destructor unless committed.
class Transaction {
public:
  explicit Transaction(sqlite3 *db);
  Transaction(Transaction &&other) noexcept;
  ~Transaction();
  bool commit();

private:
  sqlite3 *m_db;
  bool m_done = false;
};

class Store {
public:
  Transaction begin();
  bool insert(const char *sql);

private:
  sqlite3 *m_db = nullptr;
};
