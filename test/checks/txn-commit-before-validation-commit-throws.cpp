// txn-commit-before-validation: a commit that throws has committed nothing.
// A handler around the commit that rolls back and rethrows sees the
// commit's own failure, not a step failing after it; only what may throw
// after the commit, inside the same try, makes the rethrow a failure after
// the commit. The wrappers are in-house classes over sqlite3, behind a
// virtual interface.
//
// RUN: %check_txnlint %s txn-commit-before-validation %t -- -- -std=c++17

#include <sqlite3.h>

#include <stdexcept>
#include <string>

struct StoreError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Connection {
public:
  void exec(const std::string &Sql) {
    if (sqlite3_exec(Db, Sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
      throw StoreError(sqlite3_errmsg(Db));
  }
  void begin() { exec("BEGIN"); }
  void commit() { exec("COMMIT"); }
  void rollback() { exec("ROLLBACK"); }

private:
  sqlite3 *Db = nullptr;
};

class Backend {
public:
  virtual ~Backend() = default;
  virtual bool startTransaction() = 0;
  virtual bool commitTransaction() = 0;
  virtual bool abortTransaction() = 0;
  virtual bool removeZone(int Id) = 0;
};

class SqlBackend : public Backend {
public:
  bool startTransaction() override {
    Conn.begin();
    return true;
  }
  // The library's failure becomes the backend's own exception.
  bool commitTransaction() override {
    try {
      Conn.commit();
      InTransaction = false;
    } catch (const StoreError &E) {
      InTransaction = false;
      throw std::runtime_error(std::string("commit failed: ") + E.what());
    }
    return true;
  }
  bool abortTransaction() override {
    Conn.rollback();
    return true;
  }
  bool removeZone(int Id) override {
    Conn.exec("DELETE FROM zones WHERE id = " + std::to_string(Id));
    return true;
  }

private:
  Connection Conn;
  bool InTransaction = false;
};

// Defined in another translation unit.
void announce(int Id) noexcept;
bool cached(int Id);

void forget_cached_zone(int Id) {
  if (!cached(Id))
    throw std::out_of_range("zone not cached");
}

//===----------------------------------------------------------------------===//
// Negatives
//===----------------------------------------------------------------------===//

// The handler rolls back and rethrows what the commit itself threw.
int delete_zone(Backend &B, int Id) {
  B.startTransaction();
  try {
    if (B.removeZone(Id)) {
      B.commitTransaction();
      return 0;
    }
  } catch (...) {
    B.abortTransaction();
    throw;
  }
  B.abortTransaction();
  return 1;
}

// Nothing after the commit can throw: the rethrow is the commit's failure.
void delete_zone_quietly(Backend &B, int Id) {
  B.startTransaction();
  try {
    B.removeZone(Id);
    B.commitTransaction();
    announce(Id);
  } catch (const std::exception &) {
    B.abortTransaction();
    throw;
  }
}

// Always throws, with the message and the cause (manaserv's
// utils::throwError).
[[noreturn]] void throw_error(const std::string &Message,
                              const std::exception &Cause) {
  throw std::runtime_error(Message + Cause.what());
}

// The handler hands what the commit itself threw to a function that throws
// again: still the commit's own failure.
void delete_zone_rethrowing(Backend &B, int Id) {
  B.startTransaction();
  try {
    B.removeZone(Id);
    B.commitTransaction();
  } catch (const std::exception &E) {
    throw_error("delete_zone: ", E);
  }
}

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// Forgetting the cached zone may throw after the commit, into the handler
// that throws again.
void delete_zone_forget_rethrowing(Backend &B, int Id) {
  B.startTransaction();
  try {
    B.removeZone(Id);
    B.commitTransaction();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: transaction on 'B' is committed before 'forget_cached_zone' can fail; a failure there leaves a partial write [txn-commit-before-validation]
    forget_cached_zone(Id);
    // CHECK-NOTES: :[[@LINE-1]]:5: note: 'forget_cached_zone' can fail here
  } catch (const std::exception &E) {
    throw_error("delete_zone: ", E);
    // CHECK-NOTES: :[[@LINE-1]]:5: note: 'throw_error' can fail here
  }
}

// After the commit, forgetting the cached zone may throw: the handler then
// reports a failure for a zone already deleted.
void delete_zone_and_forget(Backend &B, int Id) {
  B.startTransaction();
  try {
    B.removeZone(Id);
    B.commitTransaction();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: transaction on 'B' is committed before 'forget_cached_zone' can fail; a failure there leaves a partial write [txn-commit-before-validation]
    forget_cached_zone(Id);
    // CHECK-NOTES: :[[@LINE-1]]:5: note: 'forget_cached_zone' can fail here
  } catch (...) {
    B.abortTransaction();
    throw;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: an exception is thrown here
  }
}

// The commit is before the try: whatever the try throws comes after it.
void commit_then_publish(Backend &B, int Id) {
  B.startTransaction();
  B.removeZone(Id);
  B.commitTransaction();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'B' is committed before 'forget_cached_zone' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  try {
    forget_cached_zone(Id);
    // CHECK-NOTES: :[[@LINE-1]]:5: note: 'forget_cached_zone' can fail here
  } catch (...) {
    throw std::runtime_error("zone deleted, cache not updated");
    // CHECK-NOTES: :[[@LINE-1]]:5: note: an exception is thrown here
  }
}
