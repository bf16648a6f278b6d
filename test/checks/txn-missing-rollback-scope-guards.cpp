// Scope guards built from a lambda (epee's create_scope_leave_handler,
// gsl::finally, a ScopeGuard class holding a std::function): the guard runs
// the lambda when it dies, on every exit from its scope, so the
// transactions the lambda rolls back and the connections it closes are not
// left open. A lambda kept to be called later, or run by a thread, is not a
// guard.
//
// RUN: %check_txnlint %s txn-missing-rollback,txn-connection-leak %t

#include <lmdb.h>
#include <sqlite3.h>

#include <functional>
#include <memory>
#include <stdexcept>
#include <thread>
#include <utility>

namespace epee {
namespace misc_utils {
struct call_befor_die_base {
  virtual ~call_befor_die_base() {}
};
template <class F> struct call_befor_die : call_befor_die_base {
  F Func;
  explicit call_befor_die(F Func) : Func(Func) {}
  ~call_befor_die() {
    try {
      Func();
    } catch (...) {
    }
  }
};
typedef std::shared_ptr<call_befor_die_base> auto_scope_leave_caller;
template <class F> auto_scope_leave_caller create_scope_leave_handler(F Func) {
  return auto_scope_leave_caller(new call_befor_die<F>(Func));
}
} // namespace misc_utils
} // namespace epee

namespace gsl {
template <class F> class final_action {
public:
  explicit final_action(F Func) : Func(std::move(Func)) {}
  ~final_action() {
    if (Active)
      Func();
  }
  void dismiss() { Active = false; }

private:
  F Func;
  bool Active = true;
};
template <class F> final_action<F> finally(F Func) {
  return final_action<F>(std::move(Func));
}
} // namespace gsl

class ScopeGuard {
public:
  ScopeGuard(std::function<void()> OnExit) : OnExit(std::move(OnExit)) {}
  ~ScopeGuard() { OnExit(); }

private:
  std::function<void()> OnExit;
};

void validate(int);
void publish(std::function<void()> Callback);

// Negative: monero's shape. The guard aborts while tx_active; every throw
// after the begin leaves through it.
void save_rings(MDB_env *Env, MDB_dbi Dbi, MDB_val *Key, MDB_val *Value) {
  MDB_txn *Txn;
  bool TxActive = false;
  int Rc = mdb_txn_begin(Env, nullptr, 0, &Txn);
  if (Rc)
    throw std::runtime_error("begin");
  epee::misc_utils::auto_scope_leave_caller TxnDtor =
      epee::misc_utils::create_scope_leave_handler([&]() {
        if (TxActive)
          mdb_txn_abort(Txn);
      });
  TxActive = true;
  Rc = mdb_put(Txn, Dbi, Key, Value, 0);
  if (Rc)
    throw std::runtime_error("put");
  validate(Rc);
  Rc = mdb_txn_commit(Txn);
  TxActive = false;
  if (Rc)
    throw std::runtime_error("commit");
}

// Negative: a guard declared before the begin, through a helper that
// aborts, dismissed once the commit succeeded.
static void abandon(MDB_txn *Txn) { mdb_txn_abort(Txn); }

bool add_entry(MDB_env *Env, MDB_dbi Dbi, MDB_val *Key, MDB_val *Value) {
  MDB_txn *Txn = nullptr;
  auto Cleanup = gsl::finally([&] {
    if (Txn)
      abandon(Txn);
  });
  if (mdb_txn_begin(Env, nullptr, 0, &Txn))
    return false;
  if (mdb_put(Txn, Dbi, Key, Value, 0))
    return false;
  validate(1);
  if (mdb_txn_commit(Txn))
    return false;
  Cleanup.dismiss();
  return true;
}

