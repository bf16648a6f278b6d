// txn-session-escape with SQLiteC++ 3, compiled against the real headers in
// /usr/include/SQLiteCpp. SQLite::Transaction is a transaction,
// SQLite::Savepoint a savepoint; a local SQLite::Database is a "session in a
// transaction" in a function that runs BEGIN on it through exec(), a
// "connection" otherwise.
//
// RUN: %check_txnlint %s txn-session-escape %t -- -- -std=c++20

#include <SQLiteCpp/SQLiteCpp.h>
#include <SQLiteCpp/Savepoint.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

// Defined in another translation unit.
void insert_line(SQLite::Database &db, int id);
void log_savepoint(const SQLite::Savepoint *sp);

std::function<void()> g_on_idle;

// Same translation unit: the first stores its parameter in a static.
static void set_current(SQLite::Transaction &tx) {
  static SQLite::Transaction *current;
  current = &tx;
}
static int count_lines(SQLite::Database &db) {
  return db.execAndGet("SELECT COUNT(*) FROM lines").getInt();
}
static void finish(SQLite::Transaction &tx) { tx.commit(); }

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

class LineStore {
public:
  explicit LineStore(SQLite::Database &db) : m_db(db) {}
  void begin_batch();
  void nest(int id);
  void push_level(int id);
  void open_private(const std::string &path);
  void cleanup_later();

private:
  SQLite::Database &m_db;
  SQLite::Transaction *m_batch = nullptr;
  SQLite::Savepoint *m_inner = nullptr;
  std::vector<SQLite::Savepoint *> m_levels;
  SQLite::Database *m_private = nullptr;
  std::thread m_cleaner;
};

// The transaction kept in a member after the function returns.
void LineStore::begin_batch() {
  SQLite::Transaction tx(m_db);
  m_batch = &tx;
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: transaction 'tx' escapes its scope: it is stored in member 'm_batch'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:23: note: 'tx' is declared here
  insert_line(m_db, 0);
  tx.commit();
}

// A savepoint, in a member and in a member container.
void LineStore::nest(int id) {
  SQLite::Savepoint sp(m_db, "line");
  m_inner = &sp;
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: savepoint 'sp' escapes its scope: it is stored in member 'm_inner'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:21: note: 'sp' is declared here
  insert_line(m_db, id);
  sp.release();
}

void LineStore::push_level(int id) {
  SQLite::Savepoint level(m_db, "level");
  m_levels.emplace_back(&level);
  // CHECK-NOTES: :[[@LINE-1]]:26: warning: savepoint 'level' escapes its scope: it is stored in a container in member 'm_levels'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:21: note: 'level' is declared here
  insert_line(m_db, id);
  level.release();
}

// A local database with BEGIN run on it.
void LineStore::open_private(const std::string &path) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec("BEGIN IMMEDIATE");
  m_private = &db;
  // CHECK-NOTES: :[[@LINE-1]]:16: warning: session in a transaction 'db' escapes its scope: it is stored in member 'm_private'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-4]]:20: note: 'db' is declared here
  db.exec("COMMIT");
}

// A thread kept in a member, never joined here.
void LineStore::cleanup_later() {
  SQLite::Transaction tx(m_db, SQLite::TransactionBehavior::IMMEDIATE);
  m_cleaner = std::thread([&] {
    // CHECK-NOTES: :[[@LINE-1]]:27: warning: transaction 'tx' escapes its scope: a lambda capturing it by reference is passed to 'std::thread'; it can be used after it has ended [txn-session-escape]
    // CHECK-NOTES: :[[@LINE-3]]:23: note: 'tx' is declared here
    m_db.exec("DELETE FROM lines WHERE obsolete");
    tx.commit();
  });
}

// A global std::function holding a lambda that captures by reference.
void on_idle_commit(SQLite::Database &db) {
  SQLite::Transaction tx(db);
  g_on_idle = [&tx] { tx.commit(); };
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: transaction 'tx' escapes its scope: a lambda capturing it by reference is stored in global 'g_on_idle'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:23: note: 'tx' is declared here
}

// A callee of this file that stores it in a static.
void make_current(SQLite::Database &db) {
  SQLite::Transaction tx(db);
  set_current(tx);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: transaction 'tx' escapes its scope: it is passed to 'set_current', which stores it; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:23: note: 'tx' is declared here
  tx.commit();
}

// Returned, as a savepoint pointer and as a database reference.
SQLite::Savepoint *open_savepoint(SQLite::Database &db) {
  SQLite::Savepoint sp(db, "outer");
  return &sp;
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: savepoint 'sp' escapes its scope: it is returned; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:21: note: 'sp' is declared here
}

// A detached thread given the database with std::ref, after BEGIN through
// tryExec.
void detach_writer(const std::string &path) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  if (db.tryExec("BEGIN") != SQLite::OK)
    return;
  std::thread(insert_line, std::ref(db), 42).detach();
  // CHECK-NOTES: :[[@LINE-1]]:37: warning: session in a transaction 'db' escapes its scope: it is passed to 'std::thread'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-5]]:20: note: 'db' is declared here
  db.exec("COMMIT");
}

// A local database is a handle whether or not BEGIN runs on it.
class Peeker {
public:
  void peek(const std::string &path) {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    m_last = &db;
    // CHECK-NOTES: :[[@LINE-1]]:15: warning: connection 'db' escapes its scope: it is stored in member 'm_last'; it can be used after it has ended [txn-session-escape]
    // CHECK-NOTES: :[[@LINE-3]]:22: note: 'db' is declared here
    count_lines(db);
  }

private:
  SQLite::Database *m_last = nullptr;
};

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Passed by reference or pointer to functions that only use it.
void import_lines(SQLite::Database &db, const std::vector<int> &ids) {
  SQLite::Transaction tx(db);
  for (int id : ids) {
    SQLite::Savepoint sp(db, "line");
    log_savepoint(&sp);
    insert_line(db, id);
    sp.release();
  }
  count_lines(db);
  finish(tx);
}

// Returned or stored by value: the database is moved, its transaction
// goes with it.
SQLite::Database open_and_begin(const std::string &path) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  db.exec("BEGIN");
  return db;
}

class Owner {
public:
  void take(const std::string &path) {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec("BEGIN");
    m_db = std::make_unique<SQLite::Database>(std::move(db));
  }

private:
  std::unique_ptr<SQLite::Database> m_db;
};

// Statements and other locals that refer to the database die with it.
int local_refs(const std::string &path, const std::vector<int> &ids) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  db.exec("BEGIN");
  SQLite::Statement insert(db, "INSERT INTO lines (id) VALUES (?)");
  std::vector<SQLite::Database *> open{&db};
  SQLite::Database &alias = db;
  for (int id : ids) {
    insert.bind(1, id);
    insert.exec();
    insert.reset();
  }
  std::for_each(ids.begin(), ids.end(), [&](int id) { insert_line(alias, id); });
  int n = [&db] { return count_lines(db); }();
  db.exec("COMMIT");
  return n + static_cast<int>(open.size());
}

// Threads joined before the transaction ends.
void parallel_check(SQLite::Database &db) {
  SQLite::Transaction tx(db);
  std::thread counter([&db] { count_lines(db); });
  counter.join();
  std::jthread auto_joined([&tx] { (void)tx; });
  tx.commit();
}

// A savepoint parameter is not a local.
class Tracker {
public:
  void track(SQLite::Savepoint &sp) { m_sp = &sp; }

private:
  SQLite::Savepoint *m_sp = nullptr;
};
