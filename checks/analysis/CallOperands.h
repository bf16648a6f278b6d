//===--- CallOperands.h - What a call hands to its callee -------*- C++ -*-===//

#ifndef TXNLINT_ANALYSIS_CALLOPERANDS_H
#define TXNLINT_ANALYSIS_CALLOPERANDS_H

#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"

namespace txnlint {

/// The expressions a call or construction hands to its callee: the object
/// of a member call, then the arguments.
inline llvm::SmallVector<const clang::Expr *, 4>
operandsOf(const clang::Stmt *S) {
  llvm::SmallVector<const clang::Expr *, 4> Operands;
  if (const auto *MC = llvm::dyn_cast<clang::CXXMemberCallExpr>(S))
    Operands.push_back(MC->getImplicitObjectArgument());
  if (const auto *Call = llvm::dyn_cast<clang::CallExpr>(S))
    Operands.append(Call->arg_begin(), Call->arg_end());
  else if (const auto *Construct = llvm::dyn_cast<clang::CXXConstructExpr>(S))
    Operands.append(Construct->arg_begin(), Construct->arg_end());
  return Operands;
}

/// The construction \p E is, also through a functional cast
/// (`QSqlQuery(db)`, `TomahawkSqlQuery(m_db)` with one argument), or null.
inline const clang::CXXConstructExpr *builtInPlace(const clang::Expr *E) {
  E = E ? E->IgnoreImplicit() : nullptr;
  if (const auto *Cast =
          llvm::dyn_cast_or_null<clang::CXXFunctionalCastExpr>(E))
    E = Cast->getSubExpr()->IgnoreImplicit();
  return llvm::dyn_cast_or_null<clang::CXXConstructExpr>(E);
}

/// Whether \p T holds text (SQL, a key), not a statement or a result.
inline bool isText(clang::QualType T) {
  T = T.getNonReferenceType();
  if (T->isPointerType())
    return T->getPointeeType()->isAnyCharacterType();
  if (T->isArrayType()) // a literal passed by reference (SOCI's `sql << "..."`)
    return T->getArrayElementTypeNoTypeQual()->isAnyCharacterType();
  const clang::CXXRecordDecl *Record = T->getAsCXXRecordDecl();
  if (!Record)
    return false;
  if (Record->getIdentifier() &&
      llvm::is_contained({"basic_string", "basic_string_view", "QString",
                          "QByteArray", "QLatin1String", "zview", "SQLString"},
                         Record->getName()))
    return true;
  // A buffer that converts to a character pointer holds text (wxWidgets'
  // `wxCharBuffer buffer = sql.ToUTF8(); const char *text = buffer;`).
  const clang::CXXRecordDecl *Definition = Record->getDefinition();
  return Definition &&
         llvm::any_of(Definition->getVisibleConversionFunctions(),
                      [](const clang::NamedDecl *D) {
                        const auto *Conversion =
                            llvm::dyn_cast<clang::CXXConversionDecl>(
                                D->getUnderlyingDecl());
                        if (!Conversion)
                          return false;
                        clang::QualType To = Conversion->getConversionType();
                        return To->isPointerType() &&
                               To->getPointeeType()->isAnyCharacterType();
                      });
}

/// Whether \p S refers to a declaration that \p Accepts.
inline bool
refersTo(const clang::Stmt *S,
         llvm::function_ref<bool(const clang::ValueDecl *)> Accepts) {
  if (const auto *Ref = llvm::dyn_cast_or_null<clang::DeclRefExpr>(S))
    return Accepts(Ref->getDecl());
  return S && llvm::any_of(S->children(), [&](const clang::Stmt *Child) {
           return refersTo(Child, Accepts);
         });
}

/// The function a call or construction runs, when known.
inline const clang::FunctionDecl *calleeOf(const clang::Stmt *S) {
  if (const auto *Call = llvm::dyn_cast<clang::CallExpr>(S))
    return Call->getDirectCallee();
  if (const auto *Construct = llvm::dyn_cast<clang::CXXConstructExpr>(S))
    return Construct->getConstructor();
  return nullptr;
}

/// Whether \p Call is `p.get()` of a standard smart pointer: the object
/// it holds.
inline bool isSmartPointerGet(const clang::CXXMemberCallExpr *Call) {
  const clang::CXXMethodDecl *Method = Call->getMethodDecl();
  return Method && Call->getNumArgs() == 0 &&
         Method->getDeclName().isIdentifier() && Method->getName() == "get" &&
         Method->getParent()->isInStdNamespace();
}

/// The smart pointer \p E dereferences with `->` (`u->executeUpdate()`,
/// `stmt(c)->execute(...)`), or \p E itself.
inline const clang::Expr *throughArrow(const clang::Expr *E) {
  const clang::Expr *Plain = E->IgnoreParenImpCasts()->IgnoreImplicit();
  if (const auto *Arrow = llvm::dyn_cast<clang::CXXOperatorCallExpr>(Plain);
      Arrow && Arrow->getOperator() == clang::OO_Arrow &&
      Arrow->getNumArgs() == 1)
    return Arrow->getArg(0)->IgnoreParenImpCasts()->IgnoreImplicit();
  return E;
}

/// The variable an expression's value is stored in, through member chains,
/// address-of and dereference (`&this->repo.db` has none; `&g.db` has g).
inline const clang::ValueDecl *rootVariable(const clang::Expr *E) {
  while (E) {
    E = E->IgnoreParenImpCasts()->IgnoreImplicit();
    if (const auto *UO = llvm::dyn_cast<clang::UnaryOperator>(E))
      E = UO->getSubExpr();
    else if (const auto *ME = llvm::dyn_cast<clang::MemberExpr>(E))
      E = ME->getBase();
    else if (const auto *DRE = llvm::dyn_cast<clang::DeclRefExpr>(E))
      return DRE->getDecl();
    else
      return nullptr;
  }
  return nullptr;
}

/// The member of `this` that \p E is kept in, through member chains,
/// address-of, dereference and accessors (`*m_txn`, `m_info->txn`,
/// `m_txn.get()`: the first member of the chain).
inline const clang::FieldDecl *rootMember(const clang::Expr *E) {
  while (E) {
    E = E->IgnoreParenImpCasts()->IgnoreImplicit();
    if (const auto *UO = llvm::dyn_cast<clang::UnaryOperator>(E)) {
      E = UO->getSubExpr();
    } else if (const auto *ME = llvm::dyn_cast<clang::MemberExpr>(E)) {
      if (llvm::isa<clang::CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
        return llvm::dyn_cast<clang::FieldDecl>(ME->getMemberDecl());
      E = ME->getBase();
    } else if (const auto *Op = llvm::dyn_cast<clang::CXXOperatorCallExpr>(E);
               Op && Op->getNumArgs() == 1) {
      E = Op->getArg(0); // a smart pointer's -> and *
    } else if (const auto *Call = llvm::dyn_cast<clang::CXXMemberCallExpr>(E);
               Call && Call->getNumArgs() == 0) {
      E = Call->getImplicitObjectArgument(); // .get(), a conversion
    } else {
      return nullptr;
    }
  }
  return nullptr;
}

/// The variable, or the member of `this`, that \p E names itself (not
/// through a chain: `this->db_` is db_, `repo.db_` is none).
inline const clang::ValueDecl *namedStorage(const clang::Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Ref = llvm::dyn_cast<clang::DeclRefExpr>(E))
    return Ref->getDecl();
  if (const auto *Member = llvm::dyn_cast<clang::MemberExpr>(E);
      Member &&
      llvm::isa<clang::CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts()))
    return Member->getMemberDecl();
  return nullptr;
}

