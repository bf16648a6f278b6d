// txn-missing-rollback when a local flag holds whether the transaction began
// (`inTransaction = backend->startTransaction()`), as a backend interface
// with virtual methods is used: the begin's result, the handle's null test
// and a begin that throws before it began all tell which paths hold an open
// transaction; a call through the interface throws what the backend in
// view throws. SQLite C API behind the interface, real <sqlite3.h>.
//
// RUN: %check_txnlint %s txn-missing-rollback %t -- -- -std=c++17

#include <sqlite3.h>

#include <stdexcept>

class Backend {
public:
  virtual ~Backend() = default;
  virtual bool startTransaction() = 0;
  virtual void startOrThrow() = 0;
  virtual bool commitTransaction() = 0;
  virtual bool abortTransaction() = 0;
  virtual void setOption(int Value) = 0;
};

class SqliteBackend : public Backend {
public:
  bool startTransaction() override { return exec("BEGIN"); }
  void startOrThrow() override {
    if (!exec("BEGIN"))
      throw std::runtime_error("begin");
  }
  bool commitTransaction() override { return exec("COMMIT"); }
  bool abortTransaction() override { return exec("ROLLBACK"); }
  void setOption(int Value) override {
    if (!exec("UPDATE options SET value = 1"))
      throw std::runtime_error("setOption");
  }

private:
  bool exec(const char *Sql) {
    return sqlite3_exec(Db, Sql, nullptr, nullptr, nullptr) == SQLITE_OK;
  }
  sqlite3 *Db = nullptr;
};

struct Zone {
  Backend *backend;
};

//===----------------------------------------------------------------------===//
// Negatives
//===----------------------------------------------------------------------===//

// Begun at most once, by the first change that needs it; committed or
// aborted only if it began, and aborted only through a handle known to be
// there.
bool applyChanges(const Zone &Z, const int *Changes, int Count) {
  bool needBegin = true;
  bool inTransaction = false;
  try {
    for (int I = 0; I < Count; ++I) {
      if (needBegin && (inTransaction = Z.backend->startTransaction()))
        needBegin = false;
      Z.backend->setOption(Changes[I]);
    }
    if (inTransaction && Z.backend->commitTransaction())
      return true;
  } catch (const std::exception &) {
  }
  if (Z.backend && inTransaction)
    Z.backend->abortTransaction();
  return false;
}

// Assigned as a statement, tested in the handler.
void replaceAll(Backend *B, int Value) {
  bool transaction = false;
  try {
    transaction = B->startTransaction();
    B->setOption(Value);
    B->commitTransaction();
  } catch (...) {
    if (transaction)
      B->abortTransaction();
    throw;
  }
}

// The begin itself threw: nothing began, the handler has nothing to end.
bool beginOrGiveUp(Backend *B) {
  try {
    B->startOrThrow();
  } catch (...) {
    return false;
  }
  return B->commitTransaction();
}

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// The begin does not throw, but the option after it may (the backend in
// view throws when its UPDATE fails): that exception leaves the
// transaction open.
bool beginThenSet(Backend *B, int Value) {
  try {
    B->startTransaction();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: transaction begun on 'B' is left open on some path out of 'beginThenSet'; commit or roll it back before leaving [txn-missing-rollback]
  } catch (...) {
    return false;
  }
  B->setOption(Value);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: transaction is still open when an exception leaves the function here
  return B->commitTransaction();
}

// A bad change leaves through a return that forgets the flag.
bool stopsAtBadChange(const Zone &Z, const int *Changes, int Count) {
  bool needBegin = true;
  bool inTransaction = false;
  for (int I = 0; I < Count; ++I) {
    if (needBegin && (inTransaction = Z.backend->startTransaction()))
      // CHECK-NOTES: :[[@LINE-1]]:39: warning: transaction begun on 'Z.backend' is left open on some path out of 'stopsAtBadChange'; commit or roll it back before leaving [txn-missing-rollback]
      needBegin = false;
    if (Changes[I] < 0)
      return false;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: transaction is still open at this return
    Z.backend->setOption(Changes[I]);
    // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open when an exception leaves the function here
  }
  if (inTransaction && !Z.backend->commitTransaction())
    Z.backend->abortTransaction();
  return true;
}
