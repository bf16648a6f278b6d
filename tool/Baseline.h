//===--- Baseline.h - Findings accepted as they are -------------*- C++ -*-===//
//
// A baseline records the findings of a codebase when txnlint is adopted, so
// that CI fails only on new ones. Findings are matched by fingerprint, which
// survives edits elsewhere in the file.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_TOOL_BASELINE_H
#define TXNLINT_TOOL_BASELINE_H

#include "Findings.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Error.h"

namespace txnlint {

/// Writes \p Findings as a baseline file (docs/ci.md).
llvm::Error writeBaseline(llvm::ArrayRef<Finding> Findings,
                          llvm::StringRef SourceRoot, llvm::StringRef Path);

/// The fingerprints recorded in the baseline file at \p Path.
llvm::Expected<llvm::StringSet<>> readBaseline(llvm::StringRef Path);

/// Removes from \p Errors the findings whose fingerprints (relative to
/// \p SourceRoot) are in \p Known.
void dropBaselined(std::vector<clang::tidy::ClangTidyError> &Errors,
                   const llvm::StringSet<> &Known, llvm::StringRef SourceRoot);

/// `txnlint merge <input>... -o <file>`: merges the JSON or SARIF outputs
/// of shards into one. Returns the exit status.
int mergeOutputs(llvm::ArrayRef<std::string> Inputs, llvm::StringRef Output);

} // namespace txnlint

#endif
