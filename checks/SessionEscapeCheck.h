//===--- SessionEscapeCheck.h - txn-session-escape --------------*- C++ -*-===//

#ifndef TXNLINT_SESSIONESCAPECHECK_H
#define TXNLINT_SESSIONESCAPECHECK_H

#include "utils/TransactionCheck.h"

namespace txnlint {

/// Finds local transactions, savepoints and sessions in a transaction whose
/// address or reference outlives their scope: returned, stored in a member,
/// global, heap object or container, or captured by reference in a lambda
/// that is stored, returned or run on another thread.
///
/// For the user-facing documentation see docs/checks/txn-session-escape.md
class SessionEscapeCheck : public TransactionCheck {
public:
  SessionEscapeCheck(llvm::StringRef Name,
                     clang::tidy::ClangTidyContext *Context);
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

protected:
  void checkFunction(const FunctionTxnResult &Analysis,
                     clang::ASTContext &Ctx) override;

private:
  const std::string AsyncSinksOption;
  std::vector<std::string> AsyncSinks;
};

} // namespace txnlint

#endif
