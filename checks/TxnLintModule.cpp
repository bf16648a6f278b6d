//===--- TxnLintModule.cpp - Registers every txnlint check ----------------===//
//
// The same registration serves clang-tidy (-load libTxnLintModule.so) and
// the txnlint driver, which links this module in.
//
//===----------------------------------------------------------------------===//

#include "TxnLintModule.h"
#include "ClangTidyModule.h"
#include "ClangTidyModuleRegistry.h"
#include "GlobList.h"
#include "AuditCheck.h"
#include "AutocommitMultiWriteCheck.h"
#include "BlockingCallInTransactionCheck.h"
#include "CommitAfterFailedWriteCheck.h"
#include "CommitBeforeValidationCheck.h"
#include "CommitInCalleeCheck.h"
#include "CheckModelCheck.h"
#include "ConnectionLeakCheck.h"
#include "DeferredUpgradeCheck.h"
#include "DumpEventsCheck.h"
#include "LockOrderInversionCheck.h"
#include "LostUpdateCheck.h"
#include "MissingRollbackCheck.h"
#include "NestedUnhandledExceptionCheck.h"
#include "SessionEscapeCheck.h"
#include "SideEffectBeforeCommitCheck.h"
#include "UncheckedCommitCheck.h"
#include "UseAfterEndCheck.h"
#include "UseAfterErrorCheck.h"
#include "llvm/Support/ErrorHandling.h"

using namespace clang::tidy;

