// The audit trail: who did what, kept for a while, then archived.
#pragma once

#include <sqlite3.h>

#include <string>
#include <vector>

namespace shop {

struct AuditEvent {
  std::string event;
  std::string detail;
};

// Appends one event. Returns false if it could not be written.
bool record_event(sqlite3 *db, const AuditEvent &event);

// Appends several events at once, all or none.
void record_events(sqlite3 *db, const std::vector<AuditEvent> &events);

// Moves events older than `cutoff` (an SQLite datetime) from the log to the
// archive table. Throws OrderError, moving nothing, if that fails.
void archive_audit_log(sqlite3 *db, const std::string &cutoff);

// Deletes the events older than seven years, from the log and the archive
// together. Returns false, deleting nothing, if that fails.
bool purge_expired_events(sqlite3 *db);

} // namespace shop
