//===--- SarifOutput.h - SARIF 2.1.0 for code scanning ----------*- C++ -*-===//

#ifndef TXNLINT_TOOL_SARIFOUTPUT_H
#define TXNLINT_TOOL_SARIFOUTPUT_H

#include "Findings.h"

namespace txnlint {

struct SarifOptions {
  /// Uris are relative to it (uriBaseId SRCROOT).
  std::string SourceRoot;
  /// Rules link <HelpUriBase>/<check>.md; no helpUri when empty.
  std::string HelpUriBase;
  /// runs[0].automationDetails.id, which tells code scanning's categories
  /// apart; none when empty.
  std::string Category;
  /// Problems of the run that are no diagnostic (a file left unanalysed).
  std::vector<std::string> ToolErrors;
};

/// One SARIF 2.1.0 log with one run (docs/output.md): a rule per check with
/// help from its doc page, a result per finding with its notes as related
/// locations and as the steps of a code flow, columns in UTF-16 code units.
/// Compile and configuration errors, diagnostics without a location and
/// \p Options.ToolErrors are tool execution notifications.
std::string findingsToSarif(llvm::ArrayRef<Finding> Findings,
                            const SarifOptions &Options);

} // namespace txnlint

#endif
