//===--- UseAfterErrorCheck.cpp - txn-use-after-error ---------------------===//

#include "UseAfterErrorCheck.h"
#include "analysis/TxnStateAnalysis.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang;

namespace txnlint {

UseAfterErrorCheck::UseAfterErrorCheck(StringRef Name,
                                       tidy::ClangTidyContext *Context)
    : TransactionCheck(Name, Context),
      AbortingProfilesOption(Options.get("AbortingProfiles", "")) {
  llvm::SmallVector<StringRef, 4> Names;
  StringRef(AbortingProfilesOption).split(Names, ';', -1, false);
  for (StringRef Profile : Names)
    AbortingProfiles.insert(Profile.trim());
}

void UseAfterErrorCheck::storeOptions(tidy::ClangTidyOptions::OptionMap &Opts) {
  TransactionCheck::storeOptions(Opts);
  Options.store(Opts, "AbortingProfiles", AbortingProfilesOption);
}

bool UseAfterErrorCheck::abortsOnError(const TxnEvent &Failure) const {
  // Where the database does not abort (SQLite, MySQL), the transaction goes
  // on after most failed statements, and so may the program.
  return Failure.Spec && (Failure.Spec->AbortsOnError ||
                          AbortingProfiles.contains(Failure.Spec->Profile));
}

void UseAfterErrorCheck::checkFunction(const FunctionTxnResult &Analysis,
                                       ASTContext &Ctx) {
  // Each failure is reported at the first use after it, in source order;
  // failures whose first use is the same share its warning.
  const SourceManager &SM = Ctx.getSourceManager();
  auto Before = [&](unsigned A, unsigned B) {
    return SM.isBeforeInTranslationUnit(eventLocation(Analysis.Events[A]),
                                        eventLocation(Analysis.Events[B]));
  };
  llvm::MapVector<unsigned, unsigned> FirstUse;
  for (const UseAfterError &Pair : Analysis.UsesAfterErrors) {
    if (!abortsOnError(Analysis.Events[Pair.Failure]))
      continue;
    auto [It, Inserted] = FirstUse.try_emplace(Pair.Failure, Pair.Use);
    if (!Inserted && Before(Pair.Use, It->second))
      It->second = Pair.Use;
  }
  llvm::MapVector<unsigned, llvm::SmallVector<unsigned, 1>> FailuresOfUse;
  for (const auto &[Failure, Use] : FirstUse)
    FailuresOfUse[Use].push_back(Failure);
  for (const auto &[UseId, Failures] : FailuresOfUse) {
    const TxnEvent &Use = Analysis.Events[UseId];
    diag(eventLocation(Use),
         "%0 is %select{used|committed}1 after a statement of it failed; the "
         "failure aborted the transaction, so %select{this statement fails "
         "too: roll back, or roll back to a savepoint taken before the "
         "failure, first|the commit rolls back every write of it}1")
        << transactionSpelling(Use, Ctx) << (Use.Op == Operation::Commit);
    for (unsigned Failure : Failures)
      diag(eventLocation(Analysis.Events[Failure]), "the statement that failed",
           DiagnosticIDs::Note);
  }
}

} // namespace txnlint
