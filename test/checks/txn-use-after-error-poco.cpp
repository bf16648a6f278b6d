// txn-use-after-error with POCO Data (1.11), compiled against the real
// headers in /usr/include/Poco/Data. POCO reports failures by throwing.
// POCO Data runs on any database, so the built-in model does not say that a
// failure aborts the transaction: by default nothing is reported (the
// second RUN line). A project on PostgreSQL says so with the option
// AbortingProfiles.
//
// RUN: %check_txnlint --check-suffix=PG %s txn-use-after-error %t \
// RUN:   -- "-config={CheckOptions: {txn-use-after-error.AbortingProfiles: 'sqlite3;poco-data'}}" -- -std=c++17
// RUN: %check_txnlint %s txn-use-after-error %t-default -- -- -std=c++17

#include <Poco/Data/DataException.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

using namespace Poco::Data::Keywords;
using Poco::Data::Session;

void log_error(const std::string &text);

// A retry loop inside one transaction.
void restock(Session &session, int id, int qty, int attempts) {
  session.begin();
  for (int i = 0; i < attempts; ++i) {
    try {
      session << "UPDATE stock SET qty = ? WHERE id = ?", use(qty), use(id), now;
      // CHECK-NOTES-PG: :[[@LINE-1]]:7: warning: transaction on 'session' is used after a statement of it failed; the failure aborted the transaction, so this statement fails too: roll back, or roll back to a savepoint taken before the failure, first [txn-use-after-error]
      // CHECK-NOTES-PG: :[[@LINE-2]]:7: note: the statement that failed
      break;
    } catch (const Poco::Data::DataException &e) {
      log_error(e.displayText());
    }
  }
  session.commit();
}

//===-- Not bugs -----------------------------------------------------------===//

// A rollback before the next attempt's begin.
void restock_retried(Session &session, int id, int qty, int attempts) {
  for (int i = 0; i < attempts; ++i) {
    session.begin();
    try {
      session << "UPDATE stock SET qty = ? WHERE id = ?", use(qty), use(id), now;
      session.commit();
      return;
    } catch (const Poco::Data::DataException &e) {
      session.rollback();
      log_error(e.displayText());
    }
  }
}
