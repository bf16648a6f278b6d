#include "datastore.h"
#include <QtCore/QVariant>
#include <QtSql/QSqlQuery>

bool moveItem(DataStore *store, qint64 id, qint64 dest) {
  Transaction transaction(store, QStringLiteral("MOVE"));
  QSqlQuery q(store->database());
  q.prepare(QStringLiteral("UPDATE items SET collection = ? WHERE id = ?"));
  q.addBindValue(dest);
  q.addBindValue(id);
  q.exec();
  return transaction.commit();
}

bool moveItemChecked(DataStore *store, qint64 id, qint64 dest) {
  Transaction transaction(store, QStringLiteral("MOVE"));
  QSqlQuery q(store->database());
  q.prepare(QStringLiteral("UPDATE items SET collection = ? WHERE id = ?"));
  q.addBindValue(dest);
  q.addBindValue(id);
  if (!q.exec())
    return false;
  return transaction.commit();
}

bool flagItem(DataStore *store, qint64 id) {
  Transaction transaction(store, QStringLiteral("FLAG"), false);
  QSqlQuery q(store->database());
  q.prepare(QStringLiteral("SELECT flags FROM items WHERE id = ?"));
  q.addBindValue(id);
  if (!q.exec() || !q.next())
    return false;
  transaction.begin();
  QSqlQuery u(store->database());
  u.prepare(QStringLiteral("UPDATE items SET flags = flags + 1 WHERE id = ?"));
  u.addBindValue(id);
  if (!u.exec())
    return false;
  return transaction.commit();
}
