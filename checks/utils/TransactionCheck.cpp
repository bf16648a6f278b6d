//===--- TransactionCheck.cpp ---------------------------------------------===//

#include "TransactionCheck.h"
#include "../analysis/TxnStateAnalysis.h"
#include "../model/TransactionModel.h"
#include "HeaderFunctions.h"
#include "llvm/ADT/Hashing.h"
#include "clang/AST/DeclCXX.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace txnlint {

TransactionCheck::TransactionCheck(StringRef Name,
                                   tidy::ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      ModelFiles(Options.getLocalOrGlobal("TxnModelFiles", "")),
      CheckKey(llvm::hash_combine(
          Name, tidy::configurationAsText(Context->getOptions()))) {
  std::string Error;
  Model = TransactionModel::load(ModelFiles, Error);
  if (!Model) {
    configurationDiag("invalid transaction model: %0") << Error;
    Model = &TransactionModel::builtin();
  }
}

void TransactionCheck::storeOptions(tidy::ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "TxnModelFiles", ModelFiles);
}

void TransactionCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(functionDecl(isDefinition(), hasBody(compoundStmt()),
                                  unless(isExpansionInSystemHeader()))
                         .bind("function"),
                     this);
}

void TransactionCheck::onStartOfTranslationUnit() {
  TxnAnalysisCache::startTranslationUnit();
}

void TransactionCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("function");
  TxnAnalysisCache &Cache = TxnAnalysisCache::get(*Result.Context, *Model);
  if (!Cache.hasModelledCalls(FD) ||
      !isFirstVisit(FD, CheckKey, *Result.SourceManager))
    return;
  FunctionTxnResult *Analysis = Cache.analyze(FD);
  if (!Analysis)
    return;
  if (!Analysis->BudgetExceeded) {
    checkFunction(*Analysis, *Result.Context);
    return;
  }
  // Said once per function, by whichever check gets there first.
  if (Analysis->BudgetReported)
    return;
  Analysis->BudgetReported = true;
  diag(FD->getLocation(),
       "%0 is too large for transaction analysis (%1 CFG blocks); its "
       "transactions were not checked",
       DiagnosticIDs::Remark)
      << functionSpelling(FD) << Analysis->CfgBlocks;
}

std::string functionSpelling(const FunctionDecl *FD) {
  if (const auto *Method = dyn_cast<CXXMethodDecl>(FD);
      Method && Method->getParent()->isLambda())
    return "the lambda";
  return "'" + FD->getQualifiedNameAsString() + "'";
}

} // namespace txnlint
