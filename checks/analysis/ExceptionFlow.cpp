//===--- ExceptionFlow.cpp ------------------------------------------------===//

#include "ExceptionFlow.h"
#include "BodyWalk.h"
#include "model/StandardThrowers.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"

using namespace clang;
using ExceptionAnalyzer = clang::tidy::utils::ExceptionAnalyzer;

namespace txnlint {
namespace {

bool isClassNamed(QualType T, StringRef ModelName) {
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  return RD && modelNameOf(RD) == ModelName;
}

/// The class \p QualifiedName when its definition is in the translation unit
/// (namespaces looked up from the top; inline ones are transparent).
const Type *visibleClass(ASTContext &Ctx, StringRef QualifiedName) {
  SmallVector<StringRef, 4> Parts;
  QualifiedName.split(Parts, "::");
  const DeclContext *DC = Ctx.getTranslationUnitDecl();
  const NamedDecl *Found = nullptr;
  for (StringRef Part : Parts) {
    if (!DC)
      return nullptr;
    DeclContext::lookup_result Result = DC->lookup(&Ctx.Idents.get(Part));
    if (Result.empty())
      return nullptr;
    Found = Result.front();
    DC = dyn_cast<DeclContext>(Found);
  }
  const auto *RD = dyn_cast_or_null<CXXRecordDecl>(Found);
  if (!RD || !RD->hasDefinition())
    return nullptr;
  return Ctx.getRecordType(RD->getDefinition()).getTypePtr();
}

/// A library's own throw of exhausted capacity, a broken precondition or a
/// thread's interruption (`std::length_error` from a string's growth,
/// `std::logic_error` from an allocator, `std::bad_alloc`, Boost.Thread's
/// `thread_interrupted` and `thread_resource_error` from a join): any call
/// that copies a string or waits for a thread may raise it, and it is no
/// step of the caller's work that failed. What a library documents as its
/// failures is in the throwers list instead.
bool isLibraryInternalFailure(const CXXThrowExpr *Throw) {
  const Expr *Thrown = Throw->getSubExpr();
  const CXXRecordDecl *RD =
      Thrown ? Thrown->getType()->getAsCXXRecordDecl() : nullptr;
  // boost::throw_exception throws boost::wrapexcept<E>.
  if (const auto *Wrapper =
          dyn_cast_or_null<ClassTemplateSpecializationDecl>(RD);
      Wrapper && Wrapper->getName() == "wrapexcept" &&
      Wrapper->getTemplateArgs().size() == 1 &&
      Wrapper->getTemplateArgs()[0].getKind() == TemplateArgument::Type)
    RD = Wrapper->getTemplateArgs()[0].getAsType()->getAsCXXRecordDecl();
  if (!RD || !RD->getIdentifier())
    return false;
  std::string Name = RD->getQualifiedNameAsString();
  // A format error is a malformed format string, a bug of the program's
  // that no run avoids (fmt's and std::format's format_error; fmt checks
  // at run time before C++20 and in fmt::sprintf), also where the program
  // carries its own copy of fmt.
  if (RD->getName() == "format_error" &&
      (StringRef(Name).starts_with("fmt::") || RD->isInStdNamespace()))
    return true;
  if (!llvm::is_contained({"std::bad_alloc", "std::length_error",
                           "std::logic_error", "boost::thread_interrupted",
                           "boost::thread_resource_error", "boost::lock_error",
                           "boost::condition_error"},
                          Name))
    return false;
  const SourceManager &SM = RD->getASTContext().getSourceManager();
  return SM.isInSystemHeader(SM.getExpansionLoc(Throw->getThrowLoc()));
}

/// Whether \p FD is `boost::lexical_cast<std::string>(number)`: a number or
/// an enumerator written as text always converts (bad_lexical_cast is for
/// text that does not read as the target).
bool writesNumberAsText(const FunctionDecl *FD) {
  const TemplateArgumentList *Args = FD->getTemplateSpecializationArgs();
  if (!Args || Args->size() == 0 ||
      (*Args)[0].getKind() != TemplateArgument::Type ||
      FD->getNumParams() != 1 ||
      FD->getQualifiedNameAsString() != "boost::lexical_cast")
    return false;
  const auto *Target = (*Args)[0].getAsType()->getAsCXXRecordDecl();
  QualType Source = FD->getParamDecl(0)->getType().getNonReferenceType();
  return Target && Target->isInStdNamespace() && Target->getIdentifier() &&
         Target->getName() == "basic_string" &&
         (Source->isArithmeticType() || Source->isEnumeralType());
}

/// Whether \p Call is `boost::numeric_cast<int>(text.size())`: a container's
/// size overflows the target only at the library's capacity limits, a
/// failure of the kind isLibraryInternalFailure leaves out, not a step of
/// the caller's work (Swift's `sqlite3_prepare(db, q.c_str(),
/// boost::numeric_cast<int>(q.size()), ...)`).
bool castsContainerSize(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || Call->getNumArgs() != 1 ||
      Callee->getQualifiedNameAsString() != "boost::numeric_cast")
    return false;
  const auto *Size =
      dyn_cast<CXXMemberCallExpr>(Call->getArg(0)->IgnoreParenImpCasts());
  const CXXMethodDecl *Method = Size ? Size->getMethodDecl() : nullptr;
  return Method && Method->getIdentifier() &&
         llvm::is_contained({"size", "length", "count"}, Method->getName()) &&
         Size->getType()->isUnsignedIntegerType();
}

/// What \p FD throws by the standard-library throwers list, or nullopt when
/// the list does not name this overload.
/// An exception of unknown type, which handlerFor gives to the first
/// handler as it does library failures. 'void' stands for it so that the
/// info still says "throwing".
ExceptionInfo unknownException(const ASTContext &Ctx) {
  ExceptionInfo Info = ExceptionInfo::createUnknown();
  Info.registerException(Ctx.VoidTy.getTypePtr());
  return Info;
}

/// What a modelled operation that throws throws: its profile's exception
/// classes where they are declared here, else \p Unknown.
ExceptionInfo modelledThrows(const OperationSpec &Spec, ASTContext &Ctx,
                             ExceptionInfo Unknown) {
  ExceptionInfo Info;
  for (const std::string &Name : Spec.Exceptions)
    if (const Type *Class = visibleClass(Ctx, Name))
      Info.registerException(Class);
  if (Info.getBehaviour() != ExceptionAnalyzer::State::Throwing)
    return Unknown;
  return Info;
}

std::optional<ExceptionInfo> documentedThrows(const FunctionDecl *FD) {
  for (const ThrowerSpec &Spec :
       StandardThrowers::builtin().find(modelNameOf(FD))) {
    if (!Spec.UnlessParameter.empty() &&
        llvm::any_of(FD->parameters(), [&](const ParmVarDecl *P) {
          return isClassNamed(P->getType(), Spec.UnlessParameter);
        }))
      continue;
    if (!Spec.Argument.empty() &&
        (FD->param_empty() ||
         !isClassNamed(FD->getParamDecl(0)->getType(), Spec.Argument)))
      continue;
    ASTContext &Ctx = FD->getASTContext();
    ExceptionInfo Info;
    for (const std::string &Name : Spec.Throws) {
      if (const Type *Class = visibleClass(Ctx, Name)) {
        Info.registerException(Class);
        continue;
      }
      // Not declared here: an exception of unknown type.
      Info.merge(unknownException(Ctx));
    }
    return Info;
  }
  return std::nullopt;
}

} // namespace

