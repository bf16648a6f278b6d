//===--- UseAfterEndCheck.cpp - txn-use-after-end -------------------------===//

#include "UseAfterEndCheck.h"
#include "analysis/TxnStateAnalysis.h"

using namespace clang;

namespace txnlint {

static StringRef pastTense(const TxnEvent &End) {
  if (End.HandedOver)
    return "handed to a callee that ends it";
  switch (End.Op) {
  case Operation::Commit: return "committed";
  case Operation::Close: return "closed";
  default: return "rolled back";
  }
}

static StringRef useVerb(Operation Op) {
  switch (Op) {
  case Operation::Write: return "written to";
  case Operation::Read: return "read from";
  case Operation::Commit: return "committed again";
  case Operation::Rollback: return "rolled back";
  case Operation::Close: return "closed";
  default: return "used";
  }
}

void UseAfterEndCheck::checkFunction(const FunctionTxnResult &Analysis,
                                     ASTContext &Ctx) {
  // One report per use, naming the latest end before it.
  const SourceManager &SM = Ctx.getSourceManager();
  llvm::MapVector<unsigned, unsigned> EndOfUse;
  for (const UseAfterEnd &U : Analysis.UsesAfterEnd) {
    auto [It, Inserted] = EndOfUse.try_emplace(U.Use, U.End);
    if (!Inserted &&
        SM.isBeforeInTranslationUnit(eventLocation(Analysis.Events[It->second]),
                                     eventLocation(Analysis.Events[U.End])))
      It->second = U.End;
  }
  for (const auto &[UseId, EndId] : EndOfUse) {
    const TxnEvent &Use = Analysis.Events[UseId];
    const TxnEvent &End = Analysis.Events[EndId];
    diag(eventLocation(Use), "%0 is %1 after it was %2; begin a new "
                             "transaction for this work")
        << transactionSpelling(End, Ctx) << useVerb(Use.Op)
        << pastTense(End);
    diag(eventLocation(End), "it is %0 here", DiagnosticIDs::Note)
        << pastTense(End);
  }
}

} // namespace txnlint
