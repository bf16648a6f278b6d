//===--- FunctionSummary.cpp - What calling a function does ---------------===//

#include "FunctionSummary.h"
#include "BodyWalk.h"
#include "CallOperands.h"
#include "ErrorConvention.h"
#include "TxnStateAnalysis.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Index/USRGeneration.h"
#include "llvm/ADT/StringSet.h"
#include <nlohmann/json.hpp>

using namespace clang;

namespace txnlint {
namespace {

/// The argument whose member \p E, a call of an accessor function,
/// returns (memberAccessOf).
const Expr *accessorObject(const Expr *E) {
  const auto *Call = dyn_cast<CallExpr>(E);
  std::optional<MemberAccess> Access =
      Call ? memberAccessOf(Call) : std::nullopt;
  return Access ? Access->Object : nullptr;
}

/// What an expression's value is made of: through member chains, address-of,
/// dereference, smart pointer access and accessors without arguments.
const Expr *handleRoot(const Expr *E) {
  while (E) {
    E = E->IgnoreParenImpCasts()->IgnoreImplicit();
    if (const auto *UO = dyn_cast<UnaryOperator>(E))
      E = UO->getSubExpr();
    else if (const auto *ME = dyn_cast<MemberExpr>(E))
      E = ME->getBase();
    else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
             Op && Op->getNumArgs() == 1)
      E = Op->getArg(0); // txn->..., *txn
    else if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E);
             MC && MC->getNumArgs() == 0)
      E = MC->getImplicitObjectArgument(); // p.get(), sql.c_str()
    else if (const Expr *Object = accessorObject(E))
      E = Object; // dt_database_get(db), the member it returns
    else if (const auto *Ref = dyn_cast<DeclRefExpr>(E);
             Ref && accessedObject(Ref->getDecl()))
      E = accessedObject(Ref->getDecl()); // Query query = conn.query();
    else if (const Expr *Cast = castPointer(E))
      E = Cast;
    else if (const auto *Functional = dyn_cast<CXXFunctionalCastExpr>(E))
      E = Functional->getSubExpr(); // std::string(view): the construction
    else if (const auto *Construct = dyn_cast<CXXConstructExpr>(E);
             Construct && Construct->getNumArgs() >= 1 &&
             llvm::all_of(
                 llvm::drop_begin(Construct->arguments()),
                 [](const Expr *Arg) { return isa<CXXDefaultArgExpr>(Arg); }) &&
             (Construct->getConstructor()->isCopyOrMoveConstructor() ||
              isText(Construct->getType())))
      // std::string(sql), a copy; not an object built from it (`Database
      // db(path)`).
      E = Construct->getArg(0);
    else
      return E;
  }
  return nullptr;
}

bool isLambdaBody(const FunctionDecl *FD) {
  const auto *Method = dyn_cast<CXXMethodDecl>(FD);
  return Method && Method->getParent()->isLambda();
}

/// Which of the caller's handles \p E acts on; nullopt for the callee's own
/// locals, which the caller never sees.
std::optional<SummaryEvent::HandleKind>
handleKindOf(const TxnEvent &E, const FunctionDecl *FD,
             TxnEventClassifier &Classifier, unsigned &Param) {
  if (E.Destructor || !E.Handle || E.HandleKey.empty())
    return std::nullopt;
  auto OfNothingLocal = [](const CallExpr *Call) {
    return llvm::none_of(Call->arguments(), [](const Expr *Arg) {
      const auto *Var = dyn_cast_or_null<VarDecl>(rootVariable(Arg));
      return Var && Var->hasLocalStorage();
    });
  };
  // A method of the object that computes a connection rather than hands
  // out a member (Sayonara's `QSqlDatabase Module::db() const`, by thread):
  // its key is the call's, as the caller's own `db()` is.
  if (const auto *Accessor = dyn_cast<CXXMemberCallExpr>(
          E.Handle->IgnoreParenImpCasts()->IgnoreImplicit());
      Accessor && StringRef(E.HandleKey).starts_with("c") &&
      isa<CXXThisExpr>(
          Accessor->getImplicitObjectArgument()->IgnoreParenImpCasts()) &&
      OfNothingLocal(Accessor))
    return SummaryEvent::Shared;
  const Expr *Root = handleRoot(E.Handle);
  // A method that returns its own object (`stmt.bind(x)`) is its object.
  while (const auto *Call = dyn_cast_or_null<CallExpr>(Root)) {
    ReturnedHandle Returns = Classifier.returnedHandleOf(Call);
    if (Returns == ReturnedHandle::Shared)
      return SummaryEvent::Shared;
    if (Returns != ReturnedHandle::Self)
      break;
    // A member call's object, a member operator's first operand, or a
    // function's handle argument.
    Root = handleRoot(
        Classifier.handleOperandOf(Call, *Classifier.specOfCall(Call)));
  }
  // The handle a modelled call hands back (`MYSQL *m = mysql_init(0)`) is
  // the callee's own, unless it returns it.
  if (!Root || Root == E.Site)
    return std::nullopt;
  // Inside a lambda, `this` and captured variables are the enclosing
  // function's: the same handles in the caller.
  if (isa<CXXThisExpr>(Root))
    return isLambdaBody(FD) ? SummaryEvent::Shared : SummaryEvent::Object;
  if (std::optional<unsigned> Index = parameterOf(Root, FD)) {
    Param = *Index;
    return SummaryEvent::Parameter;
  }
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Root)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    // Also a local alias of the shared connection (`auto &db = X::self()`).
    if (!Var || Var->hasGlobalStorage() ||
        StringRef(E.HandleKey).starts_with("shared:"))
      return SummaryEvent::Shared;
    // A local of an enclosing function, captured by a lambda.
    if (Var->getDeclContext() != FD && isLambdaBody(FD))
      return SummaryEvent::Shared;
    return std::nullopt;
  }
  // A factory call such as QSqlDatabase::database() or Store::instance(),
  // of nothing the function's own (a local, a parameter) that would mean
  // something else in the caller.
  if (const auto *Call = dyn_cast<CallExpr>(Root); Call && OfNothingLocal(Call))
    return SummaryEvent::Shared;
  return std::nullopt;
}

/// \p E without parentheses and casts, or the initializer of the local it
/// names (`bool good = ...; return good;`).
const Expr *valueOf(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
        Var && Var->isLocalVarDecl() && Var->getInit())
      return Var->getInit()->IgnoreParenImpCasts();
  return E;
}

/// The parameter of \p FD whose result \p E is, or HeldByObject for a
/// member of a method's object (`mRes` of a holder class).
std::optional<unsigned> resultOperandOf(const Expr *E, const FunctionDecl *FD) {
  if (const auto *Member = dyn_cast<MemberExpr>(E->IgnoreParenImpCasts());
      Member && isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts()) &&
      isa<FieldDecl>(Member->getMemberDecl()))
    return FunctionSummary::HeldByObject;
  return parameterOf(E, FD);
}

/// Whether \p E tests that parameter \p Param of \p FD is not null (`r`,
/// `r != nullptr`).
bool testsNotNull(const Expr *E, const FunctionDecl *FD, unsigned Param) {
  E = E->IgnoreParenImpCasts();
  if (const auto *BO = dyn_cast<BinaryOperator>(E);
      BO && BO->getOpcode() == BO_NE)
    for (auto [Tested, Null] : {std::pair{BO->getLHS(), BO->getRHS()},
                                std::pair{BO->getRHS(), BO->getLHS()}})
      if (Null->isNullPointerConstant(FD->getASTContext(),
                                      Expr::NPC_ValueDependentIsNotNull))
        return testsNotNull(Tested, FD, Param);
  return E->getType()->isPointerType() && resultOperandOf(E, FD) == Param;
}

/// A returned expression that tests a result status against enumerators:
/// `PQresultStatus(r) == PGRES_COMMAND_OK`, through a local initialized
/// with it or with the status, several joined (`s == A || s == B`, `s != A
/// && s != B`), after a test that the result is not null (`r && ...`).
/// Sets \p Param and \p TrueMeansSuccess.
bool testsResultStatus(const Expr *Value, const FunctionDecl *FD,
                       TxnEventClassifier &Classifier, unsigned &Param,
                       bool &TrueMeansSuccess) {
  // Quassel's `bool queryError = query.lastError().isValid(); ...; return
  // !queryError;`: the error of its statement's last run.
  if (std::optional<ErrorTest> Error = errorObjectTest(
          Value,
          [&](const CallExpr *Call) {
            return Classifier.returnsRunError(Call);
          },
          FD->getASTContext())) {
    const OperationSpec *Spec = Classifier.specOfCall(Error->ErrorCall);
    const Expr *Statement = Classifier.handleOperandOf(Error->ErrorCall, *Spec);
    std::optional<unsigned> Index =
        Statement ? resultOperandOf(Statement, FD) : std::nullopt;
    if (!Index)
      return false;
    Param = *Index;
    TrueMeansSuccess = !Error->TrueMeansFailure;
    return true;
  }
  const auto *BO = dyn_cast<BinaryOperator>(valueOf(Value));
  if (BO && BO->isLogicalOp()) {
    if (!testsResultStatus(BO->getRHS(), FD, Classifier, Param,
                           TrueMeansSuccess))
      return false;
    // A null result is a failure, as a false test says.
    if (BO->getOpcode() == BO_LAnd && TrueMeansSuccess &&
        testsNotNull(BO->getLHS(), FD, Param))
      return true;
    unsigned LeftParam;
    bool LeftTrueMeansSuccess;
    // Either of two successes, or neither of two.
    return testsResultStatus(BO->getLHS(), FD, Classifier, LeftParam,
                             LeftTrueMeansSuccess) &&
           LeftParam == Param && LeftTrueMeansSuccess == TrueMeansSuccess &&
           TrueMeansSuccess == (BO->getOpcode() == BO_LOr);
  }
  if (!BO || !BO->isEqualityOp())
    return false;
  for (auto [Tested, Constant] : {std::pair{BO->getLHS(), BO->getRHS()},
                                  std::pair{BO->getRHS(), BO->getLHS()}}) {
    const auto *Call = dyn_cast<CallExpr>(valueOf(Tested));
    const auto *Enumerator = dyn_cast<DeclRefExpr>(Constant->IgnoreParenImpCasts());
    if (!Call || !Enumerator || Call->getNumArgs() < 1 ||
        !isa<EnumConstantDecl>(Enumerator->getDecl()))
      continue;
    const OperationSpec *Spec = Classifier.specOfCall(Call);
    std::optional<unsigned> Index = resultOperandOf(Call->getArg(0), FD);
    if (!Spec || Spec->Op != Operation::ResultStatus || !Index)
      continue;
    bool Success = llvm::is_contained(Spec->SuccessValues,
                                      Enumerator->getDecl()->getName());
    Param = *Index;
    TrueMeansSuccess = Success == (BO->getOpcode() == BO_EQ);
    return true;
  }
  return false;
}

/// Whether \p A and \p B are the same event on the same handle of the
/// caller.
bool sameEvent(const SummaryEvent &A, const SummaryEvent &B) {
  const TxnEvent &E = A.Event, &F = B.Event;
  // The SQL's details (tables, BEGIN's mode) may differ: agreedSummary
  // forgets them.
  if (A.Kind != B.Kind || A.SqlParam != B.SqlParam ||
      A.SqlMember != B.SqlMember || A.ReadsOnly != B.ReadsOnly ||
      E.Op != F.Op || E.SavepointName != F.SavepointName ||
      E.Schema != F.Schema || E.SqlUnknown != F.SqlUnknown ||
      E.Scoped != F.Scoped || E.CommitsOnUnwind != F.CommitsOnUnwind ||
      E.ReadOnly != F.ReadOnly)
    return false;
  // On the object, overriders may keep a connection (sqlite3 *) or a
  // transaction (MDB_txn *) and its environment: to the caller both are the
  // object's.
  if (A.Kind == SummaryEvent::Object &&
      (E.HandleRole != F.HandleRole || A.Connection != B.Connection))
    return true;
  return (A.Kind != SummaryEvent::Parameter || A.Param == B.Param) &&
         (A.Kind != SummaryEvent::Shared || E.HandleKey == F.HandleKey) &&
         E.HandleRole == F.HandleRole && A.Connection == B.Connection &&
         (A.Connection != SummaryEvent::Parameter ||
          A.ConnectionParam == B.ConnectionParam) &&
         A.ConnectionMember == B.ConnectionMember &&
         (A.Connection != SummaryEvent::Shared ||
          E.ConnectionKey == F.ConnectionKey);
}

/// The member of this object that \p Handle is (`db_`, `this->db_`), or "".
std::string memberNameOf(const Expr *Handle) {
  // A member held by a smart pointer (`m_index->execute(sql)`) is that
  // member.
  if (Handle)
    Handle = throughArrow(Handle);
  // A copy of the member (`QSqlQuery q(m_db)` takes its QSqlDatabase by
  // value) is the member.
  if (const auto *Copy = dyn_cast_or_null<CXXConstructExpr>(
          Handle ? Handle->IgnoreImplicit() : nullptr);
      Copy && Copy->getNumArgs() == 1 &&
      Copy->getConstructor()->isCopyOrMoveConstructor())
    Handle = Copy->getArg(0);
  // The connection a member wrapper hands out (`QSqlQuery
  // q(m_db.connection())`) is that member's.
  if (const auto *Accessor = dyn_cast_or_null<CXXMemberCallExpr>(
          Handle ? Handle->IgnoreParenImpCasts() : nullptr);
      Accessor && Accessor->getNumArgs() == 0)
    Handle = Accessor->getImplicitObjectArgument();
  // A handle inside a member (`conn_.conn_`, Kea's PgSqlConnection held by
  // its lease manager) is that member's.
  while (const auto *Inner = dyn_cast_or_null<MemberExpr>(
             Handle ? Handle->IgnoreParenImpCasts() : nullptr)) {
    const auto *Outer =
        dyn_cast<MemberExpr>(Inner->getBase()->IgnoreParenImpCasts());
    if (!Outer)
      break;
    Handle = Outer;
  }
  const auto *Field =
      dyn_cast_or_null<FieldDecl>(Handle ? namedStorage(Handle) : nullptr);
  return Field && Field->getIdentifier() ? Field->getName().str() : "";
}

/// The members of a parameter that \p Handle is, from the parameter's
/// down, joined by dots (`ctx.db`: "db", `req->ctx->db`: "ctx.db"); "" for
/// the parameter itself.
static std::string parameterMemberOf(const Expr *Handle) {
  std::string Path;
  auto Prepend = [&](StringRef Name) {
    Path = Path.empty() ? Name.str() : Name.str() + "." + Path;
  };
  const Expr *E = Handle ? Handle->IgnoreParenImpCasts() : nullptr;
  while (E) {
    if (const Expr *Cast = castPointer(E)) {
      E = Cast->IgnoreParenImpCasts();
    } else if (const auto *Member = dyn_cast<MemberExpr>(E)) {
      const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
      if (!Field || !Field->getIdentifier())
        return "";
      Prepend(Field->getName());
      E = Member->getBase()->IgnoreParenImpCasts();
    } else if (const auto *Call = dyn_cast<CallExpr>(E)) {
      std::optional<MemberAccess> Access = memberAccessOf(Call);
      if (!Access)
        break;
      for (const std::string &Name : llvm::reverse(Access->Path))
        Prepend(Name);
      E = Access->Object->IgnoreParenImpCasts();
    } else {
      break;
    }
  }
  return isa_and_nonnull<DeclRefExpr>(E) ? Path : "";
}

/// The parameter of \p Ctor that \p Init stores, itself, a copy or its
/// address (`db_(db)`, `QSqlDatabase db_`, `_sqldb(&db)`): `db_(open(path))`
/// stores none.
const ParmVarDecl *storedParameter(const CXXConstructorDecl *Ctor,
                                   const CXXCtorInitializer *Init) {
  const Expr *Value = Init->getInit()->IgnoreImplicit()->IgnoreParenImpCasts();
  if (const auto *Copy = dyn_cast<CXXConstructExpr>(Value);
      Copy && Copy->getNumArgs() == 1)
    Value = Copy->getArg(0)->IgnoreParenImpCasts();
  // `_sqldb(&db)`: the parameter's address.
  if (const auto *Address = dyn_cast<UnaryOperator>(Value);
      Address && Address->getOpcode() == UO_AddrOf)
    Value = Address->getSubExpr()->IgnoreParenImpCasts();
  // `_db(db.sqliteDb())`: the handle that the parameter, a wrapper, keeps.
  if (const auto *Accessor = dyn_cast<CXXMemberCallExpr>(Value);
      Accessor && Accessor->getNumArgs() == 0 && Accessor->getMethodDecl() &&
      returnsOwnMember(Accessor->getMethodDecl()))
    Value = Accessor->getImplicitObjectArgument()->IgnoreParenImpCasts();
  const auto *Ref = dyn_cast<DeclRefExpr>(Value);
  const auto *Param = Ref ? dyn_cast<ParmVarDecl>(Ref->getDecl()) : nullptr;
  return Param && Param->getDeclContext() == Ctor ? Param : nullptr;
}

/// The definition of the constructor \p Construct runs, if in view.
const CXXConstructorDecl *constructorBody(const CXXConstructExpr *Construct) {
  const FunctionDecl *Definition = nullptr;
  return Construct && Construct->getConstructor()->hasBody(Definition)
             ? cast<CXXConstructorDecl>(Definition)
             : nullptr;
}

