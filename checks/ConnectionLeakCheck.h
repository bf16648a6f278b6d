//===--- ConnectionLeakCheck.h - txn-connection-leak ------------*- C++ -*-===//

#ifndef TXNLINT_CONNECTIONLEAKCHECK_H
#define TXNLINT_CONNECTIONLEAKCHECK_H

#include "utils/TransactionCheck.h"

namespace txnlint {

/// Finds connections opened with a C API (sqlite3_open, PQconnectdb,
/// mdb_env_create, mysql_init) that some path out of the function leaves
/// open, neither closed nor returned, stored or handed to an owner.
///
/// For the user-facing documentation see
/// docs/checks/txn-connection-leak.md
class ConnectionLeakCheck : public TransactionCheck {
public:
  using TransactionCheck::TransactionCheck;

protected:
  void checkFunction(const FunctionTxnResult &Analysis,
                     clang::ASTContext &Ctx) override;
};

} // namespace txnlint

#endif
