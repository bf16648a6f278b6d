// The SOCI profile names soci::soci_error as what its operations throw. A
// read-back after the commit that may throw it fails as the database does,
// which is no validation that came too late (liblinphone's unread counter
// cache, refreshed after the commit); a check of the program's own that
// throws is.
//
// RUN: %check_txnlint %s txn-commit-before-validation %t -- -- -std=c++17

#include <soci/soci.h>

#include <stdexcept>

static int selectUnreadCount(soci::session &Session, long long ChatRoomId) {
  int Count = 0;
  Session << "SELECT unread_message_count FROM chat_room WHERE id = :id",
      soci::use(ChatRoomId), soci::into(Count);
  return Count;
}

// Negative: only the library's failure can follow the commit.
int incrementUnreadCount(soci::session &Session, long long ChatRoomId, int N) {
  soci::transaction Tr(Session);
  Session << "UPDATE chat_room SET unread_message_count = "
             "unread_message_count + :n WHERE id = :id",
      soci::use(N), soci::use(ChatRoomId);
  Tr.commit();
  return selectUnreadCount(Session, ChatRoomId);
}

static int checkedUnreadCount(soci::session &Session, long long ChatRoomId) {
  int Count = selectUnreadCount(Session, ChatRoomId);
  if (Count < 0)
    throw std::runtime_error("negative unread count");
  return Count;
}

int incrementChecked(soci::session &Session, long long ChatRoomId, int N) {
  soci::transaction Tr(Session);
  Session << "UPDATE chat_room SET unread_message_count = "
             "unread_message_count + :n WHERE id = :id",
      soci::use(N), soci::use(ChatRoomId);
  Tr.commit();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: transaction 'Tr' is committed before 'checkedUnreadCount' can fail; a failure there leaves a partial write [txn-commit-before-validation]
  return checkedUnreadCount(Session, ChatRoomId);
}
