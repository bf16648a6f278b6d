// txn-commit-before-validation with Qt 5's QSqlDatabase / QSqlQuery,
// compiled against the real QtSql headers. QSqlDatabase::commit() returns
// false when the commit failed: `if (!db.commit())` is its failure branch.
//
// RUN: %check_txnlint %s txn-commit-before-validation %t -- -- %qt5_flags

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QList>
#include <QtCore/QString>
#include <QtCore/QVariant>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlError>
#include <QtSql/QSqlQuery>

#include <stdexcept>

struct Order {
  int id;
  int qty;
  bool isValid() const; // not a validator by name
};

struct Result {
  static Result success();
  static Result failure(const QString &why);
};

// Defined in another translation unit.
bool validateOrder(const Order &o);
bool ensureCredit(int customer, int amount);
bool checkStock(int item, int qty);
bool assertConsistent(QSqlDatabase &db);
void logLine(const QString &text);
void notifyWarehouse(int order_id);

// Its body throws: a call to it can fail with an exception.
static void chargeCard(int amount) {
  if (amount <= 0)
    throw std::invalid_argument("amount must be positive");
}

class OrderRepo {
public:
  explicit OrderRepo(const QSqlDatabase &db) : m_db(db) {}
  bool save(const Order &o);
  bool remove(int id);

private:
  QSqlDatabase m_db;
};

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// The order is validated after it was stored.
bool saveOrder(QSqlDatabase &db, const Order &o) {
  if (!db.transaction())
    return false;
  QSqlQuery q(db);
  q.prepare("INSERT INTO orders (id, qty) VALUES (?, ?)");
  q.addBindValue(o.id);
  q.addBindValue(o.qty);
  q.exec();
  db.commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is committed before 'validateOrder' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  if (!validateOrder(o))
    // CHECK-NOTES: :[[@LINE-1]]:8: note: 'validateOrder' can fail here
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an error is returned here
  return true;
}

// A throw after the commit; the commit's failure branch is handled.
void cancelOrder(QSqlDatabase &db, int id) {
  db.transaction();
  QSqlQuery q(db);
  q.exec("UPDATE orders SET state = 'cancelled'");
  if (!db.commit())
    // CHECK-NOTES: :[[@LINE-1]]:8: warning: transaction on 'db' is committed before an exception can be thrown; a failure there leaves a partial write [txn-commit-before-validation]
    throw std::runtime_error("commit failed");
  if (id <= 0)
    throw std::invalid_argument("no such order");
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an exception is thrown here
}

// A call to a function of this file whose body throws.
bool payOrder(QSqlDatabase &db, const Order &o) {
  db.transaction();
  db.exec("UPDATE orders SET state = 'paid'");
  db.commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is committed before 'chargeCard' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  chargeCard(o.qty * 10);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'chargeCard' can fail here
  return true;
}

// A write on the committed connection through a prepared query.
bool shipOrder(QSqlDatabase &db, int id) {
  db.transaction();
  db.exec("UPDATE orders SET state = 'packed'");
  db.commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is committed before 'db' is written again; a failure there leaves a partial write [txn-commit-before-validation]
  QSqlQuery q(db);
  q.prepare("INSERT INTO shipments (order_id) VALUES (?)");
  q.addBindValue(id);
  q.exec();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: a write after the commit
  return true;
}

// A write with SQL text, and an error value returned by a factory.
Result clearCart(QSqlDatabase &db, int customer, int amount) {
  db.transaction();
  db.exec("INSERT INTO orders SELECT * FROM cart");
  db.commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is committed before the function can return an error; a failure there leaves a partial write [txn-commit-before-validation]
  if (amount > 1000)
    return Result::failure("over the limit");
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an error is returned here
  db.exec("DELETE FROM cart");
  // CHECK-NOTES: :[[@LINE-1]]:3: note: a write after the commit
  return Result::success();
}

// The first failure point names the step; notes for the first three only.
bool placeOrder(QSqlDatabase &db, const Order &o, int customer) {
  db.transaction();
  QSqlQuery q(db);
  q.exec("INSERT INTO orders (id) VALUES (1)");
  db.commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is committed before 'ensureCredit' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  if (!ensureCredit(customer, o.qty))
    // CHECK-NOTES: :[[@LINE-1]]:8: note: 'ensureCredit' can fail here
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an error is returned here
  if (!checkStock(o.id, o.qty))
    // CHECK-NOTES: :[[@LINE-1]]:8: note: 'checkStock' can fail here
    return false;
  q.exec("UPDATE stock SET qty = qty - 1");
  return true;
}

// The default connection, named through QSqlDatabase::database().
bool importDefault(const QList<Order> &orders) {
  QSqlDatabase::database().transaction();
  QSqlQuery q(QSqlDatabase::database());
  for (const Order &o : orders) {
    q.prepare("INSERT INTO orders (id) VALUES (?)");
    q.addBindValue(o.id);
    q.exec();
  }
  QSqlDatabase::database().commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'QSqlDatabase::database()' is committed before 'assertConsistent' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  QSqlDatabase db = QSqlDatabase::database();
  return assertConsistent(db);
  // CHECK-NOTES: :[[@LINE-1]]:10: note: 'assertConsistent' can fail here
}

