// The poco-data profile against the installed POCO Data headers
// (/usr/include/Poco/Data, POCO 1.11): Session::begin/commit/rollback/close
// (and reconnect, which closes first); SQL text given to the member template
// Session::operator<< (modelled as executing it: the `session << "...", now;`
// idiom); Poco::Data::Transaction (and its alias AutoTransaction), which
// begins in its constructor and whose destructor "rolls back the current
// database transaction if it has not been committed" (Transaction.h), with
// commit(), rollback() and execute() (executes and commits); and
// Poco::Data::Statement, bound to its Session by Statement(Session&), SQL
// added by Statement::operator<<, run by execute()/executeAsync(). Failures
// are exceptions (Poco::Data::DataException and friends).
//
// RUN: %txnlint --dump-events --exit-zero %s -- -std=c++17 2>/dev/null | FileCheck %s
// RUN: %check_txnlint %s txn-missing-rollback %t -- -- -std=c++17 -DTXN_CHECK
//
// Known gaps, written as the behaviour should be; each RUN line below fails
// today (hence `not`) and should lose its `not` once the model format or the
// engine handles it.
// Gap GAP-MANIP - `stmt << "BEGIN", now;` runs the statement through
// Statement::operator,(Manipulator), but every operator, overload has one
// parameter, so the `now` one cannot be told apart by "arguments": methods
// would need matching on a parameter type.
// RUN: %txnlint --dump-events --exit-zero %s -- -std=c++17 2>/dev/null | not FileCheck --check-prefix=GAP-MANIP %s
// Gap GAP-ARGVALUE - Transaction(session, false) does not begin and
// Transaction::execute(sql, false) does not commit; an operation cannot depend
// on the value of a boolean argument (only set-autocommit does), nor can a
// constructor overload have its own operation.
// RUN: %txnlint --dump-events --exit-zero %s -- -std=c++17 2>/dev/null | not FileCheck --check-prefix=GAP-ARGVALUE %s

#include <Poco/Data/AutoTransaction.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Data/Transaction.h>

#include <stdexcept>
#include <string>

using namespace Poco::Data::Keywords;
using Poco::Data::Session;
using Poco::Data::Statement;

// Defined in another translation unit.
void audit(int id);
void finish(Session &session);

//===----------------------------------------------------------------------===//
// Recognition (dump); txn-missing-rollback does not look at these.
//===----------------------------------------------------------------------===//

#ifndef TXN_CHECK
void session_calls(Session &session, int id) {
  // CHECK: :[[@LINE+1]]:3: remark: begin on 'session' (failure: exception) [txnlint-dump-events]
  session.begin();
  // CHECK: :[[@LINE+1]]:3: remark: write on 'session' (failure: exception) [txnlint-dump-events]
  session << "INSERT INTO orders (id) VALUES (?)", use(id), now;
  // CHECK: :[[@LINE+1]]:3: remark: commit on 'session' (failure: exception) [txnlint-dump-events]
  session.commit();
  // CHECK: :[[@LINE+1]]:3: remark: begin on 'session' (failure: exception) [txnlint-dump-events]
  session << "BEGIN", now;
  // CHECK: :[[@LINE+1]]:3: remark: savepoint on 'session' 'sp' (failure: exception) [txnlint-dump-events]
  session << "SAVEPOINT sp", now;
  // CHECK: :[[@LINE+1]]:3: remark: read on 'session' (failure: exception) [txnlint-dump-events]
  session << std::string("SELECT count(*) FROM orders"), into(id), now;
  // CHECK: :[[@LINE+1]]:3: remark: rollback on 'session' (failure: exception) [txnlint-dump-events]
  session.rollback();
  // CHECK: :[[@LINE+1]]:3: remark: close on 'session' (failure: exception) [txnlint-dump-events]
  session.reconnect();
  // CHECK: :[[@LINE+1]]:3: remark: close on 'session' (failure: exception) [txnlint-dump-events]
  session.close();
}

void raii_transaction(Session &session, int id, bool keep) {
  // CHECK: :[[@LINE+1]]:27: remark: begin on 't' (RAII) (failure: exception) [txnlint-dump-events]
  Poco::Data::Transaction t(session);
  // CHECK: :[[@LINE+1]]:3: remark: write on 'session' (failure: exception) [txnlint-dump-events]
  session << "DELETE FROM orders WHERE id = ?", use(id), now;
  if (keep)
    // CHECK: :[[@LINE+1]]:5: remark: commit on 't' (failure: exception) [txnlint-dump-events]
    t.commit();
  else
    // CHECK: :[[@LINE+1]]:5: remark: rollback on 't' (failure: exception) [txnlint-dump-events]
    t.rollback();
  // CHECK: :[[@LINE+1]]:1: remark: rollback on 't' (destructor) [txnlint-dump-events]
}

