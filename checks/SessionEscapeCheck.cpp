//===--- SessionEscapeCheck.cpp - txn-session-escape ----------------------===//

#include "SessionEscapeCheck.h"
#include "analysis/EscapeAnalysis.h"
#include "utils/OptionsUtils.h"

using namespace clang;

namespace txnlint {

SessionEscapeCheck::SessionEscapeCheck(StringRef Name,
                                       tidy::ClangTidyContext *Context)
    : TransactionCheck(Name, Context),
      AsyncSinksOption(Options.get("AsyncSinks", "")) {
  // The option, when set, says which sinks count; a name the model
  // describes keeps what the model says of it (how to wait for it), any
  // other is a thread pool.
  std::vector<const AsyncSink *> Known = model().asyncSinks();
  if (AsyncSinksOption.empty()) {
    AsyncSinks = std::move(Known);
    return;
  }
  std::vector<StringRef> Names =
      tidy::utils::options::parseStringList(AsyncSinksOption);
  UserSinks.reserve(Names.size());
  for (StringRef Name : Names) {
    auto Described = llvm::find_if(
        Known, [&](const AsyncSink *S) { return S->Name == Name; });
    if (Described != Known.end()) {
      AsyncSinks.push_back(*Described);
      continue;
    }
    UserSinks.push_back({Name.str(), "", /*OtherThread=*/true, {}, false});
    AsyncSinks.push_back(&UserSinks.back());
  }
}

void SessionEscapeCheck::storeOptions(tidy::ClangTidyOptions::OptionMap &Opts) {
  TransactionCheck::storeOptions(Opts);
  Options.store(Opts, "AsyncSinks", AsyncSinksOption);
}

void SessionEscapeCheck::checkFunction(const FunctionTxnResult &Analysis,
                                       ASTContext &Ctx) {
  reportEscapes(Analysis.Function, &Analysis, Ctx);
}

void SessionEscapeCheck::checkUnanalyzedFunction(const FunctionDecl *FD,
                                                 ASTContext &Ctx) {
  if (!FD->isDependentContext())
    reportEscapes(FD, nullptr, Ctx);
}

void SessionEscapeCheck::reportEscapes(const FunctionDecl *FD,
                                       const FunctionTxnResult *Analysis,
                                       ASTContext &Ctx) {
  for (const HandleEscape &Escape :
       findEscapes(FD, Analysis, TxnAnalysisCache::get(Ctx, model()),
                   AsyncSinks)) {
    if (Escape.OnOtherThread)
      diag(Escape.Where->getBeginLoc(),
           "%0 '%1' is used on another thread: %2; it may only be used on "
           "the thread that opened it")
          << Escape.What << Escape.Handle->getName() << Escape.How;
    else
      diag(Escape.Where->getBeginLoc(),
           "%0 '%1' escapes its scope: %2; it can be used after it has ended")
          << Escape.What << Escape.Handle->getName() << Escape.How;
    diag(Escape.Handle->getLocation(), "'%0' is declared here",
         DiagnosticIDs::Note)
        << Escape.Handle->getName();
  }
}

} // namespace txnlint
