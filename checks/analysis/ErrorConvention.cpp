//===--- ErrorConvention.cpp - How a function reports failure -------------===//

#include "ErrorConvention.h"
#include "BodyWalk.h"
#include "TxnActions.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang;

namespace txnlint {

namespace {

/// Whether an identifier says error or failure: one of its words (split at
/// '_' and lowerCamel humps) is err, error, fail, failed, failure or
/// unexpected. "interrupted" is not.
bool namesFailure(StringRef Name) {
  static const char *const Words[] = {"err",    "error",   "errors",
                                      "fail",   "failed",  "failure",
                                      "unexpected"};
  std::string Word;
  auto Done = [&] {
    bool Match = llvm::is_contained(Words, StringRef(Word).lower());
    Word.clear();
    return Match;
  };
  for (size_t I = 0; I < Name.size(); ++I) {
    char C = Name[I];
    bool Hump = llvm::isUpper(C) && I > 0 && llvm::isLower(Name[I - 1]);
    if (C == '_' || Hump)
      if (!Word.empty() && Done())
        return true;
    if (C != '_')
      Word += C;
  }
  return !Word.empty() && Done();
}

/// The fallback for values the convention does not decide: a constant,
/// macro, factory or type named for an error (kErrInvalid, Status::Error(),
/// std::unexpected(...)).
bool namedForFailure(const Expr *Value, const ASTContext &Ctx) {
  SourceLocation Loc = Value->getBeginLoc();
  if (Loc.isMacroID() &&
      namesFailure(Lexer::getImmediateMacroName(Loc, Ctx.getSourceManager(),
                                                Ctx.getLangOpts())))
    return true;
  Value = Value->IgnoreParenImpCasts()->IgnoreImplicit();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Value)) {
    // Constants only: a variable's name says nothing of its value.
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    bool Constant = isa<EnumConstantDecl>(Ref->getDecl()) ||
                    (Var && (Var->isConstexpr() ||
                             (Var->getType().isConstQualified() &&
                              Var->hasGlobalStorage())));
    return Constant && namesFailure(Ref->getDecl()->getName());
  }
  if (const auto *Call = dyn_cast<CallExpr>(Value))
    if (const FunctionDecl *Callee = Call->getDirectCallee();
        Callee && Callee->getDeclName().isIdentifier())
      return namesFailure(Callee->getName());
  if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(Value))
    return namedForFailure(Cast->getSubExpr(), Ctx);
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Value)) {
    const CXXRecordDecl *Type = Construct->getConstructor()->getParent();
    if (Type->getIdentifier() && namesFailure(Type->getName()))
      return true;
    // A conversion, e.g. to std::expected from std::unexpected(...).
    return Construct->getNumArgs() == 1 &&
           namedForFailure(Construct->getArg(0), Ctx);
  }
  return false;
}

bool isOptional(QualType T) {
  const auto *Record = T->getAsCXXRecordDecl();
  return Record && Record->getIdentifier() && Record->getName() == "optional";
}

/// std::nullopt, boost::none and the like.
bool isNullopt(const Expr *E) {
  const CXXRecordDecl *Type = E->getType()->getAsCXXRecordDecl();
  return Type && Type->getIdentifier() &&
         (Type->getName() == "nullopt_t" || Type->getName() == "none_t");
}

/// A name that says success: OK(), Ok(), absl::OkStatus(), Success().
bool namesSuccessFactory(StringRef Name) {
  std::string Lower = Name.lower();
  return Lower == "ok" || Lower == "okstatus" || Lower == "success";
}

void collectReturns(const Stmt *S, llvm::SmallVectorImpl<const Expr *> &Out) {
  walkOutsideLambdas(S, [&](const Stmt *S) {
    if (!isa<ReturnStmt, CoreturnStmt>(S))
      return WalkNext::Descend;
    if (const Expr *Value = returnedValue(S))
      Out.push_back(Value);
    return WalkNext::SkipChildren;
  });
}

} // namespace