/// Whether \p E mentions a parameter of \p FD.
bool usesParameter(const Stmt *E, const FunctionDecl *FD) {
  return refersTo(E, [FD](const ValueDecl *Named) {
    return isa<ParmVarDecl>(Named) && Named->getDeclContext() == FD;
  });
}

/// The expression in the caller for what the constructor of \p Built
/// stores into the member \p Member, if its body is visible: the argument
/// it stores (`Txn(sqlite3 *db) : db_(db)`), or a handle that means the
/// same in the caller (`m_db(QSqlDatabase::database())`, a global).
const Expr *memberArgument(const std::optional<Construction> &Built,
                           llvm::StringRef Member,
                           const FunctionSummary *Summary = nullptr) {
  const CXXConstructorDecl *Ctor =
      Built ? constructorBody(Built->Construct) : nullptr;
  if (Built && !Ctor && Summary && !Member.empty())
    for (const auto &[Name, Index] : Summary->MemberParameters)
      if (Name == Member)
        return Index < Built->Args.size() ? Built->Args[Index] : nullptr;
  if (!Ctor || Member.empty())
    return nullptr;
  for (const auto &Kept : memberParametersOf(
           Ctor, [&](llvm::StringRef Name) { return Name == Member; }))
    return Kept.second < Built->Args.size() ? Built->Args[Kept.second]
                                            : nullptr;
  for (const CXXCtorInitializer *Init : Ctor->inits()) {
    const FieldDecl *Field = Init->getMember();
    if (!Field || !Field->getIdentifier() || Field->getName() != Member)
      continue;
    const Expr *Value = Init->getInit()->IgnoreImplicit();
    if (const auto *Default = dyn_cast<CXXDefaultInitExpr>(Value))
      Value = Default->getExpr()->IgnoreImplicit();
    if (const auto *Copy = dyn_cast<CXXConstructExpr>(Value);
        Copy && Copy->getNumArgs() == 1)
      Value = Copy->getArg(0)->IgnoreImplicit();
    bool Shared = isa<CallExpr>(Value->IgnoreParenImpCasts()) ||
                  isa<DeclRefExpr>(Value->IgnoreParenImpCasts());
    return Shared && !usesParameter(Value, Ctor) && !handleKeyOf(Value).empty()
               ? Value
               : nullptr;
  }
  return nullptr;
}

/// Whether the constructor of \p Built keeps its parameter \p Index in a
/// member: what it begins on that handle, the object holds.
bool keepsParameter(const std::optional<Construction> &Built, unsigned Index,
                    const FunctionSummary &Summary) {
  const CXXConstructorDecl *Ctor =
      Built ? constructorBody(Built->Construct) : nullptr;
  if (Built && !Ctor)
    return llvm::any_of(Summary.MemberParameters,
                        [&](const auto &Kept) { return Kept.second == Index; });
  return Ctor &&
         llvm::any_of(
             memberParametersOf(Ctor, [](llvm::StringRef) { return true; }),
             [&](const auto &Kept) { return Kept.second == Index; });
}

/// The field named \p Name of \p RD or of one of its bases.
const FieldDecl *fieldNamed(const CXXRecordDecl *RD, llvm::StringRef Name,
                            unsigned Depth = 0) {
  if (!RD || !RD->hasDefinition() || Depth > 8)
    return nullptr;
  RD = RD->getDefinition();
  for (const FieldDecl *Field : RD->fields())
    if (Field->getIdentifier() && Field->getName() == Name)
      return Field;
  for (const CXXBaseSpecifier &Base : RD->bases())
    if (const FieldDecl *Field =
            fieldNamed(Base.getType()->getAsCXXRecordDecl(), Name, Depth + 1))
      return Field;
  return nullptr;
}

/// For \p Object, a member of the caller's object built by its class's
/// constructor from one of that constructor's parameters (`Service(Storage
/// &db) : db_(db), orders_(db)`), the key of the caller's member that keeps
/// the same parameter and that \p Object's \p Member holds (`db_`): a
/// repository member of a service works on the service's connection.
std::string memberConnectionKey(const Expr *Object, llvm::StringRef Member) {
  const auto *Field =
      dyn_cast_or_null<FieldDecl>(Object ? namedStorage(Object) : nullptr);
  if (!Field)
    return "";
  const auto *Held = cast<MemberExpr>(Object->IgnoreParenImpCasts());
  const auto *Class = dyn_cast<CXXRecordDecl>(Field->getParent());
  if (!Class)
    return "";
  for (const CXXConstructorDecl *Declared : Class->ctors()) {
    const FunctionDecl *Definition = nullptr;
    if (!Declared->hasBody(Definition))
      continue;
    const auto *Ctor = cast<CXXConstructorDecl>(Definition);
    for (const CXXCtorInitializer *Init : Ctor->inits()) {
      if (Init->getMember() != Field)
        continue;
      const auto *Arg = dyn_cast_or_null<DeclRefExpr>(
          memberArgument(constructionIn(Init->getInit()), Member));
      const auto *Param = Arg ? dyn_cast<ParmVarDecl>(Arg->getDecl()) : nullptr;
      if (!Param)
        return "";
      for (const CXXCtorInitializer *Keeps : Ctor->inits())
        if (Keeps->getMember() && Keeps->getMember() != Field &&
            storedParameter(Ctor, Keeps) == Param)
          return memberKey(declId(Keeps->getMember()),
                           handleKeyOf(Held->getBase()));
      return "";
    }
  }
  return "";
}

/// The construction of the local variable \p Object names, if any.
std::optional<Construction> constructionOf(const Expr *Object) {
  const auto *Ref =
      dyn_cast_or_null<DeclRefExpr>(Object ? Object->IgnoreParenImpCasts() : nullptr);
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!Var || !Var->hasLocalStorage() || !Var->getInit())
    return std::nullopt;
  if (std::optional<Construction> Built = constructionIn(Var->getInit()))
    return Built;
  return factoryConstruction(Var->getInit());
}

/// The new expression that builds a \p Built in \p FD or the library
/// functions and constructors it calls: std::make_shared<T> reaches it
/// through allocate_shared, the control block's constructor and the
/// allocator's construct.
static const CXXNewExpr *
newInLibrary(const FunctionDecl *FD, QualType Built,
             llvm::SmallPtrSetImpl<const FunctionDecl *> &Visited) {
  constexpr unsigned MaxFunctions = 32;
  if (!FD || !FD->getBody() || Visited.size() >= MaxFunctions ||
      !Visited.insert(FD).second)
    return nullptr;
  // The standard library's own functions and its classes' members.
  std::string Name = FD->getQualifiedNameAsString();
  if (!llvm::StringRef(Name).starts_with("std::") &&
      !llvm::StringRef(Name).starts_with("__gnu_cxx::"))
    return nullptr;
  llvm::SmallVector<const Stmt *, 16> Work{FD->getBody()};
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD))
    for (const CXXCtorInitializer *Init : Ctor->inits())
      Work.push_back(Init->getInit());
  llvm::SmallVector<const FunctionDecl *, 8> Callees;
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    if (const auto *New = dyn_cast<CXXNewExpr>(S);
        New &&
        New->getAllocatedType().getCanonicalType() == Built.getCanonicalType())
      return New;
    if (const auto *Call = dyn_cast<CallExpr>(S))
      Callees.push_back(Call->getDirectCallee());
    else if (const auto *Construct = dyn_cast<CXXConstructExpr>(S))
      Callees.push_back(Construct->getConstructor());
    llvm::append_range(Work, S->children());
  }
  for (const FunctionDecl *Callee : Callees)
    if (const CXXNewExpr *New = newInLibrary(
            Callee ? Callee->getDefinition() : nullptr, Built, Visited))
      return New;
  return nullptr;
}

/// Whether assigning to, or changing, \p Target keeps something after the
/// call: a member of the object, a global (\p ByAssignment only: writing to
/// std::cerr is not a report), what a parameter refers or points to, or a
/// lambda's captured variable.
/// Not the handles \p Handles, which the events cover.
bool outlivesCall(const Expr *Target, const llvm::StringSet<> &Handles,
                  bool ByAssignment) {
  Target = Target->IgnoreParenImpCasts();
  if (Handles.contains(handleKeyOf(Target)))
    return false;
  for (;;) {
    Target = Target->IgnoreParenImpCasts();
    if (const auto *ME = dyn_cast<MemberExpr>(Target))
      Target = ME->getBase();
    else if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(Target))
      Target = Subscript->getBase();
    else if (const auto *Deref = dyn_cast<UnaryOperator>(Target);
             Deref && Deref->getOpcode() == UO_Deref)
      Target = Deref->getSubExpr();
    else
      break;
  }
  if (isa<CXXThisExpr>(Target))
    return true;
  const auto *Ref = dyn_cast<DeclRefExpr>(Target);
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!Var)
    return false;
  // A lambda's variable captured by reference is its caller's.
  if (Ref->refersToEnclosingVariableOrCapture())
    return true;
  if (isa<ParmVarDecl>(Var))
    return Var->getType()->isReferenceType() || Var->getType()->isPointerType();
  return ByAssignment && Var->hasGlobalStorage();
}

/// Whether \p FD may tell its caller about a failure other than by its
/// return value or an exception: it changes its object's state, a global or
/// an output parameter (`m_lastError = q.lastError();`, `*error = ...`,
/// `emit failed();`), or hands its object to other code. The non-const
/// methods it calls on its own object or one its caller sees are looked
/// into, \p Depth levels deep; one with no body is taken to record.
bool mayRecordFailure(const FunctionDecl *FD, const llvm::StringSet<> &Handles,
                      unsigned Depth = 2) {
  const Stmt *Body = FD->getBody();
  if (!Body)
    return true;
  auto Records = [&](const Stmt *S, auto &Self) -> bool {
    if (!S)
      return false;
    if (const auto *BO = dyn_cast<BinaryOperator>(S);
        BO && BO->isAssignmentOp() && outlivesCall(BO->getLHS(), Handles, true))
      return true;
    if (const auto *UO = dyn_cast<UnaryOperator>(S);
        UO && UO->isIncrementDecrementOp() &&
        outlivesCall(UO->getSubExpr(), Handles, true))
      return true;
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S);
        Op && Op->getNumArgs() >= 1) {
      const auto *Method =
          dyn_cast_or_null<CXXMethodDecl>(Op->getDirectCallee());
      if (Method && !Method->isConst() &&
          outlivesCall(Op->getArg(0), Handles, Op->isAssignmentOp()))
        return true;
    }
    // The object handed to other code (a signal's body calling
    // `QMetaObject::activate(this, ...)`).
    if (const auto *Call = dyn_cast<CallExpr>(S);
        Call && llvm::any_of(Call->arguments(), [](const Expr *Arg) {
          return isa<CXXThisExpr>(Arg->IgnoreParenImpCasts());
        }))
      return true;
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S)) {
      const CXXMethodDecl *Method = Call->getMethodDecl();
      const Expr *Object = Call->getImplicitObjectArgument();
      // On this object, or on one the caller sees (a non-const accessor
      // such as Valhalla's `db.get()` of a `Sqlite3 &` changes nothing).
      const FunctionDecl *Definition = nullptr;
      if (Method && !Method->isConst() && Object &&
          (isa<CXXThisExpr>(Object->IgnoreParenImpCasts()) ||
           outlivesCall(Object, Handles, false)) &&
          (!Method->hasBody(Definition) || Definition == FD || !Depth ||
           mayRecordFailure(Definition, Handles, Depth - 1)))
        return true;
    }
    return llvm::any_of(S->children(),
                        [&](const Stmt *C) { return Self(C, Self); });
  };
  return Records(Body, Records);
}

} // namespace

bool isStdOwner(const CXXRecordDecl *RD) {
  return RD && RD->isInStdNamespace() && RD->getIdentifier() &&
         llvm::is_contained({"unique_ptr", "shared_ptr"}, RD->getName());
}

std::vector<const Expr *> returnedValues(const FunctionDecl *FD) {
  struct Returns : RecursiveASTVisitor<Returns> {
    std::vector<const Expr *> Values;
    bool TraverseLambdaExpr(LambdaExpr *) { return true; }
    bool VisitReturnStmt(ReturnStmt *Ret) {
      Values.push_back(Ret->getRetValue());
      return true;
    }
  } Finder;
  Finder.TraverseStmt(FD->getBody());
  return std::move(Finder.Values);
}

std::optional<Construction> constructionIn(const Expr *E) {
  E = E ? E->IgnoreParenImpCasts()->IgnoreImplicit() : nullptr;
  if (const auto *Cast = dyn_cast_or_null<CXXFunctionalCastExpr>(E))
    E = Cast->getSubExpr()->IgnoreImplicit();
  if (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(E)) {
    // std::unique_ptr<T>(new T(args)): T's construction, which the smart
    // pointer owns.
    if (isStdOwner(Construct->getConstructor()->getParent())) {
      std::optional<Construction> Owned =
          Construct->getNumArgs() >= 1 ? constructionIn(Construct->getArg(0))
                                       : std::nullopt;
      if (Owned)
        Owned->RawNew = false;
      return Owned;
    }
    Construction Built{Construct, {}, false, {}, nullptr};
    Built.Args.append(Construct->arg_begin(), Construct->arg_end());
    return Built;
  }
  if (const auto *New = dyn_cast_or_null<CXXNewExpr>(E)) {
    std::optional<Construction> Built = constructionIn(New->getConstructExpr());
    if (Built)
      Built->RawNew = true;
    return Built;
  }
  // std::make_unique<T>(args), std::make_shared<T>(args): the new in the
  // library's code, with the caller's arguments.
  const auto *Call = dyn_cast_or_null<CallExpr>(E);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  const CXXRecordDecl *Owner =
      Callee ? Callee->getReturnType()->getAsCXXRecordDecl() : nullptr;
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(Owner);
  if (!Spec || !isStdOwner(Spec) || !Callee->isInStdNamespace() ||
      !Callee->getIdentifier() ||
      (Callee->getName() != "make_unique" &&
       Callee->getName() != "make_shared") ||
      Spec->getTemplateArgs().size() < 1 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return std::nullopt;
  llvm::SmallPtrSet<const FunctionDecl *, 16> Visited;
  const CXXNewExpr *New =
      newInLibrary(Callee, Spec->getTemplateArgs()[0].getAsType(), Visited);
  if (!New || !New->getConstructExpr())
    return std::nullopt;
  Construction Built{New->getConstructExpr(), {}, false, {}, nullptr};
  Built.Args.append(Call->arg_begin(), Call->arg_end());
  return Built;
}

std::optional<Construction> factoryConstruction(const Expr *E) {
  const auto *Call = dyn_cast<CallExpr>(E->IgnoreImplicit());
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  const FunctionDecl *Definition = nullptr;
  if (!Callee || !Callee->hasBody(Definition) ||
      !Callee->getReturnType()->getAsCXXRecordDecl())
    return std::nullopt;
  const auto *MemberCall = dyn_cast<CXXMemberCallExpr>(Call);
  auto CallerSide = [&](const Expr *Argument) -> const Expr * {
    Argument = Argument->IgnoreParenImpCasts();
    if (const auto *Deref = dyn_cast<UnaryOperator>(Argument);
        Deref && Deref->getOpcode() == UO_Deref)
      Argument = Deref->getSubExpr()->IgnoreParenImpCasts();
    if (isa<CXXThisExpr>(Argument))
      return MemberCall ? MemberCall->getImplicitObjectArgument() : nullptr;
    std::optional<unsigned> Param = parameterOf(Argument, Definition);
    return Param && *Param < Call->getNumArgs() ? Call->getArg(*Param)
                                                : nullptr;
  };
  // Every return builds the object; the first one says from what.
  std::optional<Construction> Found;
  for (const Expr *Value : returnedValues(Definition)) {
    std::optional<Construction> Built = constructionIn(Value);
    if (!Built || Built->RawNew ||
        Built->Construct->getConstructor()->isCopyOrMoveConstructor())
      return std::nullopt;
    if (Found)
      continue;
    Found = Construction{Built->Construct, {}, false, {}, nullptr};
    Found->FactoryObject =
        MemberCall ? throughArrow(MemberCall->getImplicitObjectArgument())
                   : nullptr;
    for (const Expr *Argument : Built->Args) {
      Found->Args.push_back(CallerSide(Argument));
      // The member itself, or what its smart pointer holds
      // (`SQLiteStatement(handle_.get(), sql)`).
      const Expr *Held = Argument->IgnoreParenImpCasts();
      if (const auto *Get = dyn_cast<CXXMemberCallExpr>(Held);
          Get && isSmartPointerGet(Get))
        Held = Get->getImplicitObjectArgument()->IgnoreParenImpCasts();
      const auto *Member = dyn_cast<MemberExpr>(Held);
      Found->ObjectMembers.push_back(
          Member && isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts())
              ? dyn_cast<FieldDecl>(Member->getMemberDecl())
              : nullptr);
    }
  }
  return Found;
}

const CXXRecordDecl *scopedClassOf(QualType T) {
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(RD);
  if (Spec && isStdOwner(Spec) && Spec->getTemplateArgs().size() >= 1 &&
      Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type)
    return Spec->getTemplateArgs()[0].getAsType()->getAsCXXRecordDecl();
  return RD;
}

