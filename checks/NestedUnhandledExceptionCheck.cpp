//===--- NestedUnhandledExceptionCheck.cpp - txn-nested-unhandled-exception ===//

#include "NestedUnhandledExceptionCheck.h"
#include "analysis/BodyParents.h"
#include "analysis/CallOperands.h"
#include "analysis/TxnStateAnalysis.h"
#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace txnlint {

/// The statement of a function body that \p Site is part of: the whole
/// expression statement, declaration or condition.
static const Stmt *statementOf(const Stmt *Site, const BodyParents &Parents) {
  for (const Stmt *Up = Parents.parentStmt(Site);
       Up && (isa<Expr>(Up) || isa<DeclStmt>(Up)) && !isa<LambdaExpr>(Up);
       Up = Parents.parentStmt(Up))
    Site = Up;
  return Site;
}

void NestedUnhandledExceptionCheck::checkFunction(
    const FunctionTxnResult &Analysis, ASTContext &Ctx) {
  // One report per statement (`std::stoi(f.at(2))` throws from two calls),
  // for its innermost open savepoint: the one opened last; at the first of
  // its calls that throws.
  const SourceManager &SM = Ctx.getSourceManager();
  BodyParents &Parents = TxnAnalysisCache::get(Ctx, model()).bodyParents();
  Parents.index(Analysis.Function);
  llvm::MapVector<const Stmt *, const ThrowInSavepoint *> Innermost;
  for (const ThrowInSavepoint &Throw : Analysis.ThrowsInSavepoints) {
    // The caller's handlers decide; its own analysis reports it.
    if (Throw.Ends == ThrowInSavepoint::Caller)
      continue;
    const ThrowInSavepoint *&Known =
        Innermost[statementOf(Throw.Site, Parents)];
    if (!Known)
      Known = &Throw;
    SourceLocation KnownOpen = eventLocation(Analysis.Events[Known->Savepoint]);
    SourceLocation Open = eventLocation(Analysis.Events[Throw.Savepoint]);
    if (SM.isBeforeInTranslationUnit(KnownOpen, Open) ||
        (KnownOpen == Open &&
         SM.isBeforeInTranslationUnit(Throw.Site->getBeginLoc(),
                                      Known->Site->getBeginLoc())))
      Known = &Throw;
  }
  for (const auto &[Statement, Throw] : Innermost) {
    const Stmt *Site = Throw->Site;
    const TxnEvent &Savepoint = Analysis.Events[Throw->Savepoint];
    std::string What = "an exception thrown here";
    if (const FunctionDecl *Callee = calleeOf(Site))
      What = "an exception from " +
             (isa<CXXMethodDecl>(Callee) &&
                      cast<CXXMethodDecl>(Callee)->getParent()->isLambda()
                  ? std::string("the lambda")
                  : "'" + modelNameOf(Callee) + "'");
    if (Throw->What == ThrowInSavepoint::CaughtWithoutRollback)
      diag(Site->getBeginLoc(),
           "%0 is caught without rolling back to savepoint %1; the "
           "savepoint's partial work stays in the enclosing transaction")
          << What << savepointSpelling(Savepoint, Ctx);
    else if (Savepoint.InCallee)
      diag(Site->getBeginLoc(),
           "%0 escapes savepoint %1 and aborts the enclosing transaction; "
           "catch it around the call so that the transaction can go on")
          << What << savepointSpelling(Savepoint, Ctx);
    else if (Savepoint.Scoped)
      // Its destructor undoes the savepoint; what is missing is a handler
      // that lets the transaction go on.
      diag(Site->getBeginLoc(),
           "%0 escapes savepoint %1 and aborts the enclosing transaction; "
           "catch it around the savepoint so that the transaction can go on")
          << What << savepointSpelling(Savepoint, Ctx);
    else
      diag(Site->getBeginLoc(),
           "%0 escapes savepoint %1 and aborts the enclosing transaction; "
           "catch it inside the savepoint and roll back to the savepoint")
          << What << savepointSpelling(Savepoint, Ctx);
    if (Savepoint.InCallee)
      diag(eventLocation(Savepoint),
           "savepoint %0 is opened inside '%1', called here",
           DiagnosticIDs::Note)
          << savepointSpelling(Savepoint, Ctx)
          << Savepoint.Via->getQualifiedNameAsString();
    else
      diag(eventLocation(Savepoint), "savepoint %0 is opened here",
           DiagnosticIDs::Note)
          << savepointSpelling(Savepoint, Ctx);
    if (Throw->Ends == ThrowInSavepoint::NotEnded)
      continue;
    const TxnEvent &End = Analysis.Events[Throw->EndEvent];
    switch (Throw->Ends) {
    case ThrowInSavepoint::HandlerRollsBack:
      diag(eventLocation(End),
           "the handler then rolls back the whole transaction here",
           DiagnosticIDs::Note);
      break;
    case ThrowInSavepoint::DestructorRollsBack:
      diag(eventLocation(End),
           "%0, begun here, is then rolled back by its destructor as the "
           "exception unwinds",
           DiagnosticIDs::Note)
          << transactionSpelling(End, Ctx);
      break;
    case ThrowInSavepoint::LeavesOwner:
      diag(eventLocation(End),
           "the exception then leaves the function that began %0 here",
           DiagnosticIDs::Note)
          << transactionSpelling(End, Ctx);
      break;
    case ThrowInSavepoint::NotEnded:
    case ThrowInSavepoint::Caller:
      break;
    }
  }
}
} // namespace txnlint
