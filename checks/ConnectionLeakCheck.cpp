//===--- ConnectionLeakCheck.cpp - txn-connection-leak --------------------===//

#include "ConnectionLeakCheck.h"
#include "analysis/TxnStateAnalysis.h"

using namespace clang;

namespace txnlint {

void ConnectionLeakCheck::checkFunction(const FunctionTxnResult &Analysis,
                                        ASTContext &Ctx) {
  for (const LeakedConnection &Leak : Analysis.LeakedConnections) {
    const TxnEvent &Open = Analysis.Events[Leak.Open];
    diag(eventLocation(Open),
         "connection opened into '%0' is left open on some path out of %1; "
         "close it, or return or store it, before leaving")
        << handleSpelling(Open, Ctx) << functionSpelling(Analysis.Function);
    noteExits(eventLocation(Open), "connection", Leak.Exits,
              Ctx.getSourceManager());
  }
}

} // namespace txnlint