std::optional<bool> constantReturnOf(const FunctionDecl *FD) {
  if (!FD->getReturnType()->isBooleanType() || !FD->getBody())
    return std::nullopt;
  std::optional<bool> Constant;
  for (const Expr *Value : returnedValues(FD)) {
    const auto *Bool =
        dyn_cast_or_null<CXXBoolLiteralExpr>(Value ? Value->IgnoreParenImpCasts() : nullptr);
    if (!Bool || (Constant && *Constant != Bool->getValue()))
      return std::nullopt;
    Constant = Bool->getValue();
  }
  return Constant;
}

/// \p Summary without its reads, which do nothing to a transaction; nullopt
/// when the read is the event its result reports.
static std::optional<FunctionSummary>
withoutReads(const FunctionSummary &Summary) {
  FunctionSummary Kept = Summary;
  Kept.Events.clear();
  Kept.Reported.reset();
  for (unsigned I = 0; I < Summary.Events.size(); ++I) {
    bool Read = Summary.Events[I].Event.Op == Operation::Read;
    if (Summary.Reported == I) {
      if (Read)
        return std::nullopt;
      Kept.Reported = Kept.Events.size();
    }
    if (!Read)
      Kept.Events.push_back(Summary.Events[I]);
  }
  return Kept;
}

std::optional<FunctionSummary>
agreedSummary(llvm::ArrayRef<const FunctionSummary *> Summaries,
              llvm::ArrayRef<const FunctionDecl *> Idle) {
  if (Summaries.empty())
    return std::nullopt;
  auto SameEvents = [](const FunctionSummary &A, const FunctionSummary &B) {
    return A.Events.size() == B.Events.size() &&
           llvm::all_of(llvm::zip(A.Events, B.Events), [](auto Pair) {
             return sameEvent(std::get<0>(Pair), std::get<1>(Pair));
           });
  };
  // Bodies that differ in their reads only agree on the rest (a MySQL
  // backend's `LOCK TABLES` after its begin, where SQLite's has `BEGIN
  // IMMEDIATE` alone).
  if (!llvm::all_of(Summaries.drop_front(), [&](const FunctionSummary *Other) {
        return SameEvents(*Summaries.front(), *Other);
      })) {
    std::vector<FunctionSummary> Kept;
    for (const FunctionSummary *Summary : Summaries) {
      std::optional<FunctionSummary> Without = withoutReads(*Summary);
      if (!Without)
        return std::nullopt;
      Kept.push_back(std::move(*Without));
    }
    std::vector<const FunctionSummary *> KeptSummaries;
    for (const FunctionSummary &Summary : Kept)
      KeptSummaries.push_back(&Summary);
    if (!llvm::all_of(llvm::ArrayRef(Kept).drop_front(),
                      [&](const FunctionSummary &Other) {
                        return SameEvents(Kept.front(), Other);
                      }))
      return std::nullopt;
    return agreedSummary(KeptSummaries, Idle);
  }
  const FunctionSummary &First = *Summaries.front();
  for (const FunctionSummary *Other : Summaries.drop_front())
    if (Other->ChecksResultOf != First.ChecksResultOf ||
        Other->TrueMeansSuccess != First.TrueMeansSuccess ||
        Other->StatusOf != First.StatusOf ||
        Other->StatusSpec != First.StatusSpec ||
        Other->ThrowsOnFailureOf != First.ThrowsOnFailureOf ||
        Other->RecoversOnThrow != First.RecoversOnThrow ||
        Other->SharedEnds != First.SharedEnds ||
        Other->TellsOpen != First.TellsOpen ||
        Other->CallsInTransaction != First.CallsInTransaction)
      return std::nullopt;
  // The bodies that report an event's failure must report the same one.
  FunctionSummary Agreed = First;
  Agreed.ReturnsConstant.reset(); // the first body's
  Agreed.MayBeginOnSomePath = llvm::any_of(
      Summaries, [](const FunctionSummary *S) { return S->MayBeginOnSomePath; });
  Agreed.MayEndOnSomePath = llvm::all_of(
      Summaries, [](const FunctionSummary *S) { return S->MayEndOnSomePath; });
  // One body that undoes its half-done begin where it fails (autocommit
  // back on) is enough for the call to end on its object.
  Agreed.MayEndOnObject = llvm::any_of(
      Summaries, [](const FunctionSummary *S) { return S->MayEndOnObject; });
  // An exception from a savepoint is the call's only if every body has one.
  if (llvm::any_of(Summaries, [](const FunctionSummary *Other) {
        return !Other->SavepointThrow;
      }))
    Agreed.SavepointThrow.reset();
  // Overriders may keep the connection in different members, or keep a
  // transaction instead: the object is then a session to the caller.
  for (unsigned I = 0; I < Agreed.Events.size(); ++I)
    for (const FunctionSummary *Other : Summaries) {
      SummaryEvent &Event = Agreed.Events[I];
      const SummaryEvent &Theirs = Other->Events[I];
      if (Theirs.Member != Event.Member)
        Event.Member.clear();
      if (!(Theirs.Event.Access == Event.Event.Access))
        Event.Event.Access = SqlAccess();
      if (Theirs.Event.Modifier != Event.Event.Modifier)
        Event.Event.Modifier.clear();
      // MySQL's begin turns autocommit off, SQLite's BEGIN does not.
      Event.Event.StartsManualMode &= Theirs.Event.StartsManualMode;
      Event.Event.EndsOnlyOpen &= Theirs.Event.EndsOnlyOpen;
      // Overriders over different libraries: no one library's entry (and
      // its database's behaviour) speaks for the call.
      if (Theirs.Event.Spec != Event.Event.Spec)
        Event.Event.Spec = nullptr;
      if (Theirs.Event.HandleRole != Event.Event.HandleRole ||
          Theirs.Connection != Event.Connection) {
        Event.Event.HandleRole = Role::Session;
        Event.Connection.reset();
        Event.ConnectionMember.clear();
      }
    }
  for (const FunctionSummary *Other : Summaries)
    if (Other->Reported) {
      if (Agreed.Reported && (Agreed.Reported != Other->Reported ||
                              Agreed.ReportedAs != Other->ReportedAs))
        return std::nullopt;
      Agreed.Reported = Other->Reported;
      Agreed.ReportedAs = Other->ReportedAs;
    }
  // A body that always returns true never fails (it throws): it agrees
  // with a report of failure as false.
  bool ByBool = Agreed.ReportedAs == FailureReport::ReturnsBool;
  for (const FunctionSummary *Other : Summaries)
    if (Agreed.Reported && !Other->Reported &&
        !(ByBool && Other->ReturnsConstant == true))
      return std::nullopt;
  // A body that does nothing and returns false has no transactions: false
  // then says the event did not happen, and an end found nothing to end.
  if (Idle.empty())
    return Agreed;
  // A body that does nothing and returns true is a database without
  // transactions (`virtual bool BeginTransaction() { return true; }`): the
  // call does what the bodies that have them do, and true is success on
  // both.
  bool ControlsOnly = llvm::all_of(Agreed.Events, [](const SummaryEvent &E) {
    return E.Event.Op == Operation::Begin || endsTransaction(E.Event.Op);
  });
  if (ControlsOnly && (!Agreed.Reported || ByBool) &&
      llvm::all_of(Idle, [](const FunctionDecl *FD) {
        return constantReturnOf(FD) == true;
      }))
    return Agreed;
  if (!llvm::all_of(Idle, [](const FunctionDecl *FD) {
        return constantReturnOf(FD) == false;
      }))
    return std::nullopt;
  // For a begin, that false is its failure; for an end it is not (nothing
  // was there to end, and a body that ends throws when it fails).
  if (!Agreed.Reported && Agreed.Events.size() == 1 &&
      Agreed.Events.front().Event.Op == Operation::Begin &&
      llvm::all_of(Summaries, [](const FunctionSummary *Other) {
        return Other->ReturnsConstant == true;
      })) {
    Agreed.Reported = 0;
    Agreed.ReportedAs = FailureReport::ReturnsBool;
  } else if (!Agreed.Reported && Agreed.Events.size() == 1 &&
             endsTransaction(Agreed.Events.front().Event.Op) &&
             llvm::all_of(Summaries, [](const FunctionSummary *Other) {
               return Other->ReturnsConstant == true;
             })) {
    Agreed.Reported = 0;
    Agreed.ReportedAs = FailureReport::ReturnsBool;
    Agreed.FalseMeansIdle = true;
  } else if (Agreed.Reported
                 ? !ByBool
                 : !llvm::all_of(Agreed.Events, [](const SummaryEvent &Event) {
                     return endsTransaction(Event.Event.Op);
                   })) {
    return std::nullopt;
  }
  return Agreed;
}

/// The parameter whose statement failed where \p Cond is true: a result
/// status tested against its success values (`PQresultStatus(r) !=
/// PGRES_COMMAND_OK`), or a status code against zero (`rc != SQLITE_OK`,
/// `if (rc)`).
static std::optional<unsigned> failureTestedBy(const Expr *Cond,
                                               const FunctionDecl *FD,
                                               TxnEventClassifier &Classifier) {
  unsigned Param;
  bool TrueMeansSuccess;
  if (testsResultStatus(Cond, FD, Classifier, Param, TrueMeansSuccess))
    return TrueMeansSuccess ? std::nullopt : std::optional(Param);
  auto CodeParameter = [&](const Expr *E) -> std::optional<unsigned> {
    const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    const auto *Parm = Ref ? dyn_cast<ParmVarDecl>(Ref->getDecl()) : nullptr;
    if (!Parm || !Parm->getType()->isIntegerType() ||
        Parm->getType()->isBooleanType())
      return std::nullopt;
    return Parm->getFunctionScopeIndex();
  };
  const Expr *E = Cond->IgnoreParenImpCasts();
  if (const auto *BO = dyn_cast<BinaryOperator>(E);
      BO && BO->getOpcode() == BO_NE)
    for (auto [Tested, Constant] : {std::pair{BO->getLHS(), BO->getRHS()},
                                    std::pair{BO->getRHS(), BO->getLHS()}}) {
      Expr::EvalResult Value;
      if (!Constant->isValueDependent() &&
          Constant->EvaluateAsInt(Value, FD->getASTContext()) &&
          Value.Val.getInt().isZero())
        return CodeParameter(Tested);
    }
  return CodeParameter(E);
}

/// The parameter ThrowsOnFailureOf names for \p FD: every throw is inside
/// a branch taken when that parameter's statement failed, and nothing else
/// it calls is the program's (a library's status and message functions
/// throw nothing).
static std::optional<unsigned>
throwsOnFailureOf(const FunctionDecl *FD, TxnEventClassifier &Classifier) {
  const SourceManager &SM = FD->getASTContext().getSourceManager();
  std::optional<unsigned> Found;
  bool Throws = false;
  auto Visit = [&](const Stmt *S, bool InFailure, auto &Self) -> bool {
    if (!S || isa<LambdaExpr>(S))
      return true;
    if (const auto *If = dyn_cast<IfStmt>(S);
        If && !If->getInit() && !If->getConditionVariable()) {
      std::optional<unsigned> Param =
          failureTestedBy(If->getCond(), FD, Classifier);
      if (Param && Found && *Param != *Found)
        return false;
      bool Then = InFailure || Param;
      if (Param && !InFailure)
        Found = Param;
      return Self(If->getCond(), InFailure, Self) &&
             Self(If->getThen(), Then, Self) &&
             Self(If->getElse(), InFailure, Self);
    }
    if (isa<CXXThrowExpr>(S)) {
      Throws = true;
      if (!InFailure)
        return false;
    } else if (const auto *Call = dyn_cast<CallExpr>(S); Call && !InFailure) {
      // A holder's conversion back to its result (`PQresultStatus(r)` on
      // Kea's PgSqlResult) throws nothing either.
      const FunctionDecl *Callee = Call->getDirectCallee();
      if (!Callee || !(isa<CXXConversionDecl>(Callee) ||
                       SM.isInSystemHeader(Callee->getLocation()) ||
                       Classifier.isLibraryCode(Callee)))
        return false;
    }
    return llvm::all_of(S->children(), [&](const Stmt *Child) {
      return Self(Child, InFailure, Self);
    });
  };
  if (!Visit(FD->getBody(), false, Visit) || !Throws)
    return std::nullopt;
  return Found;
}

/// Fills StatusOf and StatusSpec when every value \p FD returns is the
/// library's status of one result, or a failure status instead (`return
/// mRes ? ::PQresultStatus(mRes) : PGRES_FATAL_ERROR;`).
static void inferReturnedStatus(const FunctionDecl *FD,
                                TxnEventClassifier &Classifier,
                                FunctionSummary &Summary) {
  std::optional<unsigned> Operand;
  const OperationSpec *Spec = nullptr;
  llvm::SmallVector<StringRef, 2> Constants;
  auto Leaf = [&](const Expr *Value, auto &Self) -> bool {
    Value = Value->IgnoreParenImpCasts();
    if (const auto *Choice = dyn_cast<ConditionalOperator>(Value))
      return Self(Choice->getTrueExpr(), Self) &&
             Self(Choice->getFalseExpr(), Self);
    if (const auto *Ref = dyn_cast<DeclRefExpr>(Value);
        Ref && isa<EnumConstantDecl>(Ref->getDecl())) {
      Constants.push_back(Ref->getDecl()->getName());
      return true;
    }
    const auto *Call = dyn_cast<CallExpr>(Value);
    const OperationSpec *Read = Call ? Classifier.specOfCall(Call) : nullptr;
    if (!Read || Read->Op != Operation::ResultStatus ||
        Call->getNumArgs() < 1 || (Spec && Spec != Read))
      return false;
    std::optional<unsigned> Index = resultOperandOf(Call->getArg(0), FD);
    if (!Index || (Operand && Operand != Index))
      return false;
    Operand = Index;
    Spec = Read;
    return true;
  };
  for (const Expr *Value : returnedValues(FD))
    if (!Value || !Leaf(Value, Leaf))
      return;
  // A constant that says success would report success for what failed.
  if (!Spec || llvm::any_of(Constants, [&](StringRef Name) {
        return llvm::is_contained(Spec->SuccessValues, Name);
      }))
    return;
  Summary.StatusOf = Operand;
  Summary.StatusSpec = Spec;
}

/// Whether \p Constant names a status code of success: zero, or a constant
/// or macro named for it (`SQLITE_OK`, `SQLITE_DONE`, `kSuccess`).
static bool isSuccessCode(const Expr *Constant, const ASTContext &Ctx) {
  Expr::EvalResult Value;
  if (Constant->isValueDependent() || !Constant->EvaluateAsInt(Value, Ctx))
    return false;
  if (Value.Val.getInt().isZero())
    return true;
  std::string Lower = constantName(Constant, Ctx).lower();
  return StringRef(Lower).ends_with("ok") ||
         StringRef(Lower).ends_with("done") ||
         StringRef(Lower).ends_with("success");
}

/// For a test of an integer parameter of \p FD against success codes
/// (`code != SQLITE_OK && code != SQLITE_DONE`, `rc == 0`): the parameter,
/// and whether the test is true when the code says success.
static std::optional<std::pair<unsigned, bool>>
testsCodeParameter(const Expr *Test, const FunctionDecl *FD) {
  bool Negated = false;
  Test = stripNegations(Test, Negated);
  const auto *BO = dyn_cast<BinaryOperator>(Test);
  if (!BO)
    return std::nullopt;
  if (BO->isLogicalOp()) {
    // Either of two successes, or neither of two.
    auto Left = testsCodeParameter(BO->getLHS(), FD);
    auto Right = testsCodeParameter(BO->getRHS(), FD);
    if (!Left || Left != Right || Left->second != (BO->getOpcode() == BO_LOr))
      return std::nullopt;
    return std::pair{Left->first, Left->second != Negated};
  }
  if (!BO->isEqualityOp())
    return std::nullopt;
  for (auto [Tested, Constant] : {std::pair{BO->getLHS(), BO->getRHS()},
                                  std::pair{BO->getRHS(), BO->getLHS()}}) {
    std::optional<unsigned> Param = parameterOf(Tested, FD);
    if (!Param || *Param == FunctionSummary::HeldByObject ||
        !Tested->getType()->isIntegerType() ||
        !isSuccessCode(Constant, FD->getASTContext()))
      continue;
    return std::pair{*Param, (BO->getOpcode() == BO_EQ) != Negated};
  }
  return std::nullopt;
}