void auto_transaction(Session &session) {
  // CHECK: :[[@LINE+1]]:31: remark: begin on 'a' (RAII) (failure: exception) [txnlint-dump-events]
  Poco::Data::AutoTransaction a(session);
  // execute() runs the SQL and commits.
  // CHECK: :[[@LINE+1]]:3: remark: commit on 'a' (failure: exception) [txnlint-dump-events]
  a.execute("UPDATE stock SET qty = 0");
  // CHECK: :[[@LINE+1]]:1: remark: rollback on 'a' (destructor) [txnlint-dump-events]
}

void statements(Session &session, int id) {
  // CHECK: :[[@LINE+1]]:13: remark: prepare-sql on 'session' (failure: exception) [txnlint-dump-events]
  Statement insert(session);
  // CHECK: :[[@LINE+1]]:3: remark: prepare-sql on 'insert' (failure: exception) [txnlint-dump-events]
  insert << "INSERT INTO orders (id) VALUES (?)", use(id);
  // CHECK: :[[@LINE+1]]:3: remark: write on 'session' (failure: exception) [txnlint-dump-events]
  insert.execute();
  // CHECK: :[[@LINE+1]]:13: remark: prepare-sql on 'session' (failure: exception) [txnlint-dump-events]
  Statement commit(session);
  // CHECK: :[[@LINE+1]]:3: remark: prepare-sql on 'commit' (failure: exception) [txnlint-dump-events]
  commit << "COMMIT";
  // CHECK: :[[@LINE+1]]:3: remark: commit on 'session' (failure: exception) [txnlint-dump-events]
  commit.execute();
}

void manipulator(Session &session) {
  Statement begin(session);
  // GAP-MANIP: :[[@LINE+1]]:3: remark: begin on 'session' (failure: exception) [txnlint-dump-events]
  begin << "BEGIN", now;
}

void argument_values(Session &session, const std::string &sql) {
  // GAP-ARGVALUE-NOT: :[[@LINE+1]]:{{[0-9]+}}: remark: begin
  Poco::Data::Transaction later(session, false);
  // GAP-ARGVALUE-NOT: :[[@LINE+1]]:{{[0-9]+}}: remark: commit
  later.execute(sql, false);
}
#endif // TXN_CHECK

//===----------------------------------------------------------------------===//
// txn-missing-rollback: positives
//===----------------------------------------------------------------------===//

// A manual transaction left open by returns and a throw; the fourth exit
// (the commit) gets no note.
int save_order(Session &session, int id) {
  session.begin();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'session' is left open on some path out of 'save_order'; commit or roll it back before leaving [txn-missing-rollback]
  if (id == 0)
    return 0;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  session << "INSERT INTO orders (id) VALUES (?)", use(id), now;
  if (id < 0)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  // CHECK-NOTES: :[[@LINE-4]]:3: note: transaction is still open when an exception leaves the function here
  session.commit();
  return 1;
}

// BEGIN sent as SQL text; three exits before the COMMIT leave it open.
void start_sql(Session &session, int id) {
  session << "START TRANSACTION", now;
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'session' is left open on some path out of 'start_sql'; commit or roll it back before leaving [txn-missing-rollback]
  if (id < 0)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  if (id > 1000)
    throw std::out_of_range("id");
  if (id == 0)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  // CHECK-NOTES: :[[@LINE-4]]:5: note: transaction is still open when an exception leaves the function here
  session << "COMMIT", now;
}

//===----------------------------------------------------------------------===//
// txn-missing-rollback: negatives
//===----------------------------------------------------------------------===//

// The RAII Transaction rolls back on every path it is not committed on.
void save_raii(Session &session, int id) {
  Poco::Data::Transaction t(session);
  session << "INSERT INTO orders (id) VALUES (?)", use(id), now;
  if (id < 0)
    return;
  if (id > 1000)
    throw std::out_of_range("id");
  t.commit();
}

void save_auto(Session &session) {
  Poco::Data::AutoTransaction t(session);
  t.execute("DELETE FROM staging");
}

// Handing the session to a function defined elsewhere hands the transaction
// over.
void save_via_helper(Session &session, int id) {
  session.begin();
  audit(id);
  finish(session);
}

// Ended on every path; a rollback or commit that throws still ends it.
void save_checked(Session &session, int id) {
  session.begin();
  if (id < 0) {
    session.rollback();
    return;
  }
  session.commit();
}
