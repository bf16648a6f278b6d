// C helpers that return -1 on failure and 0 on success, tested with `< 0`
// as Seafile's callers test them (`if (sqlite_begin_transaction (db) < 0)
// return -1;`): the failure branch of a begin opened nothing, and that of
// a commit left the transaction to be rolled back.
//
// RUN: %check_txnlint %s txn-missing-rollback,txn-use-after-end %t -- -- -std=c++17

#include <sqlite3.h>

#include <pthread.h>

static int sqlite_query_exec(sqlite3 *db, const char *sql) {
  char *errmsg = nullptr;
  int result = sqlite3_exec(db, sql, nullptr, nullptr, &errmsg);
  if (result != SQLITE_OK) {
    sqlite3_free(errmsg);
    return -1;
  }
  return 0;
}

static int sqlite_begin_transaction(sqlite3 *db) {
  return sqlite_query_exec(db, "BEGIN TRANSACTION;");
}

static int sqlite_end_transaction(sqlite3 *db) {
  return sqlite_query_exec(db, "END TRANSACTION;");
}

static int sqlite_rollback_transaction(sqlite3 *db) {
  return sqlite_query_exec(db, "ROLLBACK TRANSACTION;");
}

// Commits when everything went fine, rolls back otherwise.
static int commit_or_rollback(sqlite3 *db, bool ok) {
  if (ok && sqlite_end_transaction(db) == 0)
    return 0;
  sqlite_rollback_transaction(db);
  return -1;
}

struct RepoManager {
  sqlite3 *db;
  pthread_mutex_t db_lock;
};

bool worktree_is_usable(const char *worktree);

// Negative: every way out after a begin that succeeded ends it.
int save_worktree(RepoManager *mgr, const char *worktree) {
  sqlite3 *db = mgr->db;
  pthread_mutex_lock(&mgr->db_lock);
  if (sqlite_begin_transaction(db) < 0) {
    pthread_mutex_unlock(&mgr->db_lock);
    return -1;
  }
  if (sqlite_query_exec(db, "INSERT INTO RepoProperty VALUES ('w')") < 0)
    goto rollback;
  if (!worktree_is_usable(worktree))
    goto rollback;
  if (sqlite_end_transaction(db) < 0)
    goto rollback;
  pthread_mutex_unlock(&mgr->db_lock);
  return 0;

rollback:
  sqlite_rollback_transaction(db);
  pthread_mutex_unlock(&mgr->db_lock);
  return -1;
}

int save_worktree_unchecked(RepoManager *mgr, const char *worktree) {
  sqlite3 *db = mgr->db;
  if (sqlite_begin_transaction(db) < 0)
    return -1;
  // CHECK-NOTES: :[[@LINE-2]]:7: warning: transaction begun on 'db' is left open on some path out of 'save_worktree_unchecked'; commit or roll it back before leaving [txn-missing-rollback]
  if (sqlite_query_exec(db, "INSERT INTO RepoProperty VALUES ('w')") < 0)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  if (sqlite_end_transaction(db) < 0) {
    sqlite_rollback_transaction(db);
    return -1;
  }
  return 0;
}

// commit_or_rollback already rolled back where it says it failed.
int update_folder_perms(RepoManager *mgr) {
  sqlite3 *db = mgr->db;
  if (sqlite_begin_transaction(db) < 0)
    return -1;
  bool ok = sqlite_query_exec(db, "DELETE FROM FolderUserPerms") >= 0;
  if (commit_or_rollback(db, ok) < 0) {
    sqlite_rollback_transaction(db);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: transaction on 'db' is rolled back after it was handed to a callee that ends it; begin a new transaction for this work [txn-use-after-end]
    // CHECK-NOTES: :[[@LINE-3]]:7: note: it is handed to a callee that ends it here
    return -1;
  }
  return 0;
}
