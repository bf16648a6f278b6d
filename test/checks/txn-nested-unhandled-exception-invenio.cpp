// txn-nested-unhandled-exception with the definition of issue 15 (SQLAlchemy's
// begin_nested as Invenio documents it): an exception that gets past a
// savepoint and then ends the enclosing transaction, across libpqxx,
// SQLiteC++, the sqlite3 C API and RocksDB, with standard-library throwers.
//
// RUN: %check_txnlint %s txn-nested-unhandled-exception %t -- -- -std=c++17

#include <SQLiteCpp/SQLiteCpp.h>
#include <SQLiteCpp/Savepoint.h>
#include <pqxx/pqxx>
#include <rocksdb/utilities/transaction.h>
#include <rocksdb/utilities/transaction_db.h>
#include <sqlite3.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <system_error>
#include <tuple>
#include <vector>

void log_line(const char *text);

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// The example: the subtransaction's destructor undoes 'note', then
// w's destructor throws everything else away.
void close_account(pqxx::connection &c, long id) {
  pqxx::work w(c);
  w.exec_params0("UPDATE accounts SET closed = true WHERE id = $1", id);
  {
    pqxx::subtransaction note(w, "note");
    note.exec_params0("INSERT INTO notes VALUES ($1)", id);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: an exception from 'pqxx::transaction_base::exec_params0' escapes savepoint 'note' and aborts the enclosing transaction; catch it around the savepoint so that the transaction can go on [txn-nested-unhandled-exception]
    // CHECK-NOTES: :[[@LINE-3]]:26: note: savepoint 'note' is opened here
    // CHECK-NOTES: :[[@LINE-7]]:14: note: transaction 'w', begun here, is then rolled back by its destructor as the exception unwinds
    note.commit();
  }
  w.commit();
}

// SQLiteC++: the same with SQLite::Savepoint inside SQLite::Transaction.
// The statement throws from two calls (exec and at()): one report, at the
// first of them.
void add_tag(SQLite::Database &db, const std::vector<std::string> &tags) {
  SQLite::Transaction txn(db);
  db.exec("UPDATE items SET tagged = 1");
  SQLite::Savepoint sp(db, "tag");
  db.exec("INSERT INTO tags VALUES ('" + tags.at(0) + "')");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: an exception from 'SQLite::Database::exec' escapes savepoint 'sp' and aborts the enclosing transaction; catch it around the savepoint so that the transaction can go on [txn-nested-unhandled-exception]
  // CHECK-NOTES: :[[@LINE-3]]:21: note: savepoint 'sp' is opened here
  // CHECK-NOTES: :[[@LINE-6]]:23: note: transaction 'txn', begun here, is then rolled back by its destructor as the exception unwinds
  int count = std::stoi(tags.at(1));
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: an exception from 'std::stoi' escapes savepoint 'sp' and aborts the enclosing transaction; catch it around the savepoint so that the transaction can go on [txn-nested-unhandled-exception]
  // CHECK-NOTES: :[[@LINE-7]]:21: note: savepoint 'sp' is opened here
  // CHECK-NOTES: :[[@LINE-10]]:23: note: transaction 'txn', begun here, is then rolled back by its destructor as the exception unwinds
  (void)count;
  sp.release();
  txn.commit();
}

// sqlite3: std::stoi throws inside SAVEPOINT; the handler around it rolls
// back the whole transaction.
void import_qty(sqlite3 *db, const std::string &text) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  try {
    sqlite3_exec(db, "SAVEPOINT qty", nullptr, nullptr, nullptr);
    int qty = std::stoi(text);
    // CHECK-NOTES: :[[@LINE-1]]:15: warning: an exception from 'std::stoi' escapes savepoint 'qty' and aborts the enclosing transaction; catch it inside the savepoint and roll back to the savepoint [txn-nested-unhandled-exception]
    // CHECK-NOTES: :[[@LINE-3]]:5: note: savepoint 'qty' is opened here
    // CHECK-NOTES: :[[@LINE+4]]:5: note: the handler then rolls back the whole transaction here
    (void)qty;
    sqlite3_exec(db, "RELEASE qty", nullptr, nullptr, nullptr);
  } catch (const std::exception &) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return;
  }
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// RocksDB: a std::filesystem call without an error_code, in a savepoint of a
// transaction this function owns.
void put_file_size(rocksdb::TransactionDB *db, const std::string &path) {
  std::unique_ptr<rocksdb::Transaction> txn(
      db->BeginTransaction(rocksdb::WriteOptions()));
  txn->SetSavePoint();
  auto size = std::filesystem::file_size(path);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: an exception from 'std::filesystem::file_size' escapes savepoint on 'txn' and aborts the enclosing transaction; catch it inside the savepoint and roll back to the savepoint [txn-nested-unhandled-exception]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: savepoint on 'txn' is opened here
  // CHECK-NOTES: :[[@LINE-5]]:7: note: transaction 'txn', begun here, is then rolled back by its destructor as the exception unwinds
  txn->Put(path, std::to_string(size));
  txn->PopSavePoint();
  txn->Commit();
}

//===----------------------------------------------------------------------===//
// Negatives
//===----------------------------------------------------------------------===//

// A handler right around the savepoint stops the exception; the
// subtransaction's destructor undid it and w goes on.
void close_account_noted(pqxx::connection &c, long id) {
  pqxx::work w(c);
  w.exec_params0("UPDATE accounts SET closed = true WHERE id = $1", id);
  try {
    pqxx::subtransaction note(w, "note");
    note.exec_params0("INSERT INTO notes VALUES ($1)", id);
    note.commit();
  } catch (const pqxx::sql_error &) {
    log_line("no note");
  }
  w.commit();
}

// A savepoint in a helper: the caller owns the transaction and decides.
void add_note(pqxx::work &w, long id) {
  pqxx::subtransaction note(w, "note");
  note.exec_params0("INSERT INTO notes VALUES ($1)", id);
  note.commit();
}

// std::stoi caught inside the savepoint by its own type, rolled back to.
void import_qty_handled(sqlite3 *db, const std::string &text) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "SAVEPOINT qty", nullptr, nullptr, nullptr);
  try {
    (void)std::stoi(text);
  } catch (const std::logic_error &) { // std::invalid_argument
    sqlite3_exec(db, "ROLLBACK TO qty", nullptr, nullptr, nullptr);
  } catch (const std::out_of_range &) {
    sqlite3_exec(db, "ROLLBACK TO qty", nullptr, nullptr, nullptr);
  }
  sqlite3_exec(db, "RELEASE qty", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

// Calls that cannot throw there: the error_code overload of std::filesystem,
// std::get on a tuple, and SQLiteC++'s tryExec.
void cannot_throw(SQLite::Database &db, const std::string &path) {
  SQLite::Transaction txn(db);
  SQLite::Savepoint sp(db, "tag");
  std::error_code ec;
  std::filesystem::remove(path, ec);
  std::tuple<int, int> pair{1, 2};
  db.tryExec("INSERT INTO tags VALUES (" + std::to_string(std::get<0>(pair)) +
             ")");
  sp.release();
  txn.commit();
}
