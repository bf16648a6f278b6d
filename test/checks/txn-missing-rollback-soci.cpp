// txn-missing-rollback with SOCI 4, compiled against the real headers in
// /usr/include/soci. Manual transactions are sql.begin() (or BEGIN as SQL
// text) ended by sql.commit()/sql.rollback() (or COMMIT/ROLLBACK); every SOCI
// call reports failure by throwing soci::soci_error, so each statement after
// the begin is a way out of the function unless a handler catches it.
// soci::transaction rolls back in its destructor and is never reported.
//
// RUN: %check_txnlint %s txn-missing-rollback %t -- -- -std=c++17

#include <soci/soci.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

// Defined in another translation unit.
void audit(int id);
void finish(soci::session &sql);

// Throws: a call to it after a begin is an exit from the caller.
static void check_quantity(int qty) {
  if (qty <= 0)
    throw std::invalid_argument("quantity must be positive");
}

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// The statement after the begin throws on a database error.
void save_order(soci::session &sql, int id) {
  sql.begin();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'sql' is left open on some path out of 'save_order'; commit or roll it back before leaving [txn-missing-rollback]
  sql << "INSERT INTO orders (id) VALUES (:id)", soci::use(id);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: transaction is still open when an exception leaves the function here
  sql.commit();
}

// An early return, then a throw.
int reserve(soci::session &sql, int id, int qty) {
  sql.begin();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'sql' is left open on some path out of 'reserve'; commit or roll it back before leaving [txn-missing-rollback]
  try {
    sql << "UPDATE stock SET qty = qty - :q WHERE id = :id", soci::use(qty), soci::use(id);
  } catch (const soci::soci_error &) {
    sql.rollback();
    return -1;
  }
  if (qty > 100)
    return -2;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  check_quantity(qty);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: transaction is still open when an exception leaves the function here
  sql.commit();
  return 0;
}

