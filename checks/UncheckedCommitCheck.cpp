//===--- UncheckedCommitCheck.cpp - txn-unchecked-commit ------------------===//

#include "UncheckedCommitCheck.h"
#include "analysis/TxnActions.h"
#include "analysis/TxnStateAnalysis.h"
#include "clang/AST/RecursiveASTVisitor.h"

using namespace clang;

namespace txnlint {
namespace {

/// Whether a result object (libpq's PGresult) handed to \p Call is looked
/// at: by a status function, or by the program's own function (a
/// `resultOk(res)` helper); a library's other functions (PQclear) do not.
bool statusIsRead(const CallExpr *Call, TxnEventClassifier &Classifier,
                  const SourceManager &SM) {
  if (const OperationSpec *Spec = Classifier.specOfCall(Call);
      Spec && Spec->Op == Operation::ResultStatus)
    return true;
  const FunctionDecl *Callee = Call->getDirectCallee();
  return !Callee || !(SM.isInSystemHeader(Callee->getLocation()) ||
                      Classifier.isLibraryCode(Callee));
}

/// Whether the variable holding a commit's result is ever looked at: for a
/// result object that a status function reads (libpq), passed to one or to
/// the program's own function (statusIsRead); for anything else, read at
/// all. \p Counts says whether a reference may read the commit's result
/// (not one to the variable's earlier results).
bool isResultRead(const VarDecl *Var, const FunctionDecl *Function,
                  bool NeedsStatusCall, TxnEventClassifier &Classifier,
                  llvm::function_ref<bool(const Expr *)> Counts) {
  struct Reads : RecursiveASTVisitor<Reads> {
    const VarDecl *Var;
    bool NeedsStatusCall;
    TxnEventClassifier &Classifier;
    const SourceManager &SM;
    llvm::function_ref<bool(const Expr *)> Counts;
    bool Found = false;
    /// References that are assigned to, not read.
    llvm::SmallPtrSet<const Expr *, 4> Assigned;
    Reads(const VarDecl *Var, bool NeedsStatusCall, TxnEventClassifier &C,
          const SourceManager &SM,
          llvm::function_ref<bool(const Expr *)> Counts)
        : Var(Var), NeedsStatusCall(NeedsStatusCall), Classifier(C), SM(SM),
          Counts(Counts) {}
    bool VisitBinaryOperator(BinaryOperator *Assign) {
      if (Assign->getOpcode() == BO_Assign)
        Assigned.insert(Assign->getLHS()->IgnoreParenImpCasts());
      return true;
    }
    bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *Op) {
      if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2)
        Assigned.insert(Op->getArg(0)->IgnoreParenImpCasts());
      return true;
    }
    bool VisitDeclRefExpr(DeclRefExpr *Ref) {
      // `auto [ok, error] = exec("COMMIT");` reads the result as `ok`.
      const ValueDecl *Named = Ref->getDecl();
      if (const auto *Flag = dyn_cast<BindingDecl>(Named);
          Flag && Flag->getDecomposedDecl() == Var &&
          cast<DecompositionDecl>(Var)->bindings().front() == Flag)
        Named = Var;
      Found |= !NeedsStatusCall && Named == Var && !Assigned.contains(Ref) &&
               Counts(Ref);
      return !Found;
    }
    bool VisitCallExpr(CallExpr *Call) {
      if (NeedsStatusCall && statusIsRead(Call, Classifier, SM))
        for (const Expr *Arg : Call->arguments())
          if (const auto *Ref = dyn_cast<DeclRefExpr>(resultSource(Arg)))
            Found |= Ref->getDecl() == Var && Counts(Ref);
      return !Found;
    }
  } Finder(Var, NeedsStatusCall, Classifier,
           Function->getASTContext().getSourceManager(), Counts);
  Finder.TraverseStmt(Function->getBody());
  return Finder.Found;
}

/// Whether \p Commit may end a transaction: turning autocommit back on
/// (`mysql_autocommit(conn, 1)`) after the commit ends nothing.
bool endsAny(const FunctionTxnResult &Analysis, const TxnEvent &Commit) {
  unsigned Id = &Commit - Analysis.Events.data();
  return llvm::any_of(Analysis.Scopes, [&](const TransactionScope &Scope) {
    return llvm::is_contained(Scope.Ends, Id);
  });
}

} // namespace

