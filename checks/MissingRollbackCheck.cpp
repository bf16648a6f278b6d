//===--- MissingRollbackCheck.cpp - txn-missing-rollback ------------------===//

#include "MissingRollbackCheck.h"
#include "analysis/TxnStateAnalysis.h"
#include "llvm/ADT/DenseSet.h"

using namespace clang;

namespace txnlint {

void MissingRollbackCheck::checkFunction(const FunctionTxnResult &Analysis,
                                         ASTContext &Ctx) {
  const unsigned MaxNotes = 3;
  const SourceManager &SM = Ctx.getSourceManager();
  for (const LeftOpenTransaction &Open : Analysis.LeftOpen) {
    const TxnEvent &Begin = Analysis.Events[Open.Begin];
    diag(Begin.Site->getBeginLoc(),
         "transaction begun on '%0' is left open on some path out of %1; "
         "commit or roll it back before leaving")
        << handleSpelling(Begin, Ctx) << functionSpelling(Analysis.Function);
    // Plain exits first: an early return is the likelier bug and must not
    // hide behind exception notes. One note per line.
    llvm::SmallVector<const ExitPoint *, 8> Exits;
    llvm::DenseSet<std::pair<FileID, unsigned>> Lines;
    for (bool Exceptional : {false, true})
      for (const ExitPoint &Exit : Open.Exits) {
        SourceLocation Loc = SM.getExpansionLoc(Exit.Loc);
        if ((Exit.K == ExitPoint::Exception) == Exceptional &&
            Lines.insert({SM.getFileID(Loc), SM.getExpansionLineNumber(Loc)})
                .second)
          Exits.push_back(&Exit);
      }
    for (const ExitPoint *Exit : llvm::ArrayRef(Exits).take_front(MaxNotes)) {
      StringRef Where =
          Exit->K == ExitPoint::Return ? "at this return"
          : Exit->K == ExitPoint::Exception
              ? "when an exception leaves the function here"
              : "at the end of the function";
      diag(Exit->Loc, "transaction is still open %0", DiagnosticIDs::Note)
          << Where;
    }
    if (Exits.size() > MaxNotes)
      diag(Begin.Site->getBeginLoc(),
           "%0 more %plural{1:exit leaves|:exits leave}0 it open",
           DiagnosticIDs::Note)
          << static_cast<unsigned>(Exits.size() - MaxNotes);
  }
  // Scoped transactions whose destructor commits: an exception that leaves
  // their scope commits what was written so far.
  llvm::MapVector<unsigned, llvm::SmallVector<const Stmt *, 3>> Unwound;
  for (const CommitOnUnwind &U : Analysis.CommitsOnUnwind)
    Unwound[U.Begin].push_back(U.Throw);
  for (auto &[BeginId, Throws] : Unwound) {
    llvm::sort(Throws, [&](const Stmt *A, const Stmt *B) {
      return SM.isBeforeInTranslationUnit(A->getBeginLoc(), B->getBeginLoc());
    });
    const TxnEvent &Begin = Analysis.Events[BeginId];
    diag(eventLocation(Begin),
         "%0 commits a partial write when an exception unwinds it; its "
         "destructor should roll back unless it was committed")
        << transactionSpelling(Begin, Ctx);
    for (const Stmt *Throw : llvm::ArrayRef(Throws).take_front(MaxNotes))
      diag(Throw->getBeginLoc(), "an exception can leave its scope here",
           DiagnosticIDs::Note);
  }
}

} // namespace txnlint
