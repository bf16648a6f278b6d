// txn-connection-leak with the SQLite C API, compiled against the real
// <sqlite3.h>. sqlite3_open* stores the connection through its second
// argument and allocates it even when it fails ("Whether or not an error
// occurs when it is opened, resources associated with the database
// connection handle should be released by passing it to sqlite3_close()"):
// a failed open must be closed too.
//
// RUN: %check_txnlint %s txn-connection-leak %t

#include <sqlite3.h>

#include <functional>
#include <memory>
#include <future>
#include <stdexcept>
#include <thread>

// Defined in another translation unit: it may close or keep the handle.
void register_connection(sqlite3 *db);
void log_line(const char *text);

static void check_path(const char *path) {
  if (!path || !*path)
    throw std::invalid_argument("empty path");
}

bool count_rows(const char *path) {
  sqlite3 *db = nullptr;
  if (sqlite3_open(path, &db) != SQLITE_OK)
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: connection opened into 'db' is left open on some path out of 'count_rows'; close it, or return or store it, before leaving [txn-connection-leak]
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: connection is still open at this return
  sqlite3_exec(db, "SELECT count(*) FROM t", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  return true;
}

bool failure_closed(const char *path) {
  sqlite3 *db = nullptr;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return false;
  }
  sqlite3_exec(db, "DELETE FROM t", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  return true;
}

void leaks_on_exception(const char *path, const char *other) {
  sqlite3 *db;
  sqlite3_open(path, &db);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: connection opened into 'db' is left open on some path out of 'leaks_on_exception'; close it, or return or store it, before leaving [txn-connection-leak]
  check_path(other);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: connection is still open when an exception leaves the function here
  sqlite3_close(db);
}

void never_closed(const char *path) {
  sqlite3 *db;
  int rc = sqlite3_open(path, &db);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: connection opened into 'db' is left open on some path out of 'never_closed'; close it, or return or store it, before leaving [txn-connection-leak]
  if (rc == SQLITE_OK)
    sqlite3_exec(db, "VACUUM", nullptr, nullptr, nullptr);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: connection is still open at the end of the function

// A factory that returns the connection on success leaks it on failure.
sqlite3 *open_store(const char *path) {
  sqlite3 *db = nullptr;
  if (sqlite3_open(path, &db) != SQLITE_OK)
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: connection opened into 'db' is left open on some path out of 'open_store'; close it, or return or store it, before leaving [txn-connection-leak]
    return nullptr;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: connection is still open at this return
  return db;
}

// Negatives.

// A guard of the program's own, built from a lambda that closes it.
struct Guard {
  std::function<void()> f;
  ~Guard() { f(); }
};

int guarded(const char *path, bool bad) {
  sqlite3 *db = nullptr;
  Guard g{[&] { sqlite3_close(db); }};
  if (sqlite3_open(path, &db) != SQLITE_OK)
    return -1;
  return bad ? -2 : 0;
}

sqlite3 *open_store_cleanly(const char *path) {
  sqlite3 *db = nullptr;
  if (sqlite3_open(path, &db) != SQLITE_OK) {
    sqlite3_close(db);
    return nullptr;
  }
  return db;
}

// The factory's null, tested where it is assigned (FreeSWITCH's `if (!(db =
// switch_core_db_open_file(name)))`), needs no close.
int check_store(const char *path) {
  sqlite3 *db;
  if (!(db = open_store_cleanly(path)))
    return 1;
  sqlite3_close(db);
  return 0;
}

int check_store_compared(const char *path) {
  sqlite3 *db;
  if ((db = open_store_cleanly(path)) == nullptr)
    return 1;
  sqlite3_close(db);
  return 0;
}

sqlite3 *open_for_caller(const char *path) {
  sqlite3 *db = nullptr;
  if (sqlite3_open(path, &db) != SQLITE_OK)
    return db;
  return db;
}

bool open_into(const char *path, sqlite3 **out) {
  return sqlite3_open(path, out) == SQLITE_OK;
}

bool open_then_hand_out(const char *path, sqlite3 **out) {
  sqlite3 *db = nullptr;
  if (sqlite3_open(path, &db) != SQLITE_OK) {
    sqlite3_close(db);
    return false;
  }
  *out = db;
  return true;
}

sqlite3 *g_db;
void open_global(const char *path) {
  sqlite3 *db = nullptr;
  sqlite3_open(path, &db);
  g_db = db;
}

class Repository {
public:
  bool open(const char *path) {
    sqlite3 *db = nullptr;
    if (sqlite3_open(path, &db) != SQLITE_OK) {
      sqlite3_close(db);
      return false;
    }
    db_ = db;
    return true;
  }
  bool open_member(const char *path) {
    return sqlite3_open(path, &db_) == SQLITE_OK;
  }

private:
  sqlite3 *db_ = nullptr;
};

void unique_ptr_guard(const char *path, const char *other) {
  sqlite3 *db = nullptr;
  sqlite3_open(path, &db);
  std::unique_ptr<sqlite3, decltype(&sqlite3_close)> guard(db, &sqlite3_close);
  check_path(other);
  sqlite3_exec(db, "DELETE FROM t", nullptr, nullptr, nullptr);
}

struct CloseDb {
  void operator()(sqlite3 *db) const { sqlite3_close(db); }
};

void custom_deleter(const char *path) {
  sqlite3 *db = nullptr;
  sqlite3_open(path, &db);
  std::unique_ptr<sqlite3, CloseDb> guard;
  guard.reset(db);
  check_path(path);
}

class Connection {
public:
  explicit Connection(sqlite3 *db) : db_(db) {}
  ~Connection() { sqlite3_close(db_); }

private:
  sqlite3 *db_;
};

void raii_wrapper(const char *path) {
  sqlite3 *db = nullptr;
  sqlite3_open(path, &db);
  Connection owner(db);
  check_path(path);
}

// The helper's body closes what it is given: its summary is a close.
static void close_quietly(sqlite3 *db) {
  log_line("closing");
  sqlite3_close(db);
}

void closed_by_helper(const char *path) {
  sqlite3 *db = nullptr;
  if (sqlite3_open(path, &db) != SQLITE_OK) {
    close_quietly(db);
    return;
  }
  sqlite3_exec(db, "DELETE FROM t", nullptr, nullptr, nullptr);
  close_quietly(db);
}

// Handed to code not seen here, which may close or keep it.
void handed_off(const char *path) {
  sqlite3 *db = nullptr;
  sqlite3_open(path, &db);
  register_connection(db);
}

void closed_on_every_path(const char *path, bool vacuum) {
  sqlite3 *db = nullptr;
  sqlite3_open(path, &db);
  if (vacuum) {
    sqlite3_exec(db, "VACUUM", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    return;
  }
  try {
    check_path(path);
  } catch (...) {
    sqlite3_close(db);
    throw;
  }
  sqlite3_close_v2(db);
}

// Opens into its out-parameter on every path: its callers own the handle.
static bool open_checked(const char *path, sqlite3 **out) {
  return sqlite3_open(path, out) == SQLITE_OK;
}

void opened_by_helper(const char *path) {
  sqlite3 *db = nullptr;
  if (!open_checked(path, &db))
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: connection opened into 'db' is left open on some path out of 'opened_by_helper'; close it, or return or store it, before leaving [txn-connection-leak]
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: connection is still open at this return
  sqlite3_exec(db, "VACUUM", nullptr, nullptr, nullptr);
  sqlite3_close(db);
}

// A class of the program that wraps the connection and closes it when
// destroyed, and an owner that keeps the wrapper it is handed.
class OwnedConnection {
public:
  explicit OwnedConnection(const char *path) { sqlite3_open(path, &m_db); }
  ~OwnedConnection() { sqlite3_close(m_db); }

private:
  sqlite3 *m_db = nullptr;
};

class Backend {
public:
  explicit Backend(const char *path) {
    OwnedConnection *connection = new OwnedConnection(path);
    attach(connection);
  }
  explicit Backend(sqlite3 *raw) { keepRaw(raw); }
  void attach(OwnedConnection *connection) { m_connection.reset(connection); }
  void keepRaw(sqlite3 *db) { m_raw = db; }
  void reopen(const char *path) {
    sqlite3 *db = nullptr;
    sqlite3_open(path, &db);
    keepRaw(db);
  }

private:
  std::unique_ptr<OwnedConnection> m_connection;
  sqlite3 *m_raw = nullptr;
};

// The wrapper built with new and never deleted keeps its connection open.
void probe_with_wrapper(const char *path) {
  OwnedConnection *connection = new OwnedConnection(path);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: connection opened into 'connection' is left open on some path out of 'probe_with_wrapper'; close it, or return or store it, before leaving [txn-connection-leak]
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: connection is still open at the end of the function

// Deleted: its destructor closes the connection.
void probe_and_delete(const char *path) {
  OwnedConnection *connection = new OwnedConnection(path);
  delete connection;
}

// Handed to a thread whose lambda closes it (and closed here when starting
// the thread fails): the thread owns it.
void vacuum_in_background(const char *path) {
  sqlite3 *db = nullptr;
  if (sqlite3_open(path, &db) != SQLITE_OK) {
    sqlite3_close(db);
    return;
  }
  try {
    std::thread([db] {
      sqlite3_exec(db, "VACUUM", nullptr, nullptr, nullptr);
      sqlite3_close(db);
    }).detach();
  } catch (...) {
    sqlite3_close(db);
  }
}

std::future<void> analyze_in_background(const char *path) {
  sqlite3 *db = nullptr;
  if (sqlite3_open(path, &db) != SQLITE_OK) {
    sqlite3_close(db);
    return {};
  }
  try {
    return std::async(std::launch::async, [db] {
      sqlite3_exec(db, "ANALYZE", nullptr, nullptr, nullptr);
      sqlite3_close(db);
    });
  } catch (...) {
    sqlite3_close(db);
    throw;
  }
}

// The thread only uses it: nobody closes it.
void report_in_background(const char *path) {
  sqlite3 *db = nullptr;
  if (sqlite3_open(path, &db) != SQLITE_OK) {
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: connection opened into 'db' is left open on some path out of 'report_in_background'; close it, or return or store it, before leaving [txn-connection-leak]
    sqlite3_close(db);
    return;
  }
  std::thread([db] {
    sqlite3_exec(db, "SELECT count(*) FROM items", nullptr, nullptr, nullptr);
  }).detach();
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: connection is still open at the end of the function

// Opens through its out-parameter and hands the connection back (null when
// the open failed): the caller closes it.
static sqlite3 *open_or_null(const char *path) {
  sqlite3 *db = nullptr;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return nullptr;
  }
  return db;
}

bool vacuum_leaks(const char *path) {
  sqlite3 *db = open_or_null(path);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: connection opened into 'db' is left open on some path out of 'vacuum_leaks'; close it, or return or store it, before leaving [txn-connection-leak]
  if (!db)
    return false;
  if (sqlite3_exec(db, "VACUUM", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: connection is still open at this return
  sqlite3_close(db);
  return true;
}

bool vacuum_closes(const char *path) {
  sqlite3 *db = open_or_null(path);
  if (!db)
    return false;
  int rc = sqlite3_exec(db, "VACUUM", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  return rc == SQLITE_OK;
}

// Negative: the connection is handed to a wrapper whose destructor closes
// it, built by std::make_unique or std::make_shared; the early return
// destroys the wrapper and so closes the connection.
class Database {
public:
  explicit Database(sqlite3 *db) : m_db(db) {}
  ~Database() { sqlite3_close(m_db); }
  Database(const Database &) = delete;
  Database &operator=(const Database &) = delete;

private:
  sqlite3 *m_db;
};

std::unique_ptr<Database> open_unique(const char *path) {
  sqlite3 *db = nullptr;
  if (sqlite3_open(path, &db) != SQLITE_OK) {
    sqlite3_close(db);
    return nullptr;
  }
  auto owner = std::make_unique<Database>(db);
  if (sqlite3_exec(db, "PRAGMA foreign_keys = ON", nullptr, nullptr,
                   nullptr) != SQLITE_OK)
    return nullptr;
  return owner;
}

std::shared_ptr<Database> open_shared(const char *path) {
  sqlite3 *db = nullptr;
  if (sqlite3_open(path, &db) != SQLITE_OK) {
    sqlite3_close(db);
    return nullptr;
  }
  auto owner = std::make_shared<Database>(db);
  if (sqlite3_exec(db, "PRAGMA foreign_keys = ON", nullptr, nullptr,
                   nullptr) != SQLITE_OK)
    return nullptr;
  return owner;
}

// Positive: the wrapper is only made after the check; its early return
// leaves the connection open.
std::shared_ptr<Database> open_shared_late(const char *path) {
  sqlite3 *db = nullptr;
  // CHECK-NOTES: :[[@LINE+1]]:7: warning: connection opened into 'db' is left open on some path out of 'open_shared_late'; close it, or return or store it, before leaving [txn-connection-leak]
  if (sqlite3_open(path, &db) != SQLITE_OK) {
    sqlite3_close(db);
    return nullptr;
  }
  if (sqlite3_exec(db, "PRAGMA foreign_keys = ON", nullptr, nullptr,
                   nullptr) != SQLITE_OK)
    // CHECK-NOTES: :[[@LINE+1]]:5: note: connection is still open at this return
    return nullptr;
  return std::make_shared<Database>(db);
}

// A scope guard of the program's that closes the handle guards the exits
// after it is declared, not the failed open's return before it
// (sqlite3_open_v2 allocates the handle even when it fails).
template <typename F> class ScopeExit {
public:
  explicit ScopeExit(F f) : f_(std::move(f)) {}
  ~ScopeExit() { f_(); }

private:
  F f_;
};
template <typename F> ScopeExit<F> make_scope_exit(F f) {
  return ScopeExit<F>(std::move(f));
}

int create_store(const char *path) {
  sqlite3 *db = nullptr;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: connection opened into 'db' is left open on some path out of 'create_store'; close it, or return or store it, before leaving [txn-connection-leak]
                      nullptr) != SQLITE_OK)
    return 9;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: connection is still open at this return
  auto closer = make_scope_exit([&]() { sqlite3_close(db); });
  if (sqlite3_exec(db, "CREATE TABLE t (x)", nullptr, nullptr, nullptr) !=
      SQLITE_OK)
    return 9;
  return 0;
}

// Negative: the guard comes first.
int create_store_guarded(const char *path) {
  sqlite3 *db = nullptr;
  auto closer = make_scope_exit([&]() { sqlite3_close(db); });
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                      nullptr) != SQLITE_OK)
    return 9;
  if (sqlite3_exec(db, "CREATE TABLE t (x)", nullptr, nullptr, nullptr) !=
      SQLITE_OK)
    return 9;
  return 0;
}
