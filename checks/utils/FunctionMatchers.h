//===--- FunctionMatchers.h - What the checks analyze -----------*- C++ -*-===//
//
// The functions every path-sensitive check analyzes, and what they say when
// a function is beyond the analysis budget. Shared so that all checks see
// the same functions and the shared per-function analysis is reused.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_UTILS_FUNCTIONMATCHERS_H
#define TXNLINT_UTILS_FUNCTIONMATCHERS_H

#include "ClangTidyCheck.h"
#include "clang/ASTMatchers/ASTMatchers.h"

namespace txnlint {

struct FunctionTxnResult;

inline constexpr llvm::StringLiteral AnalyzableFunctionId = "function";

/// Function definitions outside system headers, including lambda bodies and
/// template instantiations, bound to AnalyzableFunctionId.
clang::ast_matchers::DeclarationMatcher analyzableFunction();

/// "'Repo::save'" for named functions, "the lambda" for lambdas.
std::string functionSpelling(const clang::FunctionDecl *FD);

/// Says, as a remark, that \p Result's function was too large to analyze.
void reportBudgetExceeded(clang::tidy::ClangTidyCheck &Check,
                          const FunctionTxnResult &Result);

} // namespace txnlint

#endif
