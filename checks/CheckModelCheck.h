//===--- CheckModelCheck.h - txnlint-check-model ----------------*- C++ -*-===//

#ifndef TXNLINT_CHECKMODELCHECK_H
#define TXNLINT_CHECKMODELCHECK_H

#include "ClangTidyCheck.h"

namespace txnlint {

class TransactionModel;

/// Not a bug finder: warns about each type and function of a user model
/// file (TxnModelFiles) that names no declaration in the translation unit,
/// so that a misspelt or mis-scoped name does not go unnoticed (txnlint
/// --check-model, and with --dump-events). Built-in profiles are left out:
/// a program uses few of the modelled libraries.
class CheckModelCheck : public clang::tidy::ClangTidyCheck {
public:
  CheckModelCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context);

  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

private:
  const std::string ModelFiles;
  const TransactionModel *Model;
};

} // namespace txnlint

#endif
