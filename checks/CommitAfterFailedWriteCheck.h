//===--- CommitAfterFailedWriteCheck.h - txn-commit-after-failed-write -*- C++ -*-===//

#ifndef TXNLINT_COMMITAFTERFAILEDWRITECHECK_H
#define TXNLINT_COMMITAFTERFAILEDWRITECHECK_H

#include "utils/TransactionCheck.h"

namespace txnlint {

/// Finds writes inside a transaction whose failure, reported by their
/// result, is ignored or tested without stopping the commit: a failed
/// write is followed by a commit of the rest.
///
/// For the user-facing documentation see
/// docs/checks/txn-commit-after-failed-write.md
class CommitAfterFailedWriteCheck : public TransactionCheck {
public:
  using TransactionCheck::TransactionCheck;

protected:
  void checkFunction(const FunctionTxnResult &Analysis,
                     clang::ASTContext &Ctx) override;

private:
  void checkLambdaInTransaction(const FunctionTxnResult &Analysis,
                                clang::ASTContext &Ctx);
};

} // namespace txnlint

#endif
