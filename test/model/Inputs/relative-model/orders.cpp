#include "user-wrapper-acme.h"

void leak(acme::Database &db, bool fail) {
  db.BeginTransaction();
  if (fail)
    return;
  db.CommitTransaction();
}
