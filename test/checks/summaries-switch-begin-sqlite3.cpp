// wxSQLite3's Begin(type) runs one of several BEGIN statements, one in each
// case of a switch on the transaction type: whichever runs, the call
// begins a transaction, so the caller's paths out after it are checked.
//
// RUN: %check_txnlint %s txn-missing-rollback,txn-side-effect-before-commit %t -- -- -std=c++17

#include <sqlite3.h>

#include <stdexcept>
#include <string>
#include <sys/socket.h>

enum TransactionType { Default, Deferred, Immediate, Exclusive };

class Database {
public:
  void Begin(TransactionType type = Default) {
    switch (type) {
    case Deferred:
      ExecuteUpdate("begin deferred transaction");
      break;
    case Immediate:
      ExecuteUpdate("begin immediate transaction");
      break;
    case Exclusive:
      ExecuteUpdate("begin exclusive transaction");
      break;
    default:
      ExecuteUpdate("begin transaction");
      break;
    }
  }
  void Commit() { ExecuteUpdate("commit transaction"); }
  void Rollback() { ExecuteUpdate("rollback transaction"); }

  int ExecuteUpdate(const char *sql) {
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
      throw std::runtime_error(sqlite3_errmsg(m_db));
    return sqlite3_changes(m_db);
  }

private:
  sqlite3 *m_db = nullptr;
};

class TagsStorage {
public:
  // Negative: ended on every path.
  void StoreWeight(bool parsed) {
    try {
      m_db.Begin();
      m_db.ExecuteUpdate("replace into CC_USAGE values ('k', 1)");
      if (!parsed) {
        m_db.Rollback();
        return;
      }
      m_db.Commit();
    } catch (const std::exception &) {
      m_db.Rollback();
    }
  }

  void DeleteFileEntries(bool parsed) {
    m_db.Begin(Immediate);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: transaction begun on 'm_db' is left open on some path out of 'TagsStorage::DeleteFileEntries'; commit or roll it back before leaving [txn-missing-rollback]
    m_db.ExecuteUpdate("delete from TAGS where FILE = 'f'");
    if (!parsed)
      return;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: transaction is still open at this return
    // CHECK-NOTES: :[[@LINE-4]]:5: note: transaction is still open when an exception leaves the function here
    m_db.Commit();
  }

  void ReplyDone(int sd) {
    try {
      m_db.Begin();
      m_db.ExecuteUpdate("delete from TAGS where FILE = 'f'");
      ::send(sd, "done", 4, 0);
      // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'send' has an effect outside the database but runs before transaction on 'm_db' commits; a rollback or a failed commit cannot undo it, so move it after the commit or record it in an outbox table [txn-side-effect-before-commit]
      m_db.Commit();
      // CHECK-NOTES: :[[@LINE-1]]:7: note: the transaction commits here
    } catch (const std::exception &) {
      m_db.Rollback();
    }
  }

private:
  Database m_db;
};
