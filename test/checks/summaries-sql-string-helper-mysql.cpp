// A helper that runs its caller's SQL through Connector/C++ (SEMS's DSM
// `myExecute(conn, qstr, sess)`): `executeUpdate` takes an sql::SQLString,
// so the caller's std::string reaches it through a conversion. That is
// still the caller's SQL: two calls are two autocommitted writes.
//
// RUN: %check_txnlint %s txn-autocommit-multi-write %t -- -- -std=c++17

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/statement.h>

#include <cstdio>
#include <memory>
#include <string>

static bool myExecute(sql::Connection *conn, const std::string &qstr) {
  try {
    std::unique_ptr<sql::Statement> stmt(conn->createStatement());
    stmt->executeUpdate(qstr);
    return true;
  } catch (const sql::SQLException &e) {
    fprintf(stderr, "DB query '%s' failed: '%s'\n", qstr.c_str(), e.what());
    return false;
  }
}

bool storeVoicemail(sql::Connection *conn, const std::string &mailbox) {
  if (!myExecute(conn, "INSERT INTO voicemail_msgs (mailbox) VALUES ('" +
                           mailbox + "')"))
    return false;
  return myExecute(conn,
                   "UPDATE mailboxes SET new_msgs = new_msgs + 1 WHERE "
                   "mailbox = '" + mailbox + "'");
  // CHECK-NOTES: :[[@LINE-3]]:10: warning: 'conn' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-7]]:8: note: the earlier write commits here on its own
}

// Negative: a SELECT through the same helper writes nothing.
bool touchMailbox(sql::Connection *conn, const std::string &mailbox) {
  if (!myExecute(conn, "SELECT 1 FROM mailboxes WHERE mailbox = '" + mailbox +
                           "'"))
    return false;
  return myExecute(conn, "UPDATE mailboxes SET seen = 1");
}
