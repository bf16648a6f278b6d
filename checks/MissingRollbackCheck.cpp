//===--- MissingRollbackCheck.cpp - txn-missing-rollback ------------------===//

#include "MissingRollbackCheck.h"
#include "analysis/TxnStateAnalysis.h"

using namespace clang;

namespace txnlint {

void MissingRollbackCheck::checkFunction(const FunctionTxnResult &Analysis,
                                         ASTContext &Ctx) {
  const unsigned MaxNotes = 3;
  const SourceManager &SM = Ctx.getSourceManager();
  for (const LeftOpenTransaction &Open : Analysis.LeftOpen) {
    const TxnEvent &Begin = Analysis.Events[Open.Begin];
    diag(Begin.Site->getBeginLoc(),
         "transaction begun on '%0' is left open on some path out of %1; "
         "commit or roll it back before leaving")
        << handleSpelling(Begin, Ctx) << functionSpelling(Analysis.Function);
    noteExits(Begin.Site->getBeginLoc(), "transaction", Open.Exits, SM);
  }
  // Scoped transactions whose destructor commits: an exception that leaves
  // their scope commits what was written so far.
  llvm::MapVector<unsigned, llvm::SmallVector<const Stmt *, 3>> Unwound;
  for (const CommitOnUnwind &U : Analysis.CommitsOnUnwind)
    Unwound[U.Begin].push_back(U.Throw);
  for (auto &[BeginId, Throws] : Unwound) {
    llvm::sort(Throws, [&](const Stmt *A, const Stmt *B) {
      return SM.isBeforeInTranslationUnit(A->getBeginLoc(), B->getBeginLoc());
    });
    const TxnEvent &Begin = Analysis.Events[BeginId];
    diag(eventLocation(Begin),
         "%0 commits a partial write when an exception unwinds it; its "
         "destructor should roll back unless it was committed")
        << transactionSpelling(Begin, Ctx);
    for (const Stmt *Throw : llvm::ArrayRef(Throws).take_front(MaxNotes))
      diag(Throw->getBeginLoc(), "an exception can leave its scope here",
           DiagnosticIDs::Note);
  }
}

} // namespace txnlint
