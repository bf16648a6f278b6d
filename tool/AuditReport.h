//===--- AuditReport.h - The transaction audit report -----------*- C++ -*-===//
//
// `txnlint --report=<dir>`: an inventory of every transaction boundary of
// the analyzed code, from the same run as the diagnostics, as report.json
// (schema in docs/report-schema.json), report.md and a self-contained
// index.html.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_TOOL_AUDITREPORT_H
#define TXNLINT_TOOL_AUDITREPORT_H

#include "Findings.h"
#include "llvm/Support/Error.h"
#include <nlohmann/json.hpp>

namespace txnlint {

/// The report document: \p Functions are the JSON payloads of the
/// txnlint-audit remarks, \p Findings the diagnostics of the run, which
/// analyzed \p FilesAnalyzed files.
nlohmann::ordered_json buildReport(llvm::ArrayRef<std::string> Functions,
                                   llvm::ArrayRef<Finding> Findings,
                                   llvm::StringRef SourceRoot,
                                   size_t FilesAnalyzed);

/// Adds the results of `txnlint faultsim -o` runs (docs/faultsim.md) to
/// \p Report: a failure_simulation section with the runs that found a
/// problem, and `confirmed_by_failure_simulation` on the findings they
/// confirm. Fails on a document that is not such a result.
llvm::Error addFailureSimulation(nlohmann::ordered_json &Report,
                                 llvm::ArrayRef<nlohmann::ordered_json> Results);

std::string reportToMarkdown(const nlohmann::ordered_json &Report);

/// One HTML file with inline CSS and JavaScript, no network access; every
/// text from the analyzed code is escaped.
std::string reportToHtml(const nlohmann::ordered_json &Report);

/// Writes report.json, report.md and index.html into \p Directory.
llvm::Error writeReport(const nlohmann::ordered_json &Report,
                        llvm::StringRef Directory);

} // namespace txnlint

#endif
