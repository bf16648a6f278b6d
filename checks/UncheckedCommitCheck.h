//===--- UncheckedCommitCheck.h - txn-unchecked-commit ----------*- C++ -*-===//

#ifndef TXNLINT_UNCHECKEDCOMMITCHECK_H
#define TXNLINT_UNCHECKEDCOMMITCHECK_H

#include "utils/TransactionCheck.h"

namespace txnlint {

/// Finds commits that report failure by their return value (a bool, a
/// status code, a status object, a result) whose result is ignored.
///
/// For the user-facing documentation see docs/checks/txn-unchecked-commit.md
class UncheckedCommitCheck : public TransactionCheck {
public:
  using TransactionCheck::TransactionCheck;

protected:
  void checkFunction(const FunctionTxnResult &Analysis,
                     clang::ASTContext &Ctx) override;
};

} // namespace txnlint

#endif