/// A helper that tests a status code its caller passes, returning a bool:
/// `return rc == SQLITE_OK;`, or Zeek's `bool checkError(int code) { if
/// (code != SQLITE_OK && code != SQLITE_DONE) { Error(...); return true; }
/// return false; }`. Fills ChecksResultOf, TrueMeansSuccess and ChecksCode.
static bool inferCodeCheck(const FunctionDecl *FD, FunctionSummary &Summary) {
  const auto *Body = dyn_cast_or_null<CompoundStmt>(FD->getBody());
  if (!Body || Body->body_empty() || !FD->getReturnType()->isBooleanType())
    return false;
  auto ConstantOf = [](const Stmt *S) -> std::optional<bool> {
    const auto *Return = dyn_cast_or_null<ReturnStmt>(S);
    const auto *Bool = Return && Return->getRetValue()
                           ? dyn_cast<CXXBoolLiteralExpr>(
                                 Return->getRetValue()->IgnoreParenImpCasts())
                           : nullptr;
    return Bool ? std::optional<bool>(Bool->getValue()) : std::nullopt;
  };
  std::optional<std::pair<unsigned, bool>> Test;
  bool ReturnedWhenTrue = true;
  const auto *Last = dyn_cast<ReturnStmt>(Body->body_back());
  if (Last && Last->getRetValue() && Body->size() == 1) {
    Test = testsCodeParameter(Last->getRetValue(), FD);
  } else if (std::optional<bool> Otherwise = ConstantOf(Last);
             Otherwise && Body->size() == 2) {
    const auto *If = dyn_cast<IfStmt>(Body->body_front());
    const auto *Then = If ? dyn_cast<CompoundStmt>(If->getThen()) : nullptr;
    const Stmt *ThenLast = Then && !Then->body_empty() ? Then->body_back()
                           : If                        ? If->getThen()
                                                       : nullptr;
    std::optional<bool> WhenTrue = ConstantOf(ThenLast);
    if (!If || If->getElse() || If->getInit() || !WhenTrue ||
        *WhenTrue == *Otherwise)
      return false;
    // Only the one return in the branch: no other way out of it.
    if (Then && llvm::any_of(Then->body(), [&](const Stmt *S) {
          return S != ThenLast && !walkOutsideLambdas(S, [](const Stmt *Inner) {
                   return isa<ReturnStmt>(Inner) ? WalkNext::Stop
                                                 : WalkNext::Descend;
                 });
        }))
      return false;
    Test = testsCodeParameter(If->getCond(), FD);
    ReturnedWhenTrue = *WhenTrue;
  }
  if (!Test)
    return false;
  Summary.ChecksResultOf = Test->first;
  Summary.TrueMeansSuccess = ReturnedWhenTrue == Test->second;
  Summary.ChecksCode = true;
  return true;
}

void inferResultCheck(const FunctionDecl *FD, TxnEventClassifier &Classifier,
                      FunctionSummary &Summary) {
  if (inferCodeCheck(FD, Summary))
    return;
  if (FD->getBody() && FD->getReturnType()->isEnumeralType()) {
    inferReturnedStatus(FD, Classifier, Summary);
    return;
  }
  if (FD->getBody() && FD->getReturnType()->isVoidType()) {
    Summary.ThrowsOnFailureOf = throwsOnFailureOf(FD, Classifier);
    return;
  }
  // A C-style helper returns its truth value as an int (`static int
  // command_ok(PGresult *r) { return r && PQresultStatus(r) == ...; }`).
  QualType Returned = FD->getReturnType();
  if (!(Returned->isBooleanType() || Returned->isIntegerType()) ||
      !FD->getBody())
    return;
  auto ConstantOf = [](const Expr *Value) -> std::optional<bool> {
    Value = Value->IgnoreParenImpCasts();
    if (const auto *Bool = dyn_cast<CXXBoolLiteralExpr>(Value))
      return Bool->getValue();
    if (const auto *Int = dyn_cast<IntegerLiteral>(Value))
      return !Int->getValue().isZero();
    return std::nullopt;
  };
  std::vector<const Expr *> Values = returnedValues(FD);
  std::optional<std::pair<unsigned, bool>> Found;
  for (const Expr *Value : Values) {
    if (!Value)
      return;
    // `if (!r) return false;`: a constant, checked below.
    if (ConstantOf(Value))
      continue;
    unsigned Param;
    bool TrueMeansSuccess;
    if (!testsResultStatus(Value, FD, Classifier, Param, TrueMeansSuccess) ||
        (Found && *Found != std::pair{Param, TrueMeansSuccess}))
      return;
    Found = {Param, TrueMeansSuccess};
  }
  if (!Found)
    return;
  // A constant return says success or failure outright: it must be the
  // failure value, or the function reports something else too.
  for (const Expr *Value : Values)
    if (ConstantOf(Value) == Found->second)
      return;
  Summary.ChecksResultOf = Found->first;
  Summary.TrueMeansSuccess = Found->second;
}

/// The savepoint, on a transaction of the caller's, that an exception can
/// leave \p Result's function from (ThrowInSavepoint::Caller).
std::optional<SummaryEvent>
savepointThrowOf(const FunctionTxnResult &Result, const FunctionDecl *FD,
                 TxnEventClassifier &Classifier) {
  for (const ThrowInSavepoint &Throw : Result.ThrowsInSavepoints) {
    if (Throw.Ends != ThrowInSavepoint::Caller)
      continue;
    const TxnEvent &Open = Result.Events[Throw.Savepoint];
    // The transaction it nests in: the savepoint object's parent, or the
    // connection SAVEPOINT ran on.
    TxnEvent Transaction = Open;
    if (Open.ParentHandle) {
      Transaction.Handle = Open.ParentHandle;
      Transaction.HandleKey = Open.ParentKey;
    }
    SummaryEvent Savepoint;
    std::optional<SummaryEvent::HandleKind> Kind =
        handleKindOf(Transaction, FD, Classifier, Savepoint.Param);
    if (!Kind)
      continue;
    Savepoint.Kind = *Kind;
    if (*Kind == SummaryEvent::Object)
      Savepoint.Member = memberNameOf(Transaction.Handle);
    Savepoint.Event.Op = Operation::SavepointOpen;
    Savepoint.Event.HandleRole = Role::Savepoint;
    Savepoint.Event.SavepointName =
        !Open.SavepointName.empty() ? Open.SavepointName
        : Open.BoundVariable        ? Open.BoundVariable->getNameAsString()
                                    : "";
    Savepoint.Event.HandleKey = Transaction.HandleKey; // for Shared handles
    return Savepoint;
  }
  return std::nullopt;
}

/// The connection expression a transaction object was built on
/// (`SQLite::Transaction tx(db)`, `pqxx::work w(conn_)`, `return
/// Transaction(db_);`): the operand of the call or construction of its
/// begin whose key is its connection's.
static const Expr *connectionOperandOf(const TxnEvent &Begin) {
  if (Begin.ConnectionKey.empty() || !Begin.Site)
    return nullptr;
  const Stmt *Site = Begin.Site;
  if (const auto *DS = dyn_cast<DeclStmt>(Site); DS && DS->isSingleDecl())
    if (const auto *Var = dyn_cast<VarDecl>(DS->getSingleDecl());
        Var && Var->getInit())
      Site = Var->getInit()->IgnoreImplicit();
  std::optional<Construction> Built = constructionIn(dyn_cast<Expr>(Site));
  for (const Expr *Operand : Built ? Built->Args : operandsOf(Site))
    if (handleKeyOf(Operand) == Begin.ConnectionKey)
      return Operand;
  return nullptr;
}

/// For \p Returned, a transaction the function hands back: which of the
/// caller's handles its connection is.
void noteReturnedConnection(SummaryEvent &Returned, const FunctionDecl *FD,
                            TxnEventClassifier &Classifier) {
  const Expr *Operand = connectionOperandOf(Returned.Event);
  if (!Operand)
    return;
  TxnEvent Connection = Returned.Event;
  Connection.Handle = Operand;
  Connection.HandleKey = Returned.Event.ConnectionKey;
  Returned.Connection =
      handleKindOf(Connection, FD, Classifier, Returned.ConnectionParam);
  if (Returned.Connection == SummaryEvent::Object)
    Returned.ConnectionMember = memberNameOf(Operand);
  // What the caller receives is a transaction object on that connection.
  if (Returned.Connection)
    Returned.Event.HandleRole = Role::Transaction;
}

llvm::BitVector swallowedWrites(const FunctionTxnResult &Result) {
  const FunctionDecl *FD = Result.Function;
  llvm::BitVector Swallowed = Result.UnreportedAtTrueReturn;
  if (FD->getReturnType()->isVoidType() || constantReturnOf(FD))
    Swallowed |= Result.UnreportedAtReturn;
  for (unsigned Id : Swallowed.set_bits())
    if (Result.Events[Id].Op != Operation::Write || Result.ReturnedEvent == Id)
      Swallowed.reset(Id);
  // A write inside a transaction the function begins itself is that
  // transaction's business (left open, it is txn-missing-rollback's
  // finding), not the caller's.
  for (const TransactionScope &Scope : Result.Scopes)
    if (!Result.Events[Scope.Begin].Joins)
      for (unsigned Write : Scope.Writes)
        Swallowed.reset(Write);
  if (Swallowed.none())
    return Swallowed;
  llvm::StringSet<> Handles;
  for (const TxnEvent &E : Result.Events)
    for (const std::string &Key : {E.HandleKey, E.ConnectionKey})
      if (!Key.empty())
        Handles.insert(Key);
  if (mayRecordFailure(FD, Handles))
    Swallowed.reset();
  return Swallowed;
}

/// A whole transaction a function runs on a local RAII object over a
/// connection of its caller's, committed on every normal path (`{
/// SQLite::Transaction tx(db); ...; tx.commit(); }`): to the caller it is a
/// begin and a commit on that connection. The object's destructor, which
/// rolls back only what was not committed, is no event of the caller's.
static llvm::DenseMap<unsigned, TxnEvent>
localTransactionsOnCallerConnections(const FunctionTxnResult &Result,
                                     const llvm::BitVector &OnEveryPath) {
  llvm::DenseMap<unsigned, TxnEvent> OnConnection;
  for (unsigned B : OnEveryPath.set_bits()) {
    const TxnEvent &Begin = Result.Events[B];
    if (Begin.Op != Operation::Begin || !Begin.Scoped || Begin.Joins ||
        !Begin.BoundVariable)
      continue;
    const Expr *Connection = connectionOperandOf(Begin);
    if (!Connection)
      continue;
    std::optional<unsigned> Commit;
    for (unsigned C : OnEveryPath.set_bits())
      if (Result.Events[C].Op == Operation::Commit &&
          Result.Events[C].HandleKey == Begin.HandleKey)
        Commit = C;
    if (!Commit)
      continue;
    for (unsigned Id : {B, *Commit}) {
      TxnEvent E = Result.Events[Id];
      E.Handle = Connection;
      E.HandleKey = Begin.ConnectionKey;
      E.HandleRole = Role::Session;
      E.Scoped = false;
      E.CommitsOnUnwind = false;
      E.BoundVariable = nullptr;
      OnConnection[Id] = std::move(E);
    }
  }
  return OnConnection;
}

/// For `StringBuf_Value(&self->buf)`, the text read out of a buffer object
/// of the program: what the one call of \p FD that fills that buffer puts
/// in it (`StringBuf_AppendStr(&self->buf, query)`, `StringBuf_Vprintf(
/// &self->buf, fmt, args)`, rAthena's Sql_QueryStr and Sql_QueryV); null
/// when no call or more than one does.
static const Expr *bufferFill(const Expr *E, const FunctionDecl *FD) {
  const auto *Read = dyn_cast_or_null<CallExpr>(E);
  const FunctionDecl *Reader = Read ? Read->getDirectCallee() : nullptr;
  auto IsText = [](QualType T) {
    return T->isPointerType() && T->getPointeeType()->isCharType();
  };
  auto IsBuffer = [&](const Expr *Arg) {
    QualType T = Arg->IgnoreParenImpCasts()->getType();
    return T->isPointerType() && T->getPointeeType()->isRecordType();
  };
  if (!Reader || isa<CXXMethodDecl>(Reader) || Read->getNumArgs() != 1 ||
      !IsText(Reader->getReturnType()) || !IsBuffer(Read->getArg(0)) ||
      !FD->getBody())
    return nullptr;
  std::string Buffer = handleKeyOf(Read->getArg(0));
  if (Buffer.empty())
    return nullptr;
  const Expr *Filled = nullptr;
  unsigned Fills = 0;
  forEachOutsideLambdas(FD->getBody(), [&](const Stmt *S) {
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Call || Call == Read || Call->getNumArgs() < 2 ||
        !IsBuffer(Call->getArg(0)) || handleKeyOf(Call->getArg(0)) != Buffer)
      return;
    for (const Expr *Arg : llvm::drop_begin(Call->arguments()))
      if (IsText(Arg->IgnoreParenImpCasts()->getType())) {
        Filled = Arg;
        ++Fills;
        break;
      }
  });
  return Fills == 1 ? Filled : nullptr;
}

/// For `self->buf.c_str()`, the text a string member holds: what the one
/// assignment or append of \p FD puts in it, an append after it is cleared
/// (LandSandBoat's `self->buf.clear(); self->buf += query;`); null when no
/// statement or more than one fills it.
static const Expr *stringMemberFill(const Expr *E, const FunctionDecl *FD) {
  const auto *Read =
      E ? dyn_cast<CXXMemberCallExpr>(E->IgnoreParenImpCasts()) : nullptr;
  if (!Read || Read->getNumArgs() != 0 || !FD->getBody())
    return nullptr;
  const Expr *String = Read->getImplicitObjectArgument()->IgnoreParenImpCasts();
  if (!isa<MemberExpr>(String) || !isText(String->getType()))
    return nullptr;
  std::string Buffer = handleKeyOf(String);
  if (Buffer.empty())
    return nullptr;
  const Expr *Filled = nullptr;
  unsigned Fills = 0;
  bool Replaced = false, Cleared = false;
  auto On = [&](const Expr *Object) {
    return handleKeyOf(Object->IgnoreParenImpCasts()) == Buffer;
  };
  forEachOutsideLambdas(FD->getBody(), [&](const Stmt *S) {
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S);
        Op && Op->getNumArgs() == 2 &&
        (Op->getOperator() == OO_Equal || Op->getOperator() == OO_PlusEqual) &&
        On(Op->getArg(0))) {
      Filled = Op->getArg(1);
      Replaced = Op->getOperator() == OO_Equal;
      ++Fills;
    } else if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S);
               Call && Call->getMethodDecl() &&
               Call->getMethodDecl()->getIdentifier() &&
               On(Call->getImplicitObjectArgument())) {
      StringRef Name = Call->getMethodDecl()->getName();
      if (Name == "clear" && Call->getNumArgs() == 0) {
        Cleared = true;
      } else if ((Name == "assign" || Name == "append") &&
                 Call->getNumArgs() == 1) {
        Filled = Call->getArg(0);
        Replaced = Name == "assign";
        ++Fills;
      }
    }
  });
  return Fills == 1 && (Replaced || Cleared) ? Filled : nullptr;
}

std::optional<unsigned> parameterOf(const Expr *E, const FunctionDecl *FD) {
  // Through locals initialized from it (Amarok's `const QByteArray utf8 =
  // statement.toUtf8(); mysql_real_query(m_db, utf8.constData(), ...)`),
  // through formatting (Domoticz's `char *zQuery = sqlite3_vmprintf(fmt,
  // args);`) and through a buffer object or a string member it is copied
  // into.
  for (unsigned Depth = 0; Depth < 4; ++Depth) {
    const auto *Formatting = dyn_cast_or_null<CallExpr>(handleRoot(E));
    if (const Expr *Format = Formatting ? formatArgument(Formatting) : nullptr)
      E = Format;
    else if (const Expr *Filled = bufferFill(handleRoot(E), FD))
      E = Filled;
    else if (const Expr *Held = stringMemberFill(E, FD))
      E = Held;
    const auto *Ref = dyn_cast_or_null<DeclRefExpr>(handleRoot(E));
    const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    if (!Var)
      return std::nullopt;
    if (const auto *Param = dyn_cast<ParmVarDecl>(Var))
      return Param->getDeclContext() == FD
                 ? std::optional(Param->getFunctionScopeIndex())
                 : std::nullopt;
    if (!Var->hasLocalStorage())
      return std::nullopt;
    E = localTextSource(Var, Ref);
    if (!E)
      return std::nullopt;
  }
  return std::nullopt;
}

bool runsGivenSql(const FunctionSummary &Summary) {
  // The caller's SQL, or the SQL its object was built with (a statement
  // member run on every path, resolved at the call), or its statement.
  return llvm::any_of(Summary.Events, [](const SummaryEvent &Event) {
    return Event.SqlParam.has_value() ||
           (Event.Kind == SummaryEvent::Object && Event.Event.SqlUnknown &&
            !Event.Member.empty()) ||
           // The statement the caller gives, run with what it was prepared
           // with.
           (Event.Kind == SummaryEvent::Parameter && Event.Event.SqlUnknown &&
            Event.Event.HandleRole == Role::Statement);
  });
}

std::vector<const CallExpr *> callsOfParameter(const FunctionDecl *FD,
                                               const ParmVarDecl *Param) {
  std::vector<const CallExpr *> Calls;
  forEachOutsideLambdas(FD->getBody(), [&](const Stmt *S) {
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Call)
      return;
    const Expr *Called = Call->getCallee();
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call))
      Called = Op->getOperator() == OO_Call ? Op->getArg(0) : nullptr;
    const auto *Ref =
        Called ? dyn_cast<DeclRefExpr>(Called->IgnoreParenImpCasts()) : nullptr;
    if (Ref && Ref->getDecl() == Param)
      Calls.push_back(Call);
  });
  return Calls;
}

