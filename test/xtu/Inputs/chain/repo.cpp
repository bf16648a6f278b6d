#include "db.h"

bool Repo::start() { return run(db_, "BEGIN") == SQLITE_OK; }
bool Repo::finish() { return run(db_, "COMMIT") == SQLITE_OK; }
bool Repo::undo() { return run(db_, "ROLLBACK") == SQLITE_OK; }
bool Repo::save(int id) { return run(db_, "UPDATE t SET v = 1") == SQLITE_OK; }