// Negative: a guard class holding a std::function, on a SQL transaction;
// another guard closes the connection.
bool record(const char *Path) {
  sqlite3 *Db = nullptr;
  // Before the open: sqlite3_open allocates the handle even when it fails.
  ScopeGuard CloseDb([&] { sqlite3_close(Db); });
  if (sqlite3_open(Path, &Db) != SQLITE_OK)
    return false;
  if (sqlite3_exec(Db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  bool Done = false;
  ScopeGuard Rollback([&] {
    if (!Done)
      sqlite3_exec(Db, "ROLLBACK", nullptr, nullptr, nullptr);
  });
  if (sqlite3_exec(Db, "UPDATE t SET n = n + 1", nullptr, nullptr, nullptr) !=
      SQLITE_OK)
    return false;
  validate(2);
  Done = sqlite3_exec(Db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
  return Done;
}

// Positive: the lambda is kept in a std::function to run on demand, and
// the early return does not run it.
bool deferred_abort(MDB_env *Env, MDB_dbi Dbi, MDB_val *Key, MDB_val *Value) {
  MDB_txn *Txn = nullptr;
  if (mdb_txn_begin(Env, nullptr, 0, &Txn))
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: transaction begun on 'Txn' is left open on some path out of 'deferred_abort'; commit or roll it back before leaving [txn-missing-rollback]
    return false;
  std::function<void()> Abort = [&] { mdb_txn_abort(Txn); };
  if (mdb_put(Txn, Dbi, Key, Value, 0))
    return false;
  if (mdb_txn_commit(Txn)) {
    Abort();
    return false;
  }
  return true;
}

// Positive: a guard object handed to someone else runs the lambda when
// that one decides, not on this function's exits.
bool handed_on(MDB_env *Env, MDB_dbi Dbi, MDB_val *Key, MDB_val *Value) {
  MDB_txn *Txn = nullptr;
  if (mdb_txn_begin(Env, nullptr, 0, &Txn))
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: transaction begun on 'Txn' is left open on some path out of 'handed_on'; commit or roll it back before leaving [txn-missing-rollback]
    return false;
  auto Later = epee::misc_utils::create_scope_leave_handler(
      [&] { mdb_txn_abort(Txn); });
  publish([Later] {});
  if (mdb_put(Txn, Dbi, Key, Value, 0))
    return false;
  return mdb_txn_commit(Txn) == 0;
}

// Negative: a thread runs the lambda, not the end of the scope; the
// transaction it aborts is the thread's from there on.
bool threaded(MDB_env *Env, MDB_dbi Dbi, MDB_val *Key, MDB_val *Value) {
  MDB_txn *Txn = nullptr;
  if (mdb_txn_begin(Env, nullptr, 0, &Txn))
    return false;
  std::thread Watchdog([&] { mdb_txn_abort(Txn); });
  Watchdog.detach();
  if (mdb_put(Txn, Dbi, Key, Value, 0))
    return false;
  return mdb_txn_commit(Txn) == 0;
}

// Negative: closing the connection rolls back its transaction.
bool close_only(const char *Path) {
  sqlite3 *Db = nullptr;
  ScopeGuard CloseDb([&] { sqlite3_close(Db); });
  if (sqlite3_open(Path, &Db) != SQLITE_OK)
    return false;
  if (sqlite3_exec(Db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  if (sqlite3_exec(Db, "UPDATE t SET n = 0", nullptr, nullptr, nullptr) !=
      SQLITE_OK)
    return false;
  return sqlite3_exec(Db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
}

// Positive: a closing lambda kept for later is not run by the early return.
bool close_later(const char *Path) {
  sqlite3 *Db = nullptr;
  if (sqlite3_open(Path, &Db) != SQLITE_OK)
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: connection opened into 'Db' is left open on some path out of 'close_later'; close it, or return or store it, before leaving [txn-connection-leak]
    return false;
  std::function<void()> Close = [&] { sqlite3_close(Db); };
  if (sqlite3_exec(Db, "DELETE FROM t", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  Close();
  return true;
}

// Negative: absl::Cleanup's shape, a class template initialized from the
// lambda itself.
template <class F> class Cleanup {
public:
  Cleanup(F Func) : Func(std::move(Func)) {}
  ~Cleanup() { Func(); }

private:
  F Func;
};

bool copy_entry(MDB_env *Env, MDB_dbi Dbi, MDB_val *Key, MDB_val *Value) {
  MDB_txn *Txn;
  if (mdb_txn_begin(Env, nullptr, 0, &Txn))
    return false;
  bool Committed = false;
  Cleanup Abort = [&] {
    if (!Committed)
      mdb_txn_abort(Txn);
  };
  if (mdb_put(Txn, Dbi, Key, Value, 0))
    return false;
  validate(3);
  Committed = mdb_txn_commit(Txn) == 0;
  return Committed;
}

// Negative: the guard takes a lambda kept in a local variable first.
bool move_entry(MDB_env *Env, MDB_dbi Dbi, MDB_val *Key, MDB_val *Value) {
  MDB_txn *Txn;
  if (mdb_txn_begin(Env, nullptr, 0, &Txn))
    return false;
  auto AbortTxn = [&] { mdb_txn_abort(Txn); };
  auto Guard = gsl::finally(AbortTxn);
  if (mdb_del(Txn, Dbi, Key, nullptr))
    return false;
  if (mdb_put(Txn, Dbi, Key, Value, 0))
    return false;
  if (mdb_txn_commit(Txn))
    return false;
  Guard.dismiss();
  return true;
}

// Negative: a std::unique_ptr whose deleter is the lambda (Cherrytree's
// scope_guard), which runs it when it dies.
template <class F> auto scope_guard(F &&Func) {
  return std::unique_ptr<void, typename std::decay<F>::type>{
      (void *)1, std::forward<F>(Func)};
}

bool remove_notes(sqlite3 *Db, const int *Ids, int N) {
  if (sqlite3_exec(Db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  bool Committed = false;
  auto OnScopeExit = scope_guard([Db, &Committed](void *) {
    if (!Committed)
      sqlite3_exec(Db, "ROLLBACK", nullptr, nullptr, nullptr);
  });
  for (int I = 0; I < N; ++I)
    if (Ids[I] < 0)
      return false;
  Committed =
      sqlite3_exec(Db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
  return Committed;
}

// Negative: a guard declared empty and assigned once the transaction is
// open.
int lookup(MDB_env *Env, MDB_dbi Dbi, MDB_val *Key, MDB_val *Out) {
  MDB_txn *Txn;
  epee::misc_utils::auto_scope_leave_caller TxnDtor;
  if (mdb_txn_begin(Env, nullptr, MDB_RDONLY, &Txn))
    throw std::runtime_error("begin");
  TxnDtor = epee::misc_utils::create_scope_leave_handler(
      [&]() { mdb_txn_abort(Txn); });
  if (int Rc = mdb_get(Txn, Dbi, Key, Out))
    throw std::runtime_error("get");
  return 0;
}

// Negative: a guard class of the program, holding the connection, whose
// destructor rolls back unless dismissed; built by aggregate initialization
// and by a constructor.
struct TxnGuard {
  sqlite3 *Db;
  bool Done = false;
  ~TxnGuard() {
    if (!Done)
      sqlite3_exec(Db, "ROLLBACK", nullptr, nullptr, nullptr);
  }
};
int move_note(sqlite3 *Db) {
  if (sqlite3_exec(Db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  TxnGuard Guard{Db};
  if (sqlite3_exec(Db, "UPDATE notes SET folder = 2", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  if (sqlite3_exec(Db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  Guard.Done = true;
  return 0;
}
class RollbackUnlessCommitted {
public:
  explicit RollbackUnlessCommitted(sqlite3 *Db) : Db(Db) {}
  ~RollbackUnlessCommitted() {
    if (Db)
      sqlite3_exec(Db, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  void release() { Db = nullptr; }

private:
  sqlite3 *Db;
};
int move_folder(sqlite3 *Db) {
  if (sqlite3_exec(Db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  RollbackUnlessCommitted Guard(Db);
  if (sqlite3_exec(Db, "UPDATE folders SET parent = 2", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  if (sqlite3_exec(Db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  Guard.release();
  return 0;
}

// Negative: the same guard owned by a std::unique_ptr, dismissed through
// it; the smart pointer's end destroys the guard.
int move_folder_owned(sqlite3 *Db) {
  if (sqlite3_exec(Db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  auto Guard = std::make_unique<RollbackUnlessCommitted>(Db);
  if (sqlite3_exec(Db, "UPDATE folders SET parent = 3", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  if (sqlite3_exec(Db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  Guard->release();
  return 0;
}

// Positive: a class holding the connection whose destructor ends nothing.
struct Timer {
  sqlite3 *Db;
  ~Timer() { sqlite3_interrupt(Db); }
};
int move_tag(sqlite3 *Db) {
  if (sqlite3_exec(Db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  // CHECK-MESSAGES: :[[@LINE-2]]:7: warning: transaction begun on 'Db' is left open on some path out of 'move_tag'; commit or roll it back before leaving [txn-missing-rollback]
  Timer Watch{Db};
  if (sqlite3_exec(Db, "UPDATE tags SET n = 2", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  return sqlite3_exec(Db, "COMMIT", nullptr, nullptr, nullptr);
}

// Positive: a reference to a singleton (and the static local it names)
// destroys nothing at the scope's end, whatever its destructor does.
class Registry {
public:
  static Registry &instance() {
    static Registry Instance;
    return Instance;
  }
  bool exec(const char *Sql) {
    return sqlite3_exec(Db, Sql, nullptr, nullptr, nullptr) == SQLITE_OK;
  }
  bool begin() { return exec("BEGIN"); }
  bool commit() { return exec("COMMIT"); }

private:
  Registry() { sqlite3_open("registry.db", &Db); }
  ~Registry() { sqlite3_close(Db); }
  sqlite3 *Db = nullptr;
};

bool record_event(int Value) {
  Registry &Reg = Registry::instance();
  if (!Reg.begin())
    return false;
  // CHECK-MESSAGES: :[[@LINE-2]]:8: warning: transaction begun on 'Reg' is left open on some path out of 'record_event'; commit or roll it back before leaving [txn-missing-rollback]
  if (Value < 0)
    return false;
  if (!Reg.exec("INSERT INTO events VALUES (1)"))
    return false;
  return Reg.commit();
}

// A guard class of the program built from a database wrapper of the
// program's, whose destructor rolls back through the wrapper: the
// transactions begun on the wrapper end when the guard dies.
class Ledger {
public:
  explicit Ledger(sqlite3 *Db) : Db(Db) {}
  bool exec(const char *Sql) {
    return sqlite3_exec(Db, Sql, nullptr, nullptr, nullptr) == SQLITE_OK;
  }
  bool begin() { return exec("BEGIN"); }
  bool commit() { return exec("COMMIT"); }
  bool rollback() { return exec("ROLLBACK"); }

private:
  sqlite3 *Db;
};

struct LedgerGuard {
  Ledger &L;
  bool Done = false;
  ~LedgerGuard() {
    if (!Done)
      L.rollback();
  }
};

bool quantity_ok(int Qty);

// Negative: the guard is built after the begin, and before it.
bool move_stock(Ledger &L, int Qty) {
  if (!L.begin())
    return false;
  LedgerGuard Guard{L};
  if (!quantity_ok(Qty))
    return false;
  if (!L.commit())
    return false;
  Guard.Done = true;
  return true;
}

bool move_stock_guarded_first(Ledger &L, int Qty) {
  LedgerGuard Guard{L};
  if (!L.begin())
    return false;
  if (!quantity_ok(Qty) || !L.commit())
    return false;
  Guard.Done = true;
  return true;
}

// Positive: the guard holds another ledger than the one begun on.
bool move_between(Ledger &From, Ledger &To, int Qty) {
  if (!From.begin())
    return false;
  LedgerGuard Guard{To};
  if (!quantity_ok(Qty))
    // CHECK-MESSAGES: :[[@LINE-4]]:8: warning: transaction begun on 'From' is left open on some path out of 'move_between'; commit or roll it back before leaving [txn-missing-rollback]
    return false;
  Guard.Done = From.commit();
  return Guard.Done;
}
