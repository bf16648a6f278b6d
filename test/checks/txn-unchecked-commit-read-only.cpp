// txn-unchecked-commit and read-only transactions, with the real QtSql and
// sqlite3 headers. A transaction that wrote nothing on any path to its
// commit, also not through a function it calls, loses nothing when the
// commit fails: no finding. A write on one path, a function that writes,
// and code the analysis cannot see (defined elsewhere, called through a
// pointer) keep the finding.
//
// RUN: %check_txnlint %s txn-unchecked-commit %t -- -- %qt5_flags

#include <QtCore/QVariant>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>
#include <sqlite3.h>

// Defined in another translation unit.
void log_line(const char *text);

QSqlDatabase g_audit;

// Same translation unit.
static int count_rows(QSqlDatabase &db) {
  QSqlQuery q(db);
  if (!q.exec("SELECT COUNT(*) FROM orders") || !q.next())
    return -1;
  return q.value(0).toInt();
}

static void audit(int id) {
  QSqlQuery q(g_audit);
  q.exec("INSERT INTO audit (id) VALUES (1)");
}

static void note(int id) { audit(id); }

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// Writes on one path.
int read_or_touch(QSqlDatabase &db, bool touch) {
  db.transaction();
  int n = count_rows(db);
  if (touch) {
    QSqlQuery q(db);
    q.exec("UPDATE orders SET seen = 1");
  }
  db.commit();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the result of committing transaction on 'db' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
  return n;
}

// A function of this translation unit writes, two calls down, to another
// connection.
int read_and_note(QSqlDatabase &db, int id) {
  db.transaction();
  int n = count_rows(db);
  note(id);
  db.commit();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the result of committing transaction on 'db' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
  return n;
}

// A function defined elsewhere may write.
int read_elsewhere(QSqlDatabase &db, int id) {
  db.transaction();
  int n = count_rows(db);
  log_line("counted");
  db.commit();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the result of committing transaction on 'db' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
  return n;
}

// A call through a pointer may do anything.
int read_through(QSqlDatabase &db, int (*step)(QSqlDatabase &)) {
  db.transaction();
  int n = step(db);
  db.commit();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the result of committing transaction on 'db' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
  return n;
}

// SQL the classifier cannot read counts as a write.
void run_sql(sqlite3 *db, const char *sql) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the result of committing transaction on 'db' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
}

// sqlite3_get_table runs its SQL as sqlite3_exec does.
int purge_volumes(sqlite3 *db) {
  char **rows = nullptr;
  int nrow = 0, ncol = 0;
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_get_table(db, "DELETE FROM Media WHERE VolStatus = 'Purged'", &rows,
                    &nrow, &ncol, nullptr);
  sqlite3_free_table(rows);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the result of committing transaction on 'db' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
  return nrow;
}

// A helper that runs the SQL it is given, handed a write.
static int run(sqlite3 *db, const char *sql) {
  return sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
}
int touch_pages(sqlite3 *h) {
  if (sqlite3_exec(h, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  int n = run(h, "UPDATE pages SET seen = 1");
  sqlite3_exec(h, "COMMIT", nullptr, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the result of committing transaction on 'h' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
  return n;
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// A consistent snapshot for two reads.
int snapshot(QSqlDatabase &db) {
  db.transaction();
  QSqlQuery q(db);
  int total = 0;
  if (q.exec("SELECT amount FROM orders"))
    while (q.next())
      total += q.value(0).toInt();
  total -= count_rows(db);
  db.commit();
  return total;
}

static int count_cb(void *out, int, char **, char **) {
  ++*static_cast<int *>(out);
  return 0;
}

int snapshot_sqlite(sqlite3 *db) {
  int n = 0;
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "SELECT id FROM orders", count_cb, &n, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return n;
}

// The same helper handed a SELECT: the transaction only read.
int count_pages(sqlite3 *h) {
  if (sqlite3_exec(h, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return -1;
  int n = run(h, "SELECT count(*) FROM pages");
  sqlite3_exec(h, "COMMIT", nullptr, nullptr, nullptr);
  return n;
}

// A cursor's statements only read what its query selects (Bacula's
// list queries over a large File table).
int list_files(sqlite3 *db) {
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "DECLARE _bac_files CURSOR FOR SELECT Name FROM File",
               nullptr, nullptr, nullptr);
  int n = 0;
  sqlite3_exec(db, "FETCH 100 FROM _bac_files", count_cb, &n, nullptr);
  sqlite3_exec(db, "MOVE FIRST IN _bac_files", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "CLOSE _bac_files", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return n;
}

// A table read through sqlite3_get_table.
int count_volumes(sqlite3 *db) {
  char **rows = nullptr;
  int nrow = 0, ncol = 0;
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_get_table(db, "SELECT MediaId FROM Media", &rows, &nrow, &ncol,
                    nullptr);
  sqlite3_free_table(rows);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return nrow;
}