void UncheckedCommitCheck::checkFunction(const FunctionTxnResult &Analysis,
                                         ASTContext &Ctx) {
  TxnAnalysisCache &Cache = TxnAnalysisCache::get(Ctx, model());
  TxnEventClassifier &Classifier = Cache.classifier();
  BodyParents &Parents = Cache.bodyParents();
  Parents.index(Analysis.Function);
  const SourceManager &SM = Ctx.getSourceManager();
  llvm::SmallPtrSet<const Stmt *, 4> Reported;
  for (const TxnEvent &Commit : Analysis.Events) {
    if (Commit.Op != Operation::Commit || Commit.Destructor ||
        !isa_and_nonnull<CallExpr>(Commit.Site) ||
        !reportsByResult(Commit.Failure) ||
        endsOnlyReadOnly(Analysis, &Commit - Analysis.Events.data()) ||
        (Commit.EndsOnlyOpen && !endsAny(Analysis, Commit)) ||
        Commit.FalseMeansIdle)
      continue;
    // A variable that held earlier results (`res = PQexec(c, "COMMIT")`
    // after `res` was checked for the writes) is read for the commit only
    // after this assignment, or in a loop around it.
    auto ReadsAfter = [&](const Stmt *Assign) {
      return [&, Assign](const Expr *Ref) {
        if (!SM.isBeforeInTranslationUnit(Ref->getBeginLoc(),
                                          Assign->getBeginLoc()))
          return true;
        for (const Stmt *S = Parents.parentStmt(Assign); S;
             S = Parents.parentStmt(S))
          if (isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(S) &&
              !SM.isBeforeInTranslationUnit(Ref->getBeginLoc(),
                                            S->getBeginLoc()))
            return true;
        return false;
      };
    };
    auto Always = [](const Expr *) { return true; };
    // Where does the result go? Up through conversions and temporaries.
    const Stmt *Node = Commit.Site;
    const bool NeedsStatusCall = Commit.Failure == FailureReport::ReturnsResult;
    bool Checked = true;
    while (true) {
      if (const VarDecl *Var = Parents.parentVar(Node)) {
        Checked = isResultRead(Var, Analysis.Function, NeedsStatusCall,
                               Classifier, Always);
        break;
      }
      const Stmt *Parent = Parents.parentStmt(Node);
      if (!Parent)
        break;
      if (isa<ImplicitCastExpr>(Parent) || isa<ParenExpr>(Parent) ||
          isa<ExprWithCleanups>(Parent) ||
          isa<MaterializeTemporaryExpr>(Parent) ||
          isa<CXXBindTemporaryExpr>(Parent) || isa<CXXConstructExpr>(Parent)) {
        Node = Parent;
        continue;
      }
      if (const auto *Assign = dyn_cast<BinaryOperator>(Parent);
          Assign && Assign->getOpcode() == BO_Assign) {
        const auto *Ref =
            dyn_cast<DeclRefExpr>(Assign->getLHS()->IgnoreParenImpCasts());
        const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
        Checked = !Var || isResultRead(Var, Analysis.Function, NeedsStatusCall,
                                       Classifier, ReadsAfter(Assign));
      } else if (const auto *Assign = dyn_cast<CXXOperatorCallExpr>(Parent);
                 Assign && Assign->getOperator() == OO_Equal) {
        // status = txn->Commit() on a class-type variable.
        const auto *Ref =
            dyn_cast<DeclRefExpr>(Assign->getArg(0)->IgnoreParenImpCasts());
        const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
        Checked = !Var || isResultRead(Var, Analysis.Function, NeedsStatusCall,
                                       Classifier, ReadsAfter(Assign));
      } else if (const auto *Call = dyn_cast<CallExpr>(Parent);
                 Call && NeedsStatusCall) {
        // A result handed to a library function other than a status one
        // (PQclear(PQexec(conn, "COMMIT"))) is not checked; handed to the
        // program's own function, it is taken to be.
        Checked = statusIsRead(Call, Classifier, Ctx.getSourceManager());
      } else {
        // A statement of its own, or the body of an if or a loop: the value
        // is dropped. As a condition, returned or passed on, it is looked
        // at. `(void)commit()` is an explicit decision and is accepted.
        auto IsCondition = [&](const Stmt *Cond) {
          return Cond && Cond->IgnoreContainers() == Node;
        };
        if (const auto *If = dyn_cast<IfStmt>(Parent))
          Checked = IsCondition(If->getCond());
        else if (const auto *While = dyn_cast<WhileStmt>(Parent))
          Checked = IsCondition(While->getCond());
        else if (const auto *Do = dyn_cast<DoStmt>(Parent))
          Checked = IsCondition(Do->getCond());
        else if (const auto *For = dyn_cast<ForStmt>(Parent))
          Checked = IsCondition(For->getCond());
        else if (const auto *Switch = dyn_cast<SwitchStmt>(Parent))
          Checked = IsCondition(Switch->getCond());
        else
          Checked = isa<Expr>(Parent) || isa<ReturnStmt>(Parent);
      }
      break;
    }
    if (Checked || !Reported.insert(Commit.Site).second)
      continue;
    diag(eventLocation(Commit),
         "the result of committing %0 is not checked; a failed commit goes "
         "unnoticed and its changes are lost")
        << transactionSpelling(Commit, Ctx);
  }
}

} // namespace txnlint
