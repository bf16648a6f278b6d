// manaserv's storage talks to an abstract dal::DataProvider. A call through
// it to a pure virtual method does what the overriders in view do: a
// prepare that neither commits nor rolls back leaves the caller's
// transaction open. Its RAII guard begins only where the provider is not
// in a transaction already; to the code that makes it, a transaction is
// open after it either way.
//
// RUN: %check_txnlint %s txn-missing-rollback,txn-side-effect-before-commit %t -- -- -std=c++17 -I/usr/include/mariadb

#include <mysql.h>

#include <stdexcept>
#include <string>
#include <sys/socket.h>

struct DbError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class DataProvider {
public:
  virtual ~DataProvider() = default;
  virtual void beginTransaction() = 0;
  virtual void commitTransaction() = 0;
  virtual void rollbackTransaction() = 0;
  virtual bool inTransaction() const = 0;
  virtual void execSql(const std::string &sql) = 0;
  virtual bool prepareSql(const std::string &sql) = 0;
  virtual void processSql() = 0;
};

class MySqlDataProvider : public DataProvider {
public:
  void beginTransaction() override {
    if (mysql_query(mDb, "START TRANSACTION"))
      throw DbError(mysql_error(mDb));
    mInTransaction = true;
  }
  void commitTransaction() override {
    if (mysql_commit(mDb))
      throw DbError(mysql_error(mDb));
    mInTransaction = false;
  }
  void rollbackTransaction() override {
    mysql_rollback(mDb);
    mInTransaction = false;
  }
  bool inTransaction() const override { return mInTransaction; }
  void execSql(const std::string &sql) override {
    if (mysql_query(mDb, sql.c_str()))
      throw DbError(mysql_error(mDb));
  }
  bool prepareSql(const std::string &sql) override {
    return mysql_stmt_prepare(mStmt, sql.c_str(), sql.size()) == 0;
  }
  void processSql() override {
    if (mysql_stmt_execute(mStmt))
      throw DbError(mysql_stmt_error(mStmt));
  }

private:
  MYSQL *mDb = nullptr;
  MYSQL_STMT *mStmt = nullptr;
  bool mInTransaction = false;
};

class PerformTransaction {
public:
  explicit PerformTransaction(DataProvider *dataProvider)
      : mDataProvider(dataProvider) {
    if (!mDataProvider->inTransaction()) {
      mDataProvider->beginTransaction();
      mTransactionStarted = true;
    }
  }
  ~PerformTransaction() {
    if (mTransactionStarted && !mCommitted)
      mDataProvider->rollbackTransaction();
  }
  void commit() {
    if (mTransactionStarted) {
      mDataProvider->commitTransaction();
      mCommitted = true;
      mTransactionStarted = false;
    }
  }

private:
  DataProvider *mDataProvider;
  bool mTransactionStarted = false;
  bool mCommitted = false;
};

class Storage {
public:
  void storeLetters(int count) {
    mDb->beginTransaction();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: transaction begun on 'mDb' is left open on some path out of 'Storage::storeLetters'; commit or roll it back before leaving [txn-missing-rollback]
    for (int i = 0; i < count; ++i) {
      if (!mDb->prepareSql("INSERT INTO mana_post VALUES (?)"))
        return;
      // CHECK-NOTES: :[[@LINE-1]]:9: note: transaction is still open at this return
      mDb->processSql();
      // CHECK-NOTES: :[[@LINE-1]]:7: note: transaction is still open when an exception leaves the function here
    }
    mDb->commitTransaction();
  }

  // Negative: the guard rolls back what it began on every way out.
  void setParty(int charId, int partyId) {
    PerformTransaction transaction(mDb);
    mDb->execSql("UPDATE mana_characters SET party_id = " +
                 std::to_string(partyId) + " WHERE id = " +
                 std::to_string(charId));
    transaction.commit();
  }

  void setPartyAndTell(int charId, int partyId, int sd) {
    PerformTransaction transaction(mDb);
    mDb->execSql("UPDATE mana_characters SET party_id = " +
                 std::to_string(partyId) + " WHERE id = " +
                 std::to_string(charId));
    ::send(sd, "party", 5, 0);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'send' has an effect outside the database but runs before transaction 'transaction' commits; a rollback or a failed commit cannot undo it, so move it after the commit or record it in an outbox table [txn-side-effect-before-commit]
    transaction.commit();
    // CHECK-NOTES: :[[@LINE-1]]:5: note: the transaction commits here
  }

private:
  DataProvider *mDb = nullptr;
};
