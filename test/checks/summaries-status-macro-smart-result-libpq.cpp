// YugabyteDB's libpq wrapper: PGConn::Execute keeps the PGresult in a
// std::unique_ptr and tests PQresultStatus(res.get()), and callers test
// the returned Status through RETURN_NOT_OK, whose test is wrapped in a
// branch hint (`if (PREDICT_FALSE(!_s.ok())) return _s;`). The hint tests
// what it is given, and the smart pointer holds the statement's result: a
// commit whose status is returned is checked, and its own test is no
// validation after it.
//
// RUN: %check_txnlint %s txn-commit-before-validation,txn-unchecked-commit %t -- -- -I/usr/include/postgresql -std=c++17

#include <libpq-fe.h>

#include <memory>
#include <string>
#include <utility>

#define PREDICT_FALSE(x) (__builtin_expect(!!(x), 0))
#define RETURN_NOT_OK(expr)                                                   \
  do {                                                                        \
    auto &&_s = (expr);                                                       \
    if (PREDICT_FALSE(!_s.ok()))                                              \
      return std::move(_s);                                                   \
  } while (false)

class Status {
public:
  static Status OK() { return Status(); }
  static Status Error(std::string msg) { return Status(std::move(msg)); }
  bool ok() const { return msg_.empty(); }

private:
  Status() = default;
  explicit Status(std::string msg) : msg_(std::move(msg)) {}
  std::string msg_;
};

struct PGResultClear {
  void operator()(PGresult *r) const { PQclear(r); }
};
using PGResultPtr = std::unique_ptr<PGresult, PGResultClear>;

class PGConn {
public:
  Status Execute(const std::string &command) {
    PGResultPtr res(PQexec(conn_, command.c_str()));
    auto status = PQresultStatus(res.get());
    if (status != PGRES_COMMAND_OK)
      return Status::Error(PQresultErrorMessage(res.get()));
    return Status::OK();
  }
  Status StartTransaction() { return Execute("BEGIN"); }
  Status CommitTransaction() { return Execute("COMMIT"); }
  Status RollbackTransaction() { return Execute("ROLLBACK"); }
  int FetchCount(const std::string &query) {
    PGResultPtr res(PQexec(conn_, query.c_str()));
    return PQresultStatus(res.get()) == PGRES_TUPLES_OK
               ? atoi(PQgetvalue(res.get(), 0, 0))
               : -1;
  }

private:
  PGconn *conn_ = nullptr;
};

// The commit's status is dropped.
Status AckDdl(PGConn *conn, int id) {
  RETURN_NOT_OK(conn->StartTransaction());
  RETURN_NOT_OK(conn->Execute("UPDATE ddl_queue SET acked = true"));
  conn->CommitTransaction();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the result of committing transaction on 'conn' is not checked; a failed commit goes unnoticed and its changes are lost [txn-unchecked-commit]
  return Status::OK();
}

// Negative: the commit's own status, tested through the macro, is no
// validation that comes after it.
Status DeleteTablegroup(PGConn *conn) {
  RETURN_NOT_OK(conn->StartTransaction());
  RETURN_NOT_OK(conn->Execute("DELETE FROM tablegroups WHERE dropped"));
  RETURN_NOT_OK(conn->CommitTransaction());
  return Status::OK();
}

// Negative: a read-only snapshot, checked after its commit.
Status VerifyDrained(PGConn *conn) {
  RETURN_NOT_OK(conn->StartTransaction());
  int queued = conn->FetchCount("SELECT COUNT(*) FROM ddl_queue");
  int replicated = conn->FetchCount("SELECT COUNT(*) FROM replicated_ddls");
  RETURN_NOT_OK(conn->CommitTransaction());
  if (queued != replicated)
    return Status::Error("DDL queue is not drained");
  return Status::OK();
}
