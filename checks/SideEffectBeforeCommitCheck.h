//===--- SideEffectBeforeCommitCheck.h - txn-side-effect-before-commit -*- C++ -*-===//

#ifndef TXNLINT_SIDEEFFECTBEFORECOMMITCHECK_H
#define TXNLINT_SIDEEFFECTBEFORECOMMITCHECK_H

#include "utils/SideEffectCalls.h"
#include "utils/TransactionCheck.h"

namespace txnlint {

/// Finds calls with an effect outside the database (HTTP, e-mail, queues,
/// files) made inside a transaction before it commits: a rollback or a
/// failed commit cannot take them back.
///
/// For the user-facing documentation see
/// docs/checks/txn-side-effect-before-commit.md
class SideEffectBeforeCommitCheck : public TransactionCheck {
public:
  SideEffectBeforeCommitCheck(llvm::StringRef Name,
                              clang::tidy::ClangTidyContext *Context);
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

protected:
  void checkFunction(const FunctionTxnResult &Analysis,
                     clang::ASTContext &Ctx) override;

private:
  const std::string SideEffectFunctionsOption;
  const std::string SideEffectTypesOption;
  std::vector<NameGlobs::Error> OptionErrors;
  const SideEffectCalls SideEffects;
};

} // namespace txnlint

#endif