/// The lambdas \p E hands on, as they are or in what it makes of them:
/// `finally([&] {...})`, `ScopeGuard g([&] {...})`, a conversion to a
/// std::function or (without captures) to a function pointer, a local
/// variable initialized with one.
inline void
lambdasPassedIn(const clang::Expr *E,
                llvm::SmallVectorImpl<const clang::LambdaExpr *> &Out,
                unsigned Depth = 0) {
  if (!E || Depth > 3)
    return;
  E = E->IgnoreImplicit()->IgnoreParens();
  if (const auto *Lambda = llvm::dyn_cast<clang::LambdaExpr>(E)) {
    Out.push_back(Lambda);
    return;
  }
  if (const auto *Cast = llvm::dyn_cast<clang::ExplicitCastExpr>(E))
    return lambdasPassedIn(Cast->getSubExpr(), Out, Depth + 1);
  if (const auto *Ref = llvm::dyn_cast<clang::DeclRefExpr>(E))
    if (const auto *Var = llvm::dyn_cast<clang::VarDecl>(Ref->getDecl());
        Var && Var->hasLocalStorage())
      return lambdasPassedIn(Var->getInit(), Out, Depth + 1);
  if (const auto *Convert = llvm::dyn_cast<clang::CXXMemberCallExpr>(E);
      Convert &&
      llvm::isa_and_nonnull<clang::CXXConversionDecl>(Convert->getMethodDecl()))
    return lambdasPassedIn(Convert->getImplicitObjectArgument(), Out,
                           Depth + 1);
  // Guard g{[&] { ... }}: an aggregate (a std::function member) built from
  // it.
  if (const auto *Init = llvm::dyn_cast<clang::InitListExpr>(E)) {
    for (const clang::Expr *Element : Init->inits())
      lambdasPassedIn(Element, Out, Depth + 1);
    return;
  }
  for (const clang::Expr *Arg : operandsOf(E))
    lambdasPassedIn(Arg, Out, Depth + 1);
}

inline bool isGlobalVariable(const clang::ValueDecl *D) {
  const auto *VD = llvm::dyn_cast_or_null<clang::VarDecl>(D);
  return VD && VD->hasGlobalStorage();
}

} // namespace txnlint

#endif
