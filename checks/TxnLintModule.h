//===--- TxnLintModule.h - The list of txnlint checks -----------*- C++ -*-===//

#ifndef TXNLINT_TXNLINTMODULE_H
#define TXNLINT_TXNLINTMODULE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace txnlint {

struct CheckSummary {
  llvm::StringRef Name;
  /// One line for --list-checks.
  llvm::StringRef Summary;
};

/// Every check the module registers, in registration order.
llvm::ArrayRef<CheckSummary> checkSummaries();

} // namespace txnlint

#endif