static std::optional<bool> statusTestSense(const CXXMethodDecl *Method,
                                           unsigned Depth) {
  if (!Method || Method->isStatic() || Method->getNumParams() != 0 ||
      !Method->getReturnType()->isBooleanType() || Depth > 2)
    return std::nullopt;
  if (Method->getDeclName().isIdentifier()) {
    // Spellings compared without case and underscores: isOk, is_ok, IsOK.
    std::string Name;
    for (char C : Method->getName())
      if (C != '_')
        Name += llvm::toLower(C);
    if (llvm::is_contained({"ok", "isok", "success", "succeeded", "issucceeded",
                            "issuccess", "issuccessful"},
                           Name))
      return true;
    if (llvm::is_contained({"iserror", "failed", "isfailed", "isfailure",
                            "hasfailed", "haserror"},
                           Name))
      return false;
    return std::nullopt;
  }
  // `explicit operator bool() const { return isFailed(); }`, `bool
  // operator!() const { return isSucceeded(); }` (Skrooge's SKGError): the
  // method of the class they return, or its negation.
  if (!isa<CXXConversionDecl>(Method) &&
      Method->getOverloadedOperator() != OO_Exclaim)
    return std::nullopt;
  const Expr *Value = soleReturnValue(Method);
  if (!Value)
    return std::nullopt;
  bool Negated = false;
  Value = Value->IgnoreParenImpCasts();
  while (const auto *Not = dyn_cast<UnaryOperator>(Value)) {
    if (Not->getOpcode() != UO_LNot)
      return std::nullopt;
    Negated = !Negated;
    Value = Not->getSubExpr()->IgnoreParenImpCasts();
  }
  const auto *Call = dyn_cast<CXXMemberCallExpr>(Value);
  if (!Call || !isa<CXXThisExpr>(
                   Call->getImplicitObjectArgument()->IgnoreParenImpCasts()))
    return std::nullopt;
  std::optional<bool> Sense = statusTestSense(Call->getMethodDecl(), Depth + 1);
  if (!Sense)
    return std::nullopt;
  return *Sense != Negated;
}

std::optional<bool> statusTestSense(const CXXMethodDecl *Method) {
  return statusTestSense(Method, 0);
}

std::optional<bool> presenceTestSense(const CXXMethodDecl *Method) {
  if (!Method || Method->isStatic() || Method->getNumParams() != 0 ||
      !Method->getReturnType()->isBooleanType() ||
      statusTestSense(Method).has_value())
    return std::nullopt;
  if (isa<CXXConversionDecl>(Method))
    return true;
  if (!Method->getDeclName().isIdentifier())
    return std::nullopt;
  std::string Name;
  for (char C : Method->getName())
    if (C != '_')
      Name += llvm::toLower(C);
  if (Name == "isnull")
    return false;
  if (llvm::is_contained({"isvalid", "valid", "isactive", "hasvalue"}, Name))
    return true;
  return std::nullopt;
}

/// Whether \p Record, or a class it derives from, has a presence test
/// (std::shared_ptr's `operator bool` is its base's).
static bool hasPresenceTest(const CXXRecordDecl *Record, unsigned Depth = 0) {
  if (!Record || !Record->hasDefinition() || Depth > 3)
    return false;
  Record = Record->getDefinition();
  if (llvm::any_of(Record->methods(), [](const CXXMethodDecl *M) {
        return presenceTestSense(M).has_value();
      }))
    return true;
  return llvm::any_of(Record->bases(), [&](const CXXBaseSpecifier &Base) {
    return hasPresenceTest(Base.getType()->getAsCXXRecordDecl(), Depth + 1);
  });
}

/// \p E, or the initializer of the local it names.
static const Expr *throughLocal(const Expr *E) {
  E = E->IgnoreParenImpCasts()->IgnoreImplicit();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
        Var && Var->isLocalVarDecl() && Var->getInit() &&
        !Var->getType()->isReferenceType())
      return Var->getInit()->IgnoreParenImpCasts()->IgnoreImplicit();
  return E;
}

