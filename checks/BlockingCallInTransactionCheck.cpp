//===--- BlockingCallInTransactionCheck.cpp - txn-blocking-call-in-transaction ===//

#include "BlockingCallInTransactionCheck.h"
#include "analysis/BodyWalk.h"
#include "analysis/CallOperands.h"
#include "analysis/TxnStateAnalysis.h"

using namespace clang;

namespace txnlint {

BlockingCallInTransactionCheck::BlockingCallInTransactionCheck(
    StringRef Name, tidy::ClangTidyContext *Context)
    : TransactionCheck(Name, Context),
      BlockingFunctionsOption(
          Options.get("BlockingFunctions", BlockingCalls::DefaultFunctions)),
      Blocking(BlockingFunctionsOption, OptionErrors),
      SideEffects(Context, SideEffectErrors) {
  for (const auto &[Glob, Reason] : OptionErrors)
    configurationDiag("invalid glob '%0' in BlockingFunctions: %1")
        << Glob << Reason;
}

void BlockingCallInTransactionCheck::storeOptions(
    tidy::ClangTidyOptions::OptionMap &Opts) {
  TransactionCheck::storeOptions(Opts);
  Options.store(Opts, "BlockingFunctions", BlockingFunctionsOption);
}

void BlockingCallInTransactionCheck::onStartOfTranslationUnit() {
  TransactionCheck::onStartOfTranslationUnit();
  Blocking.startTranslationUnit();
}

/// The first statement before \p Call, in source order, that took locks
/// in the transaction \p Begin: a write of recognized SQL or a locking read.
static const TxnEvent *firstLockBefore(const FunctionTxnResult &Analysis,
                                       const TxnEvent &Begin, const Stmt *Call,
                                       const SourceManager &SM) {
  const TxnEvent *First = nullptr;
  for (const TxnEvent &E : Analysis.Events) {
    SourceLocation Loc = eventLocation(E);
    if (takesRowLocks(E) && mayShareTransaction(E, Begin) &&
        !SM.isBeforeInTranslationUnit(Loc, eventLocation(Begin)) &&
        SM.isBeforeInTranslationUnit(Loc, Call->getBeginLoc()) &&
        (!First || SM.isBeforeInTranslationUnit(Loc, eventLocation(*First))))
      First = &E;
  }
  return First;
}

/// The future variable that \p Site waits on or gets from (`f.wait()`,
/// `f.get()`, Qt's `f.waitForFinished()` and `f.result()`), if it is one.
static const VarDecl *waitedFuture(const Stmt *Site) {
  const auto *Call = dyn_cast<CXXMemberCallExpr>(Site);
  const CXXRecordDecl *Class = Call ? Call->getRecordDecl() : nullptr;
  if (!Class || !Class->getIdentifier() ||
      !Class->getName().ends_with_insensitive("future"))
    return nullptr;
  const auto *Object = dyn_cast<DeclRefExpr>(
      Call->getImplicitObjectArgument()->IgnoreParenImpCasts());
  return Object ? dyn_cast<VarDecl>(Object->getDecl()) : nullptr;
}

/// The calls in \p S, not in its lambdas, in source order.
static void collectCalls(const Stmt *S, std::vector<const Stmt *> &Into) {
  forEachOutsideLambdas(S, [&](const Stmt *S) {
    if (isa<CallExpr>(S))
      Into.push_back(S);
  });
}

/// The first event of \p Ambient, in source order, that takes row locks.
static const TxnEvent *firstLock(const FunctionTxnResult &Analysis,
                                 const AmbientTransaction &Ambient,
                                 const SourceManager &SM) {
  const TxnEvent *First = nullptr;
  for (unsigned Id :
       llvm::concat<const unsigned>(Ambient.Writes, Ambient.Reads))
    if (const TxnEvent &E = Analysis.Events[Id];
        takesRowLocks(E) &&
        (!First ||
         SM.isBeforeInTranslationUnit(eventLocation(E), eventLocation(*First))))
      First = &E;
  return First;
}

void BlockingCallInTransactionCheck::checkFunction(
    const FunctionTxnResult &Analysis, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  llvm::SmallPtrSet<const VarDecl *, 2> Waited;
  llvm::SmallPtrSet<const Stmt *, 4> Reported;
  TxnAnalysisCache &Cache = TxnAnalysisCache::get(Ctx, model());
  auto IsLibrary = [&](const FunctionDecl *FD) {
    return Cache.isLibraryFunction(FD);
  };
  // A call of the driver, or of a helper of the program that runs SQL
  // (AzerothCore's `conn->Execute(sql)` in a retry loop).
  auto RunsStatement = [&](const Stmt *Call) {
    if (!Cache.classifier().classify(Call, Ctx).empty())
      return true;
    const FunctionSummary *Summary = Cache.summaryOfCall(Call);
    return Summary && llvm::any_of(Summary->Events, [](const SummaryEvent &E) {
             return E.Event.Op == Operation::Write ||
                    E.Event.Op == Operation::Read;
           });
  };
  // A callee that runs inside its callers' transaction and writes there
  // reports its own waits after its first write (below): its callers are
  // not told again (true). A wait before that write (false) is the
  // caller's to report, when the caller's transaction locked rows before
  // the call (`throttled_audit(w)` sleeping, then writing, after the
  // caller wrote); nullopt for any other callee.
  auto ReportsItself = [&](const Stmt *Site) -> std::optional<bool> {
    const FunctionDecl *Callee = calleeOf(Site);
    const FunctionDecl *Definition = nullptr;
    if (!Callee || !Callee->hasBody(Definition))
      return std::nullopt;
    const FunctionTxnResult *Result = Cache.analyze(Definition);
    if (!Result)
      return std::nullopt;
    for (const AmbientTransaction &Ambient : Cache.ambientTransactions(*Result))
      if (const TxnEvent *First = firstLock(*Result, Ambient, SM)) {
        std::vector<const Stmt *> Calls;
        collectCalls(Definition->getBody(), Calls);
        return llvm::none_of(Calls, [&](const Stmt *Call) {
          return SM.isBeforeInTranslationUnit(Call->getBeginLoc(),
                                              eventLocation(*First)) &&
                 Blocking.describe(Call, Ctx, IsLibrary, RunsStatement);
        });
      }
    return std::nullopt;
  };
  auto Check = [&](const Stmt *Site, const TxnEvent &Begin) {
    if (Reported.contains(Site))
      return;
    std::optional<std::string> Wait =
        Blocking.describe(Site, Ctx, IsLibrary, RunsStatement);
    if (!Wait || SideEffects.describe(Site, Ctx))
      return;
    if (std::optional<bool> Itself = ReportsItself(Site);
        Itself && (*Itself || !firstLockBefore(Analysis, Begin, Site, SM)))
      return;
    if (const VarDecl *Future = waitedFuture(Site);
        Future && !Waited.insert(Future).second)
      return;
    Reported.insert(Site);
    diag(Site->getBeginLoc(),
         "%0 blocks while %1 holds the locks of its writes; every request "
         "that needs those rows waits as long, so wait before the first "
         "write or after the commit")
        << *Wait << transactionSpelling(Begin, Ctx);
    if (const TxnEvent *Lock = firstLockBefore(Analysis, Begin, Site, SM))
      diag(eventLocation(*Lock),
           Lock->Op == Operation::Write ? "the transaction writes here"
                                        : "the transaction locks rows here",
           DiagnosticIDs::Note);
  };
  // In source order, so that a future waited on once is reported there and
  // not again where its value is then taken (`f.wait(); f.get();`).
  std::vector<const CallInTransaction *> Calls;
  for (const CallInTransaction &Call : Analysis.CallsInTransactions)
    Calls.push_back(&Call);
  llvm::stable_sort(
      Calls, [&](const CallInTransaction *A, const CallInTransaction *B) {
        return SM.isBeforeInTranslationUnit(A->Site->getBeginLoc(),
                                            B->Site->getBeginLoc());
      });
  for (const CallInTransaction *Call : Calls)
    if (!Call->HoldingLocks.empty())
      Check(Call->Site, Analysis.Events[Call->HoldingLocks.front()]);
  // A transaction the function is handed, or runs inside for its callers,
  // holds locks from its first write here on (`void restock(pqxx::work &w)
  // { w.exec0("UPDATE ..."); sleep(1); }`).
  std::vector<const Stmt *> Body;
  for (const AmbientTransaction &Ambient :
       Cache.ambientTransactions(Analysis)) {
    const TxnEvent *First = firstLock(Analysis, Ambient, SM);
    if (!First)
      continue;
    if (Body.empty())
      collectCalls(Analysis.Function->getBody(), Body);
    for (const Stmt *Site : Body)
      if (SM.isBeforeInTranslationUnit(eventLocation(*First),
                                       Site->getBeginLoc()))
        Check(Site, *First);
  }
}

} // namespace txnlint
