//===--- UseAfterErrorCheck.h - txn-use-after-error -------------*- C++ -*-===//

#ifndef TXNLINT_USEAFTERERRORCHECK_H
#define TXNLINT_USEAFTERERRORCHECK_H

#include "utils/TransactionCheck.h"
#include "llvm/ADT/StringSet.h"

namespace txnlint {

struct TxnEvent;

/// Finds a transaction used again (a statement, a commit) after a statement
/// of it failed, on a database where the failure aborts the transaction:
/// the failure was caught or tested, and neither a rollback nor a rollback
/// to an earlier savepoint came before the use.
///
/// For the user-facing documentation see docs/checks/txn-use-after-error.md
class UseAfterErrorCheck : public TransactionCheck {
public:
  UseAfterErrorCheck(llvm::StringRef Name,
                     clang::tidy::ClangTidyContext *Context);
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

protected:
  void checkFunction(const FunctionTxnResult &Analysis,
                     clang::ASTContext &Ctx) override;

private:
  bool abortsOnError(const TxnEvent &Failure) const;

  /// The AbortingProfiles option: profiles whose database, in this project,
  /// aborts the transaction on error (Qt SQL, SOCI or POCO on PostgreSQL).
  const std::string AbortingProfilesOption;
  llvm::StringSet<> AbortingProfiles;
};

} // namespace txnlint

#endif
