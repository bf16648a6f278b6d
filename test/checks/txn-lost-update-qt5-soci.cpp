// txn-lost-update with Qt 5 and SOCI, compiled against the real headers.
// Neither names its database: the default isolation level is READ
// COMMITTED on PostgreSQL and REPEATABLE READ on MySQL, and both lose an
// update written back from a plain read.
//
// RUN: %check_txnlint %s txn-lost-update %t -- -- -std=c++17 %qt5_flags

#include <soci/soci.h>

#include <QtCore/QString>
#include <QtCore/QVariant>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

// Qt: QSqlQuery::value() to a bound value of a prepared UPDATE.
bool take(QSqlDatabase &db) {
  db.transaction();
  QSqlQuery q(db);
  q.exec("SELECT qty FROM stock WHERE sku = 1");
  q.next();
  int qty = q.value(0).toInt();
  QSqlQuery u(db);
  u.prepare("UPDATE stock SET qty = ? WHERE sku = 1");
  u.addBindValue(qty - 1);
  u.exec();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'stock' is updated with a value computed from a plain SELECT of it earlier in the transaction; at the database's default (READ COMMITTED on PostgreSQL, REPEATABLE READ on MySQL), a concurrent transaction can update the row in between and its update is lost: read with SELECT ... FOR UPDATE, update relative to the column (SET c = c + ?), or check a version column in the WHERE clause [txn-lost-update]
  // CHECK-NOTES: :[[@LINE-8]]:3: note: the value is read here, without a lock
  return db.commit();
}

// A named placeholder called after its column (`SET qty = :qty`) is a value
// bound from outside, not the column read again (Cutelyst's bindValue).
bool take_named(QSqlDatabase &db) {
  db.transaction();
  QSqlQuery q(db);
  q.exec("SELECT qty FROM stock WHERE sku = 1");
  q.next();
  int qty = q.value(0).toInt();
  QSqlQuery u(db);
  u.prepare("UPDATE stock SET qty = :qty WHERE sku = :sku");
  u.bindValue(":qty", qty - 1);
  u.bindValue(":sku", 1);
  u.exec();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'stock' is updated with a value computed from a plain SELECT of it earlier in the transaction; at the database's default (READ COMMITTED on PostgreSQL, REPEATABLE READ on MySQL), a concurrent transaction can update the row in between and its update is lost: read with SELECT ... FOR UPDATE, update relative to the column (SET c = c + ?), or check a version column in the WHERE clause [txn-lost-update]
  // CHECK-NOTES: :[[@LINE-9]]:3: note: the value is read here, without a lock
  return db.commit();
}

// SOCI: into() to use().
void bump(soci::session &sql) {
  soci::transaction tr(sql);
  int hits = 0;
  sql << "SELECT hits FROM pages WHERE id = 1", soci::into(hits);
  int next = hits + 1;
  sql << "UPDATE pages SET hits = :h WHERE id = 1", soci::use(next);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'pages' is updated with a value computed from a plain SELECT of it earlier in the transaction; at the database's default (READ COMMITTED on PostgreSQL, REPEATABLE READ on MySQL), a concurrent transaction can update the row in between and its update is lost: read with SELECT ... FOR UPDATE, update relative to the column (SET c = c + ?), or check a version column in the WHERE clause [txn-lost-update]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: the value is read here, without a lock
  tr.commit();
}

// SOCI through a repository: its method reads, and the caller writes on a
// local reference to the session the repository's accessor returns; both
// are on the repository's session.
class StockRepo {
public:
  explicit StockRepo(soci::session &s) : sql_(s) {}
  int quantity(const std::string &sku) {
    int qty = 0;
    sql_ << "SELECT qty FROM stock WHERE sku = :sku", soci::into(qty),
        soci::use(sku);
    return qty;
  }
  soci::session &session() { return sql_; }

private:
  soci::session &sql_;
};

bool take(StockRepo &repo, const std::string &sku, int n) {
  soci::session &sql = repo.session();
  soci::transaction tr(sql);
  int qty = repo.quantity(sku);
  if (qty < n)
    return false;
  int left = qty - n;
  sql << "UPDATE stock SET qty = :q WHERE sku = :sku", soci::use(left),
      soci::use(sku);
  // CHECK-NOTES: :[[@LINE-2]]:3: warning: 'stock' is updated with a value computed from a plain SELECT of it earlier in the transaction; at the database's default (READ COMMITTED on PostgreSQL, REPEATABLE READ on MySQL), a concurrent transaction can update the row in between and its update is lost: read with SELECT ... FOR UPDATE, update relative to the column (SET c = c + ?), or check a version column in the WHERE clause [txn-lost-update]
  // CHECK-NOTES: :[[@LINE-7]]:13: note: the value is read here, without a lock
  tr.commit();
  return true;
}

