// txn-commit-before-validation: work that belongs after the commit is not
// a validation. Replying to the client, sending a notification, writing a
// log or closing a socket can fail after the commit (a write timeout), and
// commit-then-reply is the right order: an error return or a throw reached
// because such a step failed is not reported. What the failing step does
// decides, not its name: the side-effect lists of
// txn-side-effect-before-commit, I/O and logging (PostCommitFunctions), and
// helpers of this file whose body sends. SQLite C API, POSIX sockets.
//
// RUN: %check_txnlint %s txn-commit-before-validation %t -- -- -std=c++17

#include <lmdb.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>

// Defined in another translation unit.
bool quota_allows(int user);
bool log_line(const char *text);
bool send_email(const std::string &to, const std::string &body);

// Replies to the client: its body sends on the socket.
static bool send_reply(int sock, const char *text) {
  return send(sock, text, std::strlen(text), 0) >= 0;
}

// Re-reads the committed order: a query on the connection.
static bool order_is_unique(sqlite3 *db, int order_id) {
  sqlite3_stmt *stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT count(*) FROM orders WHERE id = ?", -1, &stmt,
                     nullptr);
  sqlite3_bind_int(stmt, 1, order_id);
  bool unique = sqlite3_step(stmt) == SQLITE_ROW &&
                sqlite3_column_int(stmt, 0) == 1;
  sqlite3_finalize(stmt);
  return unique;
}

// Answers on the descriptor it is given, with write(2).
static bool answer(int fd, const std::string &text) {
  return write(fd, text.data(), text.size()) ==
         static_cast<ssize_t>(text.size());
}

// Validators that log what they reject: logging is no I/O of theirs.
static bool amount_ok(int cents) {
  if (cents <= 0) {
    std::fputs("rejected: amount\n", stderr);
    return false;
  }
  return true;
}
static bool within_limit(int cents, const char *reason) {
  if (cents > 100000) {
    std::puts(reason);
    return false;
  }
  return true;
}

class Socket {
public:
  // Flushes what is left to send: throws on a write timeout.
  void close() {
    if (timed_out)
      throw std::runtime_error("write timeout");
  }
  bool timed_out = false;
};

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// A re-read of the committed data that rejects the request is a validation
// that came too late.
bool place_order(sqlite3 *db, int sock, int order_id) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO orders (id) VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is committed before 'order_is_unique' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  if (!order_is_unique(db, order_id))
    // CHECK-NOTES: :[[@LINE-1]]:8: note: 'order_is_unique' can fail here
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an error is returned here
  if (!send_reply(sock, "stored"))
    return false;
  return true;
}

// One condition with a reply and a validation: the validation can fail.
bool reply_or_reject(sqlite3 *db, int sock, int user) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO orders (user) VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is committed before 'quota_allows' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  if (!send_reply(sock, "stored") || !quota_allows(user))
    // CHECK-NOTES: :[[@LINE-1]]:39: note: 'quota_allows' can fail here
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an error is returned here
  return true;
}

bool charge(sqlite3 *db, int cents) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO charges (cents) VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is committed before 'amount_ok' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  if (!amount_ok(cents))
    // CHECK-NOTES: :[[@LINE-1]]:8: note: 'amount_ok' can fail here
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an error is returned here
  if (!within_limit(cents, "over the limit"))
    // CHECK-NOTES: :[[@LINE-1]]:8: note: 'within_limit' can fail here
    return false;
  return true;
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Commit, then answer through a helper that writes to the descriptor.
bool store_and_answer(sqlite3 *db, int fd) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO orders (id) VALUES (1)", nullptr, nullptr, nullptr);
  if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  if (!answer(fd, "stored\n"))
    return false;
  return true;
}

// Commit, then reply to the client; the reply can time out.
bool store_and_reply(sqlite3 *db, int sock) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO orders (id) VALUES (1)", nullptr, nullptr, nullptr);
  if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  if (!send_reply(sock, "stored"))
    return false;
  return true;
}

// The same through a result kept in a variable, and with write(2).
int store_and_write(sqlite3 *db, int fd) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO orders (id) VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  ssize_t written = write(fd, "ok\n", 3);
  if (written < 0)
    return -1;
  return 0;
}

// Commit, then log; the log can fail.
int store_and_log(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO orders (id) VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  if (!log_line("order stored"))
    return -1;
  return 0;
}

// Commit, then write an audit file and notify by e-mail.
bool store_and_notify(sqlite3 *db, std::ofstream &audit) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO orders (id) VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  if (!audit.write("stored\n", 7))
    return false;
  if (!send_email("customer@example.com", "Your order is stored"))
    throw std::runtime_error("cannot notify the customer");
  return true;
}

// Closing the client's socket throws on a timeout, after the commit, and
// the handler reports it.
bool store_and_close(sqlite3 *db, Socket &client) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO orders (id) VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  try {
    client.close();
  } catch (const std::exception &) {
    log_line("client gone");
    return false;
  }
  return true;
}

void store_and_close_unhandled(sqlite3 *db, Socket &client) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO orders (id) VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  client.close();
}

// The storage's upkeep between transactions: growing LMDB's map needs no
// write transaction open, so it comes after the commit, whatever the
// helper is called (check* is a validator's name) and whether it is given
// the environment or keeps it in a global.
static MDB_env *Env;

static void grow_map(MDB_env *env, size_t bytes) {
  if (int rc = mdb_env_set_mapsize(env, bytes))
    throw std::runtime_error(mdb_strerror(rc));
}

static void check_resize(MDB_env *env, size_t bytes) {
  MDB_envinfo info;
  mdb_env_info(env, &info);
  if (bytes >= info.me_mapsize)
    grow_map(env, 2 * info.me_mapsize);
}

static int resize_global() {
  MDB_envinfo info;
  if (int rc = mdb_env_info(Env, &info))
    return rc;
  return mdb_env_set_mapsize(Env, 2 * info.me_mapsize);
}

// Negative: commit a batch, grow the map, begin the next batch.
bool next_batch(MDB_txn **txn, size_t bytes) {
  if (int rc = mdb_txn_commit(*txn))
    throw std::runtime_error(mdb_strerror(rc));
  check_resize(Env, bytes);
  if (resize_global() != 0)
    throw std::runtime_error("resize failed");
  return mdb_txn_begin(Env, nullptr, 0, txn) == 0;
}

bool check_quota(size_t bytes);

// Positive: a check by name that does no upkeep is a validation.
void store_batch(MDB_txn *txn, size_t bytes) {
  if (int rc = mdb_txn_commit(txn))
    // CHECK-NOTES: :[[@LINE-1]]:16: warning: transaction 'txn' is committed before 'check_quota' can fail; a failure there leaves a partial write [txn-commit-before-validation]
    throw std::runtime_error(mdb_strerror(rc));
  if (!check_quota(bytes))
    // CHECK-NOTES: :[[@LINE-1]]:8: note: 'check_quota' can fail here
    throw std::runtime_error("over quota");
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an exception is thrown here
}

// Commit, then write a summary file and test the stream itself.
bool store_and_summarize(sqlite3 *db, const char *path) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO orders (id) VALUES (1)", nullptr, nullptr, nullptr);
  if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  std::ofstream summary(path);
  summary << "stored 1 order\n";
  summary.flush();
  if (!summary)
    return false;
  return true;
}
