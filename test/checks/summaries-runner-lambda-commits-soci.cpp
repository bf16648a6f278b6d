// A transaction runner in the shape of Linphone's L_DB_TRANSACTION: the
// runner begins a transaction object, keeps the caller's lambda in a member
// and calls it through a private exec(tr); the lambda writes and commits
// the transaction it is handed on every path. The lambda's writes run inside
// the runner's transaction, and neither the lambda nor exec(), which only
// runs it, commits a transaction it does not own: nothing is reported.
//
// RUN: %check_txnlint %s 'txn-*' %t -- -- -std=c++17

#include <soci/soci.h>

#include <utility>

class SmartTransaction {
public:
  explicit SmartTransaction(soci::session *session) : mSession(session) {
    mSession->begin();
  }
  ~SmartTransaction() {
    if (!mIsCommitted)
      mSession->rollback();
  }
  void commit() {
    if (mIsCommitted)
      return;
    mIsCommitted = true;
    mSession->commit();
  }

private:
  soci::session *mSession;
  bool mIsCommitted = false;
};

template <typename Function> class DbTransaction {
public:
  DbTransaction(soci::session *session, Function &&function)
      : mFunction(std::move(function)) {
    try {
      SmartTransaction tr(session);
      mResult = exec(tr);
    } catch (const soci::soci_error &) {
      mResult = false;
    }
  }
  operator bool() const { return mResult; }

private:
  bool exec(SmartTransaction &tr) const { return mFunction(tr); }

  Function mFunction;
  bool mResult = false;
};

template <typename Function>
bool runInTransaction(soci::session *session, Function &&function) {
  return DbTransaction<Function>(session, std::forward<Function>(function));
}

class MainDb {
public:
  bool markChatMessagesAsRead(long long chatRoomId) {
    return runInTransaction(&mSession, [&](SmartTransaction &tr) {
      mSession << "UPDATE conference_chat_message_event SET state = 1 "
                  "WHERE chat_room_id = :id",
          soci::use(chatRoomId);
      mSession << "UPDATE chat_room SET unread_message_count = 0 "
                  "WHERE id = :id",
          soci::use(chatRoomId);
      tr.commit();
      return true;
    });
  }

private:
  soci::session mSession;
};
