//===--- TxnLintModule.cpp - Registers every txnlint check ----------------===//
//
// The same registration serves clang-tidy (-load libTxnLintModule.so) and
// the txnlint driver, which links this module in.
//
//===----------------------------------------------------------------------===//

#include "TxnLintModule.h"
#include "ClangTidyModule.h"
#include "ClangTidyModuleRegistry.h"
#include "DumpEventsCheck.h"
#include "MissingRollbackCheck.h"

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
    {{"txn-missing-rollback",
      "a manually begun transaction can leave its function without commit "
      "or rollback"},
     create<MissingRollbackCheck>},
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