ExceptionFlow::ExceptionFlow(TxnEventClassifier &Classifier,
                             LinkedThrows Linked, MayBeLinked Linkable,
                             OverriderBodies Overriders)
    : Classifier(Classifier), Linked(std::move(Linked)),
      Linkable(std::move(Linkable)), Overriders(std::move(Overriders)) {}

std::optional<ExceptionInfo> ExceptionFlow::mayThrow(const Stmt *S) {
  if (const auto *Throw = dyn_cast<CXXThrowExpr>(S)) {
    // A rethrow's type is whatever the handler caught: unknown here.
    if (!Throw->getSubExpr())
      return ExceptionInfo::createUnknown();
    return throwsIn(S, {});
  }
  const FunctionDecl *Callee = nullptr;
  if (const auto *Call = dyn_cast<CallExpr>(S)) {
    if (castsContainerSize(Call))
      return std::nullopt;
    Callee = Call->getDirectCallee();
  } else if (const auto *Construct = dyn_cast<CXXConstructExpr>(S))
    Callee = Construct->getConstructor();
  if (!Callee)
    return std::nullopt;
  if (const OperationSpec *Spec = Classifier.specOfCall(S)) {
    if (Spec->Failure == FailureReport::Exception || Spec->AlsoThrows)
      return modelledThrows(*Spec, Callee->getASTContext(),
                            ExceptionInfo::createUnknown());
    // The model knows the operation: it throws only if the model says so
    // (pqxx::nontransaction::commit does nothing, Session::isTransaction
    // only asks).
    if (onlyAsks(Spec->Op))
      return std::nullopt;
  }
  ExceptionInfo Info = throwsOf(Callee).Info;
  if (Info.getBehaviour() == ExceptionAnalyzer::State::Throwing)
    Info.filterIgnoredExceptions({}, /*IgnoreBadAlloc=*/true);
  if (Info.getBehaviour() != ExceptionAnalyzer::State::Throwing)
    return std::nullopt;
  return Info;
}

