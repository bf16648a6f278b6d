//===--- MissingRollbackCheck.cpp - txn-missing-rollback ------------------===//

#include "MissingRollbackCheck.h"
#include "analysis/TxnStateAnalysis.h"
#include "utils/FunctionMatchers.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace txnlint {

void MissingRollbackCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(analyzableFunction(), this);
}

void MissingRollbackCheck::onStartOfTranslationUnit() {
  TxnAnalysisCache::startTranslationUnit();
}

void MissingRollbackCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>(AnalyzableFunctionId);
  const FunctionTxnResult *Analysis =
      TxnAnalysisCache::get(*Result.Context).analyze(FD);
  if (!Analysis)
    return;
  if (Analysis->BudgetExceeded) {
    reportBudgetExceeded(*this, *Analysis);
    return;
  }
  for (const LeftOpenTransaction &Open : Analysis->LeftOpen) {
    const TxnEvent &Begin = Analysis->Events[Open.Begin];
    diag(Begin.Site->getBeginLoc(),
         "transaction begun on '%0' is left open on some path out of %1; "
         "commit or roll it back before leaving")
        << handleSpelling(Begin.Handle, *Result.Context)
        << functionSpelling(FD);
    for (const ExitPoint &Exit : llvm::ArrayRef(Open.Exits).take_front(3)) {
      StringRef Where =
          Exit.K == ExitPoint::Return ? "at this return"
          : Exit.K == ExitPoint::Exception
              ? "when an exception leaves the function here"
              : "at the end of the function";
      diag(Exit.Loc, "transaction is still open %0", DiagnosticIDs::Note)
          << Where;
    }
  }
}

} // namespace txnlint
