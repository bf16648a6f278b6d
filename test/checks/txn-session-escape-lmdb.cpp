// txn-session-escape with lmdb++ (lmdbxx), compiled against the real
// <lmdb++.h> and <lmdb.h>. lmdb::txn, returned by lmdb::txn::begin, is a
// transaction: its destructor aborts it, so a pointer or reference to a local
// lmdb::txn that outlives the function refers to a destroyed transaction.
// lmdb::txn is movable: moving it out hands the transaction over.
//
// RUN: %check_txnlint %s txn-session-escape %t -- -- -std=c++20

#include <lmdb++.h>
#include <lmdb.h>

#include <algorithm>
#include <functional>
#include <thread>
#include <utility>
#include <vector>

// Defined in another translation unit.
void copy_keys(lmdb::txn &from, lmdb::dbi &dbi);
void log_txn(const lmdb::txn *txn);

struct Cursor {
  lmdb::txn *txn = nullptr;
  int position = 0;
};

lmdb::txn *g_reader;

// Keeps a pointer to the transaction it is given.
class Snapshot {
public:
  void attach(lmdb::txn &txn) { m_txn = &txn; }
  bool has(lmdb::dbi &dbi, const char *key) const {
    int value = 0;
    return dbi.get(*m_txn, key, value);
  }

private:
  lmdb::txn *m_txn = nullptr;
};

// Same translation unit, only reads through the transaction.
static int read_count(lmdb::txn &txn, lmdb::dbi &dbi) {
  int value = 0;
  dbi.get(txn, "count", value);
  return value;
}

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

class Store {
public:
  explicit Store(MDB_env *env) : m_env(env) {}
  void write_count(int n);
  void nested(int n);
  void refresh_snapshot();
  void on_close();

private:
  MDB_env *m_env;
  lmdb::dbi m_dbi{0};
  lmdb::txn *m_current = nullptr;
  std::vector<lmdb::txn *> m_children;
  Snapshot m_snapshot;
  std::function<void()> m_close;
};

// The transaction's address in a member.
void Store::write_count(int n) {
  auto txn = lmdb::txn::begin(m_env);
  m_current = &txn;
  // CHECK-NOTES: :[[@LINE-1]]:16: warning: transaction 'txn' escapes its scope: it is stored in member 'm_current'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:8: note: 'txn' is declared here
  m_dbi.put(txn, "count", n);
  txn.commit();
}

// A child transaction in a member container.
void Store::nested(int n) {
  auto parent = lmdb::txn::begin(m_env);
  lmdb::txn child = lmdb::txn::begin(m_env, parent.handle());
  m_children.push_back(&child);
  // CHECK-NOTES: :[[@LINE-1]]:25: warning: transaction 'child' escapes its scope: it is stored in a container in member 'm_children'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:13: note: 'child' is declared here
  m_dbi.put(child, "count", n);
  child.commit();
  parent.commit();
}

// A member whose method keeps the pointer.
void Store::refresh_snapshot() {
  auto txn = lmdb::txn::begin(m_env, nullptr, MDB_RDONLY);
  m_snapshot.attach(txn);
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: transaction 'txn' escapes its scope: it is passed to 'Snapshot::attach', which stores it; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:8: note: 'txn' is declared here
  read_count(txn, m_dbi);
}

// A callback capturing the transaction by reference.
void Store::on_close() {
  auto txn = lmdb::txn::begin(m_env);
  m_close = [&] { txn.commit(); };
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: transaction 'txn' escapes its scope: a lambda capturing it by reference is stored in member 'm_close'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:8: note: 'txn' is declared here
}

// A global read transaction.
void open_reader(MDB_env *env) {
  lmdb::txn txn = lmdb::txn::begin(env, nullptr, MDB_RDONLY);
  g_reader = &txn;
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: transaction 'txn' escapes its scope: it is stored in global 'g_reader'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:13: note: 'txn' is declared here
  txn.reset();
}

