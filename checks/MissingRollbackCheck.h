//===--- MissingRollbackCheck.h - txn-missing-rollback ----------*- C++ -*-===//

#ifndef TXNLINT_MISSINGROLLBACKCHECK_H
#define TXNLINT_MISSINGROLLBACKCHECK_H

#include "ClangTidyCheck.h"

namespace txnlint {

/// Finds manually begun transactions that reach a function exit on some
/// path (a return, the end of the function, an exception) without being
/// committed or rolled back.
///
/// For the user-facing documentation see docs/checks/txn-missing-rollback.md
class MissingRollbackCheck : public clang::tidy::ClangTidyCheck {
public:
  using ClangTidyCheck::ClangTidyCheck;
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
  void onStartOfTranslationUnit() override;
};

} // namespace txnlint

#endif