namespace txnlint {
namespace {

template <typename CheckT>
std::unique_ptr<ClangTidyCheck> create(llvm::StringRef Name,
                                       ClangTidyContext *Context) {
  return std::make_unique<CheckT>(Name, Context);
}

/// Whether a glob of \p Globs is \p Name itself.
bool namesCheck(llvm::StringRef Globs, llvm::StringRef Name) {
  llvm::SmallVector<llvm::StringRef> Parts;
  Globs.split(Parts, ',');
  return llvm::any_of(Parts, [&](llvm::StringRef Glob) {
    return Glob.trim() == Name;
  });
}

/// A tool aid: a project's 'Checks: *' enables it in clang-tidy, which does
/// not know it is one, so it declines to run unless a glob names it.
template <typename CheckT> class NamedOnly : public CheckT {
public:
  NamedOnly(llvm::StringRef Name, ClangTidyContext *Context)
      : CheckT(Name, Context),
        Named(namesCheck(Context->getOptions().Checks.value_or(""), Name)) {}
  bool isLanguageVersionSupported(const clang::LangOptions &LangOpts) const override {
    return Named && CheckT::isLanguageVersionSupported(LangOpts);
  }

private:
  bool Named;
};

struct CheckEntry {
  CheckSummary Summary;
  ClangTidyCheckFactories::CheckFactory Create;
};

const CheckEntry Checks[] = {
    {{"txn-autocommit-multi-write",
      "two or more writes on one connection outside any transaction, so a "
      "failure between them leaves a partial write",
      CheckSeverity::High},
     create<AutocommitMultiWriteCheck>},
    {{"txn-blocking-call-in-transaction",
      "a sleep, wait, blocking network call or user input while a "
      "transaction holds the locks of its writes",
      CheckSeverity::Medium},
     create<BlockingCallInTransactionCheck>},
    {{"txn-commit-after-failed-write",
      "a write inside a transaction whose failure result is ignored, or "
      "tested without stopping the commit, so the rest commits without it",
      CheckSeverity::High},
     create<CommitAfterFailedWriteCheck>},
    {{"txn-commit-before-validation",
      "a commit that a later step of the same workflow can still fail "
      "after, leaving a partial write",
      CheckSeverity::High},
     create<CommitBeforeValidationCheck>},
    {{"txn-commit-in-callee",
      "a function commits or rolls back a transaction it received from its "
      "caller, taking the decision from the owner",
      CheckSeverity::Low},
     create<CommitInCalleeCheck>},
    {{"txn-connection-leak",
      "a connection opened with a C API that some path out of the function "
      "leaves open, neither closed nor returned, stored or handed to an "
      "owner",
      CheckSeverity::Medium},
     create<ConnectionLeakCheck>},
    {{"txn-deferred-upgrade",
      "a deferred SQLite transaction that reads before it writes, whose "
      "lock upgrade fails with SQLITE_BUSY under concurrency",
      CheckSeverity::Medium},
     create<DeferredUpgradeCheck>},
    {{"txn-lock-order-inversion",
      "two transactions that lock the same two tables in opposite orders, "
      "so that concurrent requests can deadlock",
      CheckSeverity::Medium},
     create<LockOrderInversionCheck>},
    {{"txn-lost-update",
      "a value read by a plain SELECT and written back by an UPDATE of the "
      "same table, at an isolation level that loses concurrent updates",
      CheckSeverity::High},
     create<LostUpdateCheck>},
    {{"txn-missing-rollback",
      "a manually begun transaction can leave its function without commit "
      "or rollback",
      CheckSeverity::High},
     create<MissingRollbackCheck>},
    {{"txn-nested-unhandled-exception",
      "an exception inside a savepoint that no handler rolls back to it and "
      "stops, so it aborts the enclosing transaction",
      CheckSeverity::High},
     create<NestedUnhandledExceptionCheck>},
    {{"txn-session-escape",
      "a local transaction, savepoint or session in a transaction whose "
      "address or reference outlives its scope",
      CheckSeverity::High},
     create<SessionEscapeCheck>},
    {{"txn-side-effect-before-commit",
      "an external side effect (HTTP, e-mail, queue, file) inside a "
      "transaction before it commits",
      CheckSeverity::Medium},
     create<SideEffectBeforeCommitCheck>},
    {{"txn-unchecked-commit",
      "the result of a commit that reports failure by return value is "
      "ignored",
      CheckSeverity::Medium},
     create<UncheckedCommitCheck>},
    {{"txn-use-after-end",
      "a transaction used after it was committed or rolled back on every "
      "path",
      CheckSeverity::High},
     create<UseAfterEndCheck>},
    {{"txn-use-after-error",
      "a transaction used again after a statement of it failed, on a "
      "database where the failure aborts the transaction",
      CheckSeverity::High},
     create<UseAfterErrorCheck>},
    {{"txnlint-audit",
      "the audit report's data: every transaction scope, as a remark",
      CheckSeverity::Low, /*NamedOnly=*/true},
     create<NamedOnly<AuditCheck>>},
    {{"txnlint-check-model",
      "model aid: each user model type or function that names no "
      "declaration, as a warning",
      CheckSeverity::Low, /*NamedOnly=*/true},
     create<NamedOnly<CheckModelCheck>>},
    {{"txnlint-dump-events",
      "debugging aid: every recognized transaction event, as a remark",
      CheckSeverity::Low, /*NamedOnly=*/true},
     create<NamedOnly<DumpEventsCheck>>},
};

class TxnLintModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &Factories) override {
    for (const CheckEntry &Entry : Checks)
      Factories.registerCheckFactory(Entry.Summary.Name, Entry.Create);
  }
};

ClangTidyModuleRegistry::Add<TxnLintModule>
    Registration("txnlint-module", "Transaction-boundary checks (txn-*).");

} // namespace

llvm::ArrayRef<CheckSummary> checkSummaries() {
  static const std::vector<CheckSummary> Summaries = [] {
    std::vector<CheckSummary> List;
    for (const CheckEntry &Entry : Checks)
      List.push_back(Entry.Summary);
    return List;
  }();
  return Summaries;
}

bool isCheckEnabled(const CheckSummary &Check, llvm::StringRef Globs) {
  return GlobList(Globs).contains(Check.Name) &&
         (!Check.NamedOnly || namesCheck(Globs, Check.Name));
}

CheckSeverity checkSeverity(llvm::StringRef Check) {
  for (const CheckEntry &Entry : Checks)
    if (Entry.Summary.Name == Check)
      return Entry.Summary.Severity;
  return CheckSeverity::High;
}

llvm::StringRef severityName(CheckSeverity Severity) {
  switch (Severity) {
  case CheckSeverity::High:
    return "high";
  case CheckSeverity::Medium:
    return "medium";
  case CheckSeverity::Low:
    return "low";
  }
  llvm_unreachable("unknown severity");
}

} // namespace txnlint
