//===--- CommitAfterFailedWriteCheck.cpp - txn-commit-after-failed-write --===//

#include "CommitAfterFailedWriteCheck.h"
#include "analysis/FunctionSummary.h"
#include "analysis/TxnStateAnalysis.h"
#include "clang/AST/ASTLambda.h"
#include "llvm/ADT/MapVector.h"

using namespace clang;

namespace txnlint {

void CommitAfterFailedWriteCheck::checkFunction(
    const FunctionTxnResult &Analysis, ASTContext &Ctx) {
  // One report per write, naming the first commit it reaches.
  const SourceManager &SM = Ctx.getSourceManager();
  llvm::MapVector<unsigned, unsigned> CommitOfWrite;
  for (const CommitAfterFailedWrite &Pair : Analysis.CommitsAfterFailedWrites) {
    auto [It, Inserted] = CommitOfWrite.try_emplace(Pair.Write, Pair.Commit);
    if (!Inserted &&
        SM.isBeforeInTranslationUnit(eventLocation(Analysis.Events[Pair.Commit]),
                                     eventLocation(Analysis.Events[It->second])))
      It->second = Pair.Commit;
  }
  for (const auto &[WriteId, CommitId] : CommitOfWrite) {
    const TxnEvent &Write = Analysis.Events[WriteId];
    const TxnEvent &Commit = Analysis.Events[CommitId];
    // A statement retried after its own failure in a transaction that the
    // failure aborted (PostgreSQL) is txn-use-after-error's finding: one
    // shape, one finding.
    if (Write.Spec && Write.Spec->AbortsOnError &&
        llvm::any_of(Analysis.UsesAfterErrors,
                     [&, Retried = WriteId](const UseAfterError &Use) {
                       return Use.Use == Retried && Use.Failure == Retried;
                     }))
      continue;
    // A lambda's swallowed failure is reported in the lambda, below, not
    // in each runner that calls it; in the function that defines it, the
    // lambda is a local helper.
    if (Write.FailureSwallowed && isLambdaCallOperator(Write.Via) &&
        Write.Via->getParent()->getParent() != Analysis.Function)
      continue;
    // A helper that logs its write's failure and returns as if it had not
    // failed: the caller cannot handle it.
    if (Write.FailureSwallowed)
      diag(eventLocation(Write),
           "%0 does not report the failure of its write, and %1 commits after "
           "it; %select{if it fails, the commit goes ahead without it|on "
           "PostgreSQL the failed statement aborts the transaction, and the "
           "commit rolls back every write of it}2")
          << functionSpelling(Write.Via) << transactionSpelling(Commit, Ctx)
          << (Write.Spec && Write.Spec->AbortsOnError);
    else
      diag(eventLocation(Write),
           "the failure of this write is not handled before %0 commits; "
           "%select{if it fails, the commit goes ahead without it|on "
           "PostgreSQL the failed statement aborts the transaction, and the "
           "commit rolls back every write of it}1")
          << transactionSpelling(Commit, Ctx)
          << (Write.Spec && Write.Spec->AbortsOnError);
    diag(eventLocation(Commit), "committed here", DiagnosticIDs::Note);
  }
  if (isLambdaCallOperator(Analysis.Function))
    checkLambdaInTransaction(Analysis, Ctx);
}

void CommitAfterFailedWriteCheck::checkLambdaInTransaction(
    const FunctionTxnResult &Analysis, ASTContext &Ctx) {
  // A lambda that a transaction runner calls (`withTransaction(db, [&] {
  // ...; return true; })`) and whose `return true` follows a write that
  // failed: the runner commits the rest.
  llvm::BitVector Swallowed = swallowedWrites(Analysis);
  if (Swallowed.none())
    return;
  std::optional<TxnAnalysisCache::CommitAfterReturn> After =
      TxnAnalysisCache::get(Ctx, model()).commitAfterReturn(Analysis.Function);
  if (!After)
    return;
  for (unsigned WriteId : Swallowed.set_bits()) {
    const TxnEvent &Write = Analysis.Events[WriteId];
    diag(eventLocation(Write),
         "the failure of this write is not reported to the transaction this "
         "lambda runs in, which commits after it returns; %select{if it "
         "fails, the commit goes ahead without it|on PostgreSQL the failed "
         "statement aborts the transaction, and the commit rolls back every "
         "write of it}0")
        << (Write.Spec && Write.Spec->AbortsOnError);
    if (After->Caller)
      diag(eventLocation(After->Caller->Events[After->Commit]),
           "committed here after the lambda returns", DiagnosticIDs::Note);
    else
      diag(After->HandedAt->getBeginLoc(),
           "%0 commits its transaction after the lambda returns",
           DiagnosticIDs::Note)
          << functionSpelling(After->HandedAt->getDirectCallee());
  }
}

} // namespace txnlint
