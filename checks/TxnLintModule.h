//===--- TxnLintModule.h - The list of txnlint checks -----------*- C++ -*-===//

#ifndef TXNLINT_TXNLINTMODULE_H
#define TXNLINT_TXNLINTMODULE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace txnlint {

/// What a finding of a check can cost, most first (docs/output.md#severity):
/// lost or corrupted data, a failure nobody notices, the style of handling.
enum class CheckSeverity { High, Medium, Low };

struct CheckSummary {
  llvm::StringRef Name;
  /// One line for --list-checks.
  llvm::StringRef Summary;
  CheckSeverity Severity;
  /// A tool aid (audit data, model and event dumps): enabled only by a
  /// Checks glob that names it, never by a wildcard such as '*'.
  bool NamedOnly = false;
};

/// Every check the module registers, in registration order.
llvm::ArrayRef<CheckSummary> checkSummaries();

/// Whether the Checks globs \p Globs enable \p Check.
bool isCheckEnabled(const CheckSummary &Check, llvm::StringRef Globs);

/// The severity of \p Check. Diagnostics that are not the module's checks
/// (a compile error) are High: they make the file's other findings
/// unreliable.
CheckSeverity checkSeverity(llvm::StringRef Check);

/// "high", "medium" or "low".
llvm::StringRef severityName(CheckSeverity Severity);

} // namespace txnlint

#endif
