//===--- Findings.h - Diagnostics as the driver reports them ----*- C++ -*-===//
//
// Converts clang-tidy's errors (file + byte offset) into findings with line
// and column, and prints them as text (clang-tidy's exact format) or JSON.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_TOOL_FINDINGS_H
#define TXNLINT_TOOL_FINDINGS_H

#include "ClangTidyDiagnosticConsumer.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/Support/raw_ostream.h"
#include <string>
#include <vector>

namespace txnlint {

/// A position in a file; lines and columns count from 1, columns in bytes.
/// A diagnostic without one (a configuration problem) has no file.
struct FindingLocation {
  std::string File;
  unsigned Line = 0, Column = 0;
  /// The column just after the token at the position (on its line), or 0.
  unsigned EndColumn = 0;
  /// The whole line, as written.
  std::string LineText;

  /// Whether there is such a place (a configuration problem has none).
  bool isValid() const { return Line != 0; }
};

struct FindingNote {
  FindingLocation Where;
  std::string Message;
};

struct FindingFix {
  FindingLocation Where;
  unsigned Offset = 0, Length = 0;
  std::string Replacement;
};

struct Finding {
  /// Index of the clang-tidy error this finding was made from.
  size_t ErrorIndex = 0;
  std::string Check;
  /// "warning", "error" or "remark".
  std::string Severity;
  FindingLocation Where;
  std::string Message;
  std::vector<FindingNote> Notes;
  std::vector<FindingFix> Fixes;
  /// Stays the same when unrelated lines move: the check, the file relative
  /// to the source root, the message, the text of the flagged line with its
  /// spacing folded, and which of several identical findings it is.
  std::string Fingerprint;
};

/// Reads the analyzed files back to turn offsets into lines and columns and
/// to print source lines under diagnostics.
class FindingRenderer {
public:
  /// \p SourceRoot: paths in fingerprints are relative to it.
  explicit FindingRenderer(std::string SourceRoot);

  /// The findings of \p Errors, ordered by file, line, column and check.
  std::vector<Finding>
  findings(llvm::ArrayRef<clang::tidy::ClangTidyError> Errors);

  /// Prints \p Errors as clang-tidy does: location, severity, message and
  /// check name, the source line and a caret, then the notes.
  void printText(llvm::ArrayRef<clang::tidy::ClangTidyError> Errors,
                 llvm::raw_ostream &OS, bool UseColor);

private:
  clang::SourceLocation location(llvm::StringRef File, unsigned Offset);
  FindingLocation position(llvm::StringRef File, unsigned Offset);
  std::string sourceLine(llvm::StringRef File, unsigned Offset);
  std::string lineText(llvm::StringRef File, unsigned Offset);

  std::string SourceRoot;
  clang::FileManager Files;
  llvm::IntrusiveRefCntPtr<clang::DiagnosticOptions> DiagOpts;
  clang::DiagnosticsEngine Diags;
  clang::SourceManager SourceMgr;
};

/// Resolves paths relative to each error's build directory, as clang-tidy
/// does when it prints (compile databases may name files relatively).
void makePathsAbsolute(std::vector<clang::tidy::ClangTidyError> &Errors);

/// \p Path relative to \p Root when it is below it, else unchanged.
std::string relativeTo(llvm::StringRef Path, llvm::StringRef Root);

/// \p ByteColumn (from 1) of \p Line counted in UTF-16 code units, as
/// SARIF and LSP count by default. Bytes that are not UTF-8 count one each.
unsigned utf16Column(llvm::StringRef Line, unsigned ByteColumn);

/// The JSON document documented in docs/output.md.
std::string findingsToJson(llvm::ArrayRef<Finding> Findings);

} // namespace txnlint

#endif
