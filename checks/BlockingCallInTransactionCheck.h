//===--- BlockingCallInTransactionCheck.h - txn-blocking-call-in-transaction -*- C++ -*-===//

#ifndef TXNLINT_BLOCKINGCALLINTRANSACTIONCHECK_H
#define TXNLINT_BLOCKINGCALLINTRANSACTIONCHECK_H

#include "utils/BlockingCalls.h"
#include "utils/SideEffectCalls.h"
#include "utils/TransactionCheck.h"

namespace txnlint {

/// Finds calls that wait (sleeps, futures, joins, blocking network calls,
/// user input) while a transaction holds the locks of its writes or
/// locking reads: every request that needs those rows waits as long.
///
/// For the user-facing documentation see
/// docs/checks/txn-blocking-call-in-transaction.md
class BlockingCallInTransactionCheck : public TransactionCheck {
public:
  BlockingCallInTransactionCheck(llvm::StringRef Name,
                                 clang::tidy::ClangTidyContext *Context);
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;
  void onStartOfTranslationUnit() override;

protected:
  void checkFunction(const FunctionTxnResult &Analysis,
                     clang::ASTContext &Ctx) override;

private:
  const std::string BlockingFunctionsOption;
  std::vector<NameGlobs::Error> OptionErrors;
  const BlockingCalls Blocking;
  /// Calls that are side effects are txn-side-effect-before-commit's.
  std::vector<NameGlobs::Error> SideEffectErrors;
  const SideEffectCalls SideEffects;
};

} // namespace txnlint

#endif