std::optional<ErrorTest>
errorObjectTest(const Expr *Cond,
                llvm::function_ref<bool(const CallExpr *)> IsErrorCall,
                const ASTContext &Ctx) {
  Cond = throughLocal(Cond);
  if (const auto *Not = dyn_cast<UnaryOperator>(Cond);
      Not && Not->getOpcode() == UO_LNot) {
    std::optional<ErrorTest> Test =
        errorObjectTest(Not->getSubExpr(), IsErrorCall, Ctx);
    if (Test)
      Test->TrueMeansFailure = !Test->TrueMeansFailure;
    return Test;
  }
  // The error, through a copy (`QSqlError err = q.lastError();`).
  auto ErrorOf = [&](const Expr *E) -> const CallExpr * {
    E = throughLocal(E);
    if (const auto *Copy = dyn_cast<CXXConstructExpr>(E);
        Copy && Copy->getNumArgs() == 1)
      E = throughLocal(Copy->getArg(0));
    const auto *Call = dyn_cast<CallExpr>(E);
    return Call && IsErrorCall(Call) ? Call : nullptr;
  };
  const auto *BO = dyn_cast<BinaryOperator>(Cond);
  if (BO && BO->isLogicalOp()) {
    // Two tests of one statement that agree: either says it.
    std::optional<ErrorTest> Left =
        errorObjectTest(BO->getLHS(), IsErrorCall, Ctx);
    std::optional<ErrorTest> Right =
        errorObjectTest(BO->getRHS(), IsErrorCall, Ctx);
    auto StatementOf = [](const CallExpr *Call) {
      const auto *Method = dyn_cast<CXXMemberCallExpr>(Call);
      return Method ? handleKeyOf(Method->getImplicitObjectArgument()) : "";
    };
    if (!Left || !Right || Left->TrueMeansFailure != Right->TrueMeansFailure ||
        StatementOf(Left->ErrorCall) != StatementOf(Right->ErrorCall) ||
        StatementOf(Left->ErrorCall).empty())
      return std::nullopt;
    return Left;
  }
  // `err.type() != QSqlError::NoError`: the type of no error is zero.
  if (BO && BO->isEqualityOp()) {
    for (auto [Tested, Constant] : {std::pair{BO->getLHS(), BO->getRHS()},
                                    std::pair{BO->getRHS(), BO->getLHS()}}) {
      const auto *Type =
          dyn_cast<CXXMemberCallExpr>(Tested->IgnoreParenImpCasts());
      Expr::EvalResult Value;
      if (!Type || Type->getNumArgs() != 0 || Constant->isValueDependent() ||
          !Constant->EvaluateAsInt(Value, Ctx) || !Value.Val.getInt().isZero())
        continue;
      if (const CallExpr *Error = ErrorOf(Type->getImplicitObjectArgument()))
        return ErrorTest{Error, BO->getOpcode() == BO_NE};
    }
    return std::nullopt;
  }
  // `err.isValid()`: an error is there; `err.text().isEmpty()`: none is.
  const auto *Test = dyn_cast<CXXMemberCallExpr>(Cond);
  const CXXMethodDecl *Method = Test ? Test->getMethodDecl() : nullptr;
  if (!Method || Method->getNumParams() != 0 ||
      !Method->getDeclName().isIdentifier())
    return std::nullopt;
  const Expr *Object = Test->getImplicitObjectArgument();
  if (Method->getName() == "isValid")
    if (const CallExpr *Error = ErrorOf(Object))
      return ErrorTest{Error, true};
  if (Method->getName() == "isEmpty")
    if (const auto *Text =
            dyn_cast<CXXMemberCallExpr>(Object->IgnoreParenImpCasts());
        Text && Text->getNumArgs() == 0)
      if (const CallExpr *Error = ErrorOf(Text->getImplicitObjectArgument()))
        return ErrorTest{Error, false};
  return std::nullopt;
}

ErrorConvention::ErrorConvention(const FunctionDecl *FD, const ASTContext &Ctx)
    : Ctx(Ctx),
      ReturnType(FD->getReturnType().getNonReferenceType().getCanonicalType()) {
  QualType T = ReturnType;
  if (T->isBooleanType())
    S = Shape::Boolean;
  else if (T->isAnyPointerType())
    S = Shape::Pointer;
  else if (isOptional(T))
    S = Shape::Optional;
  else if (T->isIntegralOrEnumerationType())
    S = Shape::Code;
  else if (T->isRecordType())
    S = Shape::Status;
  const CXXRecordDecl *Record = T->getAsCXXRecordDecl();
  if (S == Shape::Status && Record && Record->hasDefinition()) {
    StatusObject = llvm::any_of(Record->methods(), [](const auto *M) {
      return statusTestSense(M).has_value();
    });
    if (!StatusObject && hasPresenceTest(Record))
      S = Shape::Handle;
  }
  llvm::SmallVector<const Expr *, 8> Returns;
  collectReturns(FD->getBody(), Returns);
  ReturnsSuccess = llvm::any_of(Returns, [&](const Expr *Value) {
    return classify(StatusObject ? madeStatus(Value) : Value) ==
           Returned::Success;
  });
  if (S == Shape::Status && Record && Record->hasDefinition())
    ReturnsSuccess |= llvm::any_of(Record->methods(), [](const auto *M) {
      return M->isStatic() && M->getDeclName().isIdentifier() &&
             namesSuccessFactory(M->getName());
    });
}