/// FunctionSummary::PreparedMembers of \p FD: its prepares of SQL from a
/// parameter whose statement is a member of its object, or a local it
/// stores into one (`st_ = st;`).
static std::vector<FunctionSummary::PreparedMember>
preparedMembersOf(const FunctionTxnResult &Result, const FunctionDecl *FD) {
  const auto *Method = dyn_cast<CXXMethodDecl>(FD);
  if (!Method || !Method->isInstance() || !FD->getBody())
    return {};
  // The member of this object each statement handle's key ends up in.
  llvm::StringMap<const FieldDecl *> HeldIn;
  auto OwnField = [](const Expr *E) -> const FieldDecl * {
    const auto *Member = dyn_cast<MemberExpr>(E->IgnoreParenImpCasts());
    return Member && isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts())
               ? dyn_cast<FieldDecl>(Member->getMemberDecl())
               : nullptr;
  };
  // The calls whose result is stored into a member (`m_stmt =
  // mysql_stmt_init(conn)`).
  llvm::DenseMap<const Stmt *, const FieldDecl *> StoredInto;
  auto NoteStored = [&](const FieldDecl *Field, const Expr *Value) {
    Value = Value->IgnoreParenImpCasts();
    StoredInto[Value] = Field;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(Value))
      if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
          Var && Var->hasLocalStorage())
        HeldIn.try_emplace(varKey(Var), Field);
  };
  forEachOutsideLambdas(FD->getBody(), [&](const Stmt *S) {
    if (const auto *E = dyn_cast<Expr>(S))
      if (const FieldDecl *Field = OwnField(E))
        HeldIn.try_emplace(handleKeyOf(E), Field);
    if (const auto *Assign = dyn_cast<BinaryOperator>(S);
        Assign && Assign->getOpcode() == BO_Assign)
      if (const FieldDecl *Field = OwnField(Assign->getLHS()))
        NoteStored(Field, Assign->getRHS());
    // A smart pointer member taking the local over (`stmt_.reset(st)`).
    if (const auto *Reset = dyn_cast<CXXMemberCallExpr>(S);
        Reset && Reset->getNumArgs() == 1 && Reset->getMethodDecl() &&
        Reset->getMethodDecl()->getName() == "reset")
      if (const FieldDecl *Field = OwnField(Reset->getImplicitObjectArgument()))
        NoteStored(Field, Reset->getArg(0));
  });
  // And its members a method of its own prepares into (`_prepare(db, sql)`).
  for (const FieldDecl *Field : Method->getParent()->fields())
    HeldIn.try_emplace(memberKey(declId(Field), "this"), Field);
  std::vector<FunctionSummary::PreparedMember> Prepared;
  for (const TxnEvent &E : Result.Events) {
    if (E.Op != Operation::PrepareSql || !E.Sql || E.StatementKey.empty() ||
        !E.Handle)
      continue;
    std::optional<unsigned> SqlParam = parameterOf(E.Sql, FD);
    if (!SqlParam)
      continue;
    // A prepare on the statement itself (`mysql_stmt_prepare(m_stmt, sql,
    // ...)`) is on the connection the statement was made on
    // (`m_stmt = mysql_stmt_init(conn)`).
    const Expr *Connection = E.Handle;
    if (const FieldDecl *Statement = E.Handle ? rootMember(E.Handle) : nullptr)
      for (const TxnEvent &Made : Result.Events)
        if (Made.Op == Operation::PrepareSql && Made.Handle &&
            StoredInto.lookup(Made.Site) == Statement)
          Connection = Made.Handle;
    FunctionSummary::PreparedMember Made{
        "", *SqlParam, parameterOf(Connection, FD), {}, ""};
    if (!Made.ConnectionParam && isa<CXXThisExpr>(handleRoot(Connection)))
      Made.ConnectionMember = memberNameOf(Connection);
    // A constructor's prepare on the member it just stored its parameter in
    // (`Statement(sqlite3 *db, const std::string &sql) : db_(db) {
    // sqlite3_prepare_v2(db_, ...); }`) is on the caller's connection.
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD);
        Ctor && !Made.ConnectionMember.empty())
      for (const auto &[Member, Param] :
           memberParametersOf(Ctor, [&](StringRef Name) {
             return Name == Made.ConnectionMember;
           })) {
        Made.ConnectionParam = Param;
        Made.ConnectionMember.clear();
        break;
      }
    if (const FieldDecl *Field = HeldIn.lookup(E.StatementKey))
      Made.Member = Field->getName().str();
    for (const ParmVarDecl *Param : FD->parameters())
      if (varKey(Param) == E.StatementKey)
        Made.StatementParam = Param->getFunctionScopeIndex();
    if (!Made.Member.empty() || Made.StatementParam)
      Prepared.push_back(std::move(Made));
  }
  return Prepared;
}

/// The caller's connection that a statement \p Result's function returns
/// was made on, and the caller's SQL it was prepared with, if any
/// (FunctionSummary::ReturnedStatementOf).
static std::optional<SummaryEvent>
returnedStatementOf(const FunctionTxnResult &Result,
                    TxnEventClassifier &Classifier) {
  const FunctionDecl *FD = Result.Function;
  llvm::SmallVector<const TxnEvent *, 2> Candidates;
  for (unsigned Id : Result.OnReturnedHandle.set_bits())
    Candidates.push_back(&Result.Events[Id]);
  if (Result.ReturnedMadeStatement)
    Candidates.push_back(&*Result.ReturnedMadeStatement);
  for (const TxnEvent *Candidate : Candidates) {
    const TxnEvent &Returned = *Candidate;
    if (Returned.Op != Operation::PrepareSql)
      continue;
    // `QSqlQuery q(db); q.prepare(sql); return q;`: the local statement
    // returned was made on the caller's connection, from the caller's SQL.
    // Every prepare of that statement: its construction on the connection
    // and its prepare(sql), whichever of the two the return reached.
    const std::string &Key = Returned.StatementKey.empty()
                                 ? Returned.HandleKey
                                 : Returned.StatementKey;
    llvm::SmallVector<const TxnEvent *, 2> Made = {&Returned};
    for (const TxnEvent &E : Result.Events)
      if (E.Op == Operation::PrepareSql && &E != &Returned && !Key.empty() &&
          (E.StatementKey == Key || E.HandleKey == Key))
        Made.push_back(&E);
    std::optional<SummaryEvent> Statement;
    std::optional<unsigned> SqlParam;
    const TxnEvent *ReadHere = nullptr;
    for (const TxnEvent *E : Made) {
      if (E->Sql && !SqlParam)
        SqlParam = parameterOf(E->Sql, FD);
      if (E->PreparedSqlKnown && !ReadHere)
        ReadHere = E;
      SummaryEvent Connection;
      std::optional<SummaryEvent::HandleKind> Kind =
          handleKindOf(*E, FD, Classifier, Connection.Param);
      // Or on a connection that means the same to the caller (libQuotient's
      // `QSqlQuery query(database())`, where database() returns
      // `QSqlDatabase::database(name)`).
      if (Statement || !Kind || *Kind == SummaryEvent::Returned ||
          (*Kind == SummaryEvent::Shared && E->HandleKey.empty()))
        continue;
      Connection.Kind = *Kind;
      if (*Kind == SummaryEvent::Shared) {
        Connection.Event.Handle = E->Handle;
        Connection.Event.HandleKey = E->HandleKey;
      }
      // `TomahawkSqlQuery newquery() { return TomahawkSqlQuery(m_db); }`:
      // the member it is made on.
      if (*Kind == SummaryEvent::Object)
        Connection.Member =
            E->ObjectMember.empty() ? memberNameOf(E->Handle) : E->ObjectMember;
      Statement = std::move(Connection);
    }
    if (Statement) {
      Statement->SqlParam = SqlParam;
      // Sayonara's createInsertQuery(db, table, bindings) prepares an
      // INSERT it builds itself.
      if (ReadHere && !SqlParam) {
        Statement->Event.PreparedEffects = ReadHere->PreparedEffects;
        Statement->Event.PreparedSqlKnown = true;
      }
      return Statement;
    }
  }
  return std::nullopt;
}

FunctionSummary summarize(const FunctionTxnResult &Result,
                          TxnEventClassifier &Classifier,
                          const llvm::BitVector &OnEveryPath,
                          llvm::function_ref<bool(StringRef)> GuardEnds) {
  FunctionSummary Summary;
  const FunctionDecl *FD = Result.Function;
  Summary.Function = FD;
  // What happens on every path, and a begin, a commit or a write that the
  // function's result reports (`if (id < 0) return false; ...; begin;
  // return true;`, RetroShare's `if (!isOpen()) return false; return
  // execSQL("ROLLBACK;");`, `if (prepare(...) != SQLITE_OK) return false; ...;
  // return step(...) == SQLITE_DONE;`, Chromium's `if (needs_rollback_) {
  // ROLLBACK; return false; } return Execute("COMMIT");`): false says it
  // did not happen, which to the caller is a begin, commit or write that
  // failed. A write of SQL neither read here nor given by the caller is one
  // no finding rests on: not worth a summary that makes its callers' files
  // be checked again.
  llvm::BitVector Exported = OnEveryPath;
  if (std::optional<unsigned> Reported = Result.ReturnedEvent;
      Reported && Result.ReturnedAs == FailureReport::ReturnsBool) {
    const TxnEvent &E = Result.Events[*Reported];
    // A wrapper's commit method, on its object's connection or on the
    // shared one its class's destructor ends (TFS's `DBTransaction::commit`
    // on `Database::getInstance()`): not one of a transaction begun here
    // (the function's own, below), nor a helper's commit of its caller's
    // transaction (txn-commit-in-callee's).
    unsigned Unused;
    bool CommitsObject =
        E.Op == Operation::Commit &&
        (isa_and_nonnull<CXXThisExpr>(handleRoot(E.Handle)) ||
         (handleKindOf(E, FD, Classifier, Unused) == SummaryEvent::Shared &&
          GuardEnds(E.HandleKey))) &&
        llvm::none_of(Result.Events, [&](const TxnEvent &Begin) {
          return Begin.Op == Operation::Begin && Begin.HandleKey == E.HandleKey;
        });
    // Unless it commits on some paths only and rolls back on the others as
    // its caller says (AzerothCore's `EndTransaction(bool commit)`): that
    // ends the transaction either way (below).
    bool ToldWhichEnd =
        llvm::any_of(FD->parameters(), [](const ParmVarDecl *P) {
          return P->getType()->isBooleanType();
        });
    if (CommitsObject && ToldWhichEnd && !OnEveryPath.test(*Reported))
      CommitsObject =
          llvm::none_of(Result.EndedOnEveryPath.set_bits(), [&](unsigned End) {
            return Result.Events[End].Op == Operation::Rollback &&
                   Result.Events[End].HandleKey == E.HandleKey;
          });
    // A rollback whose false says there was nothing to roll back (`if
    // (!isOpen()) return false; return exec("ROLLBACK;");`) ends what is
    // open wherever it runs.
    if (E.Op == Operation::Begin || CommitsObject ||
        E.Op == Operation::Rollback ||
        (E.Op == Operation::Write &&
         (!E.SqlUnknown || (E.Sql && parameterOf(E.Sql, FD)))))
      Exported.set(*Reported);
  }
  // A write whose failure the function swallows happened, as far as the
  // caller can tell, on the paths where it may have failed: `if (!run(db,
  // a)) return false; run(db, b); return true;` did b when it says true.
  llvm::BitVector Swallowed = swallowedWrites(Result);
  for (unsigned Id : Swallowed.set_bits())
    if (const TxnEvent &E = Result.Events[Id];
        !E.SqlUnknown || (E.Sql && parameterOf(E.Sql, FD)))
      Exported.set(Id);
  bool CallsCallable = false;
  for (unsigned I = 0, N = FD->getNumParams(); I != N; ++I) {
    // Only a callable can be called: a number or a handle's pointer spares
    // the walk over the body.
    QualType T = FD->getParamDecl(I)->getType().getNonReferenceType();
    if (T->isScalarType() && !T->isFunctionPointerType())
      continue;
    std::vector<const CallExpr *> Calls =
        callsOfParameter(FD, FD->getParamDecl(I));
    CallsCallable |= !Calls.empty();
    if (!Calls.empty() && llvm::all_of(Calls, [&](const CallExpr *Call) {
          return llvm::any_of(
              Result.CallsInTransactions,
              [&](const CallInTransaction &In) { return In.Site == Call; });
        }))
      Summary.CallsInTransaction.push_back(I);
  }
  // A begin that every return finds ended, by a commit on some paths and a
  // rollback on others, is the function's own business: the caller gets
  // no open transaction, nor a commit it could count on, nor an end of
  // one of its own. Unless it runs the caller's callables (`withTransaction(
  // db, fn)`, whose summary is that transaction).
  // So is a local RAII transaction: open at the return, it ends with its
  // scope.
  auto LocalScoped = [](const TxnEvent &Begin) {
    const auto *Var = dyn_cast_or_null<VarDecl>(Begin.BoundVariable);
    return Begin.Scoped && Var && Var->hasLocalStorage() &&
           !isa<ParmVarDecl>(Var);
  };
  auto ExportsEndOf = [&](StringRef Key) {
    return llvm::any_of(Exported.set_bits(), [&](unsigned End) {
      return endsTransaction(Result.Events[End].Op) &&
             Result.Events[End].HandleKey == Key;
    });
  };
  llvm::StringSet<> OwnTransactions;
  for (unsigned Id = 0, N = Result.Events.size(); Id != N; ++Id)
    if (const TxnEvent &Begin = Result.Events[Id];
        !CallsCallable && Begin.Op == Operation::Begin &&
        !Begin.HandleKey.empty() && Result.OnSomeReturnPath.test(Id) &&
        (!Result.OpenAtReturn.test(Id) || LocalScoped(Begin)) &&
        !Result.OnReturnedHandle.test(Id) && !ExportsEndOf(Begin.HandleKey))
      OwnTransactions.insert(Begin.HandleKey);
  auto IsOwn = [&](const TxnEvent &E) {
    return (E.Op == Operation::Begin || endsTransaction(E.Op)) &&
           OwnTransactions.contains(E.HandleKey);
  };
  for (unsigned Id = 0, N = Result.Events.size(); Id != N; ++Id)
    if (IsOwn(Result.Events[Id]))
      Exported.reset(Id);
  // A transaction of the caller's that the function ends on every path,
  // committing on some and rolling back on others (darktable's
  // `_history_end_transaction(all_ok)`): the call ends it, whichever way.
  // One end per handle: the first exported stands for the others.
  llvm::DenseMap<unsigned, TxnEvent> EndedEitherWay;
  for (unsigned Id : Result.EndedOnEveryPath.set_bits()) {
    const TxnEvent &E = Result.Events[Id];
    if (OwnTransactions.contains(E.HandleKey) || ExportsEndOf(E.HandleKey))
      continue;
    TxnEvent Ends = E;
    Ends.Op = Operation::Rollback;
    Ends.HandedOver = true;
    Ends.ChosenBy = nullptr;
    EndedEitherWay.try_emplace(Id, std::move(Ends));
    Exported.set(Id);
  }
  // So is a savepoint released or rolled back to on every way out (`SAVEPOINT
  // tag; ...; RELEASE tag;`, or `ROLLBACK TO tag` where it failed): the
  // caller gets none open.
  for (unsigned Id : Exported.set_bits())
    if (Result.Events[Id].Op == Operation::SavepointOpen &&
        !Result.OpenAtReturn.test(Id))
      Exported.reset(Id);
  // So are the writes made inside it: replayed in the caller, they would be
  // writes outside any transaction there (`add_order(db); add_invoice(db);`
  // where each runs its own).
  for (const TransactionScope &Scope : Result.Scopes)
    if (OwnTransactions.contains(Result.Events[Scope.Begin].HandleKey))
      for (unsigned Write : Scope.Writes)
        Exported.reset(Write);
  // A read on a connection, or the run of the SQL its caller gives, on the
  // paths where the helper's statement could be prepared is what it does
  // (`if (sqlite3_prepare_v2(db, sql, ...) != SQLITE_OK) return -1; step;
  // ...`), as far as it reads: a write on some paths only is one that no
  // finding rests on.
  // A read through a transaction the helper may have begun itself (LMDB's
  // read transaction in a member) is not the caller's.
  llvm::BitVector ReadsOnly(Result.Events.size());
  for (unsigned Id : Result.OnSomeReturnPath.set_bits())
    if (const TxnEvent &E = Result.Events[Id];
        !Exported.test(Id) && E.HandleRole == Role::Session &&
        (E.Op == Operation::Read ||
         (E.Op == Operation::Write && E.Sql && parameterOf(E.Sql, FD))))
      ReadsOnly.set(Id);
  Exported |= ReadsOnly;
  Exported.reset(Result.RepeatedRuns);
  // A callee that may have begun: so may this function, for its caller
  // (`beginAutoCommitTransaction(&guard)` calling `beginTransaction()`).
  Summary.MayBeginForCaller = Result.CalleeMayBeginAtReturn;
  unsigned Unused;
  bool Reconnects = reconnects(Result.Events);
  for (unsigned Id = 0, N = Result.Events.size(); Id != N; ++Id) {
    const TxnEvent &E = Result.Events[Id];
    std::optional<SummaryEvent::HandleKind> Kind =
        handleKindOf(E, FD, Classifier, Unused);
    // A transaction begun on a handle of the function's own that leaves it
    // open, handed to what the caller gave it (`tg->setTransaction(
    // beginTransaction())`): the caller's work may be inside it.
    if (!Kind && E.Op == Operation::Begin && !E.Destructor &&
        Result.OpenAtReturn.test(Id) && !LocalScoped(E))
      Summary.MayBeginForCaller = true;
    if (!Kind)
      continue;
    // A savepoint class's destructor ends its savepoint (ROLLBACK TO).
    Summary.MayEndOnObject |=
        ((endsTransaction(E.Op) && !(E.Op == Operation::Close && Reconnects)) ||
         E.Op == Operation::SavepointRollback ||
         E.Op == Operation::SavepointRelease) &&
        *Kind == SummaryEvent::Object;
    if (endsTransaction(E.Op) && *Kind == SummaryEvent::Shared &&
        !E.HandleKey.empty() &&
        !llvm::is_contained(Summary.SharedEnds, E.HandleKey))
      Summary.SharedEnds.push_back(E.HandleKey);
    if (Exported.test(Id) || IsOwn(E) || Result.StandIns.test(Id))
      continue;
    Summary.MayBeginOnSomePath |= E.Op == Operation::Begin;
    Summary.MayEndOnSomePath |=
        E.Op == Operation::Commit || E.Op == Operation::Rollback;
  }
  llvm::DenseMap<unsigned, TxnEvent> OnConnection =
      localTransactionsOnCallerConnections(Result, OnEveryPath);
  // In the order the body makes them: the caller replays them in that order
  // (a read before a write is what txn-deferred-upgrade looks for), and
  // event numbers follow the CFG's blocks, not the source.
  llvm::SmallVector<unsigned, 8> InOrder(Exported.set_bits());
  const SourceManager &SM = FD->getASTContext().getSourceManager();
  llvm::sort(InOrder, [&](unsigned A, unsigned B) {
    return happensBefore(Result.Events, A, B, SM);
  });
  for (unsigned Id : InOrder) {
    auto Moved = OnConnection.find(Id);
    auto Either = EndedEitherWay.find(Id);
    const TxnEvent &E = Moved != OnConnection.end()      ? Moved->second
                        : Either != EndedEitherWay.end() ? Either->second
                                                         : Result.Events[Id];
    // Statements are resolved into their connection's events by now; a
    // callee's savepoint goes on as SavepointThrow.
    if (E.Op == Operation::PrepareSql || E.InCallee)
      continue;
    SummaryEvent Event;
    Event.ReadsOnly = ReadsOnly.test(Id);
    std::optional<SummaryEvent::HandleKind> Kind =
        handleKindOf(E, FD, Classifier, Event.Param);
    // A transaction the function begins, or a connection it opens, and
    // hands back is the caller's.
    if (!Kind && (E.Op == Operation::Begin || E.Op == Operation::Open) &&
        Result.OnReturnedHandle.test(Id))
      Kind = SummaryEvent::Returned;
    if (!Kind)
      continue;
    Event.Kind = *Kind;
    Event.Event = E;
    if (*Kind == SummaryEvent::Returned)
      noteReturnedConnection(Event, FD, Classifier);
    if (*Kind == SummaryEvent::Object) {
      Event.Member = memberNameOf(E.Handle);
      if (Event.Member.empty())
        Event.Member = E.ObjectMember;
    } else if (*Kind == SummaryEvent::Parameter) {
      // A callee's event on a member of the argument is on that member of
      // the parameter's (`ctx->db`, then the callee's `db->handle`).
      Event.Member = parameterMemberOf(E.Handle);
      if (!E.ArgumentMember.empty())
        Event.Member = Event.Member.empty()
                           ? E.ArgumentMember
                           : Event.Member + "." + E.ArgumentMember;
      if (Event.Member.empty())
        Event.ParameterObjectMember = E.OtherObjectMember;
    }
    if (E.Sql)
      Event.SqlParam = parameterOf(E.Sql, FD);
    if (const FieldDecl *Text =
            E.SqlUnknown && !Event.SqlParam && *Kind == SummaryEvent::Object
                ? (E.Sql ? rootMember(E.Sql) : E.SqlMember)
                : nullptr;
        Text && Text->getIdentifier() && isText(Text->getType()))
      Event.SqlMember = Text->getName().str();
    Event.Event.FailureSwallowed = Swallowed.test(Id);
    if (Result.ReturnedEvent == Id) {
      Summary.Reported = Summary.Events.size();
      Summary.ReportedAs = Result.ReturnedAs;
    }
    Summary.Events.push_back(std::move(Event));
  }
  inferResultCheck(FD, Classifier, Summary);
  Summary.RecoversOnThrow = Result.RecoversOnThrow;
  Summary.ReturnsConstant = constantReturnOf(FD);
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD))
    Summary.MemberParameters =
        memberParametersOf(Ctor, [](llvm::StringRef) { return true; });
  Summary.PreparedMembers = preparedMembersOf(Result, FD);
  Summary.SavepointThrow = savepointThrowOf(Result, FD, Classifier);
  Summary.ReturnedStatementOf = returnedStatementOf(Result, Classifier);
  return Summary;
}

