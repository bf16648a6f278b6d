//===--- SideEffectBeforeCommitCheck.cpp - txn-side-effect-before-commit --===//

#include "SideEffectBeforeCommitCheck.h"
#include "analysis/TxnStateAnalysis.h"

using namespace clang;

namespace txnlint {

SideEffectBeforeCommitCheck::SideEffectBeforeCommitCheck(
    StringRef Name, tidy::ClangTidyContext *Context)
    : TransactionCheck(Name, Context),
      SideEffectFunctionsOption(Options.get(
          "SideEffectFunctions", SideEffectCalls::DefaultFunctions)),
      SideEffectTypesOption(
          Options.get("SideEffectTypes", SideEffectCalls::DefaultTypes)),
      SideEffects(SideEffectFunctionsOption, SideEffectTypesOption,
                  OptionErrors) {
  for (const auto &[Glob, Reason] : OptionErrors)
    configurationDiag("invalid glob '%0' in a side-effect option: %1")
        << Glob << Reason;
}

void SideEffectBeforeCommitCheck::storeOptions(
    tidy::ClangTidyOptions::OptionMap &Opts) {
  TransactionCheck::storeOptions(Opts);
  Options.store(Opts, "SideEffectFunctions", SideEffectFunctionsOption);
  Options.store(Opts, "SideEffectTypes", SideEffectTypesOption);
}

void SideEffectBeforeCommitCheck::checkFunction(
    const FunctionTxnResult &Analysis, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  for (const CallInTransaction &Call : Analysis.CallsInTransactions) {
    std::optional<std::string> Effect = SideEffects.describe(Call.Site, Ctx);
    if (!Effect)
      continue;
    // A helper named for an effect whose body only writes to the database
    // in the transaction is part of it (a mail or an event stored in a
    // table: the outbox this check recommends).
    if (SideEffects.namedOnly(Call.Site, Ctx) &&
        llvm::any_of(Analysis.Events, [&](const TxnEvent &E) {
          return E.Site == Call.Site && E.Via && E.Op == Operation::Write;
        }))
      continue;
    // The commit that follows: the first, in source order, of those a path
    // from the call reaches while its transaction is open. An effect on an
    // error path that rolls back first reaches none.
    const TxnEvent *Commit = nullptr;
    for (unsigned Id : Call.CommitsAfter) {
      const TxnEvent &E = Analysis.Events[Id];
      // A transaction that wrote nothing has nothing for a rollback to
      // undo that the effect reports (an export from a read snapshot).
      if (endsOnlyReadOnly(Analysis, Id))
        continue;
      bool EndsOpen = llvm::any_of(Call.Begins, [&](unsigned B) {
        const TxnEvent &Begin = Analysis.Events[B];
        return Begin.HandleKey == E.HandleKey ||
               (!Begin.ConnectionKey.empty() &&
                Begin.ConnectionKey == E.ConnectionKey);
      });
      if (EndsOpen && (!Commit || SM.isBeforeInTranslationUnit(
                                      eventLocation(E), eventLocation(*Commit))))
        Commit = &E;
    }
    if (!Commit)
      continue;
    diag(Call.Site->getBeginLoc(),
         "%0 has an effect outside the database but runs before %1 "
         "commits; a rollback or a failed commit cannot undo it, so move it "
         "after the commit or record it in an outbox table")
        << *Effect << transactionSpelling(*Commit, Ctx);
    diag(eventLocation(*Commit), "the transaction commits here",
         DiagnosticIDs::Note);
  }
}

} // namespace txnlint
