// txn-nested-unhandled-exception with a savepoint class and a transaction
// class of the user's over the SQLite C API, known from their bodies (no
// model): Savepoint's constructor runs SAVEPOINT, its release() RELEASE,
// and its destructor ROLLBACK TO unless released; Transaction's destructor
// rolls back unless committed. exec() throws on failure. Like
// pqxx::subtransaction, the savepoint object is rolled back by its
// destructor as an exception leaves its scope, so a handler around it
// is all that keeps the transaction going.
//
// RUN: %check_txnlint %s txn-nested-unhandled-exception %t -- -- -std=c++17

#include <sqlite3.h>

#include <stdexcept>
#include <string>

static void exec(sqlite3 *db, const std::string &sql) {
  char *err = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK)
    throw std::runtime_error(err ? err : "sqlite3_exec failed");
}

class Savepoint {
public:
  Savepoint(sqlite3 *db, std::string name) : db_(db), name_(std::move(name)) {
    exec(db_, "SAVEPOINT " + name_);
  }
  ~Savepoint() {
    if (!released_)
      sqlite3_exec(db_, ("ROLLBACK TO " + name_).c_str(), nullptr, nullptr, nullptr);
  }
  void release() {
    exec(db_, "RELEASE " + name_);
    released_ = true;
  }

private:
  sqlite3 *db_;
  std::string name_;
  bool released_ = false;
};

class Transaction {
public:
  explicit Transaction(sqlite3 *db) : db_(db) { exec(db_, "BEGIN"); }
  ~Transaction() {
    if (!done_)
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  void commit() {
    exec(db_, "COMMIT");
    done_ = true;
  }

private:
  sqlite3 *db_;
  bool done_ = false;
};

// Positive: the note's insert may throw; nothing stops the exception between
// the savepoint and the transaction, whose destructor rolls everything back.
void close_account(sqlite3 *db) {
  Transaction t(db);
  exec(db, "UPDATE accounts SET closed = 1 WHERE id = 7");
  {
    Savepoint note(db, "note");
    exec(db, "INSERT INTO notes (account, text) VALUES (7, 'closed')");
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: an exception from 'exec' escapes savepoint 'note' and aborts the enclosing transaction; catch it around the savepoint so that the transaction can go on [txn-nested-unhandled-exception]
    // CHECK-NOTES: :[[@LINE-3]]:5: note: savepoint 'note' is opened here
    // CHECK-NOTES: :[[@LINE-7]]:3: note: transaction 't', begun here, is then rolled back by its destructor as the exception unwinds
    note.release();
  }
  t.commit();
}

// Negative: a handler around the savepoint; the savepoint's destructor has
// rolled back to it by the time the handler runs, and the transaction goes
// on.
void close_account_noted(sqlite3 *db) {
  Transaction t(db);
  exec(db, "UPDATE accounts SET closed = 1 WHERE id = 7");
  try {
    Savepoint note(db, "note");
    exec(db, "INSERT INTO notes (account, text) VALUES (7, 'closed')");
    note.release();
  } catch (const std::exception &) {
  }
  t.commit();
}

// Negative: nothing in the savepoint can throw.
void close_account_quietly(sqlite3 *db) {
  Transaction t(db);
  exec(db, "UPDATE accounts SET closed = 1 WHERE id = 7");
  {
    Savepoint note(db, "note");
    sqlite3_exec(db, "INSERT INTO notes (account, text) VALUES (7, 'closed')",
                 nullptr, nullptr, nullptr);
    note.release();
  }
  t.commit();
}

// A repository built on the caller's wrapper opens the savepoint on the
// connection its member holds: the caller's transaction, whether the
// repository is a local or a member of a service built from the same
// wrapper.
struct LineDb {
  sqlite3 *Conn = nullptr;
  bool begin() {
    return sqlite3_exec(Conn, "BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK;
  }
  bool commit() {
    return sqlite3_exec(Conn, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
  }
  void rollback() { sqlite3_exec(Conn, "ROLLBACK", nullptr, nullptr, nullptr); }
  bool exec(const std::string &Sql) {
    return sqlite3_exec(Conn, Sql.c_str(), nullptr, nullptr, nullptr) ==
           SQLITE_OK;
  }
};

struct LineRepo {
  explicit LineRepo(LineDb &Db) : Db(Db) {}
  bool insertChecked(int Qty) {
    Db.exec("SAVEPOINT line");
    try {
      if (Qty <= 0)
        throw std::invalid_argument("qty");
      if (!Db.exec("INSERT INTO lines (qty) VALUES (1)"))
        throw std::runtime_error("insert");
    } catch (...) {
      Db.exec("ROLLBACK TO SAVEPOINT line");
      throw;
    }
    return Db.exec("RELEASE SAVEPOINT line");
  }
  LineDb &Db;
};

bool add_line(LineDb &Db, int Qty) {
  LineRepo Lines(Db);
  if (!Db.begin())
    return false;
  try {
    Lines.insertChecked(Qty);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: an exception from 'LineRepo::insertChecked' escapes savepoint 'line' and aborts the enclosing transaction; catch it around the call so that the transaction can go on [txn-nested-unhandled-exception]
    // CHECK-NOTES: :[[@LINE-2]]:5: note: savepoint 'line' is opened inside 'LineRepo::insertChecked', called here
  } catch (...) {
    Db.rollback();
    // CHECK-NOTES: :[[@LINE-1]]:5: note: the handler then rolls back the whole transaction here
    throw;
  }
  return Db.commit();
}

struct OrderDesk {
  explicit OrderDesk(LineDb &Db) : Db(Db), Lines(Db) {}
  bool addLine(int Qty) {
    if (!Db.begin())
      return false;
    try {
      Lines.insertChecked(Qty);
      // CHECK-NOTES: :[[@LINE-1]]:7: warning: an exception from 'LineRepo::insertChecked' escapes savepoint 'line' and aborts the enclosing transaction; catch it around the call so that the transaction can go on [txn-nested-unhandled-exception]
      // CHECK-NOTES: :[[@LINE-2]]:7: note: savepoint 'line' is opened inside 'LineRepo::insertChecked', called here
    } catch (...) {
      Db.rollback();
      // CHECK-NOTES: :[[@LINE-1]]:7: note: the handler then rolls back the whole transaction here
      throw;
    }
    return Db.commit();
  }
  LineDb &Db;
  LineRepo Lines;
};
