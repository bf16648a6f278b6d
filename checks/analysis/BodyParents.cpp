//===--- BodyParents.cpp --------------------------------------------------===//

#include "BodyParents.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/SmallVector.h"

using namespace clang;

namespace txnlint {

void BodyParents::index(const FunctionDecl *FD) {
  if (!FD || !Indexed.insert(FD).second)
    return;
  if (const Stmt *Body = FD->getBody())
    add(Body);
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD))
    for (const CXXCtorInitializer *Init : Ctor->inits())
      if (Init->getInit())
        add(Init->getInit());
}

void BodyParents::add(const Stmt *Root) {
  llvm::SmallVector<const Stmt *, 64> Work{Root};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    // As in the ASTContext's map, a variable's initializer has the variable
    // as its parent, not the declaration statement.
    if (const auto *Decls = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : Decls->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D); Var && Var->getInit()) {
          Parents.try_emplace(Var->getInit(), Var);
          Declarations.try_emplace(Var, Decls);
          Work.push_back(Var->getInit());
        }
      continue;
    }
    // A lambda's children include its body: nested lambdas are indexed with
    // the function they are in.
    for (const Stmt *Child : S->children())
      if (Child && Parents.try_emplace(Child, S).second)
        Work.push_back(Child);
  }
}

const Stmt *BodyParents::parentStmt(const Stmt *S) const {
  auto It = Parents.find(S);
  return It == Parents.end() ? nullptr
                             : It->second.dyn_cast<const Stmt *>();
}

const VarDecl *BodyParents::parentVar(const Stmt *S) const {
  auto It = Parents.find(S);
  return It == Parents.end() ? nullptr
                             : It->second.dyn_cast<const VarDecl *>();
}

const Stmt *BodyParents::enclosingStmt(const Stmt *S) const {
  if (const VarDecl *Var = parentVar(S))
    return Declarations.lookup(Var);
  return parentStmt(S);
}

} // namespace txnlint
