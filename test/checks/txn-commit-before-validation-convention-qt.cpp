// txn-commit-before-validation with Qt 5's QSqlDatabase and QTcpSocket
// (the real headers): a bool function reports failure with false; a
// re-read that rejects the request after the commit is reported, a reply
// to the client that fails after it is not.
//
// RUN: %check_txnlint %s txn-commit-before-validation %t -- -- %qt5_flags

#include <QtCore/QString>
#include <QtCore/QVariant>
#include <QtNetwork/QTcpSocket>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

// Defined in another translation unit; not a validator by name.
bool quotaAllows(int user);

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

bool saveOrder(QSqlDatabase &db, int user) {
  db.transaction();
  QSqlQuery q(db);
  q.exec("INSERT INTO orders (user) VALUES (1)");
  if (!db.commit())
    // CHECK-NOTES: :[[@LINE-1]]:8: warning: transaction on 'db' is committed before 'quotaAllows' can fail; a failure there leaves a partial write [txn-commit-before-validation]
    return false;
  if (!quotaAllows(user))
    // CHECK-NOTES: :[[@LINE-1]]:8: note: 'quotaAllows' can fail here
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an error is returned here
  return true;
}

// A re-read of the committed data that rejects the request.
bool bookSeat(QSqlDatabase &db, int seat) {
  db.transaction();
  QSqlQuery q(db);
  q.exec("INSERT INTO bookings (seat) VALUES (1)");
  db.commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is committed before 'QSqlQuery::next' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  QSqlQuery count(db);
  count.exec("SELECT count(*) FROM bookings WHERE seat = 1");
  if (!count.next() || count.value(0).toInt() > 1)
    // CHECK-NOTES: :[[@LINE-1]]:8: note: 'QSqlQuery::next' can fail here
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: an error is returned here
  return true;
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Commit, then reply to the client; the reply can time out.
bool saveAndReply(QSqlDatabase &db, QTcpSocket &client) {
  db.transaction();
  QSqlQuery q(db);
  q.exec("INSERT INTO orders (user) VALUES (1)");
  if (!db.commit()) {
    db.rollback();
    return false;
  }
  if (client.write("stored\n") < 0)
    return false;
  if (!client.waitForBytesWritten(1000))
    return false;
  return true;
}
