// txn-autocommit-multi-write on lambdas handed to a function that runs them:
// a lambda that a transaction helper calls while its transaction is open
// (`inTransaction(db, [&] { ... })`) writes inside that transaction, through
// a std::function, a function pointer or a template parameter. A lambda
// that the helper calls outside any transaction is judged as written.
// Real <sqlite3.h> and Qt 5.
//
// RUN: %check_txnlint %s txn-autocommit-multi-write %t -- -- -std=c++17 %qt5_flags

#include <QtCore/QString>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>
#include <sqlite3.h>

#include <functional>

static bool exec(sqlite3 *db, const char *sql) {
  return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
}

static bool inTransaction(sqlite3 *db, const std::function<bool()> &body) {
  if (!exec(db, "BEGIN"))
    return false;
  if (!body()) {
    exec(db, "ROLLBACK");
    return false;
  }
  return exec(db, "COMMIT");
}

template <typename Body> bool withTransaction(QSqlDatabase &db, Body &&body) {
  if (!db.transaction())
    return false;
  if (!body()) {
    db.rollback();
    return false;
  }
  return db.commit();
}

static bool inSavepointless(sqlite3 *db, bool (*body)(sqlite3 *)) {
  if (!exec(db, "BEGIN IMMEDIATE"))
    return false;
  bool ok = body(db);
  return exec(db, ok ? "COMMIT" : "ROLLBACK") && ok;
}

// Runs the callable with no transaction around it.
static bool retrying(const std::function<bool()> &body) {
  for (int i = 0; i < 3; ++i)
    if (body())
      return true;
  return false;
}

// Negative: both writes run inside inTransaction's transaction.
bool transfer(sqlite3 *db) {
  return inTransaction(db, [&] {
    if (!exec(db, "UPDATE a SET n = n - 1"))
      return false;
    return exec(db, "UPDATE b SET n = n + 1");
  });
}

// Negative: a template helper on Qt.
bool retag(QSqlDatabase &db, int id) {
  return withTransaction(db, [&] {
    QSqlQuery q(db);
    if (!q.exec(QString("DELETE FROM tags WHERE track = %1").arg(id)))
      return false;
    return q.exec(QString("INSERT INTO tags(track) VALUES (%1)").arg(id));
  });
}

// Negative: a function pointer.
bool archive(sqlite3 *db) {
  return inSavepointless(db, [](sqlite3 *conn) {
    return exec(conn, "INSERT INTO archive SELECT * FROM ledger") &&
           exec(conn, "DELETE FROM ledger");
  });
}

// Positive: retrying() runs the lambda in autocommit.
bool reset(sqlite3 *db) {
  return retrying([&] {
    if (!exec(db, "DELETE FROM a"))
      return false;
    return exec(db, "DELETE FROM b");
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  });
}

// Negative: a helper that writes twice, called only from lambdas that the
// transaction helpers run while their transactions are open.
static bool move_stock(sqlite3 *db) {
  return exec(db, "UPDATE a SET n = n - 1") && exec(db, "UPDATE b SET n = n + 1");
}
bool restock(sqlite3 *db) {
  return inTransaction(db, [&] { return move_stock(db); });
}
static bool write_album(QSqlDatabase &db) {
  QSqlQuery q(db);
  if (!q.exec(QStringLiteral("INSERT INTO albums (title) VALUES ('x')")))
    return false;
  return q.exec(QStringLiteral("UPDATE tracks SET album_id = 1"));
}
bool import_album(QSqlDatabase &db) {
  return withTransaction(db, [&] { return write_album(db); });
}

// Positive: the same helper, called from a lambda that retrying() runs in
// autocommit.
static bool clear_stock(sqlite3 *db) {
  return exec(db, "DELETE FROM a") && exec(db, "DELETE FROM b");
  // CHECK-MESSAGES: :[[@LINE-1]]:39: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
}
bool clear_all(sqlite3 *db) {
  return retrying([&] { return clear_stock(db); });
}
