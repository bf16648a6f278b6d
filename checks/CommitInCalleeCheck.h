//===--- CommitInCalleeCheck.h - txn-commit-in-callee -----------*- C++ -*-===//

#ifndef TXNLINT_COMMITINCALLEECHECK_H
#define TXNLINT_COMMITINCALLEECHECK_H

#include "utils/NameGlobs.h"
#include "utils/TransactionCheck.h"

namespace txnlint {

/// Finds functions that commit or roll back a transaction they received
/// from their caller, taking the decision away from its owner.
///
/// For the user-facing documentation see docs/checks/txn-commit-in-callee.md
class CommitInCalleeCheck : public TransactionCheck {
public:
  CommitInCalleeCheck(llvm::StringRef Name,
                      clang::tidy::ClangTidyContext *Context);
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

protected:
  void checkFunction(const FunctionTxnResult &Analysis,
                     clang::ASTContext &Ctx) override;

private:
  const std::string TransactionOwnersOption;
  std::vector<NameGlobs::Error> OptionErrors;
  const NameGlobs TransactionOwners;
};

} // namespace txnlint

#endif