/// The key of the members \p Path (parameterMemberOf) of \p Argument,
/// whose key is \p Key; \p Key when a member is not found.
static std::string parameterMemberKey(const Expr *Argument, StringRef Path,
                                      std::string Key) {
  const Type *T = Argument->getType()->getPointeeOrArrayElementType();
  llvm::SmallVector<StringRef, 2> Names;
  Path.split(Names, '.', -1, false);
  std::string Result = Key;
  for (StringRef Name : Names) {
    const FieldDecl *Field = fieldNamed(T->getAsCXXRecordDecl(), Name);
    if (!Field)
      return Key;
    Result = memberKey(declId(Field), Result);
    T = Field->getType()->getPointeeOrArrayElementType();
  }
  return Result;
}

/// Whether every return of \p Method gives back its own object (`return
/// *this;`, `return shared_from_this();`, or another such method's
/// result): a fluent interface, whose result is the object it was called
/// on.
static bool returnsOwnObject(const CXXMethodDecl *Method, unsigned Depth = 0) {
  const FunctionDecl *Definition = nullptr;
  if (!Method || Depth > 2 || !Method->hasBody(Definition))
    return false;
  std::vector<const Expr *> Values = returnedValues(Definition);
  return !Values.empty() && llvm::all_of(Values, [&](const Expr *Value) {
    Value = Value ? Value->IgnoreParenImpCasts()->IgnoreImplicit() : nullptr;
    if (const auto *Copy = dyn_cast_or_null<CXXConstructExpr>(Value);
        Copy && Copy->getNumArgs() == 1)
      Value = Copy->getArg(0)->IgnoreParenImpCasts()->IgnoreImplicit();
    if (const auto *Deref = dyn_cast_or_null<UnaryOperator>(Value);
        Deref && Deref->getOpcode() == UO_Deref)
      Value = Deref->getSubExpr()->IgnoreParenImpCasts();
    if (isa_and_nonnull<CXXThisExpr>(Value))
      return true;
    const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(Value);
    const CXXMethodDecl *Callee = Call ? Call->getMethodDecl() : nullptr;
    if (!Callee ||
        !isa<CXXThisExpr>(
            Call->getImplicitObjectArgument()->IgnoreParenImpCasts()))
      return false;
    return (Callee->getDeclName().isIdentifier() &&
            Callee->getName() == "shared_from_this") ||
           returnsOwnObject(Callee, Depth + 1);
  });
}

/// How the object \p Object of a call was built, looking through `->` and
/// fluent calls (`db.prepare(sql)->bind(1, id)->step()`): a local's
/// construction, a temporary's, or a factory's of the program.
static std::optional<Construction> statementConstructionOf(const Expr *Object) {
  for (unsigned Depth = 0; Object && Depth < 8; ++Depth) {
    Object = throughArrow(Object)->IgnoreParenImpCasts()->IgnoreImplicit();
    const auto *Fluent = dyn_cast<CXXMemberCallExpr>(Object);
    if (!Fluent || !returnsOwnObject(Fluent->getMethodDecl()))
      break;
    Object = Fluent->getImplicitObjectArgument();
  }
  if (!Object)
    return std::nullopt;
  if (isa<DeclRefExpr>(Object))
    return constructionOf(Object);
  if (std::optional<Construction> Built = constructionIn(Object))
    return Built;
  return factoryConstruction(Object);
}

/// For an event of a method (or constructor) that runs the SQL its object
/// keeps in the member \p Member, where the object's construction \p Built
/// stored that member from its caller's argument
/// (FunctionSummary::MemberParameters): that argument, with \p E put on the
/// connection the construction stored in \p Connection, the member the
/// event runs on.
static const Expr *storedMemberSql(
    const std::optional<Construction> &Built, llvm::StringRef Member,
    llvm::StringRef Connection,
    llvm::function_ref<const FunctionSummary *(const FunctionDecl *)> SummaryOf,
    TxnEvent &E) {
  if (!Built)
    return nullptr;
  // The constructor's body, or, in another file, its summary.
  std::vector<std::pair<std::string, unsigned>> Stored;
  const FunctionDecl *Body = nullptr;
  if (Built->Construct->getConstructor()->hasBody(Body))
    Stored =
        memberParametersOf(cast<CXXConstructorDecl>(Body), [&](StringRef Kept) {
          return Kept == Member || Kept == Connection;
        });
  else if (const FunctionSummary *Ctor =
               SummaryOf(Built->Construct->getConstructor()))
    Stored = Ctor->MemberParameters;
  auto ArgumentOf = [&](StringRef Name) -> const Expr * {
    auto Kept = llvm::find_if(
        Stored, [&](const auto &Kept) { return Kept.first == Name; });
    return Kept != Stored.end() && Kept->second < Built->Args.size()
               ? Built->Args[Kept->second]
               : nullptr;
  };
  const Expr *Sql = ArgumentOf(Member);
  if (!Sql)
    return nullptr;
  if (const Expr *On = Connection.empty() ? nullptr : ArgumentOf(Connection)) {
    E.Handle = On;
    E.HandleKey = handleKeyOf(On);
    E.ObjectMember.clear();
    E.BoundVariable = nullptr;
    E.Scoped = false;
    E.HandleRole = Role::Session;
    E.ConnectionKey = E.HandleKey;
  }
  return Sql;
}

/// For an event of a method on its object's member statement \p Member
/// (`sqlite3_step(st_)`), where the object's construction prepared that
/// member from its caller's SQL (FunctionSummary::PreparedMembers): that
/// SQL, with \p E put on the connection the construction was given.
static const Expr *preparedMemberSql(
    const Expr *Object, llvm::StringRef Member,
    llvm::function_ref<const FunctionSummary *(const FunctionDecl *)> SummaryOf,
    TxnEvent &E) {
  std::optional<Construction> Built =
      Object ? statementConstructionOf(Object) : std::nullopt;
  const FunctionSummary *Ctor =
      Built ? SummaryOf(Built->Construct->getConstructor()) : nullptr;
  if (!Ctor)
    return nullptr;
  auto Prepared = llvm::find_if(
      Ctor->PreparedMembers, [&](const FunctionSummary::PreparedMember &P) {
        return !P.Member.empty() && P.Member == Member;
      });
  if (Prepared == Ctor->PreparedMembers.end() ||
      Prepared->SqlParam >= Built->Args.size())
    return nullptr;
  if (std::optional<unsigned> Param = Prepared->ConnectionParam;
      Param && *Param < Built->Args.size()) {
    const FieldDecl *Field = *Param < Built->ObjectMembers.size()
                                 ? Built->ObjectMembers[*Param]
                                 : nullptr;
    if (const Expr *Connection = Built->Args[*Param]) {
      E.Handle = Connection;
      E.HandleKey = handleKeyOf(Connection);
      E.ObjectMember.clear();
    } else if (Field && Built->FactoryObject) {
      // `return std::make_shared<Stmt>(db_, sql);`: the factory's member,
      // which for another object than the caller's own is that object.
      E.Handle = Built->FactoryObject;
      E.HandleKey = handleKeyOf(Built->FactoryObject);
      E.ObjectMember.clear();
      if (isa<CXXThisExpr>(Built->FactoryObject->IgnoreParenImpCasts())) {
        E.HandleKey = memberKey(declId(Field), E.HandleKey);
        E.ObjectMember = Field->getName().str();
      }
    }
    E.BoundVariable = nullptr;
    E.HandleRole = Role::Session;
    E.ConnectionKey = E.HandleKey;
  }
  return Built->Args[Prepared->SqlParam];
}

/// The key of \p Member of the caller's own object when \p Argument is that
/// object (`*this`, `this`); "" for another.
static std::string ownObjectMemberKey(const Expr *Argument,
                                      llvm::StringRef Member) {
  const Expr *Own = Argument->IgnoreParenImpCasts();
  if (const auto *Deref = dyn_cast<UnaryOperator>(Own);
      Deref && Deref->getOpcode() == UO_Deref)
    Own = Deref->getSubExpr()->IgnoreParenImpCasts();
  if (Member.empty() || !isa<CXXThisExpr>(Own))
    return "";
  const FieldDecl *Field =
      fieldNamed(Own->getType()->getPointeeCXXRecordDecl(), Member);
  return Field ? memberKey(declId(Field), handleKeyOf(Own)) : "";
}

