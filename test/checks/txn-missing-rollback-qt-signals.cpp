// txn-missing-rollback in Qt objects that emit a signal on their way out of
// a slot (QuiteRSS's ParseObject: `emit signalFinishUpdate(...); return;`).
// moc writes a signal's body, which only calls the slots connected to it:
// an emitted signal, or a method declared under `signals:`, does not use
// the object's connection, so the transaction it leaves open is still
// reported, and a helper that commits and then emits still ends it.
//
// RUN: %check_txnlint %s txn-missing-rollback,txn-use-after-end %t -- -- %qt5_flags

#include <QtCore/QObject>
#include <QtCore/QString>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

class ParseObject : public QObject {
public:
  void slotParse(int feedId, bool valid);
  void slotFinish(int feedId);

  // moc generates the bodies of these.
  void signalFinishUpdate(int feedId, bool changed);

signals:
  void feedUpdated(int feedId);

private:
  void finishFeedUpdate(int feedId);

  QSqlDatabase db_;
};

void ParseObject::slotParse(int feedId, bool valid) {
  if (!db_.transaction())
    return;
  // CHECK-NOTES: :[[@LINE-2]]:8: warning: transaction begun on 'db_' is left open on some path out of 'ParseObject::slotParse'; commit or roll it back before leaving [txn-missing-rollback]
  QSqlQuery q(db_);
  if (!valid) {
    emit signalFinishUpdate(feedId, false);
    return;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  }
  if (!q.exec("UPDATE feeds SET updated = 1")) {
    feedUpdated(feedId);
    return;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  }
  if (!db_.commit())
    db_.rollback();
}

// Ends the transaction on every path, then notifies.
void ParseObject::finishFeedUpdate(int feedId) {
  if (!db_.commit())
    db_.rollback();
  emit signalFinishUpdate(feedId, true);
}

void ParseObject::slotFinish(int feedId) {
  if (!db_.transaction())
    return;
  QSqlQuery q(db_);
  q.exec("UPDATE feeds SET unread = 0");
  finishFeedUpdate(feedId);
  if (!db_.commit())
    // CHECK-NOTES: :[[@LINE-1]]:8: warning: transaction on 'db_' is committed again after it was committed; begin a new transaction for this work [txn-use-after-end]
    // CHECK-NOTES: :[[@LINE-3]]:3: note: it is committed here
    db_.rollback();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: transaction on 'db_' is rolled back after it was committed; begin a new transaction for this work [txn-use-after-end]
  // CHECK-NOTES: :[[@LINE-6]]:3: note: it is committed here
}
