//===--- MissingRollbackCheck.cpp - txn-missing-rollback ------------------===//

#include "MissingRollbackCheck.h"
#include "analysis/TxnStateAnalysis.h"

using namespace clang;

namespace txnlint {

void MissingRollbackCheck::checkFunction(const FunctionTxnResult &Analysis,
                                         ASTContext &Ctx) {
  for (const LeftOpenTransaction &Open : Analysis.LeftOpen) {
    const TxnEvent &Begin = Analysis.Events[Open.Begin];
    diag(Begin.Site->getBeginLoc(),
         "transaction begun on '%0' is left open on some path out of %1; "
         "commit or roll it back before leaving")
        << handleSpelling(Begin, Ctx) << functionSpelling(Analysis.Function);
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
