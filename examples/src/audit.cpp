#include "audit.h"

#include "db.h"

namespace shop {

namespace {

// Runs one statement whose only parameter ?1 is `text`; throws on failure.
void exec_with_text(sqlite3 *db, const char *sql, const std::string &text) {
  sqlite3_stmt *stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK)
    throw OrderError(std::string("cannot prepare statement: ") + sqlite3_errmsg(db));
  sqlite3_bind_text(stmt, 1, text.c_str(), -1, SQLITE_TRANSIENT);
  const int rc = sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE)
    throw OrderError(std::string("statement failed: ") + sqlite3_errmsg(db));
}

} // namespace

bool record_event(sqlite3 *db, const AuditEvent &event) {
  // A single INSERT is atomic on its own: no explicit transaction needed.
  sqlite3_stmt *stmt = nullptr;
  if (sqlite3_prepare_v2(db, "INSERT INTO audit_log(event, detail) VALUES (?1, ?2)",
                         -1, &stmt, nullptr) != SQLITE_OK)
    return false;
  sqlite3_bind_text(stmt, 1, event.event.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(stmt, 2, event.detail.c_str(), -1, SQLITE_TRANSIENT);
  const int rc = sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  return rc == SQLITE_DONE;
}

void record_events(sqlite3 *db, const std::vector<AuditEvent> &events) {
  // txnlint finds: txn-missing-rollback. When an insert fails, the loop stops
  // and the function ends without committing or rolling back this transaction.
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  bool ok = true;
  for (const AuditEvent &event : events) {
    if (!record_event(db, event)) {
      ok = false;
      break;
    }
  }
  if (ok)
    // txnlint finds: txn-unchecked-commit. Whether the COMMIT worked is never
    // looked at: the caller cannot learn that the events were lost.
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

void archive_audit_log(sqlite3 *db, const std::string &cutoff) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    throw OrderError(std::string("cannot archive audit log: ") + sqlite3_errmsg(db));
  try {
    exec_with_text(db,
                   "INSERT INTO audit_archive(id, at, event, detail) "
                   "SELECT id, at, event, detail FROM audit_log WHERE at < ?1",
                   cutoff);
    exec_with_text(db, "DELETE FROM audit_log WHERE at < ?1", cutoff);
    if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
      throw OrderError(std::string("cannot archive audit log: ") + sqlite3_errmsg(db));
  } catch (...) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

bool purge_expired_events(sqlite3 *db) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return false;
  // txnlint finds: txn-commit-after-failed-write. If this DELETE fails (a
  // locked table, a full disk), the COMMIT below still stores the other one.
  sqlite3_exec(db, "DELETE FROM audit_archive WHERE at < datetime('now', '-7 years')",
               nullptr, nullptr, nullptr);
  if (sqlite3_exec(db, "DELETE FROM audit_log WHERE at < datetime('now', '-7 years')",
                   nullptr, nullptr, nullptr) != SQLITE_OK) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  return sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
}

} // namespace shop
