// txn-side-effect-before-commit with Qt 5, compiled against the real QtSql,
// QtCore and QtNetwork headers: QNetworkAccessManager requests and writes to
// QFile, QTcpSocket and QLocalSocket made while a QSqlDatabase transaction is
// open and before it commits.
//
// RUN: %check_txnlint %s txn-side-effect-before-commit %t -- -- %qt5_flags -I/usr/include/x86_64-linux-gnu/qt5/QtNetwork

#include <QtCore/QBuffer>
#include <QtCore/QByteArray>
#include <QtCore/QDebug>
#include <QtCore/QFile>
#include <QtCore/QList>
#include <QtCore/QString>
#include <QtCore/QTextStream>
#include <QtCore/QUrl>
#include <QtCore/QVariant>
#include <QtNetwork/QLocalSocket>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QNetworkRequest>
#include <QtNetwork/QTcpSocket>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

#include <functional>

// Defined in another translation unit.
bool insertOrder(QSqlDatabase &db, int id);
void sendConfirmationMail(int orderId);
void runAfterCommit(std::function<void()> action);

// Writes through the connection and neither commits nor rolls back: a call
// to it leaves the caller's transaction open. (It passes nothing of its own
// to Qt functions outside QtSql: the headers are found through -I, not as
// system headers, so such a call would make the helper a function that may
// end the caller's transaction.)
static bool writeOrder(QSqlDatabase &db) {
  QSqlQuery q(db);
  return q.exec("INSERT INTO orders (state) VALUES ('new')");
}

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// The README's example: the confirmation mail is sent even if the commit
// fails. The order is written by a helper that is handed the connection;
// the commit below shows that the transaction is still open after it.
bool placeOrder(QSqlDatabase &db, int id) {
  db.transaction();
  insertOrder(db, id);
  sendConfirmationMail(id);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'sendConfirmationMail' has an effect outside the database but runs before transaction on 'db' commits; a rollback or a failed commit cannot undo it, so move it after the commit or record it in an outbox table [txn-side-effect-before-commit]
  // CHECK-NOTES: :[[@LINE+1]]:10: note: the transaction commits here
  return db.commit();
}

// An HTTP POST to the payment service before the commit.
bool chargeOrder(QSqlDatabase &db, QNetworkAccessManager &nam, int id) {
  if (!db.transaction())
    return false;
  QSqlQuery q(db);
  if (!q.exec("UPDATE orders SET state = 'charged' WHERE id = 1")) {
    db.rollback();
    return false;
  }
  QNetworkReply *reply =
      nam.post(QNetworkRequest(QUrl("https://payments.example.com/charge")),
      // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'QNetworkAccessManager::post' has an effect outside the database but runs before transaction on 'db' commits; a rollback or a failed commit cannot undo it, so move it after the commit or record it in an outbox table [txn-side-effect-before-commit]
      // CHECK-NOTES: :[[@LINE+3]]:10: note: the transaction commits here
               QByteArray::number(id));
  Q_UNUSED(reply);
  return db.commit();
}

// PUT and DELETE through a pointer, on a connection looked up by name.
bool syncInventory(QNetworkAccessManager *nam, int sku) {
  QSqlDatabase db = QSqlDatabase::database("inventory");
  db.transaction();
  writeOrder(db);
  nam->put(QNetworkRequest(QUrl("https://warehouse.example.com/stock")), QByteArray("1"));
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'QNetworkAccessManager::put' has an effect outside the database but runs before transaction on 'db' commits; a rollback or a failed commit cannot undo it, so move it after the commit or record it in an outbox table [txn-side-effect-before-commit]
  // CHECK-NOTES: :[[@LINE+5]]:3: note: the transaction commits here
  nam->deleteResource(QNetworkRequest(QUrl("https://warehouse.example.com/hold")));
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'QNetworkAccessManager::deleteResource' has an effect outside the database but runs before transaction on 'db' commits; a rollback or a failed commit cannot undo it, so move it after the commit or record it in an outbox table [txn-side-effect-before-commit]
  // CHECK-NOTES: :[[@LINE+2]]:3: note: the transaction commits here
  // The commit's result is what a caller would check; here it is ignored.
  db.commit();
  return true;
}

// Writes to a file and to sockets: the export and the messages stay when the
// transaction rolls back.
bool exportOrders(QSqlDatabase &db, QFile &file, QTcpSocket *socket,
                  QLocalSocket &local, const QList<int> &ids) {
  if (!db.transaction())
    return false;
  for (int id : ids) {
    if (!writeOrder(db)) {
      db.rollback();
      return false;
    }
    file.write(QByteArray::number(id) + '\n');
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: writing to 'file' has an effect outside the database but runs before transaction on 'db' commits; a rollback or a failed commit cannot undo it, so move it after the commit or record it in an outbox table [txn-side-effect-before-commit]
    // CHECK-NOTES: :[[@LINE+13]]:10: note: the transaction commits here
  }
  file.putChar('\n');
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: writing to 'file' has an effect outside the database but runs before transaction on 'db' commits; a rollback or a failed commit cannot undo it, so move it after the commit or record it in an outbox table [txn-side-effect-before-commit]
  // CHECK-NOTES: :[[@LINE+9]]:10: note: the transaction commits here
  socket->write("exported\n");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: writing to 'socket' has an effect outside the database but runs before transaction on 'db' commits; a rollback or a failed commit cannot undo it, so move it after the commit or record it in an outbox table [txn-side-effect-before-commit]
  // CHECK-NOTES: :[[@LINE+6]]:10: note: the transaction commits here
  local.write(QByteArray("exported"));
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: writing to 'local' has an effect outside the database but runs before transaction on 'db' commits; a rollback or a failed commit cannot undo it, so move it after the commit or record it in an outbox table [txn-side-effect-before-commit]
  // CHECK-NOTES: :[[@LINE+3]]:10: note: the transaction commits here
  if (ids.isEmpty())
    return false;
  return db.commit();
}

