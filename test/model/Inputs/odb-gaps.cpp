// KNOWN ENGINE GAP for the odb profile, written as txnlint SHOULD behave;
// run by the last RUN line of test/model/odb.cpp.
//
// A commit or rollback that fails by throwing is treated as if the
// transaction were still open on its exception path, so the engine reports
// the transaction "still open when an exception leaves the function" at
// the COMMIT and at the ROLLBACK in the catch handler. A failed COMMIT or
// ROLLBACK ends the transaction (PostgreSQL, SQLite and MySQL roll it back),
// and nothing else can be done there: those notes, and the whole warning on
// archive_checked, should not appear.

#include <odb/database.hxx>

#include <string>

// Defined in another translation unit.
bool valid_name(const std::string &name);

// Ended on every path, including the exception paths of the try block.
void archive_checked(odb::database &db, const std::string &name) {
  db.execute("BEGIN");
  try {
    if (!valid_name(name)) {
      db.execute("ROLLBACK");
      return;
    }
    db.execute("INSERT INTO archive SELECT * FROM person");
    db.execute("COMMIT");
  } catch (...) {
    db.execute("ROLLBACK");
    throw;
  }
}

// Left open at the early return and when the INSERT throws; not at the
// COMMIT.
void archive(odb::database &db, const std::string &name) {
  db.execute("BEGIN");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'archive'; commit or roll it back before leaving [txn-missing-rollback]
  if (!valid_name(name))
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  db.execute("INSERT INTO archive SELECT * FROM person");
  // CHECK-NOTES: :[[@LINE-1]]:3: note: transaction is still open when an exception leaves the function here
  db.execute("COMMIT");
}