ExceptionInfo ExceptionFlow::callThrows(const Stmt *S,
                                        const FunctionDecl *Callee) {
  // A modelled operation throws as the model says, whatever its body hides
  // in the library's internals.
  if (const OperationSpec *Spec = Classifier.specOfCall(S)) {
    if (Spec->Failure == FailureReport::Exception || Spec->AlsoThrows)
      return modelledThrows(*Spec, Callee->getASTContext(),
                            unknownException(Callee->getASTContext()));
    if (onlyAsks(Spec->Op))
      return ExceptionInfo();
  }
  const FunctionThrows &Thrown = throwsOf(Callee);
  ExceptionInfo Info = Thrown.Info;
  // For a summary, a function defined elsewhere that throws past this
  // function's handlers is named for the linker; inside a try block, what
  // it throws decides the handler.
  for (const FunctionDecl *Elsewhere : Thrown.Via)
    if (TryDepth)
      Info.merge(linkedThrowsOf(Elsewhere));
    else if (Via && !llvm::is_contained(*Via, Elsewhere))
      Via->push_back(Elsewhere);
  return Info;
}

ExceptionInfo ExceptionFlow::linkedThrowsOf(const FunctionDecl *FD) {
  ExceptionInfo Info;
  const std::vector<std::string> *Names = Linked ? Linked(FD) : nullptr;
  if (!Names) {
    Info = ExceptionInfo::createUnknown();
    if (const auto *Proto = FD->getType()->getAs<FunctionProtoType>())
      for (QualType Exception : Proto->exceptions())
        Info.registerException(Exception.getTypePtr());
    return Info;
  }
  // Its summary names what it throws; a class not declared here is an
  // exception of unknown type.
  ASTContext &Ctx = FD->getASTContext();
  for (const std::string &Name : *Names) {
    if (const Type *Class = Name.empty() ? nullptr : visibleClass(Ctx, Name))
      Info.registerException(Class);
    else
      Info.merge(unknownException(Ctx));
  }
  return Info;
}

