// A wrapper method that prepares the SQL its caller gives into the
// statement its caller hands it, on the wrapper's own connection
// (ProxySQL's `int SQLite3DB::prepare_v2(const char *str, sqlite3_stmt
// **statement)`): what the caller then steps runs that SQL on that
// connection. Every txn-* check runs, so every finding in the file is
// listed.
//
// RUN: %check_txnlint %s 'txn-*' %t

#include <sqlite3.h>

#include <cstdio>
#include <string>
#include <vector>

class SQLite3DB {
public:
  bool execute(const char *Str) {
    char *Err = nullptr;
    int Rc = sqlite3_exec(Db, Str, nullptr, nullptr, &Err);
    if (Err) {
      std::fprintf(stderr, "SQLITE error: %s --- %s\n", Err, Str);
      sqlite3_free(Err);
    }
    return Rc == SQLITE_OK;
  }
  int prepare_v2(const char *Str, sqlite3_stmt **Statement) {
    int Rc = sqlite3_prepare_v2(Db, Str, -1, Statement, nullptr);
    if (Rc != SQLITE_OK)
      std::fprintf(stderr, "cannot prepare %s\n", Str);
    return Rc;
  }

private:
  sqlite3 *Db = nullptr;
};

static void insertDigest(sqlite3_stmt *Statement, int Digest) {
  sqlite3_bind_int(Statement, 1, Digest);
  if (sqlite3_step(Statement) != SQLITE_DONE)
    std::fprintf(stderr, "cannot insert digest %d\n", Digest);
  sqlite3_reset(Statement);
}

void dumpDigests(SQLite3DB *Sdb, const std::vector<int> &Digests) {
  sqlite3_stmt *Insert = nullptr;
  if (Sdb->prepare_v2("INSERT INTO history_digest VALUES (?1)", &Insert) !=
      SQLITE_OK)
    return;
  Sdb->execute("BEGIN");
  for (int Digest : Digests)
    insertDigest(Insert, Digest);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'insertDigest' does not report the failure of its write, and transaction on 'Sdb' commits after it; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  if (!Sdb->execute("COMMIT"))
    // CHECK-NOTES: :[[@LINE-1]]:8: note: committed here
    Sdb->execute("ROLLBACK");
  sqlite3_finalize(Insert);
}

// Negative: one prepared statement run on its own, with no transaction.
void touchDigest(SQLite3DB *Sdb, int Digest) {
  sqlite3_stmt *Touch = nullptr;
  if (Sdb->prepare_v2("UPDATE history_digest SET seen = 1 WHERE d = ?1",
                      &Touch) != SQLITE_OK)
    return;
  sqlite3_bind_int(Touch, 1, Digest);
  if (sqlite3_step(Touch) != SQLITE_DONE)
    std::fprintf(stderr, "cannot touch %d\n", Digest);
  sqlite3_finalize(Touch);
}
