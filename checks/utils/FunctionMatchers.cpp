//===--- FunctionMatchers.cpp ---------------------------------------------===//

#include "FunctionMatchers.h"
#include "../analysis/TxnStateAnalysis.h"
#include "clang/AST/DeclCXX.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace txnlint {

DeclarationMatcher analyzableFunction() {
  return functionDecl(isDefinition(), hasBody(compoundStmt()),
                      unless(isExpansionInSystemHeader()))
      .bind(AnalyzableFunctionId);
}

std::string functionSpelling(const FunctionDecl *FD) {
  if (const auto *Method = dyn_cast<CXXMethodDecl>(FD);
      Method && Method->getParent()->isLambda())
    return "the lambda";
  return "'" + FD->getQualifiedNameAsString() + "'";
}

void reportBudgetExceeded(tidy::ClangTidyCheck &Check,
                          const FunctionTxnResult &Result) {
  Check.diag(Result.Function->getLocation(),
             "%0 is too large for transaction analysis (%1 CFG blocks); its "
             "transactions were not checked",
             DiagnosticIDs::Remark)
      << functionSpelling(Result.Function) << Result.CfgBlocks;
}

} // namespace txnlint
