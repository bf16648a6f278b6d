//===--- CommitBeforeValidationCheck.cpp - txn-commit-before-validation ---===//

#include "CommitBeforeValidationCheck.h"
#include "analysis/TxnStateAnalysis.h"

using namespace clang;

namespace txnlint {

CommitBeforeValidationCheck::CommitBeforeValidationCheck(
    StringRef Name, tidy::ClangTidyContext *Context)
    : TransactionCheck(Name, Context),
      ValidatorFunctions(Options.get(
          "ValidatorFunctions", "validate*;check*;verify*;ensure*;assert*")),
      Validators(ValidatorFunctions, OptionErrors) {
  for (const auto &[Glob, Reason] : OptionErrors)
    configurationDiag("invalid glob '%0' in ValidatorFunctions: %1")
        << Glob << Reason;
}

void CommitBeforeValidationCheck::storeOptions(
    tidy::ClangTidyOptions::OptionMap &Opts) {
  TransactionCheck::storeOptions(Opts);
  Options.store(Opts, "ValidatorFunctions", ValidatorFunctions);
}

void CommitBeforeValidationCheck::checkFunction(
    const FunctionTxnResult &Analysis, ASTContext &Ctx) {
  for (const CommitThenFailure &Entry : Analysis.CommitsThenFailures) {
    std::vector<const FailurePoint *> Points;
    for (const FailurePoint &Point : Entry.Points) {
      // SQL that could not be read may be a read: no finding rests on it.
      if (Point.K == FailurePoint::Write &&
          Analysis.Events[Point.WriteEvent].SqlUnknown)
        continue;
      if (Point.K != FailurePoint::Call || Point.MayThrow ||
          Validators.matches(Point.Callee))
        Points.push_back(&Point);
    }
    if (Points.empty())
      continue;

    const TxnEvent &Commit = Analysis.Events[Entry.Commit];
    auto Name = [](const FailurePoint &P) {
      return "'" + P.Callee->getQualifiedNameAsString() + "'";
    };
    const FailurePoint &First = *Points.front();
    std::string Step;
    switch (First.K) {
    case FailurePoint::Call: Step = Name(First) + " can fail"; break;
    case FailurePoint::Throw: Step = "an exception can be thrown"; break;
    case FailurePoint::ErrorReturn: Step = "the function can return an error"; break;
    case FailurePoint::Write:
      Step = "'" + handleSpelling(Analysis.Events[First.WriteEvent], Ctx) +
             "' is written again";
      break;
    }
    diag(eventLocation(Commit),
         "%0 is committed before %1; a failure there leaves a partial write")
        << transactionSpelling(Commit, Ctx) << Step;
    for (const FailurePoint *Point : llvm::ArrayRef(Points).take_front(3)) {
      std::string What;
      switch (Point->K) {
      case FailurePoint::Call: What = Name(*Point) + " can fail here"; break;
      case FailurePoint::Throw: What = "an exception is thrown here"; break;
      case FailurePoint::ErrorReturn: What = "an error is returned here"; break;
      case FailurePoint::Write: What = "a write after the commit"; break;
      }
      diag(Point->Site->getBeginLoc(), What, DiagnosticIDs::Note);
    }
  }
}

} // namespace txnlint
