//===--- TxnLintModule.cpp - Registers every txnlint check ----------------===//
//
// The same registration serves clang-tidy (-load libTxnLintModule.so) and
// the txnlint driver, which links this module in.
//
//===----------------------------------------------------------------------===//

#include "TxnLintModule.h"
#include "ClangTidyModule.h"
#include "ClangTidyModuleRegistry.h"
#include "CommitBeforeValidationCheck.h"
#include "DumpEventsCheck.h"
#include "MissingRollbackCheck.h"
#include "NestedUnhandledExceptionCheck.h"
#include "SessionEscapeCheck.h"

using namespace clang::tidy;

namespace txnlint {
namespace {

template <typename CheckT>
std::unique_ptr<ClangTidyCheck> create(llvm::StringRef Name,
                                       ClangTidyContext *Context) {
  return std::make_unique<CheckT>(Name, Context);
}

struct CheckEntry {
  CheckSummary Summary;
  ClangTidyCheckFactories::CheckFactory Create;
};

const CheckEntry Checks[] = {
    {{"txn-commit-before-validation",
      "a commit that a later step of the same workflow can still fail "
      "after, leaving a partial write"},
     create<CommitBeforeValidationCheck>},
    {{"txn-missing-rollback",
      "a manually begun transaction can leave its function without commit "
      "or rollback"},
     create<MissingRollbackCheck>},
    {{"txn-nested-unhandled-exception",
      "an exception inside a savepoint that no handler rolls back to it and "
      "stops, so it aborts the enclosing transaction"},
     create<NestedUnhandledExceptionCheck>},
    {{"txn-session-escape",
      "a local transaction, savepoint or session in a transaction whose "
      "address or reference outlives its scope"},
     create<SessionEscapeCheck>},
    {{"txnlint-dump-events",
      "debugging aid: every recognized transaction event, as a remark"},
     create<DumpEventsCheck>},
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

} // namespace txnlint
