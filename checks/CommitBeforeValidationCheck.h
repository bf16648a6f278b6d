//===--- CommitBeforeValidationCheck.h - txn-commit-before-validation -*- C++ -*-===//

#ifndef TXNLINT_COMMITBEFOREVALIDATIONCHECK_H
#define TXNLINT_COMMITBEFOREVALIDATIONCHECK_H

#include "utils/NameGlobs.h"
#include "utils/TransactionCheck.h"

namespace txnlint {

/// Finds commits that a later step of the same workflow can still fail
/// after: a throw, a validator or a call known to throw, an error return,
/// or further writes on the committed connection. A failure there leaves a
/// partial write.
///
/// For the user-facing documentation see
/// docs/checks/txn-commit-before-validation.md
class CommitBeforeValidationCheck : public TransactionCheck {
public:
  CommitBeforeValidationCheck(llvm::StringRef Name,
                              clang::tidy::ClangTidyContext *Context);
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

protected:
  void checkFunction(const FunctionTxnResult &Analysis,
                     clang::ASTContext &Ctx) override;

private:
  const std::string ValidatorFunctions;
  std::vector<NameGlobs::Error> OptionErrors;
  const NameGlobs Validators;
};

} // namespace txnlint

#endif
