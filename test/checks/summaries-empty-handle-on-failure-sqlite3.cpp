// A helper that returns a handle object says with an empty one that its
// BEGIN failed and with any other that it ran: KDb's beginTransaction()
// returns `KDbTransaction()` on failure, tested by the caller with
// `isNull()` or `isActive()`; a factory of a smart pointer returns nullptr,
// tested with `!t` or `t == nullptr`. A transaction handed to a local guard
// whose destructor rolls back (`tg.setTransaction(conn.begin())`) is the
// guard's.
//
// RUN: %check_txnlint %s txn-missing-rollback %t -- -- -std=c++17

#include <sqlite3.h>

#include <memory>

class Connection;

struct TxnData {
  Connection *Conn;
  bool Active = true;
};

class Transaction {
public:
  Transaction() = default;
  bool isNull() const { return Data == nullptr; }
  bool isActive() const { return Data && Data->Active; }
  Connection *connection() const { return Data ? Data->Conn : nullptr; }
  TxnData *Data = nullptr;
};

class Connection {
public:
  bool exec(const char *Sql) {
    return sqlite3_exec(Db, Sql, nullptr, nullptr, nullptr) == SQLITE_OK;
  }
  Transaction begin() {
    if (Current.isActive())
      return Transaction();
    Transaction T;
    if (!exec("BEGIN"))
      return Transaction();
    T.Data = new TxnData{this};
    Current = T;
    return Current;
  }
  bool commit(Transaction T) {
    if (!T.isActive())
      return false;
    T.Data->Active = false;
    return exec("COMMIT");
  }
  bool rollback(Transaction T) {
    if (!T.isActive())
      return false;
    T.Data->Active = false;
    return exec("ROLLBACK");
  }
  std::shared_ptr<TxnData> beginShared() {
    if (!exec("BEGIN"))
      return nullptr;
    return std::make_shared<TxnData>(TxnData{this});
  }

private:
  sqlite3 *Db = nullptr;
  Transaction Current;
};

class TransactionGuard {
public:
  TransactionGuard() = default;
  ~TransactionGuard() {
    if (T.isActive())
      rollback();
  }
  void setTransaction(const Transaction &Begun) { T = Begun; }
  const Transaction &transaction() const { return T; }
  // As KDbTransactionGuard's: through the transaction's connection.
  bool commit() {
    if (T.connection())
      return T.connection()->commit(T);
    return false;
  }
  bool rollback() {
    if (T.connection())
      return T.connection()->rollback(T);
    return false;
  }

private:
  Transaction T;
};

// Negative: an empty transaction says BEGIN failed.
bool createProject(Connection &Conn) {
  Transaction T = Conn.begin();
  if (T.isNull())
    return false;
  if (!Conn.exec("CREATE TABLE kexi__db (p TEXT)")) {
    Conn.rollback(T);
    return false;
  }
  return Conn.commit(T);
}

bool storeProperties(Connection &Conn, bool Valid) {
  Transaction T = Conn.begin();
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: transaction begun on 'Conn' is left open on some path out of 'storeProperties'; commit or roll it back before leaving [txn-missing-rollback]
  if (!T.isActive())
    return false;
  if (!Valid)
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  if (!Conn.exec("INSERT INTO kexi__db VALUES ('caption')")) {
    Conn.rollback(T);
    return false;
  }
  return Conn.commit(T);
}

// Negative: a null smart pointer says BEGIN failed.
bool importRows(Connection &Conn) {
  std::shared_ptr<TxnData> T = Conn.beginShared();
  if (T == nullptr)
    return false;
  if (!Conn.exec("INSERT INTO rows VALUES (1)")) {
    Conn.exec("ROLLBACK");
    return false;
  }
  return Conn.exec("COMMIT");
}

// Negative: the guard holds the transaction and rolls it back on every
// return before its commit.
bool createStructures(Connection &Conn, bool InsideTransaction) {
  TransactionGuard Guard;
  if (InsideTransaction) {
    Guard.setTransaction(Conn.begin());
    if (Guard.transaction().isNull())
      return false;
  }
  if (!Conn.exec("CREATE TABLE kexi__blobs (o_id INTEGER)"))
    return false;
  if (InsideTransaction && !Guard.commit())
    return false;
  return true;
}
