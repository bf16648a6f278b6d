//===--- NameGlobs.h - Options that name functions or types -----*- C++ -*-===//
//
// A ';'-separated list of globs (ValidatorFunctions, SideEffectFunctions,
// TransactionOwners, ...) matched, ignoring case, against a declaration's
// unqualified and qualified names; the part of a glob after its last "::"
// matches the unqualified name ("*::log*" is any log...() method, not any
// function of a namespace logging).
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_UTILS_NAMEGLOBS_H
#define TXNLINT_UTILS_NAMEGLOBS_H

#include "clang/AST/Decl.h"
#include "llvm/Support/GlobPattern.h"
#include <optional>
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
  struct NamePattern {
    llvm::GlobPattern Whole;
    /// For a glob with "::", its part after the last one, which the
    /// unqualified name must match as well.
    std::optional<llvm::GlobPattern> Name;
  };
  std::vector<NamePattern> Patterns;
};

} // namespace txnlint

#endif