const ExceptionFlow::FunctionThrows &
ExceptionFlow::throwsOf(const FunctionDecl *FD) {
  FD = FD->getCanonicalDecl();
  auto &Cache = Functions[ForSummary];
  if (auto It = Cache.find(FD); It != Cache.end())
    return It->second;
  // A recursive call adds nothing to what the function throws.
  Cache[FD] = FunctionThrows();
  FunctionThrows Thrown;
  ExceptionInfo &Info = Thrown.Info;
  const auto *Proto = FD->getType()->getAs<FunctionProtoType>();
  const FunctionDecl *Definition = nullptr;
  if ((Proto && Proto->isNothrow()) || writesNumberAsText(FD) ||
      FD->isConsteval()) {
    // An exception that reaches a noexcept boundary ends the program; one
    // in a consteval function does not compile.
  } else if (std::optional<ExceptionInfo> Documented = documentedThrows(FD)) {
    // The list comes first: a standard library's body hides its throws in
    // std::__throw_* helpers declared without a body.
    Info = std::move(*Documented);
  } else if (FD->hasBody(Definition)) {
    // Its body's try blocks and functions defined elsewhere are its own.
    unsigned OuterDepth = std::exchange(TryDepth, 0);
    auto *OuterVia = std::exchange(Via, &Thrown.Via);
    Info = throwsIn(Definition->getBody(), {});
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Definition))
      for (const CXXCtorInitializer *Init : Ctor->inits())
        Info.merge(throwsIn(Init->getInit(), {}));
    TryDepth = OuterDepth;
    Via = OuterVia;
  } else if (llvm::ArrayRef<const CXXMethodDecl *> Bodies = Overriders(FD);
             !Bodies.empty()) {
    // A pure virtual method throws what its overriders throw (manaserv's
    // abstract DataProvider).
    for (const CXXMethodDecl *Overrider : Bodies) {
      FunctionThrows OverriderThrows = throwsOf(Overrider);
      Info.merge(OverriderThrows.Info);
      for (const FunctionDecl *Elsewhere : OverriderThrows.Via)
        if (!llvm::is_contained(Thrown.Via, Elsewhere))
          Thrown.Via.push_back(Elsewhere);
    }
  } else if (ForSummary && Linkable && Linkable(FD)) {
    // Named for the linker, as an unknown function until then.
    Info = ExceptionInfo::createUnknown();
    Thrown.Via.push_back(FD);
  } else {
    Info = linkedThrowsOf(FD);
  }
  // The map may have grown meanwhile.
  return Functions[ForSummary][FD] = std::move(Thrown);
}

ExceptionFlow::SummaryThrows
ExceptionFlow::thrownForSummary(const FunctionDecl *FD) {
  bool Outer = std::exchange(ForSummary, true);
  const FunctionThrows &Thrown = throwsOf(FD);
  SummaryThrows Result{namesOf(Thrown.Info),
                       {Thrown.Via.begin(), Thrown.Via.end()}};
  ForSummary = Outer;
  return Result;
}

std::vector<std::string> ExceptionFlow::namesOf(ExceptionInfo Info) {
  if (Info.getBehaviour() == ExceptionAnalyzer::State::Throwing)
    Info.filterIgnoredExceptions({}, /*IgnoreBadAlloc=*/true);
  if (Info.getBehaviour() != ExceptionAnalyzer::State::Throwing)
    return {};
  std::vector<std::string> Names;
  for (const Type *Thrown : Info.getExceptionTypes()) {
    const CXXRecordDecl *RD = Thrown->getAsCXXRecordDecl();
    Names.push_back(RD ? RD->getQualifiedNameAsString() : "");
  }
  llvm::sort(Names);
  Names.erase(std::unique(Names.begin(), Names.end()), Names.end());
  return Names;
}

bool ExceptionFlow::throwsBeyondModel(const ExceptionInfo &Info) const {
  return llvm::any_of(Info.getExceptionTypes(), [&](const Type *Thrown) {
    if (Thrown->isVoidType())
      return false;
    const CXXRecordDecl *Class = Thrown->getAsCXXRecordDecl();
    if (!Class)
      return true;
    std::string Name = Class->getQualifiedNameAsString();
    return llvm::none_of(Classifier.model().profiles(), [&](const Profile &P) {
      return llvm::is_contained(P.Exceptions, Name);
    });
  });
}

namespace {

/// Whether \p Body holds a return of its own function (not of a lambda
/// inside it).
bool containsReturn(const Stmt *Body) {
  return !walkOutsideLambdas(Body, [](const Stmt *S) {
    return isa<ReturnStmt, CoreturnStmt>(S) ? WalkNext::Stop
                                            : WalkNext::Descend;
  });
}

} // namespace

