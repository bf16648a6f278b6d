// A store that prepares its BEGIN, COMMIT and ROLLBACK statements once, as
// SQLiteCpp statements held by value and built in the constructor's member
// initializers, and runs them from its transaction methods (Mailspring's
// MailStore). Its begin and commit methods are a begin and a commit on the
// store's connection, so a caller that leaves on an early return with the
// transaction open is reported. A run of the member does what its SQL does.
//
// RUN: %check_txnlint %s 'txn-*' %t -- -- -std=c++17

#include <SQLiteCpp/SQLiteCpp.h>

#include <string>

class MailStore {
public:
  explicit MailStore(const std::string &path)
      : _db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE),
        _stmtBeginTransaction(_db, "BEGIN IMMEDIATE TRANSACTION"),
        _stmtRollbackTransaction(_db, "ROLLBACK"),
        _stmtCommitTransaction(_db, "COMMIT") {}

  void beginTransaction() {
    _stmtBeginTransaction.exec();
    _stmtBeginTransaction.reset();
  }
  void rollbackTransaction() {
    _stmtRollbackTransaction.exec();
    _stmtRollbackTransaction.reset();
  }
  void commitTransaction() {
    _stmtCommitTransaction.exec();
    _stmtCommitTransaction.reset();
  }
  void save(const std::string &id, int unread) {
    SQLite::Statement update(_db, "UPDATE Folder SET unread = ? WHERE id = ?");
    update.bind(1, unread);
    update.bind(2, id);
    update.exec();
  }
  bool exists(const std::string &id) {
    SQLite::Statement query(_db, "SELECT 1 FROM Folder WHERE id = ?");
    query.bind(1, id);
    return query.executeStep();
  }

private:
  SQLite::Database _db;
  SQLite::Statement _stmtBeginTransaction;
  SQLite::Statement _stmtRollbackTransaction;
  SQLite::Statement _stmtCommitTransaction;
};

bool updateUnread(MailStore *store, const std::string &id, int unread) {
  store->beginTransaction();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'store' is left open on some path out of 'updateUnread'; commit or roll it back before leaving [txn-missing-rollback]
  if (!store->exists(id))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  // CHECK-NOTES: :[[@LINE-3]]:8: note: transaction is still open when an exception leaves the function here
  store->save(id, unread);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: transaction is still open when an exception leaves the function here
  store->commitTransaction();
  return true;
}

bool updateUnreadChecked(MailStore *store, const std::string &id, int unread) {
  store->beginTransaction();
  try {
    if (!store->exists(id)) {
      store->rollbackTransaction();
      return false;
    }
    store->save(id, unread);
  } catch (const SQLite::Exception &) {
    store->rollbackTransaction();
    throw;
  }
  store->commitTransaction();
  return true;
}
