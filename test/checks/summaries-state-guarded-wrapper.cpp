// Function summaries for a wrapper whose methods do their work only while
// the object holds its connection (`if (m_pDS) m_pDS->begin_transaction();`,
// the shape of Kodi's CDatabase): with the connection held, what the guarded
// block does unconditionally happens on every path; a begin inside a further
// condition (a nesting counter) still happens on some paths only. Every
// txn-* check runs, so every finding in the file is listed.
//
// RUN: %check_txnlint %s 'txn-*' %t

#include <sqlite3.h>

#include <functional>
#include <memory>
#include <string>

class Dataset {
public:
  bool exec(const std::string &sql) {
    return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
  }
  bool begin_transaction() { return exec("BEGIN"); }
  bool commit_transaction() { return exec("COMMIT"); }
  bool rollback_transaction() { return exec("ROLLBACK"); }

private:
  sqlite3 *db_ = nullptr;
};

class Database {
public:
  void BeginTransaction() {
    if (m_pDB && m_pDS)
      m_pDS->begin_transaction();
  }
  bool CommitTransaction() {
    if (m_pDS) {
      if (!m_pDS->commit_transaction())
        return false;
      return true;
    }
    return false;
  }
  void RollbackTransaction() {
    if (m_pDS)
      m_pDS->rollback_transaction();
  }
  // Kodi's later shape: the guard written `nullptr != m_pDB`, the whole
  // body in a try whose handler only logs.
  void BeginTransactionLogged() {
    try {
      if (nullptr != m_pDB && nullptr != m_pDS)
        m_pDS->begin_transaction();
    } catch (...) {
      log("BeginTransaction failed");
    }
  }
  // Begins only at the outermost level.
  void BeginNested() {
    if (m_pDS) {
      if (m_depth++ == 0)
        m_pDS->begin_transaction();
    }
  }
  bool RunInTransaction(const std::function<bool()> &work) {
    BeginTransaction();
    if (!work()) {
      RollbackTransaction();
      return false;
    }
    return CommitTransaction();
  }

  bool AddAlbum(int id);
  bool AddAlbumChecked(int id);
  bool AddAlbumNested(int id);
  bool AddAlbumThroughHelper(int id);
  bool AddArtist(int id);

protected:
  void log(const char *what);
  Dataset *m_pDS = nullptr;
  void *m_pDB = nullptr;
  int m_depth = 0;
};

// Positive: the failure returns leave the transaction open.
bool Database::AddAlbum(int id) {
  BeginTransaction();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'm_pDS' is left open on some path out of 'Database::AddAlbum'; commit or roll it back before leaving [txn-missing-rollback]
  if (!m_pDS->exec("INSERT INTO album VALUES (1)"))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  if (!m_pDS->exec("INSERT INTO song VALUES (1)"))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  return CommitTransaction();
}

// Negative: every failure rolls back.
bool Database::AddAlbumChecked(int id) {
  BeginTransaction();
  if (!m_pDS->exec("INSERT INTO album VALUES (1)") ||
      !m_pDS->exec("INSERT INTO song VALUES (1)")) {
    RollbackTransaction();
    return false;
  }
  return CommitTransaction();
}

// Negative: a begin under a nesting counter happens on some paths only; the
// caller does not own what it may have begun.
bool Database::AddAlbumNested(int id) {
  BeginNested();
  if (!m_pDS->exec("INSERT INTO album VALUES (1)"))
    return false;
  return true;
}

// Negative: both writes run inside RunInTransaction's transaction.
bool Database::AddAlbumThroughHelper(int id) {
  return RunInTransaction([&] {
    return m_pDS->exec("INSERT INTO album VALUES (1)") &&
           m_pDS->exec("INSERT INTO song VALUES (1)");
  });
}

// The early return leaves the transaction of the logged begin open.
bool Database::AddArtist(int id) {
  BeginTransactionLogged();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'm_pDS' is left open on some path out of 'Database::AddArtist'; commit or roll it back before leaving [txn-missing-rollback]
  if (!m_pDS->exec("INSERT INTO artist VALUES (1)"))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  return CommitTransaction();
}

// Bitcoin's SQLiteBatch: each transaction method first returns false when
// the connection is missing or in the wrong state, which SQLite reports
// (sqlite3_get_autocommit). Past that guard the method always begins,
// commits or rolls back, so the calls count as such; the wallet's batch
// reaches them through a virtual call and a member, and an import that
// aborts on every failure leaves nothing open.
struct SQLiteDatabase {
  sqlite3 *m_db = nullptr;
};
class DatabaseBatch {
public:
  virtual ~DatabaseBatch() = default;
  virtual bool WriteKey(const std::string &key) = 0;
  virtual bool TxnBegin() = 0;
  virtual bool TxnCommit() = 0;
  virtual bool TxnAbort() = 0;
};
class SQLiteBatch final : public DatabaseBatch {
public:
  explicit SQLiteBatch(SQLiteDatabase &database) : m_database(database) {}
  bool WriteKey(const std::string &key) override {
    return sqlite3_exec(m_database.m_db, key.c_str(), nullptr, nullptr,
                        nullptr) == SQLITE_OK;
  }
  bool TxnBegin() override {
    if (!m_database.m_db || sqlite3_get_autocommit(m_database.m_db) == 0)
      return false;
    return sqlite3_exec(m_database.m_db, "BEGIN TRANSACTION", nullptr,
                        nullptr, nullptr) == SQLITE_OK;
  }
  bool TxnCommit() override {
    if (!m_database.m_db || sqlite3_get_autocommit(m_database.m_db) != 0)
      return false;
    return sqlite3_exec(m_database.m_db, "COMMIT TRANSACTION", nullptr,
                        nullptr, nullptr) == SQLITE_OK;
  }
  bool TxnAbort() override {
    if (!m_database.m_db || sqlite3_get_autocommit(m_database.m_db) != 0)
      return false;
    return sqlite3_exec(m_database.m_db, "ROLLBACK TRANSACTION", nullptr,
                        nullptr, nullptr) == SQLITE_OK;
  }

private:
  SQLiteDatabase &m_database;
};
class WalletBatch {
public:
  explicit WalletBatch(std::unique_ptr<DatabaseBatch> batch)
      : m_batch(std::move(batch)) {}
  bool WriteKey(const std::string &key) { return m_batch->WriteKey(key); }
  bool TxnBegin() { return m_batch->TxnBegin(); }
  bool TxnCommit() { return m_batch->TxnCommit(); }
  bool TxnAbort() { return m_batch->TxnAbort(); }

private:
  std::unique_ptr<DatabaseBatch> m_batch;
};

