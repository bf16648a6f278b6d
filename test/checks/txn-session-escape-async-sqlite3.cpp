// txn-session-escape with the sqlite3 C API: a sqlite3* opened in the
// function (sqlite3_open*, "thread-affine-openers" in the model) is a local
// connection. Its address (`&db`, a lambda capturing the pointer variable by
// reference) must not outlive the function, and, opened in the default
// threading mode, it must not be used on another thread, even through a
// copy of the pointer. SQLITE_OPEN_FULLMUTEX makes it usable from any
// thread.
//
// RUN: %check_txnlint %s txn-session-escape %t -- -- -std=c++20

#include <sqlite3.h>

#include <functional>
#include <future>
#include <thread>
#include <vector>

int count_rows(sqlite3 *db);
std::vector<std::function<void()>> g_jobs;

// A scope guard's factory: the guard it returns holds the lambda.
template <class F> struct Finally {
  F f;
  ~Finally() { f(); }
};
template <class F> Finally<F> finally(F f) { return Finally<F>{f}; }

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// A detached thread captures the local pointer variable by reference.
void vacuum_later(const char *path) {
  sqlite3 *db = nullptr;
  if (sqlite3_open(path, &db) != SQLITE_OK)
    return;
  std::thread([&db] { sqlite3_exec(db, "VACUUM", nullptr, nullptr, nullptr); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: connection 'db' escapes its scope: a lambda capturing it by reference is passed to 'std::thread'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-5]]:12: note: 'db' is declared here
}

// A copy of the pointer is used on another thread: default threading mode.
int count_in_thread(const char *path) {
  sqlite3 *db = nullptr;
  sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, nullptr);
  auto rows = std::async(std::launch::async, [db] { return count_rows(db); });
  // CHECK-NOTES: :[[@LINE-1]]:46: warning: connection 'db' is used on another thread: a lambda capturing it is passed to 'std::async'; it may only be used on the thread that opened it [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-4]]:12: note: 'db' is declared here
  int n = rows.get();
  sqlite3_close(db);
  return n;
}

// A job stored in a global container of std::function.
void queue_cleanup(const char *path) {
  sqlite3 *db = nullptr;
  sqlite3_open(path, &db);
  g_jobs.push_back([&] { sqlite3_exec(db, "DELETE FROM tmp", nullptr, nullptr, nullptr); });
  // CHECK-NOTES: :[[@LINE-1]]:20: warning: connection 'db' escapes its scope: a lambda capturing it by reference is stored in a container in global 'g_jobs'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-4]]:12: note: 'db' is declared here
}

// Waited for on one path only: the future is returned on the other.
std::future<int> count_maybe_later(const char *path, bool now) {
  sqlite3 *db = nullptr;
  sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX, nullptr);
  std::future<int> rows = std::async(std::launch::async, [&] { return count_rows(db); });
  // CHECK-NOTES: :[[@LINE-1]]:58: warning: connection 'db' escapes its scope: a lambda capturing it by reference is passed to 'std::async'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-4]]:12: note: 'db' is declared here
  if (now)
    rows.wait();
  return rows;
}

//===----------------------------------------------------------------------===//
// A helper that returns the job it is given: the job goes where the
// call's result goes, a global container.
std::function<void()> logged(std::function<void()> job) { return job; }

void queue_logged_cleanup(const char *path) {
  sqlite3 *db = nullptr;
  sqlite3_open(path, &db);
  g_jobs.push_back(logged([&] { sqlite3_exec(db, "DELETE FROM tmp", nullptr, nullptr, nullptr); }));
  // CHECK-NOTES: :[[@LINE-1]]:27: warning: connection 'db' escapes its scope: a lambda capturing it by reference is stored in a container in global 'g_jobs'; it can be used after it has ended [txn-session-escape]
  // CHECK-NOTES: :[[@LINE-4]]:12: note: 'db' is declared here
}

// Negatives: nothing below may be reported.

// A local scope guard from a factory dies with the connection.
int guarded(const char *path, bool bad) {
  sqlite3 *db = nullptr;
  auto g = finally([&] { sqlite3_close(db); });
  if (sqlite3_open(path, &db) != SQLITE_OK)
    return -1;
  return bad ? -2 : count_rows(db);
}
//===----------------------------------------------------------------------===//

// Opened with SQLITE_OPEN_FULLMUTEX: any thread may use it; the future is
// waited for on every path before the return.
int count_serialized(const char *path, bool twice) {
  sqlite3 *db = nullptr;
  sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX, nullptr);
  std::future<int> rows = std::async(std::launch::async, [&db] { return count_rows(db); });
  int n = 0;
  if (twice)
    n = rows.get() * 2;
  else
    n = rows.get();
  sqlite3_close(db);
  return n;
}

// A local future that is only waited on waits when destroyed.
void count_and_forget(const char *path) {
  sqlite3 *db = nullptr;
  sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, nullptr);
  auto rows = std::async(std::launch::async, [&] { return count_rows(db); });
  if (!rows.valid())
    return;
  sqlite3_close(db);
}

// Handed over by value to the caller or a member: the connection stays open.
sqlite3 *open_db(const char *path) {
  sqlite3 *db = nullptr;
  sqlite3_open(path, &db);
  return db;
}

// A lambda run synchronously, a pointer that was not opened here, a thread
// joined on every path that uses a connection it opens itself.
int synchronous(const char *path, sqlite3 *shared) {
  sqlite3 *db = nullptr;
  sqlite3_open(path, &db);
  int n = [&] { return count_rows(db); }();
  std::thread other([shared] { count_rows(shared); });
  other.join();
  std::thread own([path] {
    sqlite3 *mine = nullptr;
    sqlite3_open(path, &mine);
    count_rows(mine);
    sqlite3_close(mine);
  });
  own.join();
  sqlite3_close(db);
  return n;
}

// Flags held in a variable are not known: not taken as thread-affine.
int count_with_flags(const char *path, int flags) {
  sqlite3 *db = nullptr;
  sqlite3_open_v2(path, &db, flags, nullptr);
  std::thread reader([db] { count_rows(db); });
  reader.join();
  sqlite3_close(db);
  return 0;
}
