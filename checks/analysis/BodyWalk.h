//===--- BodyWalk.h - Statements of a body, lambdas aside -------*- C++ -*-===//
//
// The walk most body scans share: every statement under a root, except the
// bodies of lambdas defined there. Such a lambda may run elsewhere, later or
// never; the engine analyzes it on its own.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_ANALYSIS_BODYWALK_H
#define TXNLINT_ANALYSIS_BODYWALK_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"

namespace clang {
class ASTContext;
class Expr;
class FunctionDecl;
class Stmt;
class VarDecl;
} // namespace clang

namespace txnlint {

/// What a visitor tells the walk to do next.
enum class WalkNext { Descend, SkipChildren, Stop };

/// Visits \p Root and the statements under it in source order, parents
/// first, skipping lambdas. Returns false if \p Visit stopped the walk.
bool walkOutsideLambdas(
    const clang::Stmt *Root,
    llvm::function_ref<WalkNext(const clang::Stmt *)> Visit);

/// The same walk for a visitor that looks at every statement.
inline void
forEachOutsideLambdas(const clang::Stmt *Root,
                      llvm::function_ref<void(const clang::Stmt *)> Visit) {
  walkOutsideLambdas(Root, [&](const clang::Stmt *S) {
    Visit(S);
    return WalkNext::Descend;
  });
}

/// Whether the local \p Var may hold something else than its initializer:
/// assigned, stepped or its address taken in its function. Answers are
/// kept for the translation unit, until forgetReassignedLocals().
bool mayHoldOtherThanInit(const clang::VarDecl *Var);
void forgetReassignedLocals();

/// The value that \p FD's definition returns when its whole body is one
/// `return value;` (an accessor, a factory of one expression), or null.
const clang::Expr *soleReturnValue(const clang::FunctionDecl *FD);

/// \p Cond without its `!`s and branch hints (`__builtin_expect`); \p
/// Negated flips once for each `!`.
const clang::Expr *stripNegations(const clang::Expr *Cond, bool &Negated);

/// The name \p Constant is written with: an enumerator's or a variable's,
/// or the macro it is spelled as (`SQLITE_DONE`); empty for another.
llvm::StringRef constantName(const clang::Expr *Constant,
                             const clang::ASTContext &Ctx);

} // namespace txnlint

#endif