// SOCI: the value bound to the placeholder in the SET, after one that
// picks the row; and the value streamed into the SET's text.
void rename_owner(soci::session &sql, long id) {
  soci::transaction tr(sql);
  std::string owner;
  sql << "SELECT owner FROM pages WHERE id = :id", soci::into(owner), soci::use(id);
  sql << "UPDATE pages SET owner = :o WHERE id = :id", soci::use(owner + "*"), soci::use(id);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'pages' is updated with a value computed from a plain SELECT of it earlier in the transaction; at the database's default (READ COMMITTED on PostgreSQL, REPEATABLE READ on MySQL), a concurrent transaction can update the row in between and its update is lost: read with SELECT ... FOR UPDATE, update relative to the column (SET c = c + ?), or check a version column in the WHERE clause [txn-lost-update]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the value is read here, without a lock
  tr.commit();
}

void bump_streamed(soci::session &sql) {
  soci::transaction tr(sql);
  int hits = 0;
  sql << "SELECT hits FROM pages WHERE id = 1", soci::into(hits);
  sql << "UPDATE pages SET hits = " << hits + 1 << " WHERE id = 1";
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'pages' is updated with a value computed from a plain SELECT of it earlier in the transaction; at the database's default (READ COMMITTED on PostgreSQL, REPEATABLE READ on MySQL), a concurrent transaction can update the row in between and its update is lost: read with SELECT ... FOR UPDATE, update relative to the column (SET c = c + ?), or check a version column in the WHERE clause [txn-lost-update]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the value is read here, without a lock
  tr.commit();
}

// Negatives: the same query object reused for an unrelated UPDATE; SET
// TRANSACTION ISOLATION LEVEL SERIALIZABLE; SOCI values read only to pick
// the row, bound to a placeholder or streamed after the WHERE; a Qt value
// concatenated after the WHERE.
bool note(QSqlDatabase &db, const QString &text) {
  db.transaction();
  QSqlQuery q(db);
  q.exec("SELECT qty FROM stock WHERE sku = 1");
  q.prepare("UPDATE stock SET note = ? WHERE sku = 1");
  q.addBindValue(text);
  q.exec();
  return db.commit();
}

void bump_serializable(soci::session &sql) {
  soci::transaction tr(sql);
  sql << "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE";
  int hits = 0;
  sql << "SELECT hits FROM pages WHERE id = 1", soci::into(hits);
  int next = hits + 1;
  sql << "UPDATE pages SET hits = :h WHERE id = 1", soci::use(next);
  tr.commit();
}

void stamp(soci::session &sql, const std::string &email) {
  soci::transaction tr(sql);
  long user = 0;
  sql << "SELECT id FROM users WHERE email = :e", soci::into(user), soci::use(email);
  sql << "UPDATE users SET stamped_at = CURRENT_TIMESTAMP WHERE id = :u", soci::use(user);
  tr.commit();
}

void stamp_streamed(soci::session &sql, const std::string &email) {
  soci::transaction tr(sql);
  long user = 0;
  sql << "SELECT id FROM users WHERE email = ?", soci::into(user), soci::use(email);
  sql << "UPDATE users SET stamped_at = CURRENT_TIMESTAMP WHERE id = " << user;
  tr.commit();
}

// Lokalize: the id read from `files` only picks the row, after the WHERE of
// SQL that starts with a QStringLiteral.
bool touch(QSqlDatabase &db, const QString &path) {
  if (!db.transaction())
    return false;
  QSqlQuery q(db);
  q.prepare(QStringLiteral("SELECT id FROM files WHERE path = ?"));
  q.addBindValue(path);
  if (!q.exec() || !q.next()) {
    db.rollback();
    return false;
  }
  qlonglong fileId = q.value(0).toLongLong();
  QSqlQuery t(db);
  if (!t.exec(QStringLiteral("UPDATE files SET date = CURRENT_DATE WHERE id = ") +
              QString::number(fileId))) {
    db.rollback();
    return false;
  }
  return db.commit();
}
