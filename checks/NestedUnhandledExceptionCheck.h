//===--- NestedUnhandledExceptionCheck.h - txn-nested-unhandled-exception -*- C++ -*-===//

#ifndef TXNLINT_NESTEDUNHANDLEDEXCEPTIONCHECK_H
#define TXNLINT_NESTEDUNHANDLEDEXCEPTIONCHECK_H

#include "utils/TransactionCheck.h"

namespace txnlint {

/// Finds statements that can throw inside a savepoint (nested transaction)
/// when no handler around it rolls back to the savepoint and stops the
/// exception: the exception crosses the savepoint and aborts the whole
/// enclosing transaction.
///
/// For the user-facing documentation see
/// docs/checks/txn-nested-unhandled-exception.md
class NestedUnhandledExceptionCheck : public TransactionCheck {
public:
  using TransactionCheck::TransactionCheck;

protected:
  void checkFunction(const FunctionTxnResult &Analysis,
                     clang::ASTContext &Ctx) override;
};

} // namespace txnlint

#endif
