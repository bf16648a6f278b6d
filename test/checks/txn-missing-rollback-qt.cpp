// txn-missing-rollback with Qt 5's QSqlDatabase / QSqlQuery, compiled against
// the real QtSql headers.
//
// RUN: %check_txnlint %s txn-missing-rollback %t -- -- %qt5_flags

#include <QtCore/QScopeGuard>
#include <QtCore/QString>
#include <QtCore/QTimer>
#include <QtCore/QVariant>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

#include <stdexcept>

struct Order {
  int id;
  int qty;
};

// Defined in another translation unit.
bool write_order_rows(QSqlDatabase &db, const Order &o);
void audit(int order_id);

// Throws: a call to it after a begin is an exit from the caller.
static void check_quantity(int qty) {
  if (qty <= 0)
    throw std::invalid_argument("quantity must be positive");
}

// Does not throw.
static int clamp_quantity(int qty) { return qty > 100 ? 100 : qty; }

class OrderRepo {
public:
  explicit OrderRepo(const QSqlDatabase &db) : m_db(db) {}
  bool begin();
  bool save(const Order &o);
  bool remove(int id);

private:
  QSqlDatabase m_db;
};

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// Early return on a validation failure, without a rollback.
bool save_order(QSqlDatabase &db, const Order &o) {
  db.transaction();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'save_order'; commit or roll it back before leaving [txn-missing-rollback]
  if (o.qty <= 0)
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  QSqlQuery q(db);
  q.prepare("INSERT INTO orders (id, qty) VALUES (?, ?)");
  q.addBindValue(o.id);
  q.addBindValue(o.qty);
  if (!q.exec()) {
    db.rollback();
    return false;
  }
  return db.commit();
}

// A throw after the begin.
void cancel_order(QSqlDatabase &db, int id) {
  db.transaction();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'cancel_order'; commit or roll it back before leaving [txn-missing-rollback]
  if (id <= 0)
    throw std::invalid_argument("no such order");
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open when an exception leaves the function here
  QSqlQuery q(db);
  q.exec("UPDATE orders SET state = 'cancelled'");
  db.commit();
}