// One transaction per order: a failure later in the same iteration.
int importEach(QSqlDatabase &db, const QList<Order> &orders) {
  int stored = 0;
  for (const Order &o : orders) {
    db.transaction();
    QSqlQuery q(db);
    q.exec("INSERT INTO orders (id) VALUES (1)");
    db.commit();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: transaction on 'db' is committed before 'validateOrder' can fail; a failure there leaves a partial write [txn-commit-before-validation]
    if (!validateOrder(o))
      // CHECK-NOTES: :[[@LINE-1]]:10: note: 'validateOrder' can fail here
      return -1;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: an error is returned here
    ++stored;
  }
  return stored;
}

// A member connection.
bool OrderRepo::remove(int id) {
  m_db.transaction();
  QSqlQuery q(m_db);
  q.exec("DELETE FROM orders WHERE id = 1");
  m_db.commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'm_db' is committed before 'm_db' is written again; a failure there leaves a partial write [txn-commit-before-validation]
  q.exec("DELETE FROM order_lines WHERE order_id = 1");
  // CHECK-NOTES: :[[@LINE-1]]:3: note: a write after the commit
  return true;
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Validate first, roll back on failure, commit last.
bool OrderRepo::save(const Order &o) {
  if (!m_db.transaction())
    return false;
  if (!validateOrder(o) || !o.isValid()) {
    m_db.rollback();
    return false;
  }
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

// The commit's own failure branch: the commit did not happen there.
bool commitChecked(QSqlDatabase &db) {
  db.transaction();
  db.exec("INSERT INTO orders (id) VALUES (1)");
  if (!db.commit()) {
    logLine(db.lastError().text());
    db.rollback();
    return false;
  }
  return true;
}

bool commitCheckedVariable(QSqlDatabase &db) {
  db.transaction();
  db.exec("INSERT INTO orders (id) VALUES (1)");
  const bool committed = db.commit();
  if (!committed)
    return false;
  return true;
}

Result commitCheckedResult(QSqlDatabase &db) {
  db.transaction();
  db.exec("INSERT INTO orders (id) VALUES (1)");
  if (db.commit() == false)
    return Result::failure(db.lastError().text());
  return Result::success();
}

// Only reads and logging after the commit.
int saveAndCount(QSqlDatabase &db, const Order &o) {
  db.transaction();
  QSqlQuery q(db);
  q.prepare("INSERT INTO orders (id, qty) VALUES (?, ?)");
  q.addBindValue(o.id);
  q.addBindValue(o.qty);
  q.exec();
  db.commit();
  const QVariant id = q.lastInsertId();
  QSqlQuery count(db);
  count.exec("SELECT count(*) FROM orders");
  int n = count.next() ? count.value(0).toInt() : 0;
  logLine(QString("stored order %1").arg(id.toInt()));
  notifyWarehouse(o.id);
  if (n == 0)
    return 0;
  return n;
}

// A later transaction() starts a new workflow: its validation belongs to it.
bool saveThenInvoice(QSqlDatabase &db, const Order &o) {
  db.transaction();
  db.exec("INSERT INTO orders (id) VALUES (1)");
  db.commit();
  db.transaction();
  if (!validateOrder(o)) {
    db.rollback();
    return false;
  }
  db.exec("INSERT INTO invoices (order_id) VALUES (1)");
  return db.commit();
}

// One transaction per order; the check after the loop is not part of any
// order's workflow, and neither is the check before the next begin.
bool importAll(QSqlDatabase &db, const QList<Order> &orders) {
  for (const Order &o : orders) {
    if (!validateOrder(o))
      return false;
    db.transaction();
    db.exec("INSERT INTO orders (id) VALUES (1)");
    db.commit();
  }
  if (!assertConsistent(db))
    return false;
  return true;
}

// A write on another connection is not a write on the committed one.
bool saveAndAudit(QSqlDatabase &db, const Order &o) {
  db.transaction();
  db.exec("INSERT INTO orders (id) VALUES (1)");
  db.commit();
  QSqlDatabase audit = QSqlDatabase::database("audit");
  QSqlQuery q(audit);
  q.exec("INSERT INTO audit_log (what) VALUES ('order')");
  return true;
}

// Rolled back, not committed: what follows is not after a commit.
bool rejectOrder(QSqlDatabase &db, const Order &o) {
  db.transaction();
  db.exec("UPDATE orders SET state = 'rejected'");
  db.rollback();
  if (!validateOrder(o))
    return false;
  return true;
}

// A lambda's body is not part of the function that defines it.
bool saveWithCheck(QSqlDatabase &db, const Order &o) {
  db.transaction();
  db.exec("INSERT INTO orders (id) VALUES (1)");
  db.commit();
  auto check = [](const Order &x) {
    if (!validateOrder(x))
      throw std::invalid_argument("invalid order");
    return false;
  };
  (void)check;
  return true;
}

// The file written after the commit is that work's, and so is naming it
// (Zeal's docset registration writes meta.json once the row is stored):
// QDir::filePath only builds the file's path.
bool registerDocset(QSqlDatabase &db, const QString &docsetPath,
                    const QByteArray &meta) {
  if (!db.transaction())
    return false;
  QSqlQuery q(db);
  if (!q.exec("INSERT INTO installed (path) VALUES ('docset')")) {
    db.rollback();
    return false;
  }
  if (!db.commit())
    return false;
  QFile file(QDir(docsetPath).filePath(QStringLiteral("meta.json")));
  if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
    return false;
  file.write(meta);
  return true;
}
