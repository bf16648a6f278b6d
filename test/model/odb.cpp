// The odb profile. ODB is not packaged in Debian, so this compiles against
// stand-in headers (Inputs/odb/odb/*.hxx) written from ODB's documentation,
// installed as system headers the way ODB's would be.
//
// ODB: `odb::transaction t (db.begin ());` starts a transaction (database::
// begin() returns the database's transaction_impl*, which t takes over);
// t.commit() or t.rollback() finalizes it, and the destructor of a
// transaction that was not finalized rolls it back. Database operations
// throw odb::exception on failure.
//
// RUN: %txnlint --dump-events --exit-zero %s -- -isystem %S/Inputs/odb -std=c++17 2>/dev/null | FileCheck --check-prefix=DUMP %s
// RUN: %check_txnlint %s txn-missing-rollback %t -- -- -isystem %S/Inputs/odb -std=c++17
//
// Known gaps: Inputs/odb-gaps.cpp holds cases the engine gets wrong today,
// written as they should behave (see the file). It is run last.
// RUN: %check_txnlint %S/Inputs/odb-gaps.cpp txn-missing-rollback %t-gaps -- -- -isystem %S/Inputs/odb -std=c++17

#include <odb/database.hxx>
#include <odb/sqlite/database.hxx>
#include <odb/transaction.hxx>

#include <memory>
#include <stdexcept>
#include <string>

struct person {
  unsigned long id;
  std::string name;
  unsigned short age;
};

// Defined in another translation unit.
bool valid_person(const person &p);

// Throws: a call to it is an exit from the caller.
static void check_age(unsigned short age) {
  if (age > 150)
    throw std::out_of_range("age");
}

//===----------------------------------------------------------------------===//
// What the profile recognizes
//===----------------------------------------------------------------------===//

void recognized(odb::database &db, person &p, bool keep) {
  // DUMP: :[[@LINE+1]]:20: remark: begin on 't' (RAII) (failure: exception) [txnlint-dump-events]
  odb::transaction t(db.begin());
  // DUMP: :[[@LINE+1]]:3: remark: write on 'db' (failure: exception) [txnlint-dump-events]
  db.persist(p);
  // DUMP: :[[@LINE+1]]:35: remark: read on 'db' (failure: exception) [txnlint-dump-events]
  std::shared_ptr<person> found = db.find<person>(p.id);
  // DUMP: :[[@LINE+1]]:3: remark: read on 'db' (failure: exception) [txnlint-dump-events]
  db.load(p.id, p);
  // DUMP: :[[@LINE+1]]:3: remark: write on 'db' (failure: exception) [txnlint-dump-events]
  db.update(p);
  // DUMP: :[[@LINE+1]]:3: remark: write on 'db' (failure: exception) [txnlint-dump-events]
  db.erase(p);
  // DUMP: :[[@LINE+1]]:3: remark: write on 'db' (failure: exception) [txnlint-dump-events]
  db.execute("DELETE FROM person WHERE age > 150");
  if (!keep) {
    // DUMP: :[[@LINE+1]]:5: remark: rollback on 't' (failure: exception) [txnlint-dump-events]
    t.rollback();
    return;
    // DUMP: :[[@LINE-1]]:5: remark: rollback on 't' (destructor) [txnlint-dump-events]
  }
  // DUMP: :[[@LINE+1]]:3: remark: commit on 't' (failure: exception) [txnlint-dump-events]
  t.commit();
}
// DUMP: :[[@LINE-1]]:1: remark: rollback on 't' (destructor) [txnlint-dump-events]

// A database-specific database class is an odb::database; its begin
// variants all feed an odb::transaction.
void recognized_sqlite(odb::sqlite::database &db, person &p) {
  // DUMP: :[[@LINE+1]]:20: remark: begin on 't' (RAII) (failure: exception) [txnlint-dump-events]
  odb::transaction t(db.begin_immediate());
  // DUMP: :[[@LINE+1]]:3: remark: write on 'db' (failure: exception) [txnlint-dump-events]
  db.persist(p);
  // DUMP: :[[@LINE+1]]:3: remark: commit on 't' (failure: exception) [txnlint-dump-events]
  t.commit();
}
// DUMP: :[[@LINE-1]]:1: remark: rollback on 't' (destructor) [txnlint-dump-events]

// The database held by a smart pointer, as ODB's examples do.
void recognized_owned(std::unique_ptr<odb::database> &db, person &p) {
  // DUMP: :[[@LINE+1]]:20: remark: begin on 't' (RAII) (failure: exception) [txnlint-dump-events]
  odb::transaction t(db->begin());
  // DUMP: :[[@LINE+1]]:3: remark: write on 'db' (failure: exception) [txnlint-dump-events]
  db->persist(p);
  // DUMP: :[[@LINE+1]]:3: remark: commit on 't' (failure: exception) [txnlint-dump-events]
  t.commit();
}
// DUMP: :[[@LINE-1]]:1: remark: rollback on 't' (destructor) [txnlint-dump-events]

//===----------------------------------------------------------------------===//
// Positives: SQL transaction control through database::execute
//===----------------------------------------------------------------------===//

// BEGIN sent as native SQL is a manual transaction: an early return leaves
// it open on the connection. (Only the warning is checked here: the notes
// include a wrong one at the COMMIT, see Inputs/odb-gaps.cpp.)
void archive(odb::database &db, const person &p) {
  db.execute("BEGIN");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'archive'; commit or roll it back before leaving [txn-missing-rollback]
  if (!valid_person(p))
    return;
  db.execute("INSERT INTO archive SELECT * FROM person");
  db.execute("COMMIT");
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// odb::transaction rolls back when it goes out of scope: early returns and
// exceptions are fine.
bool add_person(odb::database &db, person &p) {
  odb::transaction t(db.begin());
  if (!valid_person(p))
    return false;
  check_age(p.age);
  db.persist(p);
  t.commit();
  return true;
}

// Explicit rollback, then the destructor does nothing more.
void rename_person(odb::database &db, unsigned long id, const std::string &name) {
  odb::transaction t(db.begin());
  std::shared_ptr<person> p = db.load<person>(id);
  if (p->name == name) {
    t.rollback();
    return;
  }
  p->name = name;
  db.update(*p);
  t.commit();
}

// A transaction that is never committed only ever rolls back.
unsigned long count_adults(odb::database &db) {
  odb::transaction t(db.begin());
  return db.erase_query<person>();
}
