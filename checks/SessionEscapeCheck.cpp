//===--- SessionEscapeCheck.cpp - txn-session-escape ----------------------===//

#include "SessionEscapeCheck.h"
#include "analysis/EscapeAnalysis.h"
#include "utils/OptionsUtils.h"

using namespace clang;

namespace txnlint {

SessionEscapeCheck::SessionEscapeCheck(StringRef Name,
                                       tidy::ClangTidyContext *Context)
    : TransactionCheck(Name, Context),
      AsyncSinksOption(Options.get(
          "AsyncSinks", "std::thread;std::jthread;std::async;post;dispatch;"
                        "defer;submit;enqueue;spawn;QtConcurrent::run;"
                        "QThreadPool::start")) {
  for (StringRef Sink : tidy::utils::options::parseStringList(AsyncSinksOption))
    AsyncSinks.push_back(Sink.str());
}

void SessionEscapeCheck::storeOptions(tidy::ClangTidyOptions::OptionMap &Opts) {
  TransactionCheck::storeOptions(Opts);
  Options.store(Opts, "AsyncSinks", AsyncSinksOption);
}

void SessionEscapeCheck::checkFunction(const FunctionTxnResult &Analysis,
                                       ASTContext &Ctx) {
  for (const HandleEscape &Escape :
       findEscapes(Analysis, TxnAnalysisCache::get(Ctx, model()), AsyncSinks)) {
    diag(Escape.Where->getBeginLoc(),
         "%0 '%1' escapes its scope: %2; it can be used after it has ended")
        << Escape.What << Escape.Handle->getName() << Escape.How;
    diag(Escape.Handle->getLocation(), "'%0' is declared here",
         DiagnosticIDs::Note)
        << Escape.Handle->getName();
  }
}

} // namespace txnlint