// A helper that opens a file for writing: opening creates or truncates it.
static bool writeCover(const QString &path, const QByteArray &image) {
  QFile cover(path);
  if (!cover.open(QIODevice::WriteOnly))
    return false;
  return cover.write(image) == image.size();
}
bool importCover(QSqlDatabase &db, const QString &path, const QByteArray &image) {
  if (!db.transaction())
    return false;
  QSqlQuery insert(db);
  if (!insert.exec("UPDATE comic SET has_cover = 1") || !writeCover(path, image)) {
    // CHECK-NOTES: :[[@LINE-1]]:58: warning: 'writeCover' (via 'QFile::open') has an effect outside the database but runs before transaction on 'db' commits; a rollback or a failed commit cannot undo it, so move it after the commit or record it in an outbox table [txn-side-effect-before-commit]
    db.rollback();
    return false;
  }
  return db.commit();
  // CHECK-NOTES: :[[@LINE-1]]:10: note: the transaction commits here
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// The request goes out after the commit.
bool chargeOrderFixed(QSqlDatabase &db, QNetworkAccessManager &nam, int id) {
  if (!db.transaction())
    return false;
  if (!writeOrder(db)) {
    db.rollback();
    return false;
  }
  if (!db.commit())
    return false;
  nam.post(QNetworkRequest(QUrl("https://payments.example.com/charge")),
           QByteArray::number(id));
  sendConfirmationMail(id);
  return true;
}

// The outbox: the message is a row in the same transaction.
bool placeWithOutbox(QSqlDatabase &db, int id) {
  if (!db.transaction())
    return false;
  writeOrder(db);
  QSqlQuery outbox(db);
  outbox.prepare("INSERT INTO outbox (kind, order_id) VALUES ('confirmation', ?)");
  outbox.addBindValue(id);
  outbox.exec();
  return db.commit();
}

// Deferred to after the commit.
bool placeDeferred(QSqlDatabase &db, int id) {
  if (!db.transaction())
    return false;
  writeOrder(db);
  runAfterCommit([id] { sendConfirmationMail(id); });
  return db.commit();
}

// A failed transaction() opened nothing: the alert runs with no
// transaction open.
bool placeOrAlert(QSqlDatabase &db, QNetworkAccessManager &nam, int id) {
  if (!db.transaction()) {
    nam.post(QNetworkRequest(QUrl("https://alerts.example.com/")), QByteArray("busy"));
    return false;
  }
  writeOrder(db);
  return db.commit();
}

// No commit follows: the transaction is rolled back.
void preview(QSqlDatabase &db, QNetworkAccessManager &nam, int id) {
  db.transaction();
  writeOrder(db);
  nam.get(QNetworkRequest(QUrl("https://preview.example.com/")));
  db.rollback();
}

// Before the transaction begins.
bool fetchThenSave(QSqlDatabase &db, QNetworkAccessManager &nam, int id) {
  nam.get(QNetworkRequest(QUrl("https://prices.example.com/")));
  if (!db.transaction())
    return false;
  writeOrder(db);
  return db.commit();
}

// Logging, in-memory buffers, text formatting and reading a file are not
// effects a rollback needs to undo.
bool saveLogged(QSqlDatabase &db, QFile &input, int id) {
  if (!db.transaction())
    return false;
  qDebug() << "saving order" << id;
  qWarning("saving order %d", id);
  QBuffer buffer;
  buffer.open(QIODevice::WriteOnly);
  buffer.write("in memory");
  QString text;
  QTextStream stream(&text);
  stream << "order " << id;
  QByteArray line = input.readLine();
  Q_UNUSED(line);
  writeOrder(db);
  return db.commit();
}

// A helper that opens a file for reading and reads it (YACReader's
// ComicInfo.xml) changes nothing outside the database.
static QByteArray readSidecar(const QString &path) {
  QFile xml(path + ".xml");
  if (!xml.open(QIODevice::ReadOnly | QIODevice::Text))
    return QByteArray();
  QByteArray data = xml.readAll();
  xml.close();
  return data;
}
bool importComic(QSqlDatabase &db, const QString &path) {
  if (!db.transaction())
    return false;
  QByteArray info = readSidecar(path);
  QSqlQuery insert(db);
  insert.prepare("INSERT INTO comic_info (xml) VALUES (?)");
  insert.addBindValue(info);
  if (!insert.exec()) {
    db.rollback();
    return false;
  }
  return db.commit();
}

// A function without a transaction.
void notifyOnly(QNetworkAccessManager &nam, QTcpSocket &socket) {
  nam.post(QNetworkRequest(QUrl("https://hooks.example.com/")), QByteArray("ping"));
  socket.write("ping");
}
