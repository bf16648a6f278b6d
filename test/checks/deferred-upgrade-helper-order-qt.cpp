// The order of a helper's statements, replayed at its call: a helper that
// writes first and then reads back what it wrote (Kadu's findOrCreateDate:
// INSERT OR IGNORE, then SELECT the id) takes the write lock with its first
// statement, so a deferred transaction around it never upgrades; one that
// reads a counter first and then updates it does.
//
// RUN: %check_txnlint %s txn-deferred-upgrade %t -- -- -std=c++17 -fPIC -I/usr/include/x86_64-linux-gnu/qt5 -I/usr/include/x86_64-linux-gnu/qt5/QtCore -I/usr/include/x86_64-linux-gnu/qt5/QtSql

#include <QtCore/QString>
#include <QtCore/QVariant>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

class HistoryStorage {
public:
  void open() {
    Database = QSqlDatabase::addDatabase("QSQLITE", "kadu-history");
  }

  bool executeQuery(QSqlQuery &query) { return query.exec(); }

  int findOrCreateDate(const QString &date) {
    QSqlQuery insert(Database);
    insert.prepare("INSERT OR IGNORE INTO kadu_dates (date) VALUES (:date)");
    insert.bindValue(":date", date);
    if (!executeQuery(insert))
      return -1;
    QSqlQuery select(Database);
    select.prepare("SELECT id FROM kadu_dates WHERE date = :date");
    select.bindValue(":date", date);
    if (!executeQuery(select) || !select.next())
      return -1;
    return select.value(0).toInt();
  }

  int nextMessageId() {
    QSqlQuery select(Database);
    select.prepare("SELECT value FROM kadu_counters WHERE name = 'message'");
    executeQuery(select);
    int id = select.next() ? select.value(0).toInt() + 1 : 1;
    QSqlQuery update(Database);
    update.prepare("UPDATE kadu_counters SET value = :id WHERE name = 'message'");
    update.bindValue(":id", id);
    return executeQuery(update) ? id : -1;
  }

  void appendMessage(const QString &date) {
    if (!Database.transaction())
      return;
    if (findOrCreateDate(date) <= 0) {
      Database.rollback();
      return;
    }
    if (!Database.commit())
      Database.rollback();
  }

  void appendStatus(const QString &date) {
    if (!Database.transaction())
      // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: deferred transaction on 'Database' reads before it writes; if another connection writes in between, upgrading to a write lock fails at once with SQLITE_BUSY, without the busy handler waiting; begin it with BEGIN IMMEDIATE [txn-deferred-upgrade]
      return;
    if (nextMessageId() < 0) {
      Database.rollback();
      return;
    }
    if (!Database.commit())
      Database.rollback();
  }

private:
  QSqlDatabase Database;
};
