//===--- DumpEventsCheck.h - txnlint-dump-events ----------------*- C++ -*-===//

#ifndef TXNLINT_DUMPEVENTSCHECK_H
#define TXNLINT_DUMPEVENTSCHECK_H

#include "utils/TransactionCheck.h"

namespace txnlint {

/// Not a bug finder: reports, as remarks, every transaction event the model
/// recognizes (begin, write, commit, savepoint, destructor, ...) with its
/// location, for writing and debugging models (txnlint --dump-events). Its
/// name is outside txn-* so that enabling every check does not enable it.
class DumpEventsCheck : public TransactionCheck {
public:
  using TransactionCheck::TransactionCheck;

protected:
  void checkFunction(const FunctionTxnResult &Analysis,
                     clang::ASTContext &Ctx) override;
};

} // namespace txnlint

#endif
