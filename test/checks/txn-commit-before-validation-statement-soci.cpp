// SOCI's soci::statement, made on a session and given its SQL by
// prepare(), runs it at execute(): its SQL decides whether the transaction
// wrote (RStudio writes only this way).
//
// RUN: %check_txnlint %s txn-commit-before-validation %t -- -- -std=c++17 -Wno-enum-constexpr-conversion

#include <soci/soci.h>

#include <string>

bool lockUser(soci::session &sql, int id, int limit) {
  soci::transaction tr(sql);
  soci::statement st(sql);
  st.prepare("UPDATE licensed_users SET locked = 1 WHERE id = :id");
  st.exchange(soci::use(id));
  st.define_and_bind();
  st.execute(true);
  tr.commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'tr' is committed before the function can return an error; a failure there leaves a partial write [txn-commit-before-validation]
  if (id > limit)
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an error is returned here
  return true;
}

// Negative: a transaction that only read stores nothing a later failure
// would leave behind.
bool userIsLocked(soci::session &sql, int id) {
  int locked = 0;
  soci::transaction tr(sql);
  soci::statement st(sql);
  st.prepare("SELECT locked FROM licensed_users WHERE id = :id");
  st.exchange(soci::use(id));
  st.exchange(soci::into(locked));
  st.define_and_bind();
  st.execute(true);
  tr.commit();
  if (locked != 0)
    return false;
  return true;
}