const Expr *ErrorConvention::madeStatus(const Expr *Value) const {
  const Expr *E = Value->IgnoreParenImpCasts()->IgnoreImplicit();
  if (const auto *Copy = dyn_cast<CXXConstructExpr>(E);
      Copy && Copy->getNumArgs() == 1 &&
      Copy->getConstructor()->isCopyOrMoveConstructor())
    E = Copy->getArg(0)->IgnoreParenImpCasts()->IgnoreImplicit();
  // `Status s = Status::Error(rc, msg); ...; return s;`
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
        Var && Var->hasLocalStorage() && !isa<ParmVarDecl>(Var) &&
        Var->getInit())
      E = Var->getInit()->IgnoreParenImpCasts()->IgnoreImplicit();
  return E;
}

std::optional<bool> ErrorConvention::statusOutcome(const Expr *Value) const {
  if (!StatusObject)
    return std::nullopt;
  switch (classify(madeStatus(Value))) {
  case Returned::Success:
    return true;
  case Returned::OtherFactory:
    if (ReturnsSuccess)
      return false;
    return std::nullopt;
  default:
    return std::nullopt;
  }
}

/// A status made by its constructor: `Status()` says success; so does a
/// code of 0 (osquery's `Status(0, "OK")`), and any other code is a failure
/// (`Status(1, "no such key")`). A code only known at run time is one when
/// a message comes with it (`Status(rc, sqlite3_errmsg(db))`). A result
/// that takes an error last (EQEmu's `MySQLRequestResult(res, ...,
/// errorNumber = 0, char *errorBuffer = nullptr)`) failed where one is given.
ErrorConvention::Returned
ErrorConvention::constructedStatus(const CXXConstructExpr *Construct) const {
  if (Construct->getNumArgs() == 0)
    return Returned::Success;
  const Expr *Code = Construct->getArg(0);
  if (!Code->getType()->isIntegralOrEnumerationType()) {
    const CXXConstructorDecl *Ctor = Construct->getConstructor();
    if (Ctor->getNumParams() == 0) // `Result(...)`
      return Returned::Unknown;
    unsigned Last = Ctor->getNumParams() - 1;
    const ParmVarDecl *Error = Ctor->getParamDecl(Last);
    if (!Error->hasDefaultArg() || !Error->getType()->isPointerType() ||
        !Error->getIdentifier() ||
        !StringRef(Error->getName().lower()).contains("err"))
      return Returned::Unknown;
    const Expr *Given = Construct->getArg(Last);
    return isa<CXXDefaultArgExpr>(Given) ||
                   Given->isNullPointerConstant(
                       const_cast<ASTContext &>(Ctx),
                       Expr::NPC_ValueDependentIsNotNull)
               ? Returned::Success
               : Returned::OtherFactory;
  }
  Expr::EvalResult Result;
  if (!Code->isValueDependent() && Code->EvaluateAsInt(Result, Ctx) &&
      Result.Val.isInt())
    // `Status(false, "...")` is the flag of success, not a code.
    return Result.Val.getInt().isZero() != Code->getType()->isBooleanType()
               ? Returned::Success
               : Returned::OtherFactory;
  return Construct->getNumArgs() > 1 ? Returned::OtherFactory
                                     : Returned::Unknown;
}

