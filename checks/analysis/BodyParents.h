//===--- BodyParents.h - Parents of statements in function bodies -*- C++ -*-//
//
// The parent of each statement in the function bodies a check looks at,
// indexed one function at a time. ASTContext::getParents would index the
// whole translation unit, every header included, on its first use: on a Qt
// translation unit that alone cost a tenth of the parse time.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_ANALYSIS_BODYPARENTS_H
#define TXNLINT_ANALYSIS_BODYPARENTS_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/PointerUnion.h"

namespace clang {
class FunctionDecl;
class Stmt;
class VarDecl;
} // namespace clang

namespace txnlint {

class BodyParents {
public:
  /// Indexes \p FD's body and constructor initializers (once).
  void index(const clang::FunctionDecl *FD);

  /// The statement \p S is a child of; null for the root of an indexed body
  /// or a variable's initializer.
  const clang::Stmt *parentStmt(const clang::Stmt *S) const;
  /// The variable \p S initializes, if it is one's initializer.
  const clang::VarDecl *parentVar(const clang::Stmt *S) const;
  /// The statement \p S is part of: its parent, or for a variable's
  /// initializer the statement that declares the variable.
  const clang::Stmt *enclosingStmt(const clang::Stmt *S) const;

private:
  void add(const clang::Stmt *Root);

  llvm::DenseSet<const clang::FunctionDecl *> Indexed;
  llvm::DenseMap<const clang::VarDecl *, const clang::Stmt *> Declarations;
  llvm::DenseMap<const clang::Stmt *,
                 llvm::PointerUnion<const clang::Stmt *, const clang::VarDecl *>>
      Parents;
};

} // namespace txnlint

#endif
