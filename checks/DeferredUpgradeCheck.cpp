//===--- DeferredUpgradeCheck.cpp - txn-deferred-upgrade ------------------===//

#include "DeferredUpgradeCheck.h"
#include "analysis/TxnStateAnalysis.h"
#include "clang/AST/RecursiveASTVisitor.h"

using namespace clang;

namespace txnlint {

void DeferredUpgradeCheck::onStartOfTranslationUnit() {
  TransactionCheck::onStartOfTranslationUnit();
  QtSqliteOnly.reset();
}

bool DeferredUpgradeCheck::qtUsesSqliteOnly(ASTContext &Ctx) {
  if (QtSqliteOnly)
    return *QtSqliteOnly;
  // The driver names given to QSqlDatabase::addDatabase anywhere in the
  // unit: a connection's driver is only visible where it is added.
  struct DriverFinder : RecursiveASTVisitor<DriverFinder> {
    unsigned Sqlite = 0, Other = 0;
    bool VisitCallExpr(CallExpr *Call) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      if (!Callee || Call->getNumArgs() == 0 ||
          modelNameOf(Callee) != "QSqlDatabase::addDatabase")
        return true;
      std::optional<std::string> Driver =
          sqlTextOf(Call->getArg(0), Callee->getASTContext());
      if (Driver && (*Driver == "QSQLITE" || *Driver == "QSQLITE3"))
        ++Sqlite;
      else
        ++Other;
      return true;
    }
  } Finder;
  Finder.TraverseDecl(Ctx.getTranslationUnitDecl());
  QtSqliteOnly = Finder.Sqlite > 0 && Finder.Other == 0;
  return *QtSqliteOnly;
}

void DeferredUpgradeCheck::checkFunction(const FunctionTxnResult &Analysis,
                                         ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  auto Before = [&](unsigned A, unsigned B) {
    return SM.isBeforeInTranslationUnit(eventLocation(Analysis.Events[A]),
                                        eventLocation(Analysis.Events[B]));
  };
  for (const TransactionScope &Scope : Analysis.Scopes) {
    const TxnEvent &Begin = Analysis.Events[Scope.Begin];
    if (!Begin.Spec || Begin.ReadOnly || Begin.Joins || Begin.Implicit ||
        !(Begin.Modifier.empty() || Begin.Modifier == "DEFERRED"))
      continue;
    bool Sqlite = Begin.Spec->Database == "sqlite" ||
                  (Begin.Spec->Profile == "qt-sql" && qtUsesSqliteOnly(Ctx));
    if (!Sqlite)
      continue;
    // The first statement, in source order, reads a table; a write of
    // recognized SQL follows. SQL not recognized may write first: no
    // finding.
    auto InTransaction = [&](unsigned Id) {
      return mayShareTransaction(Analysis.Events[Id], Begin);
    };
    std::optional<unsigned> FirstRead, FirstStatement;
    for (unsigned Id : Scope.Reads) {
      const SqlAccess &Access = Analysis.Events[Id].Access;
      if (InTransaction(Id) && (!Access.Read.empty() || !Access.Locked.empty())) {
        FirstRead = Id;
        break;
      }
    }
    if (!FirstRead)
      continue;
    FirstStatement = FirstRead;
    const TxnEvent *Upgrade = nullptr;
    for (unsigned Id : Scope.Writes) {
      if (!InTransaction(Id))
        continue;
      if (Before(Id, *FirstStatement) || Id == *FirstStatement) {
        FirstStatement = Id;
        break;
      }
      if (!Upgrade && !Analysis.Events[Id].SqlUnknown &&
          !Analysis.Events[Id].Schema)
        Upgrade = &Analysis.Events[Id];
    }
    if (FirstStatement != FirstRead || !Upgrade)
      continue;
    diag(eventLocation(Begin),
         "deferred %0 reads before it writes; if another connection writes "
         "in between, upgrading to a write lock fails at once with "
         "SQLITE_BUSY, without the busy handler waiting; begin it with "
         "BEGIN IMMEDIATE")
        << transactionSpelling(Begin, Ctx);
    diag(eventLocation(Analysis.Events[*FirstRead]),
         "the first statement reads here, taking a shared lock",
         DiagnosticIDs::Note);
    diag(eventLocation(*Upgrade), "this write needs the upgrade",
         DiagnosticIDs::Note);
  }
}

} // namespace txnlint