// Returned by address.
lmdb::txn *begin_read(MDB_env *env) {
  auto txn = lmdb::txn::begin(env, nullptr, MDB_RDONLY);
  return &txn;
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: transaction 'txn' escapes its scope: it is returned; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:8: note: 'txn' is declared here
}

// The caller's cursor.
void position(MDB_env *env, Cursor &cursor) {
  auto txn = lmdb::txn::begin(env, nullptr, MDB_RDONLY);
  cursor.txn = &txn;
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: transaction 'txn' escapes its scope: it is stored in the caller's 'cursor'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:8: note: 'txn' is declared here
  cursor.position = 0;
}

// Detached threads, by lambda and by std::ref.
void copy_in_background(MDB_env *env, lmdb::dbi &dbi) {
  auto txn = lmdb::txn::begin(env);
  std::thread copier([&txn, &dbi] { copy_keys(txn, dbi); });
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: transaction 'txn' escapes its scope: a lambda capturing it by reference is passed to 'std::thread'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-3]]:8: note: 'txn' is declared here
  copier.detach();
  std::thread(copy_keys, std::ref(txn), std::ref(dbi)).detach();
  // CHECK-NOTES: :[[@LINE-1]]:35: warning: transaction 'txn' escapes its scope: it is passed to 'std::thread'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-7]]:8: note: 'txn' is declared here
  txn.commit();
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Moved out: returned by value, move-assigned, moved into a container.
lmdb::txn begin_write(MDB_env *env, lmdb::dbi &dbi) {
  auto txn = lmdb::txn::begin(env);
  dbi.put(txn, "opened", 1);
  return txn;
}

lmdb::txn begin_write_moved(MDB_env *env) {
  auto txn = lmdb::txn::begin(env);
  return std::move(txn);
}

class Owner {
public:
  void adopt(MDB_env *env) {
    auto txn = lmdb::txn::begin(env);
    m_txn = std::move(txn);
  }
  void queue(MDB_env *env) {
    lmdb::txn txn = lmdb::txn::begin(env);
    m_queue.push_back(std::move(txn));
  }
  // A transaction parameter is not a local.
  void borrow(lmdb::txn &txn) { m_borrowed = &txn; }

private:
  lmdb::txn m_txn{nullptr};
  std::vector<lmdb::txn> m_queue;
  lmdb::txn *m_borrowed = nullptr;
};

// Used through the C API, lmdb++ wrappers and helpers.
int sum(MDB_env *env, lmdb::dbi &dbi, const std::vector<int> &keys) {
  auto txn = lmdb::txn::begin(env, nullptr, MDB_RDONLY);
  auto cursor = lmdb::cursor::open(txn, dbi);
  MDB_txn *raw = txn.handle();
  MDB_stat stat;
  mdb_stat(raw, dbi.handle(), &stat);
  log_txn(&txn);
  int total = read_count(txn, dbi);
  std::for_each(keys.begin(), keys.end(), [&](int key) {
    int value = 0;
    if (dbi.get(txn, key, value))
      total += value;
  });
  cursor.close();
  txn.abort();
  return total;
}

// Locals holding its address.
void batch(MDB_env *env, lmdb::dbi &dbi) {
  auto txn = lmdb::txn::begin(env);
  std::vector<lmdb::txn *> open{&txn};
  Cursor cursor;
  cursor.txn = &txn;
  lmdb::txn &same = txn;
  [&] { dbi.put(same, "batch", 1); }();
  for (lmdb::txn *t : open)
    dbi.del(*t, "stale");
  txn.commit();
}

// Threads that are joined before it ends.
void parallel_copy(MDB_env *env, lmdb::dbi &dbi) {
  auto txn = lmdb::txn::begin(env, nullptr, MDB_RDONLY);
  std::thread copier([&] { copy_keys(txn, dbi); });
  copier.join();
  std::jthread counter([&txn, &dbi] { read_count(txn, dbi); });
  std::jthread second(copy_keys, std::ref(txn), std::ref(dbi));
}
