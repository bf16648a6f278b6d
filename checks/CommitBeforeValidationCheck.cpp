//===--- CommitBeforeValidationCheck.cpp - txn-commit-before-validation ---===//

#include "CommitBeforeValidationCheck.h"
#include "analysis/BodyWalk.h"
#include "analysis/CallOperands.h"
#include "analysis/TxnStateAnalysis.h"

using namespace clang;

namespace txnlint {

// I/O, replies to the client and logging: they fail after the commit on a
// write timeout, and the right order is commit, then reply. The storage's
// own upkeep between transactions (LMDB's map resize, which needs no write
// transaction open, its statistics and syncs; SQLite's checkpoints) is the
// database's, not a step of the work.
static const char DefaultPostCommitFunctions[] =
    "write;writev;pwrite;close;shutdown;fsync;fflush;fclose;fwrite;fputs;"
    "fprintf;printf;puts;syslog;*reply*;*respond*;"
    "log;log_*;*::log*;*logger*;qDebug;qInfo;qWarning;qCritical;spdlog::*;"
    "mdb_env_*;sqlite3_wal_checkpoint*";

CommitBeforeValidationCheck::CommitBeforeValidationCheck(
    StringRef Name, tidy::ClangTidyContext *Context)
    : TransactionCheck(Name, Context),
      ValidatorFunctions(Options.get(
          "ValidatorFunctions", "validate*;check*;verify*;ensure*;assert*")),
      PostCommitFunctions(
          Options.get("PostCommitFunctions", DefaultPostCommitFunctions)),
      Validators(ValidatorFunctions, ValidatorErrors),
      PostCommitWork(PostCommitFunctions, PostCommitErrors),
      SideEffects(Context, SideEffectErrors) {
  for (const auto &[Glob, Reason] : ValidatorErrors)
    configurationDiag("invalid glob '%0' in ValidatorFunctions: %1")
        << Glob << Reason;
  for (const auto &[Glob, Reason] : PostCommitErrors)
    configurationDiag("invalid glob '%0' in PostCommitFunctions: %1")
        << Glob << Reason;
}

void CommitBeforeValidationCheck::storeOptions(
    tidy::ClangTidyOptions::OptionMap &Opts) {
  TransactionCheck::storeOptions(Opts);
  Options.store(Opts, "ValidatorFunctions", ValidatorFunctions);
  Options.store(Opts, "PostCommitFunctions", PostCommitFunctions);
}

bool CommitBeforeValidationCheck::isPostCommitWork(const Stmt *Call,
                                                   const ASTContext &Ctx) const {
  if (SideEffects.describe(Call, Ctx) || SideEffects.onSideEffectObject(Call))
    return true;
  const FunctionDecl *Callee = calleeOf(Call);
  return Callee && (PostCommitWork.matches(Callee) ||
                    doesIoInBody(Callee, Ctx, /*Depth=*/1));
}

bool CommitBeforeValidationCheck::doesIoInBody(const FunctionDecl *FD,
                                               const ASTContext &Ctx,
                                               unsigned Depth) const {
  const FunctionDecl *Definition = nullptr;
  if (!FD->hasBody(Definition) ||
      Ctx.getSourceManager().isInSystemHeader(Definition->getLocation()))
    return false;
  // Logging is no I/O of the function's: validators log too. It formats
  // (printf, syslog), goes to the console (`fputs(msg, stderr)`) or to a
  // logger; I/O writes to the descriptor, file or socket the function is
  // given or keeps (in its object, or in a global).
  auto OnOwnChannel = [&](const CallExpr *Call) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee || Callee->isVariadic() || Call->getNumArgs() == 0 ||
        StringRef(Callee->getNameAsString()).contains_insensitive("log"))
      return false;
    return llvm::any_of(Call->arguments(), [&](const Expr *Arg) {
      const Expr *Root = Arg->IgnoreParenImpCasts();
      // The text written is no channel (`puts(msg)`).
      QualType T = Root->getType().getNonReferenceType();
      if (T->isPointerType() || T->isArrayType()
              ? T->getPointeeOrArrayElementType()->isAnyCharacterType()
              : !T->isIntegerType() && !T->isRecordType())
        return false;
      if (const auto *Member = dyn_cast<MemberExpr>(Root))
        return isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts());
      const auto *Ref = dyn_cast<DeclRefExpr>(Root);
      const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
      // A global of the program's own, not the console (stderr).
      return Var &&
             (isa<ParmVarDecl>(Var) ||
              (Var->hasGlobalStorage() &&
               !Ctx.getSourceManager().isInSystemHeader(Var->getLocation())));
    });
  };
  return !walkOutsideLambdas(Definition->getBody(), [&](const Stmt *S) {
    const auto *Call = dyn_cast<CallExpr>(S);
    const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
    return Callee && ((PostCommitWork.matches(Callee) && OnOwnChannel(Call)) ||
                      (Depth && doesIoInBody(Callee, Ctx, Depth - 1)))
               ? WalkNext::Stop
               : WalkNext::Descend;
  });
}