// A handler that swallows the error without rolling back.
void import_rows(soci::session &sql, const std::vector<int> &ids) {
  sql.begin();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'sql' is left open on some path out of 'import_rows'; commit or roll it back before leaving [txn-missing-rollback]
  try {
    for (int id : ids)
      sql << "INSERT INTO items (id) VALUES (:id)", soci::use(id);
    sql.commit();
  } catch (const soci::soci_error &) {
    audit(-1);
  }
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: transaction is still open at the end of the function

// The handler catches SOCI's errors, not the std::invalid_argument.
void restock(soci::session &sql, int id, int qty) {
  sql.begin();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'sql' is left open on some path out of 'restock'; commit or roll it back before leaving [txn-missing-rollback]
  try {
    check_quantity(qty);
    // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open when an exception leaves the function here
    sql << "UPDATE stock SET qty = :q WHERE id = :id", soci::use(qty), soci::use(id);
    sql.commit();
  } catch (const soci::soci_error &) {
    sql.rollback();
  }
}

// BEGIN as SQL text, through `sql.once`.
int archive(soci::session &sql, int id) {
  sql.once << "BEGIN";
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'sql' is left open on some path out of 'archive'; commit or roll it back before leaving [txn-missing-rollback]
  try {
    sql.once << "DELETE FROM orders WHERE id = :id", soci::use(id);
  } catch (...) {
    sql.once << "ROLLBACK";
    throw;
  }
  if (id == 0)
    return 0;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  sql.once << "COMMIT";
  return 1;
}

// A commit on one branch only.
void settle(soci::session &sql, int invoice, bool paid) {
  try {
    sql.begin();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: transaction begun on 'sql' is left open on some path out of 'settle'; commit or roll it back before leaving [txn-missing-rollback]
  } catch (const soci::soci_error &) {
    return;
  }
  if (paid) {
    sql.once << "UPDATE invoices SET paid = 1 WHERE id = :i", soci::use(invoice);
    sql.commit();
  }
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: transaction is still open at the end of the function
// CHECK-NOTES: :[[@LINE-5]]:5: note: transaction is still open when an exception leaves the function here

// A member session.
class OrderRepo {
public:
  bool remove(int id);
  void begin();

private:
  soci::session m_sql;
};

bool OrderRepo::remove(int id) {
  m_sql.begin();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'm_sql' is left open on some path out of 'OrderRepo::remove'; commit or roll it back before leaving [txn-missing-rollback]
  try {
    m_sql << "DELETE FROM order_lines WHERE order_id = :id", soci::use(id);
    m_sql << "DELETE FROM orders WHERE id = :id", soci::use(id);
  } catch (const soci::soci_error &) {
    return false;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  }
  m_sql.commit();
  return true;
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// soci::transaction rolls back in its destructor on every early exit.
int save_raii(soci::session &sql, int id, int qty) {
  soci::transaction tr(sql);
  sql << "INSERT INTO orders (id, qty) VALUES (:id, :q)", soci::use(id), soci::use(qty);
  if (qty > 100)
    return -1;
  check_quantity(qty);
  tr.commit();
  return 0;
}

void save_raii_rolled_back(soci::session &sql, int id, bool keep) {
  soci::transaction tr(sql);
  sql << "DELETE FROM orders WHERE id = :id", soci::use(id);
  if (!keep) {
    tr.rollback();
    return;
  }
  tr.commit();
}

// Rolled back in a handler that rethrows, and before the early return.
int save_checked(soci::session &sql, int id) {
  sql.begin();
  try {
    sql << "UPDATE stock SET qty = qty - 1 WHERE id = :id", soci::use(id);
    if (id == 0) {
      sql.rollback();
      return -1;
    }
    check_quantity(id);
    sql.commit();
  } catch (...) {
    sql.rollback();
    throw;
  }
  return 0;
}

// Rolled back in a handler that returns.
bool save_quietly(soci::session &sql, int id) {
  sql.begin();
  try {
    sql << "INSERT INTO orders (id) VALUES (:id)", soci::use(id);
    check_quantity(id);
  } catch (const std::exception &) {
    sql.rollback();
    return false;
  }
  sql.commit();
  return true;
}

// A handler for the thrown type stops the exception inside the function.
void save_with_default(soci::session &sql, int qty) {
  sql << "BEGIN";
  try {
    check_quantity(qty);
  } catch (const std::invalid_argument &) {
    qty = 1;
  }
  sql << "COMMIT";
}

// Closing or reconnecting the session ends the transaction.
void close_on_error(soci::session &sql, int id) {
  sql.begin();
  try {
    sql << "INSERT INTO orders (id) VALUES (:id)", soci::use(id);
    sql.commit();
  } catch (...) {
    sql.close();
  }
}

int reconnect_on_error(soci::session &sql, int id) {
  sql.begin();
  try {
    sql << "INSERT INTO orders (id) VALUES (:id)", soci::use(id);
  } catch (const soci::soci_error &) {
    sql.reconnect();
    return -1;
  }
  sql.commit();
  return 0;
}

// A begin that throws opened nothing.
void begin_or_give_up(soci::session &sql, int id) {
  try {
    sql.begin();
  } catch (const soci::soci_error &) {
    return;
  }
  try {
    audit(id);
    sql.commit();
  } catch (...) {
    sql.rollback();
    throw;
  }
}

// One transaction per iteration.
void save_each(soci::session &sql, const std::vector<int> &ids) {
  for (int id : ids) {
    sql.begin();
    try {
      sql << "INSERT INTO items (id) VALUES (:id)", soci::use(id);
      sql.commit();
    } catch (...) {
      sql.rollback();
      throw;
    }
  }
}

// Hand-offs: a begin() wrapper, and a function defined elsewhere that takes
// the session.
void OrderRepo::begin() { m_sql.begin(); }

void save_via_helper(soci::session &sql, int id) {
  sql.begin();
  audit(id);
  finish(sql);
}

// Autocommit statements only.
void autocommit(soci::session &sql, int id) {
  sql << "INSERT INTO audit (id) VALUES (:id)", soci::use(id);
  if (id < 0)
    return;
  sql << "DELETE FROM audit WHERE id < 0";
}

// A unit of work holding its transaction in a std::unique_ptr member: its
// implicit destructor destroys the transaction, which rolls back.
class UnitOfWork {
public:
  explicit UnitOfWork(soci::session &sql) : sql_(sql) {}
  void begin() { tr_.reset(new soci::transaction(sql_)); }
  void commit() {
    tr_->commit();
    tr_.reset();
  }

private:
  soci::session &sql_;
  std::unique_ptr<soci::transaction> tr_;
};
bool add_seat(soci::session &sql, int seats) {
  UnitOfWork uow(sql);
  uow.begin();
  sql << "UPDATE subscriptions SET seats = seats + 1";
  if (seats > 100)
    return false;
  uow.commit();
  return true;
}
