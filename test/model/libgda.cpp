// The libgda profile against the installed libgdamm 5 and libgda 5 headers,
// whose bodies are in the libraries: Gnome::Gda::Connection begins, commits
// and rolls back named transactions and savepoints, and runs SQL text with
// statement_execute_non_select and statement_execute_select, throwing
// Glib::Error on every failure; the C API's gda_connection_* calls return
// their result and set their GError. Glom's database layer is written over
// libgdamm.
//
// RUN: %txnlint --dump-events --exit-zero %s -- %gda_flags -DTXNLINT_DUMP 2>/dev/null | FileCheck %s
// RUN: %check_txnlint %s txn-missing-rollback,txn-autocommit-multi-write,txn-unchecked-commit,txn-nested-unhandled-exception %t -- -- %gda_flags

#include <libgda/libgda.h>
#include <libgdamm.h>

#include <string>

#ifdef TXNLINT_DUMP
void recognition(const Glib::RefPtr<Gnome::Gda::Connection> &cnc) {
  cnc->begin_transaction("t", Gnome::Gda::TRANSACTION_ISOLATION_UNKNOWN);
  // CHECK: libgda.cpp:[[@LINE-1]]:3: remark: begin on 'cnc' (failure: exception)
  cnc->statement_execute_non_select("UPDATE contacts SET name = 'x'");
  // CHECK: libgda.cpp:[[@LINE-1]]:3: remark: write on 'cnc' (failure: exception)
  Glib::RefPtr<Gnome::Gda::DataModel> rows =
      cnc->statement_execute_select("SELECT id FROM contacts");
  // CHECK: libgda.cpp:[[@LINE-1]]:7: remark: read on 'cnc' (failure: exception)
  cnc->add_savepoint("s");
  // CHECK: libgda.cpp:[[@LINE-1]]:3: remark: savepoint on 'cnc' (failure: exception)
  cnc->rollback_savepoint("s");
  // CHECK: libgda.cpp:[[@LINE-1]]:3: remark: rollback-to-savepoint on 'cnc' (failure: exception)
  cnc->commit_transaction("t");
  // CHECK: libgda.cpp:[[@LINE-1]]:3: remark: commit on 'cnc' (failure: exception)
}

void recognition_c(GdaConnection *cnc) {
  GError *error = nullptr;
  gda_connection_begin_transaction(cnc, "t", GDA_TRANSACTION_ISOLATION_UNKNOWN, &error);
  // CHECK: libgda.cpp:[[@LINE-1]]:3: remark: begin on 'cnc' (failure: returns-bool)
  gda_connection_execute_non_select_command(cnc, "DELETE FROM contacts", &error);
  // CHECK: libgda.cpp:[[@LINE-1]]:3: remark: write on 'cnc' (failure: returns-negative)
  gda_connection_rollback_transaction(cnc, "t", &error);
  // CHECK: libgda.cpp:[[@LINE-1]]:3: remark: rollback on 'cnc' (failure: returns-bool)
}
#endif

// Glom's style: a helper that runs the caller's SQL and reports failure.
static bool query_execute(const Glib::RefPtr<Gnome::Gda::Connection> &cnc,
                          const Glib::ustring &sql) {
  try {
    cnc->statement_execute_non_select(sql);
  } catch (const Glib::Error &) {
    return false;
  }
  return true;
}

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

bool recreate_table(const Glib::RefPtr<Gnome::Gda::Connection> &cnc,
                    bool has_rows) {
  cnc->begin_transaction("recreate", Gnome::Gda::TRANSACTION_ISOLATION_UNKNOWN);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: transaction begun on 'cnc' is left open on some path out of 'recreate_table'{{.*}} [txn-missing-rollback]
  if (!query_execute(cnc, "CREATE TABLE glom_tmp (id INTEGER)"))
    return false;
  if (!has_rows)
    return true;
  if (!query_execute(cnc, "INSERT INTO glom_tmp SELECT id FROM contacts")) {
    cnc->rollback_transaction("recreate");
    return false;
  }
  cnc->commit_transaction("recreate");
  return true;
}

bool delete_record(const Glib::RefPtr<Gnome::Gda::Connection> &cnc, int id) {
  cnc->statement_execute_non_select("DELETE FROM invoice_lines WHERE invoice_id = " +
                                    std::to_string(id));
  cnc->statement_execute_non_select("DELETE FROM invoices WHERE id = " +
                                    std::to_string(id));
  // CHECK-MESSAGES: :[[@LINE-2]]:3: warning: 'cnc' is written again outside any transaction{{.*}} [txn-autocommit-multi-write]
  return true;
}

// An example row's failure crosses the savepoint with no handler, and
// leaves the transaction open.
void add_examples(const Glib::RefPtr<Gnome::Gda::Connection> &cnc) {
  cnc->begin_transaction("examples", Gnome::Gda::TRANSACTION_ISOLATION_UNKNOWN);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: transaction begun on 'cnc' is left open on some path out of 'add_examples'{{.*}} [txn-missing-rollback]
  cnc->add_savepoint("row");
  cnc->statement_execute_non_select("INSERT INTO contacts (name) VALUES ('x')");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: {{.*}} [txn-nested-unhandled-exception]
  cnc->delete_savepoint("row");
  cnc->commit_transaction("examples");
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// A failed commit throws: the dropped bool loses nothing.
void rename_field(const Glib::RefPtr<Gnome::Gda::Connection> &cnc) {
  cnc->begin_transaction("rename", Gnome::Gda::TRANSACTION_ISOLATION_UNKNOWN);
  try {
    cnc->statement_execute_non_select("ALTER TABLE contacts RENAME COLUMN a TO b");
    cnc->statement_execute_non_select("UPDATE glom_fields SET name = 'b' WHERE name = 'a'");
  } catch (const Glib::Error &) {
    cnc->rollback_transaction("rename");
    throw;
  }
  cnc->commit_transaction("rename");
}

// A savepoint whose failure is handled: the row is dropped, the rest kept;
// any other failure rolls the whole transaction back.
void add_examples_handled(const Glib::RefPtr<Gnome::Gda::Connection> &cnc) {
  cnc->begin_transaction("examples", Gnome::Gda::TRANSACTION_ISOLATION_UNKNOWN);
  try {
    cnc->add_savepoint("row");
    try {
      cnc->statement_execute_non_select("INSERT INTO contacts (name) VALUES ('x')");
      cnc->delete_savepoint("row");
    } catch (const Glib::Error &) {
      cnc->rollback_savepoint("row");
    }
    cnc->commit_transaction("examples");
  } catch (...) {
    cnc->rollback_transaction("examples");
    throw;
  }
}
