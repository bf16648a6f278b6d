// transfer-qt <db> good|bad: Qt SQL's QSQLITE driver, a plugin that Qt
// loads at run time and that calls the system's libsqlite3.
#include <QCoreApplication>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <cstring>

int main(int argc, char **argv) {
  QCoreApplication app(argc, argv);
  bool ok = false;
  {
    QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE");
    db.setDatabaseName(argv[1]);
    if (db.open()) {
      QSqlQuery query(db);
      if (!std::strcmp(argv[2], "good")) {
        ok = db.transaction() &&
             query.exec("UPDATE accounts SET balance = balance - 10 WHERE id = 1") &&
             query.exec("UPDATE accounts SET balance = balance + 10 WHERE id = 2") &&
             db.commit();
        if (!ok)
          db.rollback();
      } else {
        ok = query.exec("UPDATE accounts SET balance = balance - 10 WHERE id = 1") &&
             query.exec("UPDATE accounts SET balance = balance + 10 WHERE id = 2");
      }
    }
  }
  QSqlDatabase::removeDatabase(QSqlDatabase::defaultConnection);
  return ok ? 0 : 1;
}
