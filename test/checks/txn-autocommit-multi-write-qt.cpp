// txn-autocommit-multi-write with Qt 5's QSqlDatabase / QSqlQuery, compiled
// against the real QtSql headers. Without QSqlDatabase::transaction(), every
// statement a QSqlQuery runs commits on its own; a QSqlQuery works on the
// connection it was constructed with, so its writes are the connection's.
//
// RUN: %check_txnlint %s txn-autocommit-multi-write %t -- -- %qt5_flags

#include <QtCore/QList>
#include <QtCore/QString>
#include <QtCore/QVariant>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

// Defined in another translation unit.
void audit(int id);
bool writeLines(QSqlDatabase &db, int order);

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// Two statements through one query object.
bool transfer(QSqlDatabase &db) {
  QSqlQuery q(db);
  if (!q.exec("UPDATE accounts SET balance = balance - 10 WHERE id = 1"))
    return false;
  return q.exec("UPDATE accounts SET balance = balance + 10 WHERE id = 2");
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-4]]:8: note: the earlier write commits here on its own
}

// Two prepared queries on the same connection.
bool shipOrder(QSqlDatabase db, int id) {
  QSqlQuery ship(db);
  ship.prepare("UPDATE orders SET state = 'shipped' WHERE id = ?");
  ship.addBindValue(id);
  if (!ship.exec())
    return false;
  QSqlQuery clear(db);
  clear.prepare("DELETE FROM picking_list WHERE order_id = ?");
  clear.addBindValue(id);
  return clear.exec();
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-7]]:8: note: the earlier write commits here on its own
}

// One query object prepared twice.
bool archiveOrder(QSqlDatabase &db, int id) {
  QSqlQuery q(db);
  q.prepare("INSERT INTO archived_orders SELECT * FROM orders WHERE id = ?");
  q.addBindValue(id);
  q.exec();
  q.prepare("DELETE FROM orders WHERE id = ?");
  q.addBindValue(id);
  return q.exec();
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-5]]:3: note: the earlier write commits here on its own
}

// QSqlDatabase::exec runs SQL directly on the connection.
void resetCounters(QSqlDatabase &db) {
  db.exec("UPDATE counters SET value = 0");
  db.exec("DELETE FROM counter_log");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the earlier write commits here on its own
}

// A named connection fetched into a local.
bool recordLogin(int user) {
  QSqlDatabase audit = QSqlDatabase::database("audit");
  QSqlQuery q(audit);
  q.exec("INSERT INTO logins (user_id) VALUES (1)");
  return q.exec("UPDATE users SET last_login = CURRENT_TIMESTAMP WHERE id = 1");
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'audit' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the earlier write commits here on its own
}

// A member connection; a write after the commit of an earlier transaction.
class Inventory {
public:
  bool restock(int item, int qty);
  bool rebuild();

private:
  QSqlDatabase m_db;
};

bool Inventory::restock(int item, int qty) {
  QSqlQuery q(m_db);
  q.prepare("UPDATE stock SET qty = qty + ? WHERE item = ?");
  q.addBindValue(qty);
  q.addBindValue(item);
  if (!q.exec())
    return false;
  QSqlQuery log(m_db);
  return log.exec("INSERT INTO stock_log (item) VALUES (1)");
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'm_db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-5]]:8: note: the earlier write commits here on its own
}

bool Inventory::rebuild() {
  QSqlQuery q(m_db);
  q.exec("UPDATE stock SET dirty = 1");
  if (!m_db.transaction())
    return false;
  q.exec("DELETE FROM stock_cache");
  m_db.commit();
  return q.exec("UPDATE stock SET dirty = 0");
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'm_db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-7]]:3: note: the earlier write commits here on its own
}

