// txn-missing-rollback with POCO Data (1.11), compiled against the real
// headers in /usr/include/Poco/Data. Manual transactions are session.begin()
// (or BEGIN as SQL text) ended by session.commit()/rollback()/close(); POCO
// reports failures by throwing (Poco::Data::DataException and friends), so
// each statement after the begin is a way out of the function unless a
// handler catches it. Poco::Data::Transaction rolls back in its destructor
// unless committed and is never reported.
//
// RUN: %check_txnlint %s txn-missing-rollback %t -- -- -std=c++17

#include <Poco/Data/DataException.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Data/Transaction.h>
#include <Poco/Exception.h>

#include <stdexcept>
#include <string>
#include <vector>

using namespace Poco::Data::Keywords;
using Poco::Data::Session;
using Poco::Data::Statement;

// Defined in another translation unit.
void audit(int id);
void finish(Session &session);

// Throws: a call to it after a begin is an exit from the caller.
static void check_quantity(int qty) {
  if (qty <= 0)
    throw std::invalid_argument("quantity must be positive");
}

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// The statement after the begin throws on a database error.
void save_order(Session &session, int id) {
  session.begin();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'session' is left open on some path out of 'save_order'; commit or roll it back before leaving [txn-missing-rollback]
  session << "INSERT INTO orders (id) VALUES (?)", use(id), now;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: transaction is still open when an exception leaves the function here
  session.commit();
}

// The handler catches POCO's data errors, not std::invalid_argument.
void restock(Session &session, int id, int qty) {
  session.begin();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'session' is left open on some path out of 'restock'; commit or roll it back before leaving [txn-missing-rollback]
  try {
    check_quantity(qty);
    // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open when an exception leaves the function here
    session << "UPDATE stock SET qty = ? WHERE id = ?", use(qty), use(id), now;
    session.commit();
  } catch (const Poco::Data::DataException &) {
    session.rollback();
  }
}

// A handler that swallows the error without rolling back.
void import_rows(Session &session, const std::vector<int> &ids) {
  session.begin();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'session' is left open on some path out of 'import_rows'; commit or roll it back before leaving [txn-missing-rollback]
  try {
    for (int id : ids) {
      int value = id;
      session << "INSERT INTO items (id) VALUES (?)", use(value), now;
    }
    session.commit();
  } catch (const Poco::Exception &) {
    audit(-1);
  }
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: transaction is still open at the end of the function

// BEGIN run by a Statement bound to the session; an early return.
int archive(Session &session, int id) {
  Statement begin(session);
  begin << "BEGIN";
  begin.execute();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'session' is left open on some path out of 'archive'; commit or roll it back before leaving [txn-missing-rollback]
  if (id == 0)
    return 0;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  try {
    session << "DELETE FROM orders WHERE id = ?", use(id), now;
  } catch (...) {
    session << "ROLLBACK", now;
    throw;
  }
  session << "COMMIT", now;
  return 1;
}

// A member session; the rollback is only on one of two error paths.
class OrderRepo {
public:
  bool remove(int id);
  void begin();

private:
  Session m_session;
};

bool OrderRepo::remove(int id) {
  m_session.begin();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'm_session' is left open on some path out of 'OrderRepo::remove'; commit or roll it back before leaving [txn-missing-rollback]
  try {
    m_session << "DELETE FROM order_lines WHERE order_id = ?", use(id), now;
  } catch (const Poco::Data::DataException &) {
    m_session.rollback();
    return false;
  }
  if (id < 0)
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  m_session.commit();
  return true;
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Poco::Data::Transaction rolls back unless committed.
int save_raii(Session &session, int id, int qty) {
  Poco::Data::Transaction tx(session);
  session << "INSERT INTO orders (id, qty) VALUES (?, ?)", use(id), use(qty), now;
  if (qty > 100)
    return -1;
  check_quantity(qty);
  tx.commit();
  return 0;
}

void save_raii_execute(Session &session) {
  Poco::Data::Transaction tx(session);
  tx.execute("DELETE FROM staging");
}

// Rolled back in a handler that rethrows, and before the early return.
int save_checked(Session &session, int id) {
  session.begin();
  try {
    session << "UPDATE stock SET qty = qty - 1 WHERE id = ?", use(id), now;
    if (id == 0) {
      session.rollback();
      return -1;
    }
    check_quantity(id);
    session.commit();
  } catch (...) {
    session.rollback();
    throw;
  }
  return 0;
}

// Rolled back in a handler that returns.
bool save_quietly(Session &session, int id) {
  session.begin();
  try {
    session << "INSERT INTO orders (id) VALUES (?)", use(id), now;
    check_quantity(id);
    session.commit();
  } catch (const std::exception &) {
    session.rollback();
    return false;
  }
  return true;
}

// A handler for the thrown type stops the exception inside the function.
void save_with_default(Session &session, int qty) {
  session.begin();
  try {
    check_quantity(qty);
  } catch (const std::invalid_argument &) {
    qty = 1;
  }
  session.commit();
}

// Closing the session ends the transaction.
void close_on_error(Session session, int id) {
  session.begin();
  try {
    session << "INSERT INTO orders (id) VALUES (?)", use(id), now;
  } catch (...) {
    session.close();
    return;
  }
  session.commit();
}

// START TRANSACTION ... COMMIT as SQL text, rolled back on failure.
void save_sql(Session &session, int id) {
  session << "START TRANSACTION", now;
  try {
    session << "INSERT INTO orders (id) VALUES (?)", use(id), now;
    session << "COMMIT", now;
  } catch (...) {
    session << "ROLLBACK", now;
    throw;
  }
}

// One transaction per iteration.
void save_each(Session &session, const std::vector<int> &ids) {
  for (int id : ids) {
    session.begin();
    try {
      int value = id;
      session << "INSERT INTO items (id) VALUES (?)", use(value), now;
      session.commit();
    } catch (...) {
      session.rollback();
      throw;
    }
  }
}

// Hand-offs: a begin() wrapper, and a function defined elsewhere that takes
// the session.
void OrderRepo::begin() { m_session.begin(); }

void save_via_helper(Session &session, int id) {
  session.begin();
  audit(id);
  finish(session);
}

// Autocommit statements only.
void autocommit(Session &session, int id) {
  session << "INSERT INTO audit (id) VALUES (?)", use(id), now;
  if (id < 0)
    return;
  session << "DELETE FROM audit WHERE id < 0", now;
}

// The handler rolls back where the session says a transaction is open, as
// Poco::Data::Transaction itself does.
void save_guarded(Session &session, int id) {
  try {
    session.begin();
    session << "INSERT INTO orders (id) VALUES (?)", use(id), now;
    session.commit();
  } catch (...) {
    if (session.isTransaction())
      session.rollback();
    throw;
  }
}
