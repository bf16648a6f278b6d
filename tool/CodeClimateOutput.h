//===--- CodeClimateOutput.h - GitLab Code Quality reports ------*- C++ -*-===//

#ifndef TXNLINT_TOOL_CODECLIMATEOUTPUT_H
#define TXNLINT_TOOL_CODECLIMATEOUTPUT_H

#include "Findings.h"
#include <nlohmann/json_fwd.hpp>

namespace txnlint {

/// GitLab's Code Quality report, a Code Climate issue array
/// (docs/output.md): paths relative to \p SourceRoot, the baseline
/// fingerprint, GitLab's severities. A finding without a location cannot be
/// placed in a file: it is left out, and counted in \p Omitted.
std::string findingsToCodeClimate(llvm::ArrayRef<Finding> Findings,
                                  llvm::StringRef SourceRoot,
                                  std::vector<const Finding *> &Omitted);

/// Puts \p Issues in the report's order (by path and line; those of one
/// line as they come) and drops repeated fingerprints: a header's findings
/// come from every shard that includes it.
void orderCodeClimateIssues(nlohmann::ordered_json &Issues);

} // namespace txnlint

#endif
