//===--- NameGlobs.h - Options that name functions or types -----*- C++ -*-===//
//
// A ';'-separated list of globs (ValidatorFunctions, SideEffectFunctions,
// TransactionOwners, ...) matched, ignoring case, against a declaration's
// unqualified and qualified names.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_UTILS_NAMEGLOBS_H
#define TXNLINT_UTILS_NAMEGLOBS_H

#include "clang/AST/Decl.h"
#include "llvm/Support/GlobPattern.h"
#include <string>
#include <vector>

namespace txnlint {

class NameGlobs {
public:
  /// A malformed glob and what is wrong with it.
  using Error = std::pair<std::string, std::string>;

  /// Parses \p List; malformed globs are skipped and described in
  /// \p Errors.
  NameGlobs(llvm::StringRef List, std::vector<Error> &Errors);
  NameGlobs(const NameGlobs &) = delete;

  bool matches(const clang::NamedDecl *D) const;
  /// Whether a glob matches \p QualifiedName whole: "sleep" matches the
  /// function ::sleep, not the method QThread::sleep.
  bool matchesQualified(llvm::StringRef QualifiedName) const;
  bool matches(llvm::StringRef QualifiedName) const;

private:
  // GlobPattern refers to its text: these stay put once the patterns exist.
  std::vector<std::string> Texts;
  std::vector<llvm::GlobPattern> Patterns;
};

} // namespace txnlint

#endif
