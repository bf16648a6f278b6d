//===--- MissingRollbackCheck.h - txn-missing-rollback ----------*- C++ -*-===//

#ifndef TXNLINT_MISSINGROLLBACKCHECK_H
#define TXNLINT_MISSINGROLLBACKCHECK_H

#include "utils/TransactionCheck.h"

namespace txnlint {

/// Finds manually begun transactions that reach a function exit on some
/// path (a return, the end of the function, an exception) without being
/// committed or rolled back.
///
/// For the user-facing documentation see docs/checks/txn-missing-rollback.md
class MissingRollbackCheck : public TransactionCheck {
public:
  using TransactionCheck::TransactionCheck;

protected:
  void checkFunction(const FunctionTxnResult &Analysis,
                     clang::ASTContext &Ctx) override;
};

} // namespace txnlint

#endif
