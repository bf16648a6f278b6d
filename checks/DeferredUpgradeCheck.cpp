//===--- DeferredUpgradeCheck.cpp - txn-deferred-upgrade ------------------===//

#include "DeferredUpgradeCheck.h"
#include "analysis/TxnStateAnalysis.h"

using namespace clang;

namespace txnlint {

void DeferredUpgradeCheck::checkFunction(const FunctionTxnResult &Analysis,
                                         ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  TxnAnalysisCache &Cache = TxnAnalysisCache::get(Ctx, model());
  auto Before = [&](unsigned A, unsigned B) {
    return SM.isBeforeInTranslationUnit(eventLocation(Analysis.Events[A]),
                                        eventLocation(Analysis.Events[B]));
  };
  for (const TransactionScope &Scope : Analysis.Scopes) {
    const TxnEvent &Begin = Analysis.Events[Scope.Begin];
    if (!Begin.Spec || Begin.ReadOnly || Begin.Joins || Begin.Implicit ||
        !(Begin.Modifier.empty() || Begin.Modifier == "DEFERRED"))
      continue;
    if (Cache.databaseOf(Begin) != "sqlite")
      continue;
    // The first statement, in source order, reads a table; a write of
    // recognized SQL follows. SQL not recognized may write first: no
    // finding.
    auto InTransaction = [&](unsigned Id) {
      return mayShareTransaction(Analysis.Events[Id], Begin);
    };
    std::optional<unsigned> FirstRead, FirstStatement;
    for (unsigned Id : Scope.Reads) {
      const SqlAccess &Access = Analysis.Events[Id].Access;
      if (InTransaction(Id) && (!Access.Read.empty() || !Access.Locked.empty())) {
        FirstRead = Id;
        break;
      }
    }
    if (!FirstRead)
      continue;
    FirstStatement = FirstRead;
    const TxnEvent *Upgrade = nullptr;
    for (unsigned Id : Scope.Writes) {
      if (!InTransaction(Id))
        continue;
      if (Before(Id, *FirstStatement) || Id == *FirstStatement) {
        FirstStatement = Id;
        break;
      }
      if (!Upgrade && !Analysis.Events[Id].SqlUnknown &&
          !Analysis.Events[Id].Schema)
        Upgrade = &Analysis.Events[Id];
    }
    if (FirstStatement != FirstRead || !Upgrade)
      continue;
    diag(eventLocation(Begin),
         "deferred %0 reads before it writes; if another connection writes "
         "in between, upgrading to a write lock fails at once with "
         "SQLITE_BUSY, without the busy handler waiting; begin it with "
         "BEGIN IMMEDIATE")
        << transactionSpelling(Begin, Ctx);
    diag(eventLocation(Analysis.Events[*FirstRead]),
         "the first statement reads here, taking a shared lock",
         DiagnosticIDs::Note);
    diag(eventLocation(*Upgrade), "this write needs the upgrade",
         DiagnosticIDs::Note);
  }
}

} // namespace txnlint