bool ExceptionFlow::neverReturns(const FunctionDecl *FD) {
  const FunctionDecl *Definition = nullptr;
  if (!FD || !FD->hasBody(Definition) || Definition->isDependentContext())
    return false;
  auto [It, Inserted] = NeverReturns.try_emplace(Definition, false);
  if (!Inserted)
    return It->second; // false while its own body is being judged
  const auto *Body = dyn_cast<CompoundStmt>(Definition->getBody());
  if (!Body || Body->body_empty() || containsReturn(Body))
    return false;
  const Stmt *Last = Body->body_back();
  if (const auto *E = dyn_cast<Expr>(Last))
    Last = E->IgnoreParenImpCasts()->IgnoreImplicit();
  bool Never = isa<CXXThrowExpr>(Last);
  if (const auto *Call = dyn_cast<CallExpr>(Last))
    if (const FunctionDecl *Callee = Call->getDirectCallee())
      Never = Callee->isNoReturn() || neverReturns(Callee);
  return NeverReturns[Definition] = Never;
}

/// For `std::holds_alternative<T>(v)` or `std::get<T>(v)`: the variable v
/// and the type T.
static std::optional<std::pair<const ValueDecl *, QualType>>
alternativeOf(const Expr *E, StringRef Function) {
  const auto *Call = dyn_cast<CallExpr>(E->IgnoreParenImpCasts());
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee || !Callee->isInStdNamespace() || !Callee->getIdentifier() ||
      Callee->getName() != Function || Call->getNumArgs() != 1)
    return std::nullopt;
  const TemplateArgumentList *Arguments =
      Callee->getTemplateSpecializationArgs();
  const auto *Variant =
      dyn_cast<DeclRefExpr>(Call->getArg(0)->IgnoreParenImpCasts());
  if (!Arguments || Arguments->size() == 0 ||
      Arguments->get(0).getKind() != TemplateArgument::Type || !Variant)
    return std::nullopt;
  return std::pair{Variant->getDecl(),
                   Arguments->get(0).getAsType().getCanonicalType()};
}

ExceptionInfo ExceptionFlow::throwsIn(const Stmt *S,
                                      const ExceptionInfo::Throwables &Caught) {
  ExceptionInfo Result;
  if (!S)
    return Result;
  // `if (std::holds_alternative<bool>(param)) stmt->set_boolean(i,
  // std::get<bool>(param));`: that get cannot throw bad_variant_access.
  if (const auto *If = dyn_cast<IfStmt>(S))
    if (auto Held = alternativeOf(If->getCond(), "holds_alternative")) {
      Result.merge(throwsIn(If->getInit(), Caught));
      Result.merge(throwsIn(If->getCond(), Caught));
      HeldAlternatives.push_back(*Held);
      Result.merge(throwsIn(If->getThen(), Caught));
      HeldAlternatives.pop_back();
      return Result.merge(throwsIn(If->getElse(), Caught));
    }
  if (const auto *Get = dyn_cast<CallExpr>(S))
    if (auto Got = alternativeOf(Get, "get");
        Got && llvm::is_contained(HeldAlternatives, *Got))
      return throwsIn(Get->getArg(0), Caught);
  if (const auto *Cast = dyn_cast<CallExpr>(S);
      Cast && castsContainerSize(Cast))
    return throwsIn(Cast->getArg(0), Caught);
  if (const auto *Throw = dyn_cast<CXXThrowExpr>(S)) {
    if (isLibraryInternalFailure(Throw))
      return Result;
    if (const Expr *Thrown = Throw->getSubExpr())
      Result.registerException(Thrown->getType()->getUnqualifiedDesugaredType());
    else
      Result.registerExceptions(Caught);
    return Result;
  }
  if (const auto *Try = dyn_cast<CXXTryStmt>(S)) {
    ++TryDepth;
    ExceptionInfo Uncaught = throwsIn(Try->getTryBlock(), Caught);
    --TryDepth;
    for (unsigned I = 0, N = Try->getNumHandlers(); I != N; ++I) {
      const CXXCatchStmt *Handler = Try->getHandler(I);
      if (!Handler->getExceptionDecl()) { // catch (...)
        Result.merge(
            throwsIn(Handler->getHandlerBlock(), Uncaught.getExceptionTypes()));
        Uncaught.clear();
        break;
      }
      const Type *HandlerType =
          Handler->getCaughtType()->getUnqualifiedDesugaredType();
      if (HandlerType->isReferenceType())
        HandlerType = HandlerType->castAs<ReferenceType>()
                          ->getPointeeType()
                          ->getUnqualifiedDesugaredType();
      if (Uncaught.filterByCatch(HandlerType,
                                 Handler->getExceptionDecl()->getASTContext())) {
        ExceptionInfo::Throwables Rethrowable;
        Rethrowable.insert(HandlerType);
        Result.merge(throwsIn(Handler->getHandlerBlock(), Rethrowable));
      }
    }
    return Result.merge(Uncaught);
  }
  if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
    // Its body runs where it is called, which calls its call operator.
    for (const Expr *Init : Lambda->capture_inits())
      Result.merge(throwsIn(Init, Caught));
    return Result;
  }
  if (const auto *Call = dyn_cast<CallExpr>(S)) {
    if (const FunctionDecl *Callee = Call->getDirectCallee())
      Result.merge(callThrows(S, Callee));
  } else if (const auto *Construct = dyn_cast<CXXConstructExpr>(S)) {
    Result.merge(callThrows(S, Construct->getConstructor()));
  } else if (const auto *DefaultInit = dyn_cast<CXXDefaultInitExpr>(S)) {
    Result.merge(throwsIn(DefaultInit->getExpr(), Caught));
  } else if (const auto *DefaultArg = dyn_cast<CXXDefaultArgExpr>(S)) {
    Result.merge(throwsIn(DefaultArg->getExpr(), Caught));
  }
  for (const Stmt *Child : S->children())
    Result.merge(throwsIn(Child, Caught));
  return Result;
}

