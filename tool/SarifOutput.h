//===--- SarifOutput.h - SARIF 2.1.0 for code scanning ----------*- C++ -*-===//

#ifndef TXNLINT_TOOL_SARIFOUTPUT_H
#define TXNLINT_TOOL_SARIFOUTPUT_H

#include "Findings.h"

namespace txnlint {

/// One SARIF 2.1.0 log with one run: a rule per check (descriptions from
/// the check's doc page), results with locations relative to
/// \p SourceRoot, notes as related locations, and partial fingerprints.
std::string findingsToSarif(llvm::ArrayRef<Finding> Findings,
                            llvm::StringRef SourceRoot);

} // namespace txnlint

#endif