llvm::SmallVector<TxnEvent, 1> instantiateSummary(
    const FunctionSummary &Summary, const Stmt *Site, const ASTContext &Ctx,
    llvm::function_ref<const FunctionSummary *(const FunctionDecl *)> SummaryOf,
    bool ScopedObject) {
  llvm::SmallVector<TxnEvent, 1> Events;
  const Expr *Object = nullptr;
  const VarDecl *Constructed = nullptr;
  std::optional<Construction> Built;
  // `return Txn(db_);`: the object is one the caller receives.
  const Expr *Temporary = nullptr;
  llvm::SmallVector<const Expr *, 4> Operands;
  llvm::ArrayRef<const Expr *> Args;
  if (const auto *DS = dyn_cast<DeclStmt>(Site)) {
    // `Txn t(db);`: the constructor's object is the variable.
    Constructed = cast<VarDecl>(DS->getSingleDecl());
    Built = constructionIn(Constructed->getInit());
    if (!Built)
      return Events;
    Args = Built->Args;
  } else if (isa<CXXConstructorDecl>(Summary.Function)) {
    Built = constructionIn(dyn_cast<Expr>(Site));
    if (!Built)
      return Events;
    Temporary = cast<Expr>(Site);
    Args = Built->Args;
  } else if (const auto *Delete = dyn_cast<CXXDeleteExpr>(Site)) {
    // `delete c;`: the destructor's object is what c points to.
    Object = Delete->getArgument();
    Built = constructionOf(Object);
  } else {
    // The callee's parameters start after the object of a member call.
    Operands = operandsOf(Site);
    const auto *Method = dyn_cast<CXXMethodDecl>(Summary.Function);
    bool HasObject = Method && Method->isInstance() && !Operands.empty();
    Object = HasObject ? Operands.front() : nullptr;
    Args = llvm::ArrayRef(Operands).drop_front(HasObject);
    Built = constructionOf(Object);
  }
  // The summary of the constructor that built the object, when its body is
  // not in view: the members it keeps from its arguments.
  const FunctionSummary *BuiltBy = nullptr;
  if (Built && !constructorBody(Built->Construct)) {
    const CXXConstructorDecl *Ctor = Built->Construct->getConstructor();
    BuiltBy = Ctor == Summary.Function ? &Summary : SummaryOf(Ctor);
  }
  // The key of the callee's \p Member when \p Object is the caller's own
  // `this`: the caller may use that member directly too (`m_db`). "" for
  // another object, which is the handle of all its members.
  auto thisMemberKey = [&](const Expr *Object,
                           llvm::StringRef Member) -> std::string {
    return ownMemberKey(cast<CXXMethodDecl>(Summary.Function), Object, Member);
  };
  // The caller's expression for an Object or Parameter handle.
  auto CallerHandle = [&](SummaryEvent::HandleKind Kind,
                          unsigned Param) -> const Expr * {
    if (Kind == SummaryEvent::Object)
      return Object;
    return Param < Args.size() ? Args[Param] : nullptr;
  };

  for (unsigned I = 0; I < Summary.Events.size(); ++I) {
    const SummaryEvent &Recorded = Summary.Events[I];
    TxnEvent E = Recorded.Event;
    E.Site = Site;
    E.Via = Summary.Function;
    E.ObjectMember.clear();
    E.OtherObjectMember.clear();
    E.Failure = Summary.Reported == I ? Summary.ReportedAs : FailureReport::None;
    E.FalseMeansIdle = Summary.Reported == I && Summary.FalseMeansIdle;
    E.Sql = nullptr;
    E.SqlFromCall = Recorded.SqlParam.has_value();
    if (Recorded.Kind == SummaryEvent::Object && Constructed) {
      E.Handle = nullptr;
      E.HandleKey = varKey(Constructed);
      E.BoundVariable = Constructed;
      E.Scoped = ScopedObject;
      E.ConnectionKey = E.HandleRole == Role::Session ? E.HandleKey : "";
    } else if (Recorded.Kind == SummaryEvent::Parameter && Constructed &&
               keepsParameter(Built, Recorded.Param, Summary)) {
      // `ImmediateTransaction t{db};` beginning on db, which t keeps: the
      // transaction is t's, on db (Qt Creator's transactions begin through
      // the constructor's parameter, and t.commit() ends the member).
      const Expr *Connection = CallerHandle(Recorded.Kind, Recorded.Param);
      E.Handle = nullptr;
      E.HandleKey = varKey(Constructed);
      E.BoundVariable = Constructed;
      E.Scoped = ScopedObject;
      E.HandleRole = Role::Transaction;
      E.ConnectionKey = Connection ? handleKeyOf(Connection) : "";
    } else if (Temporary &&
               (Recorded.Kind == SummaryEvent::Object ||
                (Recorded.Kind == SummaryEvent::Parameter &&
                 keepsParameter(Built, Recorded.Param, Summary)))) {
      // The temporary holds it, on the connection it was built from; the
      // variable its receiver stores it in names it.
      const Expr *Connection =
          Recorded.Kind == SummaryEvent::Object
              ? memberArgument(Built, Recorded.Member, BuiltBy)
              : CallerHandle(Recorded.Kind, Recorded.Param);
      E.Handle = Temporary;
      E.HandleKey.clear();
      E.BoundVariable = nullptr;
      E.Scoped = ScopedObject;
      E.HandleRole = Role::Transaction;
      E.ConnectionKey = Connection ? handleKeyOf(Connection) : "";
    } else if (Recorded.Kind == SummaryEvent::Returned) {
      // The call is the handle, as for a modelled call that returns one:
      // the variable it is stored in names it.
      E.Handle = dyn_cast<Expr>(Site);
      E.HandleKey.clear();
      E.BoundVariable = nullptr;
      E.Scoped = false;
      E.ConnectionKey.clear();
      if (!E.Handle)
        continue;
      if (Recorded.Connection == SummaryEvent::Shared)
        E.ConnectionKey = Recorded.Event.ConnectionKey;
      else if (Recorded.Connection)
        if (const Expr *Connection =
                CallerHandle(*Recorded.Connection, Recorded.ConnectionParam)) {
          E.ConnectionKey =
              thisMemberKey(Connection, Recorded.ConnectionMember);
          if (E.ConnectionKey.empty())
            E.ConnectionKey = handleKeyOf(Connection);
        }
    } else if (Recorded.Kind != SummaryEvent::Shared) {
      const Expr *Handle = CallerHandle(Recorded.Kind, Recorded.Param);
      if (!Handle)
        continue;
      E.Handle = Handle;
      E.HandleKey = handleKeyOf(Handle);
      if (Recorded.Kind == SummaryEvent::Object) {
        if (std::string Member = thisMemberKey(Handle, Recorded.Member);
            !Member.empty()) {
          E.HandleKey = std::move(Member);
          E.ObjectMember = Recorded.Member;
        } else {
          E.OtherObjectMember = Recorded.Member;
        }
      }
      // `abortImport(ctx)` rolling back `ctx.db`: the caller's `ctx.db`.
      if (Recorded.Kind == SummaryEvent::Parameter && !E.HandleKey.empty()) {
        E.HandleKey = parameterMemberKey(Handle, Recorded.Member, E.HandleKey);
        E.ArgumentMember = Recorded.Member;
        if (std::string Member =
                ownObjectMemberKey(Handle, Recorded.ParameterObjectMember);
            !Member.empty()) {
          E.HandleKey = std::move(Member);
          E.ObjectMember = Recorded.ParameterObjectMember;
        } else {
          E.OtherObjectMember = Recorded.ParameterObjectMember;
        }
      }
      E.BoundVariable = nullptr;
      // `Tx t(db);` beginning on db, which t keeps: t's destructor ends it.
      E.Scoped = Constructed && ScopedObject &&
                 Recorded.Kind == SummaryEvent::Parameter &&
                 keepsParameter(Built, Recorded.Param, Summary);
      E.ConnectionKey = E.HandleRole == Role::Session ? E.HandleKey : "";
    }
    // A wrapper's member that holds the caller's connection is on it.
    if (Recorded.Kind == SummaryEvent::Object &&
        E.HandleRole == Role::Session) {
      if (const Expr *Connection =
              memberArgument(Built, Recorded.Member, BuiltBy)) {
        if (std::string Key = handleKeyOf(Connection); !Key.empty())
          E.ConnectionKey = std::move(Key);
      } else if (std::string Key = memberConnectionKey(Object, Recorded.Member);
                 !Key.empty()) {
        E.ConnectionKey = std::move(Key);
      }
    }
    const Expr *SqlArg = nullptr;
    if (Recorded.SqlParam)
      SqlArg =
          *Recorded.SqlParam < Args.size() ? Args[*Recorded.SqlParam] : nullptr;
    else if (Recorded.Kind == SummaryEvent::Object &&
             Recorded.Event.SqlUnknown &&
             ((!Recorded.Member.empty() &&
               (SqlArg = preparedMemberSql(Object, Recorded.Member, SummaryOf,
                                           E))) ||
              (!Recorded.SqlMember.empty() &&
               (SqlArg = storedMemberSql(
                    // At the construction (`Execute(db, "BEGIN", true)`
                    // running its SQL), the object being built.
                    Object ? statementConstructionOf(Object) : Built,
                    Recorded.SqlMember, Recorded.Member, SummaryOf, E)))))
      E.SqlFromCall = true; // the object's own SQL, as a caller's
    // The caller's own object's SQL: the caller's summary passes it on.
    if (!Recorded.SqlParam && !SqlArg && !Recorded.SqlMember.empty() &&
        !E.ObjectMember.empty())
      E.SqlMember = fieldNamed(Object->getType()->getPointeeCXXRecordDecl(),
                               Recorded.SqlMember);
    if (!Recorded.SqlParam && !SqlArg) {
      Events.push_back(std::move(E));
      continue;
    }
    std::optional<std::vector<SqlEffect>> Effects =
        SqlArg ? sqlEffectsOfArgument(SqlArg, Ctx) : std::nullopt;
    // Run on some paths only, what the SQL would write may not happen: a
    // write that no finding rests on, as for SQL that cannot be read.
    if (Recorded.ReadsOnly && Effects &&
        llvm::any_of(*Effects, [](const SqlEffect &Effect) {
          return Effect.Op != Operation::Read;
        }))
      Effects.reset();
    if (!Effects) {
      // Still unknown here: perhaps the caller's own parameter.
      E.Sql = SqlArg;
      Events.push_back(std::move(E));
      continue;
    }
    bool First = true;
    for (SqlEffect &Effect : *Effects) {
      TxnEvent Run = E;
      applySqlEffect(Run, std::move(Effect));
      // The return value reports the statement's failure, as one result.
      if (!First)
        Run.Failure = FailureReport::None;
      First = false;
      if (Run.Op == Operation::Commit)
        Run.ChosenBy = sqlChoiceOf(SqlArg);
      Events.push_back(std::move(Run));
    }
  }
  // `sdb->prepare_v2("INSERT ...", &st)`: the caller's statement is
  // prepared with the caller's SQL, on the object's connection or the one
  // the caller gave.
  // Likewise the statement the object keeps: the variable the caller built
  // (`Sqlite3StmtAuto stmt{db, sql}`, run as `sqlite3_step(stmt)`), or, from
  // the object's own method (`_prepare(db, sql)` in its constructor), its
  // member.
  for (const FunctionSummary::PreparedMember &Prepared :
       Summary.PreparedMembers) {
    if (Prepared.SqlParam >= Args.size())
      continue;
    std::string StatementKey;
    if (Prepared.StatementParam && *Prepared.StatementParam < Args.size())
      StatementKey = handleKeyOf(Args[*Prepared.StatementParam]);
    else if (!Prepared.Member.empty() && Constructed)
      StatementKey = varKey(Constructed);
    else if (!Prepared.Member.empty() && Object)
      StatementKey = thisMemberKey(Object, Prepared.Member);
    if (StatementKey.empty())
      continue;
    TxnEvent E;
    E.Op = Operation::PrepareSql;
    E.Site = Site;
    E.Via = Summary.Function;
    E.HandleRole = Role::Session;
    E.StatementKey = std::move(StatementKey);
    if (Prepared.ConnectionParam && *Prepared.ConnectionParam < Args.size()) {
      E.Handle = Args[*Prepared.ConnectionParam];
      E.HandleKey = handleKeyOf(E.Handle);
    } else if (!Prepared.ConnectionMember.empty() && Object) {
      E.Handle = Object;
      E.HandleKey = thisMemberKey(Object, Prepared.ConnectionMember);
      if (E.HandleKey.empty())
        E.HandleKey = handleKeyOf(Object);
      else
        E.ObjectMember = Prepared.ConnectionMember;
    }
    if (E.StatementKey.empty() || E.HandleKey.empty())
      continue;
    E.ConnectionKey = E.HandleKey;
    if (std::optional<std::vector<SqlEffect>> Effects =
            sqlEffectsOfArgument(Args[Prepared.SqlParam], Ctx)) {
      E.PreparedEffects = std::move(*Effects);
      E.PreparedSqlKnown = true;
    } else {
      E.Sql = Args[Prepared.SqlParam];
    }
    Events.push_back(std::move(E));
  }
  if (const std::optional<SummaryEvent> &Savepoint = Summary.SavepointThrow) {
    // Opened and released at the call: only an exception sees it open.
    TxnEvent Open = Savepoint->Event;
    Open.Site = Site;
    Open.Via = Summary.Function;
    Open.InCallee = true;
    Open.Scoped = true;
    if (Savepoint->Kind == SummaryEvent::Object && Constructed) {
      Open.ParentKey = varKey(Constructed);
    } else if (Savepoint->Kind != SummaryEvent::Shared) {
      Open.ParentHandle = CallerHandle(Savepoint->Kind, Savepoint->Param);
      Open.ParentKey = Open.ParentHandle ? handleKeyOf(Open.ParentHandle) : "";
      // On the caller's connection that a repository's member holds.
      if (Savepoint->Kind == SummaryEvent::Object) {
        if (const Expr *Connection =
                memberArgument(Built, Savepoint->Member, BuiltBy))
          Open.ParentKey = handleKeyOf(Connection);
        else if (std::string Key =
                     memberConnectionKey(Object, Savepoint->Member);
                 !Key.empty())
          Open.ParentKey = std::move(Key);
      }
    } else {
      Open.ParentKey = Savepoint->Event.HandleKey;
    }
    if (!Open.ParentKey.empty()) {
      Open.Handle = Open.ParentHandle;
      Open.HandleKey = Open.ParentKey + "/savepoint in " +
                       Summary.Function->getQualifiedNameAsString();
      TxnEvent Release = Open;
      Release.Op = Operation::SavepointRelease;
      Events.push_back(std::move(Open));
      Events.push_back(std::move(Release));
    }
  }
  return Events;
}

namespace {

using Json = nlohmann::ordered_json;

/// The value of an enumeration named \p Name by \p NameOf (the model
/// format's names, which are contiguous from 0).
template <typename E>
std::optional<E> enumNamed(const Json &Name, llvm::StringRef (*NameOf)(E)) {
  if (!Name.is_string())
    return std::nullopt;
  for (unsigned I = 0;; ++I) {
    llvm::StringRef Known = NameOf(E(I));
    if (Known == "?")
      return std::nullopt;
    if (Known == Name.get_ref<const std::string &>())
      return E(I);
  }
}

constexpr const char *HandleKindNames[] = {"object", "parameter", "returned",
                                           "shared"};

/// The event's shared handle with every declaration named by "{index}"
/// into \p Decls, their USRs and names; nullopt when one has no USR.
std::optional<std::string> portableHandleKey(const TxnEvent &E, Json &Decls) {
  bool Portable = true;
  std::string Key = handleKeyOf(E.Handle, [&](const Decl *D) {
    std::string Usr = usrOf(D);
    const auto *Named = dyn_cast<NamedDecl>(D);
    Portable &= !Usr.empty() && Named && Named->getIdentifier();
    Decls.push_back({Usr, Portable ? Named->getName().str() : ""});
    return "{" + std::to_string(Decls.size() - 1) + "}";
  });
  if (!Portable || Key.empty())
    return std::nullopt;
  return Key;
}

/// \p Key with each "{index}" replaced by this unit's name of the
/// declaration \p Decls names; one not declared here gets a name that
/// matches no other handle.
std::string localHandleKey(llvm::StringRef Key, const Json &Decls,
                           llvm::function_ref<const Decl *(llvm::StringRef, llvm::StringRef)> FindDecl) {
  std::string Local;
  size_t Pos = 0;
  for (size_t Open; (Open = Key.find('{', Pos)) != llvm::StringRef::npos;) {
    size_t Close = Key.find('}', Open);
    unsigned I;
    if (Close == llvm::StringRef::npos ||
        Key.slice(Open + 1, Close).getAsInteger(10, I) || I >= Decls.size() ||
        !Decls[I].is_array() || Decls[I].size() != 2 ||
        !Decls[I][0].is_string() || !Decls[I][1].is_string()) {
      Local += Key.slice(Pos, Open + 1);
      Pos = Open + 1;
      continue;
    }
    Local += Key.slice(Pos, Open);
    const std::string &Usr = Decls[I][0].get_ref<const std::string &>();
    const Decl *D = FindDecl(Usr, Decls[I][1].get_ref<const std::string &>());
    Local += D ? declId(D) : "{" + Usr + "}";
    Pos = Close + 1;
  }
  Local += Key.substr(Pos);
  return Local;
}

/// The tables and isolation level of an event, for the summary's text.
Json accessToJson(const SqlAccess &A) {
  Json J = {{"written", A.Written}, {"locked", A.Locked}, {"read", A.Read}};
  if (A.SelfRelativeUpdate)
    J["self-relative"] = true;
  if (!A.AssignedColumns.empty())
    J["assigned"] = A.AssignedColumns;
  if (A.ChecksVersion)
    J["checks-version"] = true;
  if (!A.Isolation.empty())
    J["isolation"] = A.Isolation;
  return J;
}

SqlAccess accessFromJson(const Json &J) {
  SqlAccess A;
  if (!J.is_object())
    return A;
  auto Names = [&](const char *Key) {
    std::vector<std::string> List;
    for (const Json &Name : J.value(Key, Json::array()))
      if (Name.is_string())
        List.push_back(Name.get<std::string>());
    return List;
  };
  A.Written = Names("written");
  A.Locked = Names("locked");
  A.Read = Names("read");
  A.AssignedColumns = Names("assigned");
  A.SelfRelativeUpdate = J.value("self-relative", false);
  A.ChecksVersion = J.value("checks-version", false);
  A.Isolation = J.value("isolation", "");
  return A;
}

/// A parameter's index, or "object" for FunctionSummary::HeldByObject.
Json resultOperandToJson(unsigned Operand) {
  return Operand == FunctionSummary::HeldByObject ? Json("object")
                                                  : Json(Operand);
}

unsigned resultOperandFromJson(const Json &J) {
  return J.is_number_unsigned() ? J.get<unsigned>()
                                : FunctionSummary::HeldByObject;
}

} // namespace

std::vector<std::pair<std::string, unsigned>>
memberParametersOf(const CXXConstructorDecl *Ctor,
                   llvm::function_ref<bool(llvm::StringRef)> Wanted) {
  std::vector<std::pair<std::string, unsigned>> Kept;
  for (const CXXCtorInitializer *Init : Ctor->inits()) {
    if (const ParmVarDecl *Param = storedParameter(Ctor, Init);
        Param && Init->getMember() && Init->getMember()->getIdentifier() &&
        Wanted(Init->getMember()->getName()))
      Kept.push_back(
          {Init->getMember()->getName().str(), Param->getFunctionScopeIndex()});
    // `Tx(Database &d) : TxBase(d)`: what the base's constructor keeps of
    // the parameters passed on to it.
    const auto *Construct =
        Init->isBaseInitializer()
            ? dyn_cast<CXXConstructExpr>(Init->getInit()->IgnoreImplicit())
            : nullptr;
    const FunctionDecl *Base = nullptr;
    if (!Construct || !Construct->getConstructor()->hasBody(Base))
      continue;
    for (const auto &[Member, BaseParam] :
         memberParametersOf(cast<CXXConstructorDecl>(Base), Wanted))
      if (BaseParam < Construct->getNumArgs())
        if (std::optional<unsigned> Param =
                parameterOf(Construct->getArg(BaseParam), Ctor))
          Kept.push_back({Member, *Param});
  }
  return Kept;
}

std::string ownMemberKey(const CXXMethodDecl *Callee, const Expr *Object,
                         llvm::StringRef Member) {
  if (Member.empty() || !isa<CXXThisExpr>(Object->IgnoreParenImpCasts()))
    return "";
  const FieldDecl *Field = fieldNamed(Callee->getParent(), Member);
  return Field ? memberKey(declId(Field), handleKeyOf(Object)) : "";
}

std::string usrOf(const Decl *D) {
  llvm::SmallString<128> Usr;
  if (index::generateUSRForDecl(D, Usr))
    return "";
  return std::string(Usr);
}