// Negative: every failure aborts.
bool ImportKeys(WalletBatch &batch, const std::string &first,
                const std::string &second) {
  if (!batch.TxnBegin())
    return false;
  if (!batch.WriteKey(first) || !batch.WriteKey(second)) {
    batch.TxnAbort();
    return false;
  }
  if (!batch.TxnCommit()) {
    batch.TxnAbort();
    return false;
  }
  return true;
}

// Positive: the failed write returns with the transaction open (the bug
// Bitcoin fixed: the next TxnBegin then fails).
bool ImportKey(SQLiteBatch &batch, const std::string &key) {
  if (!batch.TxnBegin())
    // CHECK-NOTES: :[[@LINE-1]]:8: warning: transaction begun on 'batch' is left open on some path out of 'ImportKey'; commit or roll it back before leaving [txn-missing-rollback]
    return false;
  if (!batch.WriteKey(key))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  return batch.TxnCommit();
}

// RetroShare's RetroDb: each transaction method returns false when the
// connection is not open, else the result of its statement. The rollback
// method is a rollback wherever it runs.
class RetroDb {
public:
  bool isOpen() const { return Db != nullptr; }
  bool execSQL(const std::string &Sql) {
    return sqlite3_exec(Db, Sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
  }
  bool beginTransaction() {
    if (!isOpen())
      return false;
    return execSQL("BEGIN;");
  }
  bool commitTransaction() {
    if (!isOpen())
      return false;
    return execSQL("COMMIT;");
  }
  bool rollbackTransaction() {
    if (!isOpen())
      return false;
    return execSQL("ROLLBACK;");
  }

private:
  sqlite3 *Db = nullptr;
};

// Negative: a guard that rolls back what it began unless it was committed.
class TransactionGuard {
public:
  explicit TransactionGuard(RetroDb &Db) : Db(Db), Active(Db.beginTransaction()) {}
  ~TransactionGuard() {
    if (Active)
      Db.rollbackTransaction();
  }
  bool commit() {
    Active = !Db.commitTransaction();
    return !Active;
  }

private:
  RetroDb &Db;
  bool Active;
};

bool storeGroup(RetroDb &Db, int Id) {
  TransactionGuard Guard(Db);
  if (Id < 0)
    return false;
  if (!Db.execSQL("INSERT INTO groups (id) VALUES (1)"))
    return false;
  return Guard.commit();
}

// Positive: rolled back after the commit.
bool releaseUpdate(RetroDb &Db) {
  if (!Db.beginTransaction())
    return false;
  Db.execSQL("UPDATE release SET done = 1");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the failure of this write is not handled before transaction on 'Db' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  bool Committed = Db.commitTransaction();
  // CHECK-NOTES: :[[@LINE-1]]:20: note: committed here
  Db.rollbackTransaction();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'Db' is rolled back after it was committed; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-4]]:20: note: it is committed here
  return Committed;
}

// Begin and commit wrappers that return success when the object writes
// nothing (EnergyPlus's SQLite: `if (!m_writeOutputToSQLite) return
// SQLITE_OK; return sqliteExecuteCommand("BEGIN;");`): the guard hides
// neither the begin nor how its result reports failure.
class OutputDb {
public:
  int executeCommand(const std::string &Command) {
    char *Error = nullptr;
    int Rc = sqlite3_exec(Db, Command.c_str(), nullptr, nullptr, &Error);
    sqlite3_free(Error);
    return Rc;
  }
  int begin() {
    if (!WriteOutput)
      return SQLITE_OK;
    return executeCommand("BEGIN;");
  }
  int commit() {
    if (!WriteOutput)
      return SQLITE_OK;
    return executeCommand("COMMIT;");
  }
  void rollback() {
    if (WriteOutput)
      executeCommand("ROLLBACK;");
  }
  bool insertRow(int Id) {
    return executeCommand("INSERT INTO reports VALUES (" + std::to_string(Id) +
                          ")") == SQLITE_OK;
  }

private:
  sqlite3 *Db = nullptr;
  bool WriteOutput = true;
};

// Negative: a failed begin opened nothing; a failed commit rolls back.
bool writeReports(OutputDb &Out, int Id) {
  if (Out.begin() != SQLITE_OK)
    return false;
  if (!Out.insertRow(Id)) {
    Out.rollback();
    return false;
  }
  if (Out.commit() != SQLITE_OK) {
    Out.rollback();
    return false;
  }
  return true;
}

bool writeReportsUnchecked(OutputDb &Out, int Id) {
  if (Out.begin() != SQLITE_OK)
    return false;
  // CHECK-NOTES: :[[@LINE-2]]:7: warning: transaction begun on 'Out' is left open on some path out of 'writeReportsUnchecked'; commit or roll it back before leaving [txn-missing-rollback]
  if (!Out.insertRow(Id))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  return Out.commit() == SQLITE_OK;
}
