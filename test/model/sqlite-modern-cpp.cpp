// The sqlite-modern-cpp profile, compiled against a stand-in header
// (Inputs/sqlite_modern_cpp/sqlite_modern_cpp.h; the library is not
// packaged in Debian, projects such as Tilemaker bundle it). `db << sql`
// returns a statement that runs when it is destroyed: where the caller
// drops it at once (`db << "BEGIN;";`, `db << "INSERT ..." << id;`) the SQL
// runs there; where the caller keeps it (a variable, a container) the call
// only prepares it, and execute() or `>>` runs it. Failures throw
// sqlite::sqlite_exception, which a handler of it (or of a base) catches.
//
// The recognition functions are compiled for the --dump-events run only
// (TXNLINT_DUMP): they leave manual transactions open on purpose.
//
// RUN: %txnlint --dump-events --exit-zero %s -- -isystem %S/Inputs/sqlite_modern_cpp -std=c++17 -DTXNLINT_DUMP 2>/dev/null | FileCheck %s
// RUN: %check_txnlint %s txn-missing-rollback,txn-autocommit-multi-write,txn-commit-after-failed-write %t -- -- -isystem %S/Inputs/sqlite_modern_cpp -std=c++17

#include <sqlite_modern_cpp.h>

#include <stdexcept>
#include <string>
#include <vector>

//===----------------------------------------------------------------------===//
// Recognition (--dump-events)
//===----------------------------------------------------------------------===//

#ifdef TXNLINT_DUMP

std::vector<sqlite::database_binder> Kept;

void dumpStatements(sqlite::database &db, int id) {
  // CHECK: :[[@LINE+1]]:3: remark: begin on 'db' (failure: exception) [txnlint-dump-events]
  db << "BEGIN;";
  // CHECK: :[[@LINE+1]]:3: remark: write on 'db' (failure: exception) [txnlint-dump-events]
  db << "INSERT INTO tiles VALUES (?, ?);" << id << 2;
  int n = 0;
  // CHECK: :[[@LINE+1]]:3: remark: read on 'db' (failure: exception) [txnlint-dump-events]
  db << "SELECT count(*) FROM tiles;" >> n;
  // Run in place: once, where it is made.
  // CHECK: :[[@LINE+1]]:4: remark: write on 'db' (failure: exception) [txnlint-dump-events]
  (db << "UPDATE tiles SET x = 1;").execute();
  // CHECK: :[[@LINE+1]]:3: remark: commit on 'db' (failure: exception) [txnlint-dump-events]
  db << "COMMIT;";
  // CHECK-NOT: remark
  // CHECK: :[[@LINE+1]]:18: remark: prepare-sql on 'db' (failure: exception) [txnlint-dump-events]
  Kept.push_back(db << "INSERT INTO tiles VALUES (?);");
  // CHECK: :[[@LINE+1]]:13: remark: prepare-sql on 'db' (failure: exception) [txnlint-dump-events]
  auto ps = db << "DELETE FROM tiles WHERE x = ?;";
  ps << 3;
  // CHECK: :[[@LINE+1]]:3: remark: write on 'db' (failure: exception) [txnlint-dump-events]
  ps.execute();
}

#endif // TXNLINT_DUMP

//===----------------------------------------------------------------------===//
// Checks
//===----------------------------------------------------------------------===//

class MBTiles {
public:
  explicit MBTiles(const std::string &File) : db(File) {}
  bool tryExec(const std::string &Sql);
  void deleteAbove(int Zoom) { db << "DELETE FROM tiles WHERE zoom > ?;" << Zoom; }
  void writeMetadata(const std::string &Key, const std::string &Value) {
    db << "REPLACE INTO metadata (name, value) VALUES (?, ?);" << Key << Value;
  }
  void truncateToZoom(int Zoom);
  bool prune(int Zoom);
  bool pruneDropped(int Zoom);
  void openForWriting();

private:
  sqlite::database db;
  std::vector<sqlite::database_binder> Statements;
};

// Reports the statement's failure by its result: the library's exception is
// caught here, so nothing leaves.
bool MBTiles::tryExec(const std::string &Sql) {
  try {
    db << Sql;
    return true;
  } catch (std::runtime_error &E) {
    return false;
  }
}

void MBTiles::truncateToZoom(int Zoom) {
  deleteAbove(Zoom);
  writeMetadata("maxzoom", std::to_string(Zoom));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
}

// Negative: every failure is handled, and no exception leaves tryExec.
bool MBTiles::prune(int Zoom) {
  if (!tryExec("BEGIN;"))
    return false;
  if (!tryExec("DELETE FROM tiles WHERE zoom > 3;") ||
      !tryExec("REPLACE INTO metadata VALUES ('maxzoom', '3');")) {
    tryExec("ROLLBACK;");
    return false;
  }
  if (!tryExec("COMMIT;")) {
    tryExec("ROLLBACK;");
    return false;
  }
  return true;
}

bool MBTiles::pruneDropped(int Zoom) {
  if (!tryExec("BEGIN;"))
    return false;
  tryExec("DELETE FROM tiles WHERE zoom > 3;");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the failure of this write is not handled before transaction on 'db' commits{{.*}} [txn-commit-after-failed-write]
  if (!tryExec("COMMIT;")) {
    tryExec("ROLLBACK;");
    return false;
  }
  return true;
}

// Negative: statements kept for later run nothing here; the two prepared
// inserts are no autocommit pair.
void MBTiles::openForWriting() {
  Statements.push_back(db << "INSERT INTO tiles VALUES (?, ?);");
  Statements.push_back(db << "REPLACE INTO tiles VALUES (?, ?);");
  db << "BEGIN;";
}
