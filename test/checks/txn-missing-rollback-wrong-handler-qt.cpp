// txn-missing-rollback when a handler catches another exception type than
// the one a helper throws, in the shape of Jami's lrc::Database: insertInto()
// and update() throw their own QueryError subclasses, and both call Qt,
// which may throw anything. The unknown part of what they throw is the
// first handler's, but the type no handler catches leaves the function.
//
// RUN: %check_txnlint %s txn-missing-rollback %t -- -- -std=c++17 %qt5_flags

#include <QtCore/QString>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

class QueryError {
public:
  virtual ~QueryError() = default;
};
class QueryInsertError final : public QueryError {};
class QueryUpdateError final : public QueryError {};

class Database {
public:
  QString insertInto(const QString &Table) {
    QSqlQuery Query(Db);
    Query.prepare("INSERT INTO " + Table + " DEFAULT VALUES");
    if (!Query.exec())
      throw QueryInsertError();
    return "1";
  }
  void update(const QString &Table) {
    QSqlQuery Query(Db);
    Query.prepare("UPDATE " + Table + " SET moved = 1");
    if (!Query.exec())
      throw QueryUpdateError();
  }
  void migrate();
  void migrateCaughtByBase();
  void migrateCaughtByBoth();

private:
  QSqlDatabase Db;
};

// update()'s QueryUpdateError gets past the QueryInsertError handler.
void Database::migrate() {
  try {
    Db.transaction();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: transaction begun on 'Db' is left open on some path out of 'Database::migrate'; commit or roll it back before leaving [txn-missing-rollback]
    insertInto("conversations");
    update("interactions");
    // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open when an exception leaves the function here
    if (!Db.commit())
      Db.rollback();
  } catch (QueryInsertError &) {
    Db.rollback();
  }
}

// A handler of the base class catches both.
void Database::migrateCaughtByBase() {
  try {
    Db.transaction();
    insertInto("conversations");
    update("interactions");
    if (!Db.commit())
      Db.rollback();
  } catch (QueryError &) {
    Db.rollback();
  }
}

// So do two handlers, one for each.
void Database::migrateCaughtByBoth() {
  try {
    Db.transaction();
    insertInto("conversations");
    update("interactions");
    if (!Db.commit())
      Db.rollback();
  } catch (QueryInsertError &) {
    Db.rollback();
  } catch (QueryUpdateError &) {
    Db.rollback();
  }
}

// An enum thrown by a helper that also calls Qt (QMapShack's `QUERY_EXEC(
// throw eReasonQueryFail)`) gets past a handler of QString.
enum Reason { ReasonQueryFail };

static void insertItem(QSqlQuery &Query) {
  if (!Query.exec())
    throw ReasonQueryFail;
}

bool importItems(QSqlDatabase &Db, QSqlQuery &Query, const QString &File) {
  if (!Db.transaction())
    // CHECK-NOTES: :[[@LINE-1]]:8: warning: transaction begun on 'Db' is left open on some path out of 'importItems'; commit or roll it back before leaving [txn-missing-rollback]
    return false;
  try {
    if (File.isEmpty())
      throw File;
    insertItem(Query);
    // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open when an exception leaves the function here
  } catch (const QString &) {
    Db.rollback();
    return false;
  }
  return Db.commit();
}

// Negative: the handler catches the enum.
bool importItemsCaught(QSqlDatabase &Db, QSqlQuery &Query) {
  if (!Db.transaction())
    return false;
  try {
    insertItem(Query);
  } catch (Reason) {
    Db.rollback();
    return false;
  }
  return Db.commit();
}
