#include "transaction.h"

#include <QtCore/QVariant>
#include <QtSql/QSqlQuery>

class Repository {
public:
  bool removeThumbnails(int book);
  bool removeThumbnailsChecked(int book);

private:
  QSqlDatabase m_db;
};

bool Repository::removeThumbnails(int book) {
  Transaction tx(m_db);
  if (!tx.isActive())
    return false;
  QSqlQuery q(m_db);
  q.prepare("DELETE FROM thumbnails WHERE book = ?");
  q.addBindValue(book);
  q.exec();
  return tx.commit();
}

bool Repository::removeThumbnailsChecked(int book) {
  Transaction tx(m_db);
  if (!tx.isActive())
    return false;
  QSqlQuery q(m_db);
  q.prepare("DELETE FROM thumbnails WHERE book = ?");
  q.addBindValue(book);
  if (!q.exec())
    return false;
  return tx.commit();
}
