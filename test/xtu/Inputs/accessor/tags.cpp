#include "database.h"

bool valid_image(int imgid);  // image.cpp: no database work

bool tag_attach(int tagid, const int *imgs, int count) {
  dt_database_start_transaction(darktable.db);
  for (int i = 0; i < count; i++) {
    if (!valid_image(imgs[i]))
      return false;
    sqlite3_stmt *stmt;
    sqlite3_prepare_v2(dt_database_get(darktable.db),
                       "INSERT INTO main.tagged_images (imgid, tagid) VALUES (?1, ?2)", -1,
                       &stmt, nullptr);
    sqlite3_bind_int(stmt, 1, imgs[i]);
    sqlite3_bind_int(stmt, 2, tagid);
    const bool done = sqlite3_step(stmt) == SQLITE_DONE;
    sqlite3_finalize(stmt);
    if (!done) {
      dt_database_rollback_transaction(darktable.db);
      return false;
    }
  }
  dt_database_release_transaction(darktable.db);
  return true;
}

bool tag_detach(int tagid, const int *imgs, int count) {
  dt_database_start_transaction(darktable.db);
  for (int i = 0; i < count; i++) {
    if (!valid_image(imgs[i])) {
      dt_database_rollback_transaction(darktable.db);
      return false;
    }
    sqlite3_stmt *stmt;
    sqlite3_prepare_v2(dt_database_get(darktable.db),
                       "DELETE FROM main.tagged_images WHERE imgid = ?1 AND tagid = ?2", -1,
                       &stmt, nullptr);
    sqlite3_bind_int(stmt, 1, imgs[i]);
    sqlite3_bind_int(stmt, 2, tagid);
    const bool done = sqlite3_step(stmt) == SQLITE_DONE;
    sqlite3_finalize(stmt);
    if (!done) {
      dt_database_rollback_transaction(darktable.db);
      return false;
    }
  }
  dt_database_release_transaction(darktable.db);
  return true;
}

void tag_rename(int tagid) {
  sqlite3_exec(dt_database_get(darktable.db), "UPDATE data.tags SET name = 'x' WHERE id = 1",
               nullptr, nullptr, nullptr);
  sqlite3_exec(dt_database_get(darktable.db), "DELETE FROM data.tags WHERE id = 2", nullptr,
               nullptr, nullptr);
}

void tag_copy(int from, int to) {
  dt_database_start_transaction(darktable.db);
  sqlite3_exec(dt_database_get(darktable.db),
               "INSERT INTO main.tagged_images SELECT imgid, 2 FROM main.tagged_images WHERE tagid = 1",
               nullptr, nullptr, nullptr);
  dt_database_release_transaction(darktable.db);
}
