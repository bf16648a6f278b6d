#include <sqlite3.h>

// A transaction class: begun by the constructor's member initializer,
// rolled back by the destructor unless committed.
class SqliteTransaction {
public:
  explicit SqliteTransaction(sqlite3 *db)
      : m_db(db),
        m_active(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) ==
                 SQLITE_OK) {}
  ~SqliteTransaction();
  bool commit();
  bool rollback();
  explicit operator bool() const { return m_active; }

private:
  sqlite3 *m_db;
  bool m_active;
};