/// The type \p Handler catches, as ExceptionAnalyzer itself matches
/// handlers (by the referenced type); null for `catch (...)`.
static const Type *caughtType(const CXXCatchStmt *Handler) {
  QualType Caught = Handler->getCaughtType();
  if (Caught.isNull())
    return nullptr;
  const Type *HandlerType = Caught->getUnqualifiedDesugaredType();
  if (HandlerType->isReferenceType())
    HandlerType = HandlerType->castAs<ReferenceType>()
                      ->getPointeeType()
                      ->getUnqualifiedDesugaredType();
  return HandlerType;
}

const CXXCatchStmt *ExceptionFlow::handlerFor(const ExceptionInfo &Info,
                                             const CXXTryStmt *Try,
                                             const ASTContext &Ctx) const {
  if (Try->getNumHandlers() == 0)
    return nullptr;
  if (Info.containsUnknownElements())
    return Try->getHandler(0);
  for (unsigned I = 0, N = Try->getNumHandlers(); I != N; ++I) {
    const CXXCatchStmt *Handler = Try->getHandler(I);
    const Type *HandlerType = caughtType(Handler);
    if (!HandlerType) // catch (...)
      return Handler;
    ExceptionInfo Remaining = Info;
    if (Remaining.filterByCatch(HandlerType, Ctx))
      return Handler;
  }
  return nullptr;
}

bool ExceptionFlow::escapesHandlers(const ExceptionInfo &Info,
                                    const CXXTryStmt *Try,
                                    const ASTContext &Ctx) const {
  ExceptionInfo Remaining = Info;
  for (unsigned I = 0, N = Try->getNumHandlers(); I != N; ++I) {
    const Type *HandlerType = caughtType(Try->getHandler(I));
    if (!HandlerType)
      return false;
    Remaining.filterByCatch(HandlerType, Ctx);
  }
  // The unknown part (unknownException's 'void') is the first handler's,
  // and so are the library's own types (std::bad_weak_ptr from the body of
  // shared_from_this()): only a class or enum of the program (QMapShack's
  // `throw eReasonQueryFail;`), or a number, escapes for sure.
  return llvm::any_of(Remaining.getExceptionTypes(), [&](const Type *T) {
    if (T->isBuiltinType())
      return !T->isVoidType();
    const TagDecl *Tag = T->getAsTagDecl();
    return Tag && (isa<CXXRecordDecl>(Tag) || isa<EnumDecl>(Tag)) &&
           !Tag->isInStdNamespace() &&
           !Ctx.getSourceManager().isInSystemHeader(Tag->getLocation());
  });
}

} // namespace txnlint