// Falling off the end in one branch.
void archive_orders(QSqlDatabase &db, bool purge) {
  db.transaction();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'archive_orders'; commit or roll it back before leaving [txn-missing-rollback]
  if (purge) {
    db.commit();
    return;
  }
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: transaction is still open at the end of the function

// A call to a function of this file whose body throws.
bool add_line(QSqlDatabase &db, const Order &o) {
  db.transaction();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'add_line'; commit or roll it back before leaving [txn-missing-rollback]
  check_quantity(o.qty);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: transaction is still open when an exception leaves the function here
  QSqlQuery q(db);
  q.prepare("INSERT INTO lines (order_id, qty) VALUES (?, ?)");
  q.addBindValue(o.id);
  q.addBindValue(o.qty);
  if (!q.exec()) {
    db.rollback();
    return false;
  }
  return db.commit();
}

// A member function beginning on the member connection: the message names the
// member as written and the qualified function.
bool OrderRepo::save(const Order &o) {
  m_db.transaction();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'm_db' is left open on some path out of 'OrderRepo::save'; commit or roll it back before leaving [txn-missing-rollback]
  if (o.id <= 0)
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  QSqlQuery q(m_db);
  q.prepare("INSERT INTO orders (id, qty) VALUES (?, ?)");
  q.addBindValue(o.id);
  q.addBindValue(o.qty);
  if (!q.exec()) {
    m_db.rollback();
    return false;
  }
  return m_db.commit();
}

// Same, through an explicit this->.
bool OrderRepo::remove(int id) {
  this->m_db.transaction();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'this->m_db' is left open on some path out of 'OrderRepo::remove'; commit or roll it back before leaving [txn-missing-rollback]
  if (id <= 0)
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  QSqlQuery q(m_db);
  q.prepare("DELETE FROM orders WHERE id = ?");
  q.addBindValue(id);
  const bool ok = q.exec();
  if (ok)
    this->m_db.commit();
  else
    this->m_db.rollback();
  return ok;
}

// The default connection, used without a local variable.
bool touch_default(int id) {
  QSqlDatabase::database().transaction();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'QSqlDatabase::database()' is left open on some path out of 'touch_default'; commit or roll it back before leaving [txn-missing-rollback]
  if (id <= 0)
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  QSqlQuery q;
  q.exec("UPDATE orders SET touched = 1");
  return QSqlDatabase::database().commit();
}

// One note for each kind of exit: returns and the end of the function
// first, then exceptions.
void reprice(QSqlDatabase &db, int pct) {
  db.transaction();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'reprice'; commit or roll it back before leaving [txn-missing-rollback]
  if (pct == 0)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  if (pct < -100)
    throw std::out_of_range("price would become negative");
  if (pct > 100) {
    db.rollback();
    return;
  }
  QSqlQuery q;
  q.exec("UPDATE orders SET price = price * 2");
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: transaction is still open at the end of the function
// CHECK-NOTES: :[[@LINE-9]]:5: note: transaction is still open when an exception leaves the function here

// Four exits leave it open; three get a note, the returns before the
// exception, and a last note counts the rest.
int import_batch(QSqlDatabase &db, const Order *orders, int n) {
  db.transaction();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'db' is left open on some path out of 'import_batch'; commit or roll it back before leaving [txn-missing-rollback]
  if (n == 0)
    return 0;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  if (n < 0)
    throw std::invalid_argument("negative batch size");
  for (int i = 0; i < n; ++i) {
    if (orders[i].qty == 0)
      return -1;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: transaction is still open at this return
  }
  if (n > 1000)
    return -2;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  // CHECK-NOTES: :[[@LINE-15]]:3: note: 1 more exit leaves it open
  db.commit();
  return n;
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Commit or rollback on every path.
bool save_checked(QSqlDatabase &db, const Order &o) {
  db.transaction();
  if (o.qty <= 0) {
    db.rollback();
    return false;
  }
  QSqlQuery q(db);
  q.prepare("INSERT INTO orders (id, qty) VALUES (?, ?)");
  q.addBindValue(o.id);
  q.addBindValue(o.qty);
  if (!q.exec()) {
    db.rollback();
    return false;
  }
  return db.commit();
}

// A begin that failed opened nothing.
bool save_if_begun(QSqlDatabase &db, const Order &o) {
  if (!db.transaction())
    return false;
  if (o.qty <= 0) {
    db.rollback();
    return false;
  }
  db.commit();
  return true;
}

bool save_if_begun_braces(QSqlDatabase &db, const Order &o) {
  if (!db.transaction()) {
    return false;
  }
  db.commit();
  return true;
}

void save_or_throw_if_not_begun(QSqlDatabase &db) {
  if (!db.transaction())
    throw std::runtime_error("cannot begin a transaction");
  db.commit();
}

// Only the successful begin enters the block that commits.
void save_when_begun(QSqlDatabase &db, int id) {
  if (db.transaction()) {
    audit(id);
    db.commit();
  }
}

// try/catch that rolls back and rethrows.
void save_or_rethrow(QSqlDatabase &db, const Order &o) {
  db.transaction();
  try {
    check_quantity(o.qty);
    if (o.id <= 0)
      throw std::invalid_argument("no such order");
    db.commit();
  } catch (...) {
    db.rollback();
    throw;
  }
}

void save_or_rethrow_std(QSqlDatabase &db, const Order &o) {
  db.transaction();
  try {
    check_quantity(o.qty);
    db.commit();
  } catch (const std::exception &) {
    db.rollback();
    throw;
  }
}

// Rollback in a catch (...).
bool save_quietly(QSqlDatabase &db, const Order &o) {
  db.transaction();
  try {
    check_quantity(o.qty);
  } catch (...) {
    db.rollback();
    return false;
  }
  return db.commit();
}

// Begin and commit in each iteration of a loop.
int save_each(QSqlDatabase &db, const Order *orders, int n) {
  int saved = 0;
  for (int i = 0; i < n; ++i) {
    if (!db.transaction())
      return saved;
    if (orders[i].qty <= 0) {
      db.rollback();
      continue;
    }
    db.commit();
    ++saved;
  }
  return saved;
}

void touch_each(QSqlDatabase &db, int n) {
  while (n-- > 0) {
    db.transaction();
    audit(n);
    db.commit();
  }
}

// Functions that begin and never end anywhere hand the transaction to their
// caller.
bool OrderRepo::begin() { return m_db.transaction(); }

void start_batch(QSqlDatabase &db) { db.transaction(); }

void start_batch_unless_empty(QSqlDatabase &db, int n) {
  db.transaction();
  if (n == 0)
    return;
  audit(n);
}

// Passing the connection to a function defined elsewhere hands it over.
bool save_via_helper(QSqlDatabase &db, const Order &o) {
  db.transaction();
  if (!write_order_rows(db, o))
    return false;
  return db.commit();
}

// Calls to functions that do not throw in this file: audit() has no body
// here, clamp_quantity() does not throw.
bool save_with_calls(QSqlDatabase &db, const Order &o) {
  db.transaction();
  audit(o.id);
  if (clamp_quantity(o.qty) != o.qty) {
    db.rollback();
    return false;
  }
  return db.commit();
}

// QSqlDatabase::database() and a local copy of it are the same default
// connection: ending it through either one ends it.
bool save_default(const Order &o) {
  QSqlDatabase db = QSqlDatabase::database();
  QSqlDatabase::database().transaction();
  if (o.qty <= 0) {
    db.rollback();
    return false;
  }
  return db.commit();
}

bool save_default_copy(const Order &o) {
  QSqlDatabase db = QSqlDatabase::database();
  db.transaction();
  if (o.qty <= 0) {
    QSqlDatabase::database().rollback();
    return false;
  }
  return QSqlDatabase::database().commit();
}

// close() ends the transaction too.
void shutdown(QSqlDatabase &db, bool flush) {
  db.transaction();
  if (!flush) {
    db.close();
    return;
  }
  db.commit();
}

// Every case of a switch ends it, including the one that throws.
bool apply(QSqlDatabase &db, int op) {
  db.transaction();
  switch (op) {
  case 0:
    db.commit();
    return true;
  case 1:
    db.rollback();
    return false;
  default:
    db.rollback();
    throw std::invalid_argument("unknown operation");
  }
}

// Two connections, each ended.
void copy_orders(QSqlDatabase &from, QSqlDatabase &to) {
  from.transaction();
  to.transaction();
  QSqlQuery q(to);
  q.exec("INSERT INTO orders SELECT * FROM staging");
  to.commit();
  from.rollback();
}

// The return inside a lambda leaves the lambda, not the function.
bool save_valid(QSqlDatabase &db, const Order *orders, int n) {
  db.transaction();
  auto valid = [](const Order &o) {
    if (o.qty <= 0)
      return false;
    return o.id > 0;
  };
  for (int i = 0; i < n; ++i) {
    if (!valid(orders[i])) {
      db.rollback();
      return false;
    }
  }
  return db.commit();
}

// An exception thrown and caught inside the function does not leave it.
bool save_or_default(QSqlDatabase &db, int qty) {
  db.transaction();
  try {
    if (qty < 0)
      throw std::invalid_argument("negative quantity");
  } catch (const std::invalid_argument &) {
    qty = 0;
  }
  audit(qty);
  return db.commit();
}

// qScopeGuard rolls back on every way out unless dismissed after the
// commit.
bool save_guarded(QSqlDatabase &db, int qty) {
  if (!db.transaction())
    return false;
  auto rollback = qScopeGuard([&] { db.rollback(); });
  QSqlQuery q(db);
  if (!q.exec(QStringLiteral("UPDATE stock SET qty = 1")))
    return false;
  audit(qty);
  if (!db.commit())
    return false;
  rollback.dismiss();
  return true;
}

// Negative: the commit is deferred to the event loop; the timer's lambda
// ends the transaction when it runs.
bool commit_later(QSqlQuery &q) {
  QSqlDatabase db = QSqlDatabase::database("import");
  if (!db.transaction())
    return false;
  q.exec("INSERT INTO items (name) VALUES ('deferred')");
  QTimer::singleShot(0, [db]() mutable { db.commit(); });
  return true;
}

// The same lambda kept for later, never handed to anything: still open.
bool commit_forgotten(QSqlQuery &q) {
  QSqlDatabase db = QSqlDatabase::database("import");
  if (!db.transaction())
    return false;
  // CHECK-NOTES: :[[@LINE-2]]:8: warning: transaction begun on 'db' is left open on some path out of 'commit_forgotten'; commit or roll it back before leaving [txn-missing-rollback]
  q.exec("INSERT INTO items (name) VALUES ('deferred')");
  auto finish = [db]() mutable { db.commit(); };
  return true;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: transaction is still open at this return
}
