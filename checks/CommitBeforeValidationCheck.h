//===--- CommitBeforeValidationCheck.h - txn-commit-before-validation -*- C++ -*-===//

#ifndef TXNLINT_COMMITBEFOREVALIDATIONCHECK_H
#define TXNLINT_COMMITBEFOREVALIDATIONCHECK_H

#include "utils/NameGlobs.h"
#include "utils/SideEffectCalls.h"
#include "utils/TransactionCheck.h"
#include "llvm/ADT/DenseMap.h"

namespace txnlint {

/// Finds commits after which a later step of the same work can still
/// report failure to the caller: a throw, a call known to throw, an error
/// return by the function's own convention on a branch decided after the
/// commit, a validator by name, or further writes on the committed
/// connection. A failure there leaves a partial write. Work that belongs
/// after the commit (replying, notifying, logging, closing a socket) is not
/// a validation: its failure is not reported.
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
  /// Whether \p Call is work that belongs after the commit.
  bool isPostCommitWork(const clang::Stmt *Call,
                        const clang::ASTContext &Ctx) const;
  /// Whether \p FD's body (or, \p Depth levels further, the bodies of the
  /// program's functions it calls) does I/O of PostCommitWork on a channel
  /// it is given or keeps: `write(fd, ...)`, `close(sock_)`.
  bool doesIoInBody(const clang::FunctionDecl *FD, const clang::ASTContext &Ctx,
                    unsigned Depth) const;

  const std::string ValidatorFunctions;
  const std::string PostCommitFunctions;
  std::vector<NameGlobs::Error> ValidatorErrors, PostCommitErrors;
  const NameGlobs Validators;
  const NameGlobs PostCommitWork;
  /// txn-side-effect-before-commit's lists; that check reports their errors.
  std::vector<NameGlobs::Error> SideEffectErrors;
  const SideEffectCalls SideEffects;
};

} // namespace txnlint

#endif
