//===--- SessionEscapeCheck.h - txn-session-escape --------------*- C++ -*-===//

#ifndef TXNLINT_SESSIONESCAPECHECK_H
#define TXNLINT_SESSIONESCAPECHECK_H

#include "model/TransactionModel.h"
#include "utils/TransactionCheck.h"

namespace txnlint {

/// Finds local connections, transactions, savepoints and statements whose
/// address or reference outlives their function: returned, stored in a
/// member, global, heap object or container, or captured by reference in
/// work that runs after the function returns; and thread-affine connections
/// used by work on another thread.
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
  bool checksUnanalyzedFunctions() const override { return true; }
  void checkUnanalyzedFunction(const clang::FunctionDecl *FD,
                               clang::ASTContext &Ctx) override;

private:
  void reportEscapes(const clang::FunctionDecl *FD,
                     const FunctionTxnResult *Analysis,
                     clang::ASTContext &Ctx);

  const std::string AsyncSinksOption;
  /// Sinks named in the option that the model does not describe.
  std::vector<AsyncSink> UserSinks;
  std::vector<const AsyncSink *> AsyncSinks;
};

} // namespace txnlint

#endif
