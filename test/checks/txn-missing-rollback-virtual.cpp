// Calls through an interface, as PowerDNS calls DNSBackend over SSql: a
// virtual call whose target is not known does what every overrider in view
// does, when they agree (docs/summaries.md).
//
// RUN: %check_txnlint %s txn-missing-rollback %t

#include <sqlite3.h>

// The second interface: a connection that throws when a statement fails.
class Sql {
public:
  virtual ~Sql() = default;
  virtual void begin() = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;
};

class Sqlite3Sql : public Sql {
public:
  void begin() override { exec("begin"); }
  void commit() override { exec("commit"); }
  void rollback() override { exec("rollback"); }

private:
  void exec(const char *sql) {
    if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
      throw 1;
  }
  sqlite3 *db_ = nullptr;
};

// A backend without transactions says so: nothing began.
class Backend {
public:
  virtual ~Backend() = default;
  virtual bool startTransaction(int zone) { return false; }
  virtual bool commitTransaction() { return false; }
  virtual bool abortTransaction() { return false; }
};

// Reports a failed statement through its result.
class Sqlite3Backend : public Backend {
public:
  bool startTransaction(int) override { return exec("BEGIN"); }
  bool commitTransaction() override { return exec("COMMIT"); }
  bool abortTransaction() override { return exec("ROLLBACK"); }

private:
  bool exec(const char *sql) {
    return sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
  }
  sqlite3 *db_ = nullptr;
};

// Through the second interface, which throws on failure (GSQLBackend): the
// begin is on the member db_, which is the backend in the caller.
class SqlBackend : public Backend {
public:
  bool startTransaction(int) override {
    db_->begin();
    return true;
  }
  bool commitTransaction() override {
    db_->commit();
    return true;
  }
  bool abortTransaction() override {
    db_->rollback();
    return true;
  }

private:
  Sql *db_ = nullptr;
};

int replace(Backend *backend, int zone, const int *records, int n) {
  if (!backend->startTransaction(zone))
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: transaction begun on 'backend' is left open on some path out of 'replace'; commit or roll it back before leaving [txn-missing-rollback]
    return 1; // nothing began
  for (int i = 0; i < n; ++i)
    if (records[i] < 0)
      return 2;
  // CHECK-NOTES: :[[@LINE-1]]:7: note: transaction is still open at this return
  if (!backend->commitTransaction())
    return 3;
  return 0;
}

// Negative: every early path aborts.
int replace_checked(Backend &backend, int zone, const int *records, int n) {
  if (!backend.startTransaction(zone))
    return 1;
  for (int i = 0; i < n; ++i)
    if (records[i] < 0) {
      backend.abortTransaction();
      return 2;
    }
  if (!backend.commitTransaction()) {
    backend.abortTransaction();
    return 3;
  }
  return 0;
}

// A pure interface with one implementation in view: the implementation
// decides, and it does nothing else (no hand-off that might end the begin).
class Log {
public:
  virtual ~Log() = default;
  virtual void open() = 0;
  virtual void close() = 0;
};

class Sqlite3Log : public Log {
public:
  void open() override { sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr); }
  void close() override {
    if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
      throw 1;
  }

private:
  sqlite3 *db_ = nullptr;
};

int record(Log &log, const int *records, int n) {
  log.open();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'log' is left open on some path out of 'record'; commit or roll it back before leaving [txn-missing-rollback]
  for (int i = 0; i < n; ++i)
    if (records[i] < 0)
      return 1;
  // CHECK-NOTES: :[[@LINE-1]]:7: note: transaction is still open at this return
  log.close();
  return 0;
}

// Negative: one implementation begins where the other commits, so a call may
// do either; it stays an unknown callee.
class Journal {
public:
  virtual ~Journal() = default;
  virtual void open() = 0;
  virtual void close() = 0;
};

class BeginJournal : public Journal {
public:
  void open() override { sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr); }
  void close() override {
    if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
      throw 1;
  }

private:
  sqlite3 *db_ = nullptr;
};

class CommitJournal : public Journal {
public:
  void open() override {
    if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
      throw 1;
  }
  void close() override { sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr); }

private:
  sqlite3 *db_ = nullptr;
};

int append(Journal &journal, const int *records, int n) {
  journal.open();
  for (int i = 0; i < n; ++i)
    if (records[i] < 0)
      return 1;
  journal.close();
  return 0;
}

// Negative: a pure virtual method with no overrider in view.
class Store {
public:
  virtual ~Store() = default;
  virtual bool begin() = 0;
};

int save(Store &store, bool bad) {
  if (!store.begin())
    return 1;
  if (bad)
    return 2;
  return 0;
}

// A final class or a qualified call has one target, as before.
class FinalSqlite3Backend final : public Sqlite3Backend {};

int replace_final(FinalSqlite3Backend &backend, bool bad) {
  if (!backend.startTransaction(0))
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: transaction begun on 'backend' is left open on some path out of 'replace_final'; commit or roll it back before leaving [txn-missing-rollback]
    return 1;
  if (bad)
    return 2;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  backend.commitTransaction();
  return 0;
}

int replace_qualified(Sqlite3Backend &backend, bool bad) {
  if (!backend.Sqlite3Backend::startTransaction(0))
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: transaction begun on 'backend' is left open on some path out of 'replace_qualified'; commit or roll it back before leaving [txn-missing-rollback]
    return 1;
  if (bad)
    return 2;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  backend.Sqlite3Backend::commitTransaction();
  return 0;
}

// A base whose database has no transactions does nothing and reports
// success (CMaNGOS's SqlConnection): the call does what the overrider with
// transactions does.
class SqlConnection {
public:
  virtual ~SqlConnection() = default;
  virtual bool Execute(const char *sql) = 0;
  virtual bool BeginTransaction() { return true; }
  virtual bool CommitTransaction() { return true; }
  virtual bool RollbackTransaction() { return true; }
};

class SqliteConnection : public SqlConnection {
public:
  bool Execute(const char *sql) override { return command(sql); }
  bool BeginTransaction() override { return command("BEGIN"); }
  bool CommitTransaction() override { return command("COMMIT"); }
  bool RollbackTransaction() override { return command("ROLLBACK"); }

private:
  bool command(const char *sql) {
    return sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
  }
  sqlite3 *db_ = nullptr;
};

bool run_batch(SqlConnection *conn, const char *const *queue, int n) {
  if (!conn->BeginTransaction())
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: transaction begun on 'conn' is left open on some path out of 'run_batch'; commit or roll it back before leaving [txn-missing-rollback]
    return false;
  for (int i = 0; i < n; ++i)
    if (!conn->Execute(queue[i]))
      return false;
  // CHECK-NOTES: :[[@LINE-1]]:7: note: transaction is still open at this return
  return conn->CommitTransaction();
}

// Negative: the failed statement rolls back.
bool run_batch_checked(SqlConnection *conn, const char *const *queue, int n) {
  if (!conn->BeginTransaction())
    return false;
  for (int i = 0; i < n; ++i)
    if (!conn->Execute(queue[i])) {
      conn->RollbackTransaction();
      return false;
    }
  return conn->CommitTransaction();
}