/// \p Summary as the store keeps it, or null when it names something that
/// cannot be found again in another translation unit.
static Json summaryToJson(const FunctionSummary &Summary,
                          const CalleeEffect &Effect,
                          const TransactionModel &Model) {
  Json Root;
  // What a model entry for the function would say (txnlint --infer-model).
  const FunctionDecl *FD = Summary.Function;
  std::string Name = modelNameOf(FD);
  Root["name"] = Name.empty() ? FD->getQualifiedNameAsString() : Name;
  const auto *Method = dyn_cast<CXXMethodDecl>(FD);
  if (isa<CXXConstructorDecl, CXXDestructorDecl, CXXConversionDecl>(FD))
    Root["kind"] = "special-member";
  else if (Method && Method->isInstance())
    Root["kind"] = "method";
  else
    Root["kind"] = "function";
  if (Method)
    Root["class"] = modelNameOf(Method->getParent());
  Root["params"] = FD->getNumParams();
  Root["events"] = Json::array();
  for (const SummaryEvent &Recorded : Summary.Events) {
    const TxnEvent &E = Recorded.Event;
    // Prepared statements are resolved by now; what is left of one would
    // name the callee's own statement.
    if (E.Op == Operation::PrepareSql || E.Op == Operation::ExecutePrepared)
      return nullptr;
    Json J;
    J["on"] = HandleKindNames[Recorded.Kind];
    if (Recorded.Kind == SummaryEvent::Parameter)
      J["param"] = Recorded.Param;
    if (Recorded.Kind == SummaryEvent::Shared) {
      Json Decls = Json::array();
      std::optional<std::string> Key = portableHandleKey(E, Decls);
      // A key made otherwise (a statement's connection) cannot be rebuilt.
      if (!Key || handleKeyOf(E.Handle) != E.HandleKey ||
          !(E.ConnectionKey.empty() || E.ConnectionKey == E.HandleKey))
        return nullptr;
      J["handle"] = *Key;
      J["decls"] = std::move(Decls);
      J["connection"] = !E.ConnectionKey.empty();
    }
    J["op"] = operationName(E.Op).str();
    J["role"] = roleName(E.HandleRole).str();
    if (std::string Key = E.Spec ? Model.specKey(*E.Spec) : ""; !Key.empty())
      J["spec"] = std::move(Key);
    if (!E.SavepointName.empty())
      J["savepoint"] = E.SavepointName;
    if (E.Schema)
      J["schema"] = true;
    if (!E.Modifier.empty())
      J["modifier"] = E.Modifier;
    if (E.SqlUnknown)
      J["sql-unknown"] = true;
    if (!(E.Access == SqlAccess()))
      J["access"] = accessToJson(E.Access);
    if (E.Scoped)
      J["scoped"] = true;
    if (E.Joins)
      J["joins"] = true;
    if (E.FailureSwallowed)
      J["failure-swallowed"] = true;
    if (E.HandedOver)
      J["ends-either-way"] = true;
    if (E.CommitsOnUnwind)
      J["commits-on-unwind"] = true;
    if (Recorded.SqlParam)
      J["sql-param"] = *Recorded.SqlParam;
    if (!Recorded.SqlMember.empty())
      J["sql-member"] = Recorded.SqlMember;
    if (Recorded.ReadsOnly)
      J["reads-only"] = true;
    if (!Recorded.Member.empty())
      J["member"] = Recorded.Member;
    // A shared connection's key is not rebuilt elsewhere: left unpaired.
    if (Recorded.Connection && Recorded.Connection != SummaryEvent::Shared) {
      J["connection-on"] = HandleKindNames[*Recorded.Connection];
      if (Recorded.Connection == SummaryEvent::Parameter)
        J["connection-param"] = Recorded.ConnectionParam;
      if (!Recorded.ConnectionMember.empty())
        J["connection-member"] = Recorded.ConnectionMember;
    }
    Root["events"].push_back(std::move(J));
  }
  if (Summary.Reported) {
    Root["reported"] = *Summary.Reported;
    Root["reported-as"] = failureReportName(Summary.ReportedAs).str();
  }
  if (Summary.ChecksResultOf) {
    Root["checks-result-of"] = resultOperandToJson(*Summary.ChecksResultOf);
    Root["true-means-success"] = Summary.TrueMeansSuccess;
    if (Summary.ChecksCode)
      Root["checks-code"] = true;
  }
  if (Summary.StatusOf) {
    Root["status-of"] = resultOperandToJson(*Summary.StatusOf);
    Root["status-spec"] = Model.specKey(*Summary.StatusSpec);
  }
  if (Summary.ThrowsOnFailureOf)
    Root["throws-on-failure-of"] = *Summary.ThrowsOnFailureOf;
  if (Summary.RecoversOnThrow)
    Root["recovers-on-throw"] = true;
  if (Summary.MayEndOnObject)
    Root["may-end-on-object"] = true;
  if (!Summary.SharedEnds.empty())
    Root["shared-ends"] = Summary.SharedEnds;
  if (Summary.TellsOpen)
    Root["tells-open"] = *Summary.TellsOpen;
  for (const auto &[Member, Param] : Summary.MemberParameters)
    Root["member-parameters"][Member] = Param;
  for (const FunctionSummary::PreparedMember &Prepared :
       Summary.PreparedMembers) {
    Json J = {{"sql-param", Prepared.SqlParam}};
    if (!Prepared.Member.empty())
      J["member"] = Prepared.Member;
    if (Prepared.StatementParam)
      J["statement-param"] = *Prepared.StatementParam;
    if (Prepared.ConnectionParam)
      J["connection-param"] = *Prepared.ConnectionParam;
    if (!Prepared.ConnectionMember.empty())
      J["connection-member"] = Prepared.ConnectionMember;
    Root["prepares"].push_back(std::move(J));
  }
  if (Summary.MayBeginOnSomePath)
    Root["may-begin-on-some-path"] = true;
  if (Summary.MayEndOnSomePath)
    Root["may-end-on-some-path"] = true;
  if (Summary.ReturnsConstant)
    Root["returns-constant"] = *Summary.ReturnsConstant;
  if (const std::optional<SummaryEvent> &Savepoint = Summary.SavepointThrow) {
    Json J = {{"on", HandleKindNames[Savepoint->Kind]},
              {"name", Savepoint->Event.SavepointName}};
    if (Savepoint->Kind == SummaryEvent::Parameter)
      J["param"] = Savepoint->Param;
    if (!Savepoint->Member.empty())
      J["member"] = Savepoint->Member;
    Root["savepoint-throw"] = std::move(J);
  }
  if (const std::optional<SummaryEvent> &Statement =
          Summary.ReturnedStatementOf) {
    Json J = {{"on", HandleKindNames[Statement->Kind]}};
    if (Statement->Kind == SummaryEvent::Parameter)
      J["param"] = Statement->Param;
    if (!Statement->Member.empty())
      J["member"] = Statement->Member;
    if (Statement->SqlParam)
      J["sql-param"] = *Statement->SqlParam;
    // A shared connection goes as the events' do, or not at all.
    Json Decls = Json::array();
    std::optional<std::string> Key =
        Statement->Kind == SummaryEvent::Shared
            ? portableHandleKey(Statement->Event, Decls)
            : std::nullopt;
    if (Key) {
      J["handle"] = *Key;
      J["decls"] = std::move(Decls);
    }
    if (Statement->Kind != SummaryEvent::Shared || Key)
      Root["returns-statement-of"] = std::move(J);
  }
  if (!Summary.CallsInTransaction.empty())
    Root["calls-in-transaction"] = std::vector<unsigned>(
        Summary.CallsInTransaction.begin(), Summary.CallsInTransaction.end());
  Root["may-end"] = Effect.MayEnd;
  Root["may-begin"] = Effect.MayBegin;
  Root["may-write"] = Effect.MayWrite;
  if (Effect.WritesGivenSql)
    Root["writes-given-sql"] = true;
  if (Effect.RunsTransaction)
    Root["runs-transaction"] = true;
  if (Effect.ReturnsOwnHandle)
    Root["returns-own-handle"] = true;
  if (Effect.ReturnsMemberOf)
    Root["returns-member-of"] = {{"param", Effect.ReturnsMemberOf->first},
                                 {"member", Effect.ReturnsMemberOf->second}};
  if (!Effect.Throws.empty())
    Root["throws"] = Effect.Throws;
  if (!Effect.ThrowsVia.empty())
    Root["throws-via"] = Effect.ThrowsVia;
  if (!Effect.KeptParams.empty())
    Root["keeps-params"] = std::vector<unsigned>(Effect.KeptParams.begin(),
                                                 Effect.KeptParams.end());
  if (Summary.WhenGuardTrue) {
    Json WhenTrue =
        summaryToJson(*Summary.WhenGuardTrue, CalleeEffect(), Model);
    if (WhenTrue.is_null())
      return nullptr;
    Root["guard-parameter"] = *Summary.GuardParameter;
    Root["when-guard-true"] = std::move(WhenTrue);
  }
  return Root;
}

std::string exportSummary(const FunctionSummary &Summary,
                          const CalleeEffect &Effect,
                          const TransactionModel &Model) {
  Json Root = summaryToJson(Summary, Effect, Model);
  return Root.is_null() ? "" : Root.dump();
}

/// The summary that \p Root, made by summaryToJson, describes.
static std::optional<FunctionSummary> summaryFromJson(
    const Json &Root, const FunctionDecl *Callee,
    llvm::function_ref<const Decl *(llvm::StringRef, llvm::StringRef)> FindDecl,
    const TransactionModel &Model, CalleeEffect &Effect) {
  if (!Root.is_object() || !Root.contains("events") || !Root["events"].is_array())
    return std::nullopt;
  FunctionSummary Summary;
  Summary.Function = Callee;
  for (const Json &J : Root["events"]) {
    if (!J.is_object())
      return std::nullopt;
    SummaryEvent Recorded;
    auto Kind = llvm::find(HandleKindNames, J.value("on", ""));
    auto Op = enumNamed(J.value("op", Json()), operationName);
    auto HandleRole = enumNamed(J.value("role", Json()), roleName);
    if (Kind == std::end(HandleKindNames) || !Op || !HandleRole)
      return std::nullopt;
    Recorded.Kind = SummaryEvent::HandleKind(Kind - std::begin(HandleKindNames));
    Recorded.Param = J.value("param", 0u);
    if (J.contains("sql-param"))
      Recorded.SqlParam = J.value("sql-param", 0u);
    Recorded.SqlMember = J.value("sql-member", "");
    Recorded.ReadsOnly = J.value("reads-only", false);
    Recorded.Member = J.value("member", "");
    if (auto On = llvm::find(HandleKindNames, J.value("connection-on", ""));
        On != std::end(HandleKindNames) &&
        On - std::begin(HandleKindNames) != SummaryEvent::Shared) {
      Recorded.Connection =
          SummaryEvent::HandleKind(On - std::begin(HandleKindNames));
      Recorded.ConnectionParam = J.value("connection-param", 0u);
      Recorded.ConnectionMember = J.value("connection-member", "");
    }
    TxnEvent &E = Recorded.Event;
    E.Op = *Op;
    E.HandleRole = *HandleRole;
    E.SavepointName = J.value("savepoint", "");
    E.Schema = J.value("schema", false);
    E.Modifier = J.value("modifier", "");
    E.Spec = Model.specOfKey(J.value("spec", ""));
    E.SqlUnknown = J.value("sql-unknown", false);
    if (J.contains("access"))
      E.Access = accessFromJson(J["access"]);
    E.Scoped = J.value("scoped", false);
    E.Joins = J.value("joins", false);
    E.FailureSwallowed = J.value("failure-swallowed", false);
    E.HandedOver = J.value("ends-either-way", false);
    E.CommitsOnUnwind = J.value("commits-on-unwind", false);
    if (Recorded.Kind == SummaryEvent::Shared) {
      E.HandleKey = localHandleKey(J.value("handle", ""),
                                   J.value("decls", Json::array()), FindDecl);
      if (E.HandleKey.empty())
        return std::nullopt;
      if (J.value("connection", false))
        E.ConnectionKey = E.HandleKey;
    }
    Summary.Events.push_back(std::move(Recorded));
  }
  if (Root.contains("reported")) {
    Summary.Reported = Root.value("reported", 0u);
    Summary.ReportedAs = enumNamed(Root.value("reported-as", Json()),
                                   failureReportName)
                             .value_or(FailureReport::None);
  }
  if (Root.contains("checks-result-of")) {
    Summary.ChecksResultOf = resultOperandFromJson(Root["checks-result-of"]);
    Summary.TrueMeansSuccess = Root.value("true-means-success", true);
    Summary.ChecksCode = Root.value("checks-code", false);
  }
  if (Root.contains("status-of")) {
    Summary.StatusOf = resultOperandFromJson(Root["status-of"]);
    Summary.StatusSpec = Model.specOfKey(Root.value("status-spec", ""));
    if (!Summary.StatusSpec ||
        Summary.StatusSpec->Op != Operation::ResultStatus)
      return std::nullopt;
  }
  if (Root.contains("throws-on-failure-of"))
    Summary.ThrowsOnFailureOf = Root.value("throws-on-failure-of", 0u);
  Summary.RecoversOnThrow = Root.value("recovers-on-throw", false);
  Summary.MayEndOnObject = Root.value("may-end-on-object", false);
  for (const Json &Key : Root.value("shared-ends", Json::array()))
    if (Key.is_string())
      Summary.SharedEnds.push_back(Key.get<std::string>());
  if (Root.contains("tells-open"))
    Summary.TellsOpen = Root.value("tells-open", true);
  if (Json J = Root.value("member-parameters", Json()); J.is_object())
    for (const auto &[Member, Param] : J.items())
      if (Param.is_number_unsigned())
        Summary.MemberParameters.push_back({Member, Param.get<unsigned>()});
  for (const Json &J : Root.value("prepares", Json::array())) {
    if (!J.is_object() || !J.value("sql-param", Json()).is_number_unsigned())
      continue;
    FunctionSummary::PreparedMember Prepared{J.value("member", ""),
                                             J["sql-param"].get<unsigned>(),
                                             {},
                                             {},
                                             J.value("connection-member", "")};
    if (J.value("connection-param", Json()).is_number_unsigned())
      Prepared.ConnectionParam = J["connection-param"].get<unsigned>();
    if (J.value("statement-param", Json()).is_number_unsigned())
      Prepared.StatementParam = J["statement-param"].get<unsigned>();
    Summary.PreparedMembers.push_back(std::move(Prepared));
  }
  Summary.MayBeginOnSomePath = Root.value("may-begin-on-some-path", false);
  Summary.MayEndOnSomePath = Root.value("may-end-on-some-path", false);
  if (Root.contains("returns-constant"))
    Summary.ReturnsConstant = Root.value("returns-constant", false);
  for (const Json &Param : Root.value("calls-in-transaction", Json::array()))
    if (Param.is_number_unsigned())
      Summary.CallsInTransaction.push_back(Param.get<unsigned>());
  // Only on the object or a parameter: a shared handle would need its
  // declarations, as events have.
  if (Json J = Root.value("savepoint-throw", Json()); J.is_object()) {
    auto Kind = llvm::find(HandleKindNames, J.value("on", ""));
    if (Kind == std::begin(HandleKindNames) ||
        Kind == std::begin(HandleKindNames) + SummaryEvent::Parameter) {
      SummaryEvent Savepoint;
      Savepoint.Kind =
          SummaryEvent::HandleKind(Kind - std::begin(HandleKindNames));
      Savepoint.Param = J.value("param", 0u);
      Savepoint.Member = J.value("member", "");
      Savepoint.Event.Op = Operation::SavepointOpen;
      Savepoint.Event.HandleRole = Role::Savepoint;
      Savepoint.Event.SavepointName = J.value("name", "");
      Summary.SavepointThrow = std::move(Savepoint);
    }
  }
  if (Json J = Root.value("returns-statement-of", Json()); J.is_object()) {
    auto Kind = llvm::find(HandleKindNames, J.value("on", ""));
    if (Kind == std::begin(HandleKindNames) + SummaryEvent::Object ||
        Kind == std::begin(HandleKindNames) + SummaryEvent::Parameter ||
        Kind == std::begin(HandleKindNames) + SummaryEvent::Shared) {
      SummaryEvent Connection;
      Connection.Kind =
          SummaryEvent::HandleKind(Kind - std::begin(HandleKindNames));
      Connection.Param = J.value("param", 0u);
      Connection.Member = J.value("member", "");
      if (J.value("sql-param", Json()).is_number_unsigned())
        Connection.SqlParam = J["sql-param"].get<unsigned>();
      if (Connection.Kind == SummaryEvent::Shared)
        Connection.Event.HandleKey = localHandleKey(
            J.value("handle", ""), J.value("decls", Json::array()), FindDecl);
      if (Connection.Kind != SummaryEvent::Shared ||
          !Connection.Event.HandleKey.empty())
        Summary.ReturnedStatementOf = std::move(Connection);
    }
  }
  Effect.MayEnd = Root.value("may-end", true);
  Effect.MayBegin = Root.value("may-begin", true);
  Effect.MayWrite = Root.value("may-write", true);
  Effect.WritesGivenSql = Root.value("writes-given-sql", false);
  Effect.RunsTransaction = Root.value("runs-transaction", false);
  Effect.ReturnsOwnHandle = Root.value("returns-own-handle", false);
  if (Json J = Root.value("returns-member-of", Json());
      J.is_object() && J.value("param", Json()).is_number_unsigned() &&
      !J.value("member", "").empty())
    Effect.ReturnsMemberOf = {J["param"].get<unsigned>(),
                              J["member"].get<std::string>()};
  for (const Json &Param : Root.value("keeps-params", Json::array()))
    if (Param.is_number_unsigned())
      Effect.KeptParams.push_back(Param.get<unsigned>());
  if (Json J = Root.value("when-guard-true", Json()); J.is_object()) {
    CalleeEffect Unused;
    std::optional<FunctionSummary> WhenTrue =
        summaryFromJson(J, Callee, FindDecl, Model, Unused);
    if (!WhenTrue)
      return std::nullopt;
    Summary.GuardParameter = Root.value("guard-parameter", 0u);
    Summary.WhenGuardTrue =
        std::make_shared<FunctionSummary>(std::move(*WhenTrue));
  }
  return Summary;
}

std::optional<FunctionSummary> importSummary(
    llvm::StringRef Text, const FunctionDecl *Callee,
    llvm::function_ref<const Decl *(llvm::StringRef, llvm::StringRef)> FindDecl,
    const TransactionModel &Model, CalleeEffect &Effect) {
  return summaryFromJson(Json::parse(Text.begin(), Text.end(), nullptr, false),
                         Callee, FindDecl, Model, Effect);
}

} // namespace txnlint
