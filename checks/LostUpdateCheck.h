//===--- LostUpdateCheck.h - txn-lost-update --------------------*- C++ -*-===//

#ifndef TXNLINT_LOSTUPDATECHECK_H
#define TXNLINT_LOSTUPDATECHECK_H

#include "utils/TransactionCheck.h"

namespace txnlint {

/// Finds read-modify-write cycles that lose updates: a transaction reads a
/// row with a plain SELECT and writes a value computed from it back with
/// UPDATE ... SET col = ?, at an isolation level where a concurrent
/// transaction can do the same in between (PostgreSQL and MySQL READ
/// COMMITTED, MySQL REPEATABLE READ).
///
/// For the user-facing documentation see docs/checks/txn-lost-update.md
class LostUpdateCheck : public TransactionCheck {
public:
  using TransactionCheck::TransactionCheck;

protected:
  void checkFunction(const FunctionTxnResult &Analysis,
                     clang::ASTContext &Ctx) override;
};

} // namespace txnlint

#endif