ErrorConvention::Returned
ErrorConvention::classify(const Expr *Value) const {
  const Expr *E = Value->IgnoreParenImpCasts()->IgnoreImplicit();
  switch (S) {
  case Shape::Boolean:
    // Anything but `false` may be true: a computed result is the success.
    if (const auto *Bool = dyn_cast<CXXBoolLiteralExpr>(E))
      return Bool->getValue() ? Returned::Success : Returned::Empty;
    return Returned::Success;
  case Shape::Pointer:
    return E->isNullPointerConstant(const_cast<ASTContext &>(Ctx),
                                    Expr::NPC_ValueDependentIsNotNull)
               ? Returned::Empty
               : Returned::Success;
  case Shape::Optional: {
    if (isNullopt(E))
      return Returned::Empty;
    if (const auto *Init = dyn_cast<InitListExpr>(E))
      return Init->getNumInits() ? Returned::Success : Returned::Empty;
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
      if (Construct->getNumArgs() == 0)
        return Returned::Empty;
      if (isNullopt(Construct->getArg(0)->IgnoreParenImpCasts()))
        return Returned::Empty;
    }
    return Returned::Success;
  }
  case Shape::Handle: {
    // `return KDbTransaction();`, `return {};`, a smart pointer's `return
    // nullptr;`.
    if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(E))
      E = Cast->getSubExpr()->IgnoreImplicit();
    if (const auto *Init = dyn_cast<InitListExpr>(E))
      return Init->getNumInits() ? Returned::Success : Returned::Empty;
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
      if (Construct->getConstructor()->isDefaultConstructor())
        return Returned::Empty;
      if (Construct->getNumArgs() == 1 &&
          Construct->getArg(0)->isNullPointerConstant(
              const_cast<ASTContext &>(Ctx), Expr::NPC_ValueDependentIsNotNull))
        return Returned::Empty;
    }
    return Returned::Success;
  }
  case Shape::Code: {
    Expr::EvalResult Result;
    if (Value->isValueDependent() ||
        !Value->EvaluateAsInt(Result, Ctx) || !Result.Val.isInt())
      return Returned::Unknown;
    const llvm::APSInt &Code = Result.Val.getInt();
    if (Code.isZero() && !namedForFailure(Value, Ctx))
      return Returned::Success;
    return Code.isNegative() ? Returned::Negative : Returned::NonZero;
  }
  case Shape::Status: {
    // Status::OK() against Status::InvalidArgument(...), absl::OkStatus()
    // against absl::InvalidArgumentError(...): factories of the returned
    // class, static methods or free functions, not calls on an object.
    if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(E))
      E = Cast->getSubExpr()->IgnoreImplicit();
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(E);
        Construct && !Construct->getConstructor()->isCopyOrMoveConstructor())
      return constructedStatus(Construct);
    const auto *Call = dyn_cast<CallExpr>(E);
    const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
    if (!Callee || isa<CXXMemberCallExpr>(Call) ||
        !Callee->getDeclName().isIdentifier())
      return Returned::Unknown;
    const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
    if (Method && !Method->isStatic())
      return Returned::Unknown;
    QualType Made = Callee->getReturnType().getNonReferenceType();
    if (!Ctx.hasSameUnqualifiedType(Made, ReturnType))
      return Returned::Unknown;
    return namesSuccessFactory(Callee->getName()) ? Returned::Success
                                                  : Returned::OtherFactory;
  }
  case Shape::Other:
    return Returned::Unknown;
  }
  llvm_unreachable("covered switch");
}

bool ErrorConvention::isFailure(const Expr *Value) const {
  Returned What = classify(Value);
  switch (What) {
  case Returned::Success:
    return false;
  case Returned::Negative:
    // -1, -EINVAL: an error whether or not the function returns 0 elsewhere.
    return true;
  case Returned::Empty:
  case Returned::NonZero:
  case Returned::OtherFactory:
    if (ReturnsSuccess)
      return true;
    break;
  case Returned::Unknown:
    break;
  }
  // Names decide only what the convention leaves open.
  return S != Shape::Boolean && S != Shape::Pointer && S != Shape::Optional &&
         S != Shape::Handle && namedForFailure(Value, Ctx);
}

bool ErrorConvention::isEmpty(const Expr *Value) const {
  return (S == Shape::Pointer || S == Shape::Optional || S == Shape::Handle) &&
         classify(Value) == Returned::Empty;
}

} // namespace txnlint
