//===--- DeferredUpgradeCheck.cpp - txn-deferred-upgrade ------------------===//

#include "DeferredUpgradeCheck.h"
#include "analysis/TxnStateAnalysis.h"
#include "clang/AST/ASTLambda.h"

using namespace clang;

namespace txnlint {

namespace {

/// The first read and the write that needs the upgrade, when the first
/// statement in source order among \p Reads and \p Writes (each in source
/// order) reads a table and a write of recognized SQL follows.
struct ReadThenWrite {
  unsigned Read;
  unsigned Upgrade;
};

std::optional<ReadThenWrite> readThenWrite(const std::vector<TxnEvent> &Events,
                                           llvm::ArrayRef<unsigned> Reads,
                                           llvm::ArrayRef<unsigned> Writes,
                                           const SourceManager &SM) {
  auto Before = [&](unsigned A, unsigned B) {
    return happensBefore(Events, A, B, SM);
  };
  auto FirstRead = llvm::find_if(Reads, [&](unsigned Id) {
    return !Events[Id].Access.Read.empty() || !Events[Id].Access.Locked.empty();
  });
  if (FirstRead == Reads.end())
    return std::nullopt;
  // SQL not recognized may write first: no finding.
  std::optional<unsigned> Upgrade;
  for (unsigned Id : Writes) {
    if (Id == *FirstRead || Before(Id, *FirstRead))
      return std::nullopt;
    if (!Upgrade && !Events[Id].SqlUnknown && !Events[Id].Schema)
      Upgrade = Id;
  }
  if (!Upgrade)
    return std::nullopt;
  return ReadThenWrite{*FirstRead, *Upgrade};
}

} // namespace

void DeferredUpgradeCheck::onStartOfTranslationUnit() {
  TransactionCheck::onStartOfTranslationUnit();
  ReportedBegins.clear();
}

bool DeferredUpgradeCheck::isDeferredSqlite(const TxnEvent &Begin,
                                            TxnAnalysisCache &Cache) {
  return Begin.Spec && !Begin.ReadOnly && !Begin.Joins && !Begin.Implicit &&
         (Begin.Modifier.empty() || Begin.Modifier == "DEFERRED") &&
         Cache.databaseOf(Begin) == "sqlite";
}

void DeferredUpgradeCheck::report(const TxnEvent &Begin, const TxnEvent &Read,
                                  const TxnEvent &Upgrade, ASTContext &Ctx) {
  diag(eventLocation(Begin),
       "deferred %0 reads before it writes; if another connection writes "
       "in between, upgrading to a write lock fails at once with "
       "SQLITE_BUSY, without the busy handler waiting; begin it with "
       "BEGIN IMMEDIATE")
      << transactionSpelling(Begin, Ctx);
  diag(eventLocation(Read),
       "the first statement reads here, taking a shared lock",
       DiagnosticIDs::Note);
  diag(eventLocation(Upgrade), "this write needs the upgrade",
       DiagnosticIDs::Note);
}

void DeferredUpgradeCheck::checkFunction(const FunctionTxnResult &Analysis,
                                         ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  TxnAnalysisCache &Cache = TxnAnalysisCache::get(Ctx, model());
  for (const TransactionScope &Scope : Analysis.Scopes) {
    const TxnEvent &Begin = Analysis.Events[Scope.Begin];
    if (!isDeferredSqlite(Begin, Cache))
      continue;
    auto InTransaction = [&](unsigned Id) {
      return mayShareTransaction(Analysis.Events[Id], Begin);
    };
    llvm::SmallVector<unsigned, 8> Reads, Writes;
    llvm::copy_if(Scope.Reads, std::back_inserter(Reads), InTransaction);
    llvm::copy_if(Scope.Writes, std::back_inserter(Writes), InTransaction);
    if (auto Found = readThenWrite(Analysis.Events, Reads, Writes, SM))
      report(Begin, Analysis.Events[Found->Read],
             Analysis.Events[Found->Upgrade], Ctx);
  }
  if (isLambdaCallOperator(Analysis.Function))
    checkLambdaInRunner(Analysis, Ctx);
}

void DeferredUpgradeCheck::checkLambdaInRunner(
    const FunctionTxnResult &Analysis, ASTContext &Ctx) {
  // A lambda that a transaction runner of this file calls right after its
  // deferred begin (`withTransaction(db, [&] { read; write; })`): the
  // lambda's statements are the transaction's first.
  const SourceManager &SM = Ctx.getSourceManager();
  TxnAnalysisCache &Cache = TxnAnalysisCache::get(Ctx, model());
  std::optional<AmbientTransaction> Callers;
  for (AmbientTransaction &Ambient : Cache.ambientTransactions(Analysis))
    if (Ambient.HandleKey.empty())
      Callers = std::move(Ambient);
  if (!Callers)
    return;
  std::optional<ReadThenWrite> Found =
      readThenWrite(Analysis.Events, Callers->Reads, Callers->Writes, SM);
  if (!Found)
    return;
  for (const TxnAnalysisCache::RunnerCall &Call :
       Cache.runnerCalls(Analysis.Function))
    for (unsigned B : Call.Call->Begins) {
      const TxnEvent &Begin = Call.Runner->Events[B];
      if (!isDeferredSqlite(Begin, Cache))
        continue;
      // The runner's own statements before the call come first.
      auto Scope =
          llvm::find_if(Call.Runner->Scopes, [&](const TransactionScope &S) {
            return S.Begin == B;
          });
      auto Earlier = [&](unsigned Id) {
        return SM.isBeforeInTranslationUnit(
            eventLocation(Call.Runner->Events[Id]),
            Call.Call->Site->getBeginLoc());
      };
      if (Scope == Call.Runner->Scopes.end() ||
          llvm::any_of(Scope->Reads, Earlier) ||
          llvm::any_of(Scope->Writes, Earlier))
        continue;
      // One report per begin, at the first lambda that shows it.
      if (ReportedBegins.insert(Begin.Site).second)
        report(Begin, Analysis.Events[Found->Read],
               Analysis.Events[Found->Upgrade], Ctx);
    }
}

} // namespace txnlint