// Queries built in place run on the connection they are built on
// (Cantata's stats refresh).
void refreshStats(QSqlDatabase *db, int artists) {
  QSqlQuery(*db).exec("delete from stats");
  QSqlQuery(*db).exec("insert into stats(artists) values(" + QString::number(artists) + ")");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the earlier write commits here on its own
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Queries built in place on two connections.
void copyStats(QSqlDatabase *from, QSqlDatabase *to) {
  QSqlQuery(*from).exec("delete from stats_export");
  QSqlQuery(*to).exec("delete from stats_import");
}

// One write.
bool rename(QSqlDatabase &db, int id) {
  QSqlQuery q(db);
  q.prepare("UPDATE items SET name = ? WHERE id = ?");
  q.addBindValue(QString("new"));
  q.addBindValue(id);
  return q.exec();
}

// Both writes inside transaction() ... commit(), rolled back on failure.
bool transferInTransaction(QSqlDatabase &db) {
  if (!db.transaction())
    return false;
  QSqlQuery q(db);
  if (!q.exec("UPDATE accounts SET balance = balance - 10 WHERE id = 1") ||
      !q.exec("UPDATE accounts SET balance = balance + 10 WHERE id = 2")) {
    db.rollback();
    return false;
  }
  return db.commit();
}

bool shipInTransaction(QSqlDatabase db, int id) {
  db.transaction();
  QSqlQuery ship(db);
  ship.prepare("UPDATE orders SET state = 'shipped' WHERE id = ?");
  ship.addBindValue(id);
  QSqlQuery clear(db);
  clear.prepare("DELETE FROM picking_list WHERE order_id = ?");
  clear.addBindValue(id);
  if (ship.exec() && clear.exec())
    return db.commit();
  db.rollback();
  return false;
}

// One prepared statement executed in a loop, and a batch.
bool insertAll(QSqlDatabase &db, const QList<int> &ids) {
  QSqlQuery q(db);
  q.prepare("INSERT INTO items (id) VALUES (?)");
  for (int id : ids) {
    q.addBindValue(id);
    if (!q.exec())
      return false;
  }
  return true;
}

bool insertBatch(QSqlDatabase &db, const QVariantList &ids) {
  QSqlQuery q(db);
  q.prepare("INSERT INTO items (id) VALUES (?)");
  q.addBindValue(ids);
  return q.execBatch();
}

// Reads, then one write.
int bumpVersion(QSqlDatabase &db) {
  QSqlQuery q(db);
  q.exec("SELECT version FROM meta");
  int version = q.next() ? q.value(0).toInt() : 0;
  QSqlQuery read(db);
  read.exec("SELECT count(*) FROM items");
  q.exec("UPDATE meta SET version = version + 1");
  return version + 1;
}

// Two connections, one write each.
bool mirror(QSqlDatabase &primary, QSqlDatabase &replica) {
  QSqlQuery a(primary);
  QSqlQuery b(replica);
  return a.exec("INSERT INTO items (id) VALUES (1)") &&
         b.exec("INSERT INTO items (id) VALUES (1)");
}

// Either write, never both.
bool setFlag(QSqlDatabase &db, bool on) {
  QSqlQuery q(db);
  if (on)
    return q.exec("INSERT INTO flags (name) VALUES ('x')");
  return q.exec("DELETE FROM flags WHERE name = 'x'");
}

// Schema changes, then one write.
void createSchema(QSqlDatabase &db) {
  QSqlQuery q(db);
  q.exec("CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY)");
  q.exec("CREATE INDEX IF NOT EXISTS items_id ON items (id)");
  q.exec("DROP TABLE IF EXISTS old_items");
  q.exec("INSERT INTO meta (version) VALUES (1)");
}

// A helper that its only caller calls inside a transaction.
class Orders {
public:
  bool place(int id);

private:
  bool writeOrder(int id);
  QSqlDatabase m_db;
};

bool Orders::writeOrder(int id) {
  QSqlQuery q(m_db);
  q.prepare("INSERT INTO orders (id) VALUES (?)");
  q.addBindValue(id);
  if (!q.exec())
    return false;
  return q.exec("INSERT INTO order_events (kind) VALUES ('placed')");
}

bool Orders::place(int id) {
  if (!m_db.transaction())
    return false;
  if (!writeOrder(id)) {
    m_db.rollback();
    return false;
  }
  return m_db.commit();
}

// Writes made by functions defined elsewhere are not visible here.
bool delegate(QSqlDatabase &db, int order) {
  if (!writeLines(db, order))
    return false;
  audit(order);
  return writeLines(db, order + 1);
}

// A QSqlQuery constructed without a connection works on the default one,
// which QSqlDatabase::database() returns (Krita's resource cache).
bool purgeStorage(int storage) {
  QSqlQuery q;
  q.prepare("DELETE FROM tags_resources WHERE storage_id = ?");
  q.addBindValue(storage);
  if (!q.exec())
    return false;
  q.prepare("DELETE FROM resources WHERE storage_id = ?");
  q.addBindValue(storage);
  if (!q.exec())
    // CHECK-NOTES: :[[@LINE-1]]:8: warning: 'the default connection' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
    // CHECK-NOTES: :[[@LINE-6]]:8: note: the earlier write commits here on its own
    return false;
  return true;
}

// Negative: the same writes inside a transaction of the default connection.
bool purgeStorageAtomically(int storage) {
  if (!QSqlDatabase::database().transaction())
    return false;
  QSqlQuery q;
  q.prepare("DELETE FROM tags_resources WHERE storage_id = ?");
  q.addBindValue(storage);
  bool ok = q.exec();
  q.prepare("DELETE FROM resources WHERE storage_id = ?");
  q.addBindValue(storage);
  ok = ok && q.exec();
  if (!ok) {
    QSqlDatabase::database().rollback();
    return false;
  }
  return QSqlDatabase::database().commit();
}

// Helpers that each fetch the connection by a QStringLiteral name
// (QOwnNotes's entities): the same name is the same connection.
static bool deleteFolderRow(int id) {
  QSqlQuery query(QSqlDatabase::database(QStringLiteral("disk")));
  query.prepare(QStringLiteral("DELETE FROM noteFolder WHERE id = :id"));
  query.bindValue(QStringLiteral(":id"), id);
  return query.exec();
}

static bool closePriorityGap(int priority) {
  QSqlQuery query(QSqlDatabase::database(QStringLiteral("disk")));
  query.prepare(QStringLiteral(
      "UPDATE noteFolder SET priority = priority - 1 WHERE priority > :p"));
  query.bindValue(QStringLiteral(":p"), priority);
  return query.exec();
}

bool removeFolder(int id, int priority) {
  if (!deleteFolderRow(id))
    return false;
  return closePriorityGap(priority);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'QSqlDatabase::database(QStringLiteral("disk"))' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-4]]:8: note: the earlier write commits here on its own
}
