//===--- DeferredUpgradeCheck.h - txn-deferred-upgrade ----------*- C++ -*-===//

#ifndef TXNLINT_DEFERREDUPGRADECHECK_H
#define TXNLINT_DEFERREDUPGRADECHECK_H

#include "utils/TransactionCheck.h"

namespace txnlint {

/// Finds SQLite transactions begun deferred whose first statement reads and
/// a later one writes: the read takes a shared lock that another
/// connection's write makes impossible to upgrade, and the write fails with
/// SQLITE_BUSY without waiting.
///
/// For the user-facing documentation see docs/checks/txn-deferred-upgrade.md
class DeferredUpgradeCheck : public TransactionCheck {
public:
  using TransactionCheck::TransactionCheck;

protected:
  void checkFunction(const FunctionTxnResult &Analysis,
                     clang::ASTContext &Ctx) override;
};

} // namespace txnlint

#endif
