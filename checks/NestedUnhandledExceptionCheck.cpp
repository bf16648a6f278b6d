//===--- NestedUnhandledExceptionCheck.cpp - txn-nested-unhandled-exception ===//

#include "NestedUnhandledExceptionCheck.h"
#include "analysis/CallOperands.h"
#include "analysis/TxnStateAnalysis.h"
#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace txnlint {

void NestedUnhandledExceptionCheck::checkFunction(
    const FunctionTxnResult &Analysis, ASTContext &Ctx) {
  // One report per throwing statement, for its innermost open savepoint:
  // the one opened last.
  const SourceManager &SM = Ctx.getSourceManager();
  llvm::MapVector<const Stmt *, const ThrowInSavepoint *> Innermost;
  for (const ThrowInSavepoint &Throw : Analysis.ThrowsInSavepoints) {
    const ThrowInSavepoint *&Known = Innermost[Throw.Site];
    if (!Known ||
        SM.isBeforeInTranslationUnit(
            eventLocation(Analysis.Events[Known->Savepoint]),
            eventLocation(Analysis.Events[Throw.Savepoint])))
      Known = &Throw;
  }
  for (const auto &[Site, Throw] : Innermost) {
    const TxnEvent &Savepoint = Analysis.Events[Throw->Savepoint];
    std::string What = "an exception thrown here";
    if (const FunctionDecl *Callee = calleeOf(Site))
      What = "an exception from '" + Callee->getQualifiedNameAsString() + "'";
    if (Throw->What == ThrowInSavepoint::Uncaught)
      diag(Site->getBeginLoc(),
           "%0 escapes savepoint %1 and aborts the enclosing transaction; "
           "catch it inside the savepoint and roll back to the savepoint")
          << What << savepointSpelling(Savepoint, Ctx);
    else
      diag(Site->getBeginLoc(),
           "%0 is caught without rolling back to savepoint %1; the "
           "savepoint's partial work stays in the enclosing transaction")
          << What << savepointSpelling(Savepoint, Ctx);
    diag(eventLocation(Savepoint), "savepoint %0 is opened here",
         DiagnosticIDs::Note)
        << savepointSpelling(Savepoint, Ctx);
  }
}

} // namespace txnlint
