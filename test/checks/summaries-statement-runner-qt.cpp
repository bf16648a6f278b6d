// A helper that runs the query it is given and only logs a failure, in the
// shape of Kadu's HistorySqlStorage::executeQuery(QSqlQuery &): each call
// runs the caller's statement with the caller's SQL, so two calls on two
// prepared DELETEs are two writes (not one helper's statement run twice),
// and outside a transaction each commits on its own.
//
// RUN: %check_txnlint %s txn-autocommit-multi-write %t -- -- -std=c++17 -fPIC -I/usr/include/x86_64-linux-gnu/qt5 -I/usr/include/x86_64-linux-gnu/qt5/QtCore -I/usr/include/x86_64-linux-gnu/qt5/QtSql

#include <QtCore/QDebug>
#include <QtCore/QVariant>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlError>
#include <QtSql/QSqlQuery>

class HistoryStorage {
public:
  void executeQuery(QSqlQuery &query) {
    query.setForwardOnly(true);
    if (!query.exec())
      qWarning() << "query failed:" << query.lastError().text();
  }

  void clearChatHistory(int chatId) {
    QSqlQuery removeMessages(Database);
    removeMessages.prepare("DELETE FROM kadu_messages WHERE chat_id = :chat");
    removeMessages.bindValue(":chat", chatId);
    executeQuery(removeMessages);
    QSqlQuery removeChat(Database);
    removeChat.prepare("DELETE FROM kadu_chats WHERE id = :chat");
    removeChat.bindValue(":chat", chatId);
    executeQuery(removeChat);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'Database' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  }

  void clearChatHistoryAtomically(int chatId) {
    if (!Database.transaction())
      return;
    QSqlQuery removeMessages(Database);
    removeMessages.prepare("DELETE FROM kadu_messages WHERE chat_id = :chat");
    removeMessages.bindValue(":chat", chatId);
    executeQuery(removeMessages);
    QSqlQuery removeChat(Database);
    removeChat.prepare("DELETE FROM kadu_chats WHERE id = :chat");
    removeChat.bindValue(":chat", chatId);
    executeQuery(removeChat);
    if (!Database.commit())
      Database.rollback();
  }

private:
  QSqlDatabase Database;
};
