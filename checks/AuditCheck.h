//===--- AuditCheck.h - txnlint-audit ---------------------------*- C++ -*-===//

#ifndef TXNLINT_AUDITCHECK_H
#define TXNLINT_AUDITCHECK_H

#include "utils/TransactionCheck.h"

namespace txnlint {

/// Not a bug finder: for every function with transaction events, one remark
/// whose argument is a JSON description of its transaction scopes (API,
/// kind, writes, savepoints, failure points, commits and rollbacks) and of
/// the transactions it receives from its caller. `txnlint --report` turns
/// them into the audit report. Its name is outside txn-* so that enabling
/// every check does not enable it.
class AuditCheck : public TransactionCheck {
public:
  using TransactionCheck::TransactionCheck;

  /// The prefix of the remark's message, before the JSON.
  static constexpr llvm::StringLiteral MessagePrefix = "txnlint-audit ";

protected:
  void checkFunction(const FunctionTxnResult &Analysis,
                     clang::ASTContext &Ctx) override;
};

} // namespace txnlint

#endif
