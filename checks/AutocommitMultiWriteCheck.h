//===--- AutocommitMultiWriteCheck.h - txn-autocommit-multi-write -*- C++ -*-===//

#ifndef TXNLINT_AUTOCOMMITMULTIWRITECHECK_H
#define TXNLINT_AUTOCOMMITMULTIWRITECHECK_H

#include "utils/NameGlobs.h"
#include "utils/TransactionCheck.h"

namespace txnlint {

/// Finds two or more writes on one connection in one function with no
/// transaction around them: each commits on its own, so a failure between
/// them leaves a partial write.
///
/// For the user-facing documentation see
/// docs/checks/txn-autocommit-multi-write.md
class AutocommitMultiWriteCheck : public TransactionCheck {
public:
  AutocommitMultiWriteCheck(llvm::StringRef Name,
                            clang::tidy::ClangTidyContext *Context);
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

protected:
  void checkFunction(const FunctionTxnResult &Analysis,
                     clang::ASTContext &Ctx) override;

private:
  const std::string AutocommitByDesignOption;
  std::vector<NameGlobs::Error> OptionErrors;
  const NameGlobs AutocommitByDesign;
};

} // namespace txnlint

#endif