/// The variable that \p Call's result is stored in (`r = call()`, `T r =
/// call()`), or null.
static const VarDecl *resultVariableOf(const Stmt *Call,
                                       const BodyParents &Parents) {
  const Stmt *Node = Call;
  const Stmt *Parent = Parents.parentStmt(Node);
  while (isa_and_nonnull<ImplicitCastExpr, ExprWithCleanups, ParenExpr>(Parent)) {
    Node = Parent;
    Parent = Parents.parentStmt(Node);
  }
  if (const VarDecl *Var = Parents.parentVar(Node))
    return Var;
  const auto *Assign = dyn_cast_or_null<BinaryOperator>(Parent);
  const auto *Target =
      Assign && Assign->isAssignmentOp() && Assign->getRHS() == Node
          ? dyn_cast<DeclRefExpr>(Assign->getLHS()->IgnoreParenImpCasts())
          : nullptr;
  return Target ? dyn_cast<VarDecl>(Target->getDecl()) : nullptr;
}

void CommitBeforeValidationCheck::checkFunction(
    const FunctionTxnResult &Analysis, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  BodyParents &Parents = TxnAnalysisCache::get(Ctx, model()).bodyParents();
  Parents.index(Analysis.Function);
  for (const CommitThenFailure &Entry : Analysis.CommitsThenFailures) {
    // A read-only transaction stores nothing a later failure would leave
    // behind (Gerbera's loadObject: SELECT, COMMIT, then `throw
    // ObjectNotFoundException`).
    if (endsOnlyReadOnly(Analysis, Entry.Commit))
      continue;
    // Reading or freeing the commit's own result (`dbi_result_free(r)`,
    // `PQclear(r)`, `checked(txn->Commit(), "commit")`) handles the commit;
    // it validates nothing after it.
    const Stmt *CommitSite = Analysis.Events[Entry.Commit].Site;
    const VarDecl *CommitResult =
        CommitSite ? resultVariableOf(CommitSite, Parents) : nullptr;
    auto HandlesCommitResult = [&](const Stmt *Call) {
      const auto *CE = dyn_cast<CallExpr>(Call);
      return CE && llvm::any_of(CE->arguments(), [&](const Expr *Arg) {
               const Expr *Value = Arg->IgnoreImplicit()->IgnoreParenImpCasts();
               if (const auto *Ref = dyn_cast<DeclRefExpr>(Value))
                 return CommitResult && Ref->getDecl() == CommitResult;
               return CommitSite && Value == CommitSite;
             });
    };
    // A failed step that belongs after the commit; a throw that only such a
    // failure leads to (a handler's causes are the throws in its try).
    // So is a step that only names the file or socket that work uses
    // (`QFile file(QDir(path).filePath("meta.json"))`).
    auto NamesSideEffectObject = [&](const Stmt *Call) {
      for (const Stmt *S = Parents.parentStmt(Call); isa_and_nonnull<Expr>(S);
           S = Parents.parentStmt(S))
        if (SideEffects.constructsSideEffectObject(S))
          return true;
      return false;
    };
    auto AfterWork = [&](const Stmt *Call) {
      return isPostCommitWork(Call, Ctx) || HandlesCommitResult(Call) ||
             NamesSideEffectObject(Call);
    };
    auto OnlyAfterWork = [&](const Stmt *Throw) {
      auto Thrown = llvm::find_if(Entry.Points, [&](const FailurePoint &Point) {
        return Point.Site == Throw;
      });
      return Thrown != Entry.Points.end() && !Thrown->Causes.empty() &&
             llvm::all_of(Thrown->Causes, [&](const Stmt *Cause) {
               return !isa<CXXThrowExpr>(Cause) && AfterWork(Cause);
             });
    };
    // What is reported: the failure points, and the step whose failure
    // leads to each error return or throw.
    std::vector<FailurePoint> Points;
    for (const FailurePoint &Point : Entry.Points) {
      switch (Point.K) {
      case FailurePoint::Write:
        // SQL that could not be read may be a read: no finding rests on it.
        if (Analysis.Events[Point.WriteEvent].SqlUnknown)
          continue;
        break;
      case FailurePoint::Call: {
        // A validator by name, unless its body shows what it does is work
        // that belongs after the commit: `check_resize(env)` growing the
        // storage is upkeep.
        bool Validator = Validators.matches(Point.Callee) &&
                         !doesIoInBody(Point.Callee, Ctx, /*Depth=*/1);
        if ((!Validator &&
             !(Point.MayThrow && !isPostCommitWork(Point.Site, Ctx))) ||
            HandlesCommitResult(Point.Site))
          continue;
        break;
      }
      case FailurePoint::Throw:
      case FailurePoint::ErrorReturn: {
        // Reached only because replying, notifying or logging failed:
        // work that belongs after the commit.
        llvm::SmallVector<const Stmt *, 2> Validations;
        for (const Stmt *Cause : Point.Causes)
          if (isa<CXXThrowExpr>(Cause) ? !OnlyAfterWork(Cause)
                                       : !AfterWork(Cause))
            Validations.push_back(Cause);
        if (!Point.Causes.empty() && Validations.empty())
          continue;
        if (!Validations.empty() && calleeOf(Validations.front()))
          Points.push_back({FailurePoint::Call, Validations.front(),
                            calleeOf(Validations.front())});
        break;
      }
      }
      Points.push_back(Point);
    }
    if (Points.empty())
      continue;
    llvm::sort(Points, [&](const FailurePoint &A, const FailurePoint &B) {
      return SM.isBeforeInTranslationUnit(A.Site->getBeginLoc(),
                                          B.Site->getBeginLoc());
    });
    // A validator by name may also be the cause of an error return.
    Points.erase(std::unique(Points.begin(), Points.end(),
                             [](const FailurePoint &A, const FailurePoint &B) {
                               return A.Site == B.Site;
                             }),
                 Points.end());

    const TxnEvent &Commit = Analysis.Events[Entry.Commit];
    auto Name = [](const FailurePoint &P) {
      return "'" + P.Callee->getQualifiedNameAsString() + "'";
    };
    const FailurePoint &First = Points.front();
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
    for (const FailurePoint &Point : llvm::ArrayRef(Points).take_front(3)) {
      std::string What;
      switch (Point.K) {
      case FailurePoint::Call: What = Name(Point) + " can fail here"; break;
      case FailurePoint::Throw: What = "an exception is thrown here"; break;
      case FailurePoint::ErrorReturn: What = "an error is returned here"; break;
      case FailurePoint::Write: What = "a write after the commit"; break;
      }
      diag(Point.Site->getBeginLoc(), What, DiagnosticIDs::Note);
    }
  }
}

} // namespace txnlint
