//===--- UseAfterEndCheck.h - txn-use-after-end -----------------*- C++ -*-===//

#ifndef TXNLINT_USEAFTERENDCHECK_H
#define TXNLINT_USEAFTERENDCHECK_H

#include "utils/TransactionCheck.h"

namespace txnlint {

/// Finds a transaction used (exec, query, commit again) after it was
/// committed or rolled back on every path that reaches the use.
///
/// For the user-facing documentation see docs/checks/txn-use-after-end.md
class UseAfterEndCheck : public TransactionCheck {
public:
  using TransactionCheck::TransactionCheck;

protected:
  void checkFunction(const FunctionTxnResult &Analysis,
                     clang::ASTContext &Ctx) override;
};

} // namespace txnlint

#endif
