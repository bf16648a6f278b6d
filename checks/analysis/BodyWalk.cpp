//===--- BodyWalk.cpp -----------------------------------------------------===//

#include "BodyWalk.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/Builtins.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

using namespace clang;

namespace txnlint {

bool walkOutsideLambdas(const Stmt *Root,
                        llvm::function_ref<WalkNext(const Stmt *)> Visit) {
  // A work list, not recursion: nesting depth is the input's to choose.
  llvm::SmallVector<const Stmt *, 32> Work{Root};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S || isa<LambdaExpr>(S))
      continue;
    switch (Visit(S)) {
    case WalkNext::Stop:
      return false;
    case WalkNext::SkipChildren:
      continue;
    case WalkNext::Descend:
      break;
    }
    size_t First = Work.size();
    llvm::append_range(Work, S->children());
    std::reverse(Work.begin() + First, Work.end());
  }
  return true;
}

/// mayHoldOtherThanInit's answers in the translation unit being analyzed on
/// this thread: handle keys ask for each use of a local.
static thread_local llvm::DenseMap<const VarDecl *, bool> ReassignedLocals;

void forgetReassignedLocals() { ReassignedLocals.clear(); }

bool mayHoldOtherThanInit(const VarDecl *Var) {
  auto [Known, Inserted] = ReassignedLocals.try_emplace(Var, true);
  if (!Inserted)
    return Known->second;
  const auto *FD =
      dyn_cast_or_null<FunctionDecl>(Var->getParentFunctionOrMethod());
  if (!FD || !FD->getBody())
    return true;
  auto Names = [&](const Expr *Operand) {
    const auto *Named = dyn_cast<DeclRefExpr>(Operand->IgnoreParenImpCasts());
    return Named && Named->getDecl() == Var;
  };
  // Lambdas included: one that captures the local by reference may assign
  // it.
  llvm::SmallVector<const Stmt *, 32> Work{FD->getBody()};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    if (const auto *Op = dyn_cast<BinaryOperator>(S);
        Op && Op->isAssignmentOp() && Names(Op->getLHS()))
      return true;
    if (const auto *Op = dyn_cast<UnaryOperator>(S);
        Op && (Op->isIncrementDecrementOp() || Op->getOpcode() == UO_AddrOf) &&
        Names(Op->getSubExpr()))
      return true;
    llvm::append_range(Work, S->children());
  }
  Known->second = false;
  return false;
}

const Expr *soleReturnValue(const FunctionDecl *FD) {
  const FunctionDecl *Definition = nullptr;
  const auto *Body = FD->hasBody(Definition)
                         ? dyn_cast<CompoundStmt>(Definition->getBody())
                         : nullptr;
  const auto *Return = Body && Body->size() == 1
                           ? dyn_cast<ReturnStmt>(Body->body_front())
                           : nullptr;
  return Return ? Return->getRetValue() : nullptr;
}

const Expr *stripNegations(const Expr *Cond, bool &Negated) {
  while (true) {
    Cond = Cond->IgnoreParenImpCasts()->IgnoreImplicit();
    // A branch hint (`PREDICT_FALSE(!s.ok())`) tests what it is given.
    if (const auto *Hint = dyn_cast<CallExpr>(Cond);
        Hint && Hint->getNumArgs() == 2 &&
        Hint->getBuiltinCallee() == Builtin::BI__builtin_expect) {
      Cond = Hint->getArg(0);
      continue;
    }
    const auto *Not = dyn_cast<UnaryOperator>(Cond);
    if (!Not || Not->getOpcode() != UO_LNot)
      return Cond;
    Negated = !Negated;
    Cond = Not->getSubExpr();
  }
}

StringRef constantName(const Expr *Constant, const ASTContext &Ctx) {
  Constant = Constant->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Constant);
      Ref && Ref->getDecl()->getIdentifier())
    return Ref->getDecl()->getName();
  if (Constant->getBeginLoc().isMacroID())
    return Lexer::getImmediateMacroName(
        Constant->getBeginLoc(), Ctx.getSourceManager(), Ctx.getLangOpts());
  return "";
}

} // namespace txnlint
