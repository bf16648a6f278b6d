//===--- DumpEventsCheck.cpp - txnlint-dump-events ------------------------===//

#include "DumpEventsCheck.h"
#include "analysis/TxnStateAnalysis.h"

using namespace clang;

namespace txnlint {

void DumpEventsCheck::checkFunction(const FunctionTxnResult &Analysis,
                                    ASTContext &Ctx) {
  for (const TxnEvent &E : Analysis.Events) {
    if (!E.Site)
      continue;
    std::string Detail;
    if (!E.SavepointName.empty())
      Detail += " '" + E.SavepointName + "'";
    if (E.ReadOnly)
      Detail += " (read-only)";
    if (E.Joins)
      Detail += " (joins)";
    if (E.Implicit)
      Detail += " (implicit)";
    if (E.HandedOver)
      Detail += " (handed over)";
    if (E.Scoped)
      Detail += " (RAII)";
    if (E.Destructor)
      Detail += " (destructor)";
    if (E.Failure != FailureReport::None)
      Detail += " (failure: " + failureReportName(E.Failure).str() + ")";
    // Where the event's meaning comes from: the model, or a function's body.
    if (const auto *Method = dyn_cast_or_null<CXXMethodDecl>(E.Via);
        Method && Method->getParent()->isLambda())
      Detail += " (summary of the lambda at line " +
                std::to_string(Ctx.getSourceManager().getPresumedLineNumber(
                    Method->getParent()->getLocation())) +
                ")";
    else if (E.Via)
      Detail += " (summary of '" + E.Via->getQualifiedNameAsString() + "')";
    diag(eventLocation(E), "%0 on '%1'%2", DiagnosticIDs::Remark)
        << operationName(E.Op) << handleSpelling(E, Ctx) << Detail;
  }
}

} // namespace txnlint
