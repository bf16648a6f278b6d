//===--- TxnAnalysisCache.cpp - Per-TU analyses and callee summaries ------===//

#include "BodyWalk.h"
#include "CallOperands.h"
#include "TxnActions.h"
#include "TxnStateAnalysis.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/StringSet.h"

using namespace clang;

namespace txnlint {
namespace {

/// Finds out cheaply whether a function body has any modelled call, so that
/// the CFG is only built for functions that touch transactions.
class ModelledCallFinder : public RecursiveASTVisitor<ModelledCallFinder> {
public:
  explicit ModelledCallFinder(TxnAnalysisCache &Cache)
      : Cache(Cache), Classifier(Cache.classifier()) {}
  bool Found = false;

  bool TraverseLambdaExpr(LambdaExpr *) { return true; } // analyzed on its own
  bool VisitCallExpr(CallExpr *Call) {
    Found |= Classifier.specOfCall(Call) != nullptr ||
             Cache.summaryOfCall(Call) != nullptr;
    // std::make_unique<Txn>(db): Txn's constructor runs in the library.
    if (!Found)
      if (std::optional<Construction> Built = constructionIn(Call))
        Found = Classifier.specOf(Built->Construct->getConstructor()) ||
                Cache.summaryOfCall(Built->Construct) != nullptr;
    return !Found;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
    Found |= Classifier.specOf(Construct->getConstructor()) != nullptr ||
             Cache.summaryOfCall(Construct) != nullptr;
    return !Found;
  }
  bool VisitCXXDeleteExpr(CXXDeleteExpr *Delete) {
    Found |= Classifier.typeSpecOf(Delete->getArgument()->getType()) != nullptr;
    return !Found;
  }

private:
  TxnAnalysisCache &Cache;
  TxnEventClassifier &Classifier;
};

thread_local std::unique_ptr<TxnAnalysisCache> CurrentCache;

} // namespace

TxnAnalysisCache::TxnAnalysisCache(ASTContext &Ctx,
                                   const TransactionModel &Model)
    : Ctx(Ctx), Classifier(Model),
      Exceptions(
          Classifier,
          [this](const FunctionDecl *FD) { return linkedThrowsOf(FD); },
          [this](const FunctionDecl *FD) {
            return mayBeExternal(FD->getCanonicalDecl()) && !usrOf(FD).empty();
          },
          [this](const FunctionDecl *FD) { return overridersInView(FD); }),
      Extraction(SummaryExtraction::current()) {
  setLinkedAccessorTest(&TxnAnalysisCache::linkedAccessor);
  setLinkedMemberAccessor(&TxnAnalysisCache::linkedMemberAccessor);
}

std::optional<std::pair<unsigned, std::string>>
TxnAnalysisCache::linkedMemberAccessor(const FunctionDecl *FD) {
  // A function returning a number or a string is no accessor of a handle:
  // not looked up, so that the file does not depend on its summary.
  if (!CurrentCache || &CurrentCache->Ctx != &FD->getASTContext() ||
      !CurrentCache->mayCarryHandle(FD->getReturnType()))
    return std::nullopt;
  std::optional<CalleeEffect> Effect = CurrentCache->linkedEffectOf(FD);
  return Effect ? Effect->ReturnsMemberOf : std::nullopt;
}

bool TxnAnalysisCache::linkedAccessor(const CXXMethodDecl *Method) {
  return CurrentCache && &CurrentCache->Ctx == &Method->getASTContext() &&
         CurrentCache->returnsOwnHandleElsewhere(Method);
}

const std::vector<std::string> *
TxnAnalysisCache::linkedThrowsOf(const FunctionDecl *FD) {
  FD = FD->getCanonicalDecl();
  if (!mayBeExternal(FD))
    return nullptr;
  auto [It, Inserted] = LinkedThrows.try_emplace(FD);
  if (!Inserted)
    return It->second ? &*It->second : nullptr;
  std::string Usr = usrOf(FD);
  const std::string *Text =
      External && !Usr.empty() ? External->findEffect(Usr) : nullptr;
  // Only what it throws is recorded: a getter's summary appearing later
  // changes nothing of this file's findings.
  if (Extraction && !Usr.empty())
    Extraction->ThrowCalls[Usr] = Text ? throwsHash(*Text) : 0;
  if (!Text)
    return nullptr;
  return &*(LinkedThrows[FD] = thrownNames(*Text));
}

std::optional<CalleeEffect>
TxnAnalysisCache::linkedEffectOf(const FunctionDecl *Callee) {
  if (const ImportedSummary *Imported = importedSummaryOf(Callee))
    return Imported->Effect;
  return importedEffectOf(Callee);
}

bool TxnAnalysisCache::keepsArgumentElsewhere(const FunctionDecl *Callee,
                                              unsigned Index) {
  if (!Callee || Callee->hasBody())
    return false;
  std::optional<CalleeEffect> Effect = linkedEffectOf(Callee);
  return Effect && llvm::is_contained(Effect->KeptParams, Index);
}

bool TxnAnalysisCache::returnsOwnHandleElsewhere(const CXXMethodDecl *Method) {
  // A getter of a number or a string is no accessor of a handle: not looked
  // up, so that the file does not depend on its summary.
  if (!mayCarryHandle(Method->getReturnType()))
    return false;
  std::optional<CalleeEffect> Effect = linkedEffectOf(Method);
  return Effect && Effect->ReturnsOwnHandle;
}

TxnAnalysisCache &TxnAnalysisCache::get(ASTContext &Ctx,
                                        const TransactionModel &Model) {
  if (!CurrentCache || &CurrentCache->Ctx != &Ctx ||
      &CurrentCache->Classifier.model() != &Model) {
    CurrentCache.reset(new TxnAnalysisCache(Ctx, Model));
    forgetReassignedLocals();
  }
  return *CurrentCache;
}

void TxnAnalysisCache::startTranslationUnit() {
  CurrentCache.reset();
  forgetReassignedLocals();
}

bool TxnAnalysisCache::hasModelledCalls(const FunctionDecl *FD) {
  auto [It, Inserted] = HasModelledCalls.try_emplace(FD, false);
  if (!Inserted || !FD->hasBody() || FD->isDependentContext())
    return It->second;
  ModelledCallFinder Finder(*this);
  Finder.TraverseStmt(FD->getBody());
  // `m_active(m_db.transaction())`: a begin in a member initializer.
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD))
    for (const CXXCtorInitializer *Init : Ctor->inits())
      if (!Finder.Found && Init->isWritten())
        Finder.TraverseStmt(Init->getInit());
  // The finder analyzes callees, which grows the map: look up again.
  return HasModelledCalls[FD] = Finder.Found;
}

FunctionTxnResult *TxnAnalysisCache::analyze(const FunctionDecl *FD) {
  auto [It, Inserted] = Results.try_emplace(FD, nullptr);
  if (!Inserted)
    return It->second.get();
  if (!hasModelledCalls(FD))
    return nullptr;
  Analyzing.insert(FD);
  auto Result = analyzeTransactions(FD, *this, Exceptions, Budget);
  Analyzing.erase(FD);
  // The map may have grown meanwhile (callee summaries): look up again.
  return (Results[FD] = std::move(Result)).get();
}

bool TxnAnalysisCache::isLibraryFunction(const FunctionDecl *FD) const {
  // The compiler's own (`__builtin_va_start` behind va_start).
  if (FD->getBuiltinID())
    return true;
  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation Loc = SM.getExpansionLoc(FD->getLocation());
  // A lambda that a library's macro writes (Qt's QStringLiteral) is the
  // library's, wherever the macro is used.
  const auto *Method = dyn_cast<CXXMethodDecl>(FD);
  if (Method && Method->getParent()->isLambda())
    Loc = SM.getSpellingLoc(FD->getLocation());
  return isLibraryDecl(FD, Loc);
}

bool TxnAnalysisCache::isLibraryDecl(const Decl *D, SourceLocation Loc) const {
  const SourceManager &SM = Ctx.getSourceManager();
  // An installed library's header is one even when found through -I (Qt's
  // with qmake).
  StringRef File = SM.getFilename(Loc);
  return SM.isInSystemHeader(Loc) || Classifier.isLibraryCode(D, Loc) ||
         File.starts_with("/usr/include/") ||
         File.starts_with("/usr/local/include/");
}

bool TxnAnalysisCache::mayHoldHandle(const CXXRecordDecl *RD, unsigned Depth) {
  if (Depth > 8 || !RD->hasDefinition() ||
      Classifier.typeSpecOf(Ctx.getRecordType(RD)))
    return true;
  RD = RD->getDefinition();
  auto [Known, Inserted] = HoldsHandle.try_emplace(RD, false);
  if (!Inserted)
    return Known->second; // also a class that contains itself
  // Members by value are followed; a pointer or reference counts when it
  // points to a modelled type (following every QObject * would reach
  // everything).
  auto HoldsThrough = [&](QualType T) {
    if (T->isReferenceType() || T->isPointerType())
      return Classifier.typeSpecOf(T) != nullptr;
    while (T->isArrayType())
      T = QualType(T->getArrayElementTypeNoTypeQual(), 0);
    const CXXRecordDecl *Field = T->getAsCXXRecordDecl();
    return Field && mayHoldHandle(Field, Depth + 1);
  };
  bool Holds =
      llvm::any_of(RD->fields(),
                   [&](const FieldDecl *F) { return HoldsThrough(F->getType()); }) ||
      llvm::any_of(RD->bases(), [&](const CXXBaseSpecifier &Base) {
        return HoldsThrough(Base.getType());
      });
  return HoldsHandle[RD] = Holds;
}

bool TxnAnalysisCache::alwaysCalledInTransaction(const FunctionDecl *FD) {
  auto It = CalledInTransaction.find(FD);
  if (It != CalledInTransaction.end())
    return It->second;
  bool Inside = alwaysCalledInTransaction(FD, 0);
  return CalledInTransaction[FD] = Inside;
}

bool TxnAnalysisCache::alwaysCalledInTransaction(const FunctionDecl *FD,
                                                 unsigned Depth) {
  // Library code that runs a callable (std::function's invoker) is no
  // caller to ask: the code that calls the std::function is.
  // Its own recursive calls run where its outer call runs.
  llvm::SmallVector<std::pair<const CallExpr *, const FunctionDecl *>, 4> Calls;
  for (const auto &Call : callersOf(FD))
    if (!isLibraryFunction(Call.second) &&
        Call.second->getCanonicalDecl() != FD->getCanonicalDecl())
      Calls.push_back(Call);
  // An override with no caller of its own runs where the virtual it
  // overrides is called (Tomahawk's DatabaseCommand::_exec calling
  // `exec(lib)` inside the worker's transaction).
  if (const auto *Method = dyn_cast<CXXMethodDecl>(FD); Method && Calls.empty())
    for (const CXXMethodDecl *Overridden : Method->overridden_methods())
      for (const auto &Call : callersOf(Overridden))
        if (!isLibraryFunction(Call.second))
          Calls.push_back(Call);
  if (Depth > 3)
    return false;
  // A lambda handed to a function of another file that calls it inside its
  // transaction (its summary says so: `withTransaction(db, [&] { ... })`).
  if (Calls.empty()) {
    llvm::ArrayRef<std::pair<const CallExpr *, unsigned>> Handed = handedTo(FD);
    return !Handed.empty() && llvm::all_of(Handed, [&](const auto &Call) {
      const FunctionSummary *Summary = summaryOfCall(Call.first);
      return Summary &&
             llvm::is_contained(Summary->CallsInTransaction, Call.second);
    });
  }
  return llvm::all_of(Calls, [&](const auto &Call) {
    const FunctionTxnResult *Caller = analyze(Call.second);
    bool Inside =
        Caller && (llvm::any_of(Caller->CallsInTransactions,
                                [&](const CallInTransaction &In) {
                                  return In.Site == Call.first;
                                }) ||
                   Caller->CallsAfterCalleeBegin.contains(Call.first));
    return Inside || alwaysCalledInTransaction(Call.second, Depth + 1);
  });
}

std::vector<TxnAnalysisCache::RunnerCall>
TxnAnalysisCache::runnerCalls(const FunctionDecl *Lambda) {
  // The function that defines the lambda and calls it (`auto step = [&] {
  // ... }; step();`) replays it at its calls, as any helper's.
  const DeclContext *Definer = Lambda->getParent()->getParent();
  std::vector<RunnerCall> Calls;
  for (const auto &[Site, Caller] : callersOf(Lambda)) {
    const FunctionTxnResult *Result =
        isLibraryFunction(Caller) || Caller == Definer ? nullptr
                                                       : analyze(Caller);
    if (!Result)
      continue;
    for (const CallInTransaction &Call : Result->CallsInTransactions)
      if (Call.Site == Site && !Call.Begins.empty())
        Calls.push_back({Result, &Call});
  }
  return Calls;
}

std::optional<TxnAnalysisCache::CommitAfterReturn>
TxnAnalysisCache::commitAfterReturn(const FunctionDecl *Lambda) {
  for (const RunnerCall &Call : runnerCalls(Lambda))
    if (!Call.Call->CommitsAfter.empty())
      return CommitAfterReturn{Call.Runner, Call.Call->CommitsAfter.front(),
                               nullptr};
  for (const auto &[Site, Argument] : handedTo(Lambda)) {
    const FunctionSummary *Summary = summaryOfCall(Site);
    if (Summary && llvm::is_contained(Summary->CallsInTransaction, Argument))
      return CommitAfterReturn{nullptr, 0, Site};
  }
  return std::nullopt;
}

std::string TxnAnalysisCache::callersIsolation(const FunctionDecl *FD) {
  std::optional<std::string> Agreed;
  for (const auto &[Site, Caller] : callersOf(FD)) {
    const FunctionTxnResult *Result =
        isLibraryFunction(Caller) ? nullptr : analyze(Caller);
    if (!Result)
      return "";
    auto In = llvm::find_if(Result->CallsInTransactions,
                            [&, Site = Site](const CallInTransaction &In) {
                              return In.Site == Site;
                            });
    if (In == Result->CallsInTransactions.end() || In->Begins.empty())
      return "";
    for (unsigned Begin : In->Begins) {
      const std::string &Level = Result->Events[Begin].Access.Isolation;
      if (Level.empty() || (Agreed && *Agreed != Level))
        return "";
      Agreed = Level;
    }
  }
  return Agreed.value_or("");
}

std::vector<AmbientTransaction>
TxnAnalysisCache::ambientTransactions(const FunctionTxnResult &Result) {
  // What runs inside a transaction of the function's own is that one's.
  llvm::DenseSet<unsigned> Inside;
  for (const TransactionScope &Scope : Result.Scopes) {
    Inside.insert(Scope.Reads.begin(), Scope.Reads.end());
    Inside.insert(Scope.Writes.begin(), Scope.Writes.end());
  }
  std::vector<AmbientTransaction> Ambient;
  llvm::StringMap<unsigned> Index;
  std::optional<bool> CallersHoldOne;
  std::string CallersLevel;
  auto Into = [&](StringRef Key,
                  std::string Isolation) -> AmbientTransaction & {
    auto [It, Inserted] = Index.try_emplace(Key, Ambient.size());
    if (Inserted)
      Ambient.push_back({Key.str(), std::move(Isolation), {}, {}});
    return Ambient[It->second];
  };
  for (unsigned Id = 0, N = Result.Events.size(); Id != N; ++Id) {
    const TxnEvent &E = Result.Events[Id];
    if ((E.Op != Operation::Read && E.Op != Operation::Write) ||
        Inside.contains(Id) || E.HandleKey.empty() || !E.Handle)
      continue;
    AmbientTransaction *In = nullptr;
    // A transaction the function is handed: a parameter, or a member the
    // object keeps for its methods (cgimap's `pqxx::work &m_txn`).
    const ValueDecl *Handed =
        dyn_cast_or_null<ParmVarDecl>(rootVariable(E.Handle));
    if (!Handed)
      Handed = dyn_cast_or_null<FieldDecl>(namedStorage(E.Handle));
    if (E.HandleRole == Role::Transaction && Handed) {
      QualType T = Handed->getType().getNonReferenceType();
      if (T->isPointerType())
        T = T->getPointeeType();
      const TypeSpec *Spec = Classifier.typeSpecOf(T);
      if (Spec && llvm::any_of(Spec->Constructors, [](const OperationSpec &C) {
            return C.ReadOnly;
          }))
        continue;
      In = &Into(E.HandleKey, isolationOfType(T->getAsCXXRecordDecl()));
    } else if (E.HandleRole == Role::Session) {
      if (!CallersHoldOne) {
        CallersHoldOne = alwaysCalledInTransaction(Result.Function);
        if (*CallersHoldOne)
          CallersLevel = callersIsolation(Result.Function);
      }
      if (!*CallersHoldOne)
        continue;
      In = &Into("", CallersLevel);
    } else {
      continue;
    }
    (E.Op == Operation::Read ? In->Reads : In->Writes).push_back(Id);
  }
  return Ambient;
}

llvm::StringRef TxnAnalysisCache::databaseOf(const TxnEvent &Begin) {
  if (!Begin.Spec)
    return "";
  if (!Begin.Spec->Database.empty() || Begin.Spec->Profile != "qt-sql")
    return Begin.Spec->Database;
  if (!QtSqliteOnly) {
    struct DriverFinder : RecursiveASTVisitor<DriverFinder> {
      unsigned Sqlite = 0, Other = 0;
      bool VisitCallExpr(CallExpr *Call) {
        const FunctionDecl *Callee = Call->getDirectCallee();
        if (!Callee || Call->getNumArgs() == 0 ||
            modelNameOf(Callee) != "QSqlDatabase::addDatabase")
          return true;
        std::optional<std::string> Driver =
            sqlTextOf(Call->getArg(0), Callee->getASTContext());
        if (Driver && (*Driver == "QSQLITE" || *Driver == "QSQLITE3"))
          ++Sqlite;
        else
          ++Other;
        return true;
      }
    } Finder;
    Finder.TraverseDecl(Ctx.getTranslationUnitDecl());
    QtSqliteOnly = Finder.Sqlite > 0 && Finder.Other == 0;
  }
  return *QtSqliteOnly ? "sqlite" : "";
}

bool TxnAnalysisCache::mayCarryHandle(QualType T) {
  T = T.getNonReferenceType();
  if (T->isPointerType())
    T = T->getPointeeType();
  if (T->isVoidType() || T->isDependentType())
    return true;
  if (const CXXRecordDecl *RD = T->getAsCXXRecordDecl())
    return mayHoldHandle(RD, 0);
  // Numbers, characters, enumerators; a function pointer may be anything.
  return !T->isBuiltinType() && !T->isEnumeralType();
}

CalleeEffect TxnAnalysisCache::calleeEffect(const FunctionDecl *Callee) {
  return calleeEffect(Callee, 0);
}

const FunctionSummary *TxnAnalysisCache::summaryOf(const FunctionDecl *Callee) {
  const FunctionDecl *Definition = nullptr;
  if (!Callee->hasBody(Definition)) {
    const ImportedSummary *Summary = importedSummaryOf(Callee);
    return Summary && Summary->Summary ? &*Summary->Summary : nullptr;
  }
  if (Definition->isDependentContext() || isLibraryFunction(Definition))
    return nullptr;
  // Null while it is computed: a recursive call gets no summary. So does
  // one made while the body is analyzed for its own findings (AzerothCore's
  // retrying `return Execute(sql);`), but a later call gets one.
  if (Analyzing.contains(Definition))
    return nullptr;
  auto [It, Inserted] = Summaries.try_emplace(Definition, nullptr);
  if (!Inserted)
    return It->second.get();
  // Each level of a call chain analyzes its callee first: a chain deeper
  // than this (generated code) is cut, as recursion is.
  if (SummaryDepth >= MaxSummaryDepth)
    return nullptr;
  ++SummaryDepth;
  FunctionTxnResult *Result = analyze(Definition);
  --SummaryDepth;
  FunctionSummary Summary;
  std::optional<FunctionSummary> WhenGuardTrue;
  if (Result && !Result->BudgetExceeded) {
    auto GuardEnds = [&](StringRef Key) {
      const auto *Method = dyn_cast<CXXMethodDecl>(Definition);
      return Method && !Method->isStatic() &&
             destructorEndsShared(Method->getParent(), Key);
    };
    Summary = summarize(*Result, Classifier, Result->OnEveryPath, GuardEnds);
    if (Result->GuardParameter) {
      llvm::BitVector WhenTrue = Result->OnEveryPath;
      WhenTrue |= Result->OnEveryPathWhenGuard;
      WhenGuardTrue = summarize(*Result, Classifier, WhenTrue, GuardEnds);
    }
  } else {
    Summary.Function = Definition;
    inferResultCheck(Definition, Classifier, Summary);
  }
  // ~Guard() { if (m_active) rollback(); }: a method of the same object
  // that may end what the object holds, on some path.
  if (!Summary.MayEndOnObject && isa<CXXMethodDecl>(Definition))
    Summary.MayEndOnObject = callsObjectMethodThatMayEnd(Definition);
  Summary.TellsOpen = tellsOpen(Definition);
  if (WhenGuardTrue) {
    WhenGuardTrue->MayEndOnObject |= Summary.MayEndOnObject;
    WhenGuardTrue->TellsOpen = Summary.TellsOpen;
    Summary.GuardParameter = Result->GuardParameter;
    Summary.WhenGuardTrue =
        std::make_shared<FunctionSummary>(std::move(*WhenGuardTrue));
  }
  if (Summary.empty() && !Summary.MayBeginForCaller)
    return nullptr;
  // The map may have grown meanwhile: look up again.
  std::unique_ptr<FunctionSummary> &Slot = Summaries[Definition];
  Slot = std::make_unique<FunctionSummary>(std::move(Summary));
  return Slot.get();
}

/// Whether \p E is 0 or a null pointer.
static bool isZero(const Expr *E, ASTContext &Ctx) {
  Expr::EvalResult Value;
  return E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull) ||
         (!E->isValueDependent() && E->EvaluateAsInt(Value, Ctx) &&
          Value.Val.getInt().isZero());
}

/// The member of this object that \p E names, if any.
static const FieldDecl *ownMember(const Expr *E) {
  return dyn_cast_or_null<FieldDecl>(namedStorage(E));
}

/// Whether \p Body reads or writes \p Field of its object.
static bool mentionsMember(const Stmt *Body, const FieldDecl *Field) {
  bool Found = false;
  forEachOutsideLambdas(Body, [&](const Stmt *S) {
    if (const auto *Member = dyn_cast<MemberExpr>(S))
      Found |= Member->getMemberDecl() == Field;
  });
  return Found;
}

/// Whether \p Body assigns \p Field or steps it.
static bool changesMember(const Stmt *Body, const FieldDecl *Field) {
  struct Finder : RecursiveASTVisitor<Finder> {
    const FieldDecl *Field;
    bool Found = false;
    bool VisitUnaryOperator(UnaryOperator *Step) {
      Found |= Step->isIncrementDecrementOp() &&
               ownMember(Step->getSubExpr()) == Field;
      return !Found;
    }
    bool VisitBinaryOperator(BinaryOperator *Assign) {
      Found |= Assign->isAssignmentOp() && ownMember(Assign->getLHS()) == Field;
      return !Found;
    }
  } Changes;
  Changes.Field = Field;
  Changes.TraverseStmt(const_cast<Stmt *>(Body));
  return Changes.Found;
}

std::optional<bool> TxnAnalysisCache::tellsOpen(const FunctionDecl *FD) {
  // `bool inTransaction() const { return m_level > 0; }`, `return m_txn !=
  // nullptr;`, `return !m_active;`: one test of a member against zero.
  const auto *Method = dyn_cast<CXXMethodDecl>(FD);
  const auto *Body = dyn_cast_or_null<CompoundStmt>(FD->getBody());
  if (!Method || !FD->getReturnType()->isBooleanType() || !Body ||
      Body->size() != 1 || !isa<ReturnStmt>(Body->body_front()))
    return std::nullopt;
  const Expr *Value = cast<ReturnStmt>(Body->body_front())->getRetValue();
  if (!Value)
    return std::nullopt;
  bool WhenOpen = true;
  Value = Value->IgnoreParenImpCasts();
  for (const auto *Not = dyn_cast<UnaryOperator>(Value);
       Not && Not->getOpcode() == UO_LNot;
       Not = dyn_cast<UnaryOperator>(Value)) {
    WhenOpen = !WhenOpen;
    Value = Not->getSubExpr()->IgnoreParenImpCasts();
  }
  if (const auto *Compare = dyn_cast<BinaryOperator>(Value)) {
    const Expr *Tested = Compare->getLHS(), *Zero = Compare->getRHS();
    BinaryOperatorKind Op = Compare->getOpcode();
    if (isZero(Tested, Ctx)) {
      std::swap(Tested, Zero);
      if (Compare->isComparisonOp())
        Op = BinaryOperator::reverseComparisonOp(Op);
    }
    if (!isZero(Zero, Ctx))
      return std::nullopt;
    if (Op == BO_EQ || Op == BO_LE)
      WhenOpen = !WhenOpen;
    else if (Op != BO_NE && Op != BO_GT)
      return std::nullopt;
    Value = Tested;
  }
  // The member is the one a begin of the class keeps (as far as its body,
  // perhaps in another file, shows).
  const FieldDecl *Field = ownMember(Value);
  if (!Field)
    return std::nullopt;
  for (const CXXMethodDecl *Other : Method->getParent()->methods()) {
    const FunctionDecl *Definition = nullptr;
    if (Other == Method ||
        (Other->hasBody(Definition) &&
         !changesMember(Definition->getBody(), Field)))
      continue;
    const FunctionSummary *Summary = summaryOf(Other);
    if (Summary && (Summary->MayBeginOnSomePath ||
                    llvm::any_of(Summary->Events, [](const SummaryEvent &E) {
                      return E.Kind == SummaryEvent::Object &&
                             E.Event.Op == Operation::Begin;
                    })))
      return WhenOpen;
  }
  return std::nullopt;
}

const TransactionFlag &
TxnAnalysisCache::transactionFlag(const FieldDecl *Flag) {
  if (auto Known = TransactionFlags.find(Flag); Known != TransactionFlags.end())
    return Known->second;
  TransactionFlags[Flag]; // recursion finds none
  static const TransactionFlag None;
  const auto *Class = dyn_cast<CXXRecordDecl>(Flag->getParent());
  if (!Class || !Flag->getType()->isBooleanType())
    return None;
  // The handle a method begins on where it sets the flag (to true, or to
  // whether the begin succeeded), and the one a method ends where it
  // clears it.
  std::string Sets, Clears;
  llvm::SmallVector<std::pair<const FunctionDecl *, std::string>, 2> Ends;
  for (const CXXMethodDecl *Method : Class->methods()) {
    const FunctionDecl *Definition = nullptr;
    if (!Method->hasBody(Definition))
      continue;
    bool SetsTrue = false, SetsFalse = false;
    forEachOutsideLambdas(Definition->getBody(), [&](const Stmt *S) {
      if (const auto *Assign = dyn_cast<BinaryOperator>(S);
          Assign && Assign->getOpcode() == BO_Assign &&
          ownMember(Assign->getLHS()) == Flag) {
        const auto *Bool = dyn_cast<CXXBoolLiteralExpr>(
            Assign->getRHS()->IgnoreParenImpCasts());
        (Bool && !Bool->getValue() ? SetsFalse : SetsTrue) = true;
      }
    });
    if (!SetsTrue && !SetsFalse)
      continue;
    forEachOutsideLambdas(Definition->getBody(), [&](const Stmt *S) {
      if (!isa<CallExpr, CXXConstructExpr>(S))
        return;
      llvm::SmallVector<TxnEvent, 1> Events = Classifier.classify(S, Ctx);
      // Through a helper (Bacula's `sql_query(mdb, "BEGIN")`), but not
      // one that tests the flag itself: its summary would be made without
      // the flag's meaning, which is being decided here.
      const FunctionDecl *Callee = calleeOf(S);
      const FunctionDecl *CalleeBody = nullptr;
      if (Events.empty() && Callee && Callee->hasBody(CalleeBody) &&
          !mentionsMember(CalleeBody->getBody(), Flag))
        if (const FunctionSummary *Summary = summaryOfCall(S))
          Events =
              instantiateSummary(*Summary, S, Ctx, [&](const FunctionDecl *FD) {
                return summaryOf(FD);
              });
      for (const TxnEvent &E : Events) {
        if (E.HandleKey.empty())
          continue;
        if (SetsTrue && E.Op == Operation::Begin)
          Sets = E.HandleKey;
        else if (SetsFalse && endsTransaction(E.Op)) {
          Clears = E.HandleKey;
          Ends.emplace_back(Definition->getCanonicalDecl(), E.HandleKey);
        }
      }
    });
  }
  if (Sets.empty() || Sets != Clears)
    return None;
  TransactionFlag &Found = TransactionFlags[Flag];
  Found.HandleKey = std::move(Sets);
  for (const auto &[Method, Key] : Ends)
    if (Key == Found.HandleKey && !llvm::is_contained(Found.ClearedBy, Method))
      Found.ClearedBy.push_back(Method);
  return Found;
}

bool TxnAnalysisCache::callsObjectMethodThatMayEnd(const FunctionDecl *FD) {
  struct Finder : RecursiveASTVisitor<Finder> {
    TxnAnalysisCache &Cache;
    bool Found = false;
    explicit Finder(TxnAnalysisCache &Cache) : Cache(Cache) {}
    bool TraverseLambdaExpr(LambdaExpr *) { return true; }
    bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
      const Expr *Object = Call->getImplicitObjectArgument();
      if (Object && isa<CXXThisExpr>(Object->IgnoreParenImpCasts()))
        if (const FunctionSummary *Summary = Cache.summaryOfCall(Call))
          Found |= Summary->MayEndOnObject;
      return !Found;
    }
  } Calls(*this);
  Calls.TraverseStmt(FD->getBody());
  return Calls.Found;
}

/// \p Summary, or for a call whose argument for its guard parameter is
/// true (a default argument too), what the function does then.
static const FunctionSummary *forArguments(const FunctionSummary *Summary,
                                           llvm::ArrayRef<const Expr *> Args,
                                           const ASTContext &Ctx) {
  if (!Summary || !Summary->WhenGuardTrue ||
      *Summary->GuardParameter >= Args.size())
    return Summary;
  const Expr *Arg = Args[*Summary->GuardParameter];
  bool Value = false;
  return !Arg->isValueDependent() &&
                 Arg->EvaluateAsBooleanCondition(Value, Ctx) && Value
             ? Summary->WhenGuardTrue.get()
             : Summary;
}

const FunctionSummary *TxnAnalysisCache::summaryOfCall(const Stmt *S) {
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(S))
    return Classifier.specOf(Construct->getConstructor())
               ? nullptr
               : forArguments(summaryOf(Construct->getConstructor()),
                              {Construct->getArgs(), Construct->getNumArgs()},
                              Ctx);
  const auto *Call = dyn_cast<CallExpr>(S);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee || Classifier.specOfCall(Call))
    return nullptr;
  // A virtual call runs the summarized body when the target is known (a
  // final method or class, a qualified call, an object of known type), and
  // else what every overrider in view does.
  if (const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
      Method && Method->isVirtual()) {
    const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
    const auto *Named =
        Member ? dyn_cast<MemberExpr>(Member->getCallee()->IgnoreParens())
               : nullptr;
    if (!Named || !Named->hasQualifier()) {
      if (!Member)
        return nullptr;
      Callee = Method->getDevirtualizedMethod(
          Member->getImplicitObjectArgument(), false);
      if (!Callee)
        return overridersSummaryOf(Method);
    }
  }
  // An operator's object is its first argument.
  if (isa<CXXOperatorCallExpr>(Call))
    return summaryOf(Callee);
  return forArguments(summaryOf(Callee), {Call->getArgs(), Call->getNumArgs()},
                      Ctx);
}

void TxnAnalysisCache::indexClasses() {
  if (Overriders)
    return;
  struct Indexer : RecursiveASTVisitor<Indexer> {
    decltype(*Overriders) &Index;
    decltype(DerivedClasses) &Derived;
    const TxnAnalysisCache &Cache;
    Indexer(decltype(*Overriders) &Index, decltype(DerivedClasses) &Derived,
            const TxnAnalysisCache &Cache)
        : Index(Index), Derived(Derived), Cache(Cache) {}
    // A library's own classes are its business: its hierarchy (pqxx::work
    // under transaction_base) is no overrider of the program's.
    bool TraverseDecl(Decl *D) {
      if (D && !isa<TranslationUnitDecl>(D) &&
          Cache.isLibraryDecl(D, Cache.Ctx.getSourceManager().getExpansionLoc(
                                     D->getLocation())))
        return true;
      return RecursiveASTVisitor<Indexer>::TraverseDecl(D);
    }
    void addDerived(const CXXRecordDecl *Base, const CXXRecordDecl *Class) {
      if (!Base || !Base->hasDefinition())
        return;
      Derived[Base->getCanonicalDecl()].push_back(Class);
      for (const CXXBaseSpecifier &Further : Base->getDefinition()->bases())
        addDerived(Further.getType()->getAsCXXRecordDecl(), Class);
    }
    bool VisitCXXRecordDecl(CXXRecordDecl *RD) {
      if (RD->isThisDeclarationADefinition() && !RD->isDependentContext())
        for (const CXXBaseSpecifier &Base : RD->bases())
          addDerived(Base.getType()->getAsCXXRecordDecl(), RD);
      return true;
    }
    void add(const CXXMethodDecl *Overridden, const CXXMethodDecl *Definition) {
      Index[Overridden->getCanonicalDecl()].push_back(Definition);
      for (const CXXMethodDecl *Base : Overridden->overridden_methods())
        add(Base, Definition);
    }
    bool VisitCXXMethodDecl(CXXMethodDecl *MD) {
      if (MD->isVirtual() && MD->doesThisDeclarationHaveABody() &&
          !MD->isDependentContext())
        add(MD, MD);
      return true;
    }
    bool TraverseStmt(Stmt *) { return true; }
  };
  Overriders.emplace();
  Indexer Walker(*Overriders, DerivedClasses, *this);
  // Every declaration, not the traversal scope that the checks may narrow
  // to the main file: the overriders of an interface are often in the
  // program's headers (an engine per database behind `DatabaseEngine`).
  for (Decl *D : Ctx.getTranslationUnitDecl()->decls())
    Walker.TraverseDecl(D);
}

llvm::ArrayRef<const CXXMethodDecl *>
TxnAnalysisCache::overridersOf(const CXXMethodDecl *Method) {
  indexClasses();
  auto It = Overriders->find(Method->getCanonicalDecl());
  if (It == Overriders->end())
    return {};
  return It->second;
}

llvm::ArrayRef<const CXXRecordDecl *>
TxnAnalysisCache::derivedClassesOf(const CXXRecordDecl *Base) {
  indexClasses();
  auto It = DerivedClasses.find(Base->getCanonicalDecl());
  if (It == DerivedClasses.end())
    return {};
  return It->second;
}

llvm::ArrayRef<const CXXMethodDecl *>
TxnAnalysisCache::overridersInView(const FunctionDecl *FD) {
  const auto *Method = dyn_cast<CXXMethodDecl>(FD);
  if (!Method || !Method->isPureVirtual())
    return {};
  llvm::ArrayRef<const CXXMethodDecl *> Here = overridersOf(Method);
  const std::vector<std::string> *Elsewhere = nullptr;
  if (std::string Usr = usrOf(Method); mayBeExternal(Method) && !Usr.empty()) {
    Elsewhere = External ? External->overridersOf(Usr) : nullptr;
    if (Extraction)
      Extraction->OverriderCalls[Usr] =
          External ? External->overridersHash(Usr) : 0;
  }
  if (Elsewhere && !llvm::all_of(*Elsewhere, [&](const std::string &Usr) {
        return llvm::any_of(Here, [&](const CXXMethodDecl *Overrider) {
          return usrOf(Overrider) == Usr;
        });
      }))
    return {};
  return Here;
}

const FunctionSummary *
TxnAnalysisCache::overridersSummaryOf(const CXXMethodDecl *Method) {
  Method = Method->getCanonicalDecl();
  // Null while it is computed: an overrider that calls the method again
  // (a decorator) gets no summary there.
  auto [It, Inserted] = VirtualSummaries.try_emplace(Method, nullptr);
  if (!Inserted)
    return It->second.get();
  std::vector<const FunctionSummary *> Summaries;
  std::vector<const FunctionDecl *> Idle;
  CalleeEffect Effect; // of them all
  llvm::StringSet<> Here;
  // The method's own body counts as one of them wherever it is: the index
  // of overriders sees only the main file (a base class's default `{
  // return false; }` is in its header).
  std::vector<const CXXMethodDecl *> Bodies(overridersOf(Method).begin(),
                                            overridersOf(Method).end());
  const FunctionDecl *OwnBody = nullptr;
  if (!Method->isPureVirtual() && Method->hasBody(OwnBody) &&
      !llvm::is_contained(Bodies, OwnBody))
    Bodies.push_back(cast<CXXMethodDecl>(OwnBody));
  for (const CXXMethodDecl *Overrider : Bodies) {
    // A model entry says what the overrider does, not a summary.
    if (isLibraryFunction(Overrider) || Classifier.specOf(Overrider))
      return nullptr;
    Here.insert(usrOf(Overrider));
    CalleeEffect OverriderEffect = calleeEffect(Overrider);
    Effect |= OverriderEffect;
    if (const FunctionSummary *Summary = summaryOf(Overrider))
      Summaries.push_back(Summary);
    else if (!OverriderEffect.MayEnd && !OverriderEffect.MayBegin &&
             !OverriderEffect.mayWriteAnything())
      Idle.push_back(Overrider);
    else
      return nullptr; // does something on some paths only
  }
  // The method's own body in another unit: only its summary says what it
  // does.
  if (!Method->isPureVirtual() && !Method->hasBody()) {
    const ImportedSummary *Own = importedSummaryOf(Method);
    if (!Own || !Own->Summary)
      return nullptr;
    Summaries.push_back(&*Own->Summary);
    Effect |= Own->Effect;
  }
  // Overriders defined in other units, which exported a summary.
  std::vector<FunctionSummary> Imported;
  const std::vector<std::string> *Elsewhere = nullptr;
  if (std::string Usr = usrOf(Method); mayBeExternal(Method) && !Usr.empty()) {
    Elsewhere = External ? External->overridersOf(Usr) : nullptr;
    if (Extraction)
      Extraction->OverriderCalls[Usr] = External ? External->overridersHash(Usr) : 0;
  }
  if (Elsewhere)
    for (const std::string &OverriderUsr : *Elsewhere) {
      if (Here.contains(OverriderUsr))
        continue;
      const std::string *Text = External->find(OverriderUsr);
      if (Extraction)
        Extraction->Calls[OverriderUsr] = Text ? summaryHash(*Text) : 0;
      CalleeEffect OverriderEffect;
      std::optional<FunctionSummary> Summary =
          Text ? importSummary(
                     *Text, Method,
                     [&](StringRef Usr, StringRef Name) {
                       return declOfUsr(Usr, Name);
                     },
                     Classifier.model(), OverriderEffect)
               : std::nullopt;
      if (!Summary)
        return nullptr;
      Effect |= OverriderEffect;
      Imported.push_back(std::move(*Summary));
    }
  for (const FunctionSummary &Summary : Imported)
    Summaries.push_back(&Summary);
  std::optional<FunctionSummary> Agreed = agreedSummary(Summaries, Idle);
  if (!Agreed)
    return nullptr;
  Agreed->Function = Method;
  VirtualEffects[Method] = Effect;
  // The map may have grown meanwhile: look up again.
  std::unique_ptr<FunctionSummary> &Slot = VirtualSummaries[Method];
  Slot = std::make_unique<FunctionSummary>(std::move(*Agreed));
  return Slot.get();
}

const CalleeEffect *
TxnAnalysisCache::overridersEffectOf(const FunctionSummary &Summary) {
  const auto *Method = dyn_cast<CXXMethodDecl>(Summary.Function);
  auto Agreed = Method ? VirtualSummaries.find(Method) : VirtualSummaries.end();
  if (Agreed == VirtualSummaries.end() || Agreed->second.get() != &Summary)
    return nullptr;
  return &VirtualEffects.find(Method)->second;
}

CalleeEffect TxnAnalysisCache::calleeEffect(const FunctionSummary &Summary,
                                            const FunctionDecl *Callee) {
  const CalleeEffect *Overriders = overridersEffectOf(Summary);
  return Overriders ? *Overriders : calleeEffect(Callee);
}

bool TxnAnalysisCache::mayBeExternal(const FunctionDecl *Callee) {
  return (External || Extraction) && !Callee->isDependentContext() &&
         !isLibraryFunction(Callee) && !Classifier.specOf(Callee);
}

std::optional<CalleeEffect>
TxnAnalysisCache::importedEffectOf(const FunctionDecl *Callee) {
  Callee = Callee->getCanonicalDecl();
  if (!mayBeExternal(Callee))
    return std::nullopt;
  auto [It, Inserted] = ImportedEffects.try_emplace(Callee);
  if (!Inserted)
    return It->second;
  std::string Usr = usrOf(Callee);
  const std::string *Text =
      External && !Usr.empty() ? External->findEffect(Usr) : nullptr;
  if (Extraction && !Usr.empty())
    Extraction->EffectCalls[Usr] = Text ? effectHash(*Text) : 0;
  // An effect that says no more than an unknown function may do is there
  // for what the function throws: its calls are unknown code still.
  CalleeEffect Effect;
  if (!Text || effectHash(*Text) == 0 ||
      !importSummary(
          *Text, Callee, [](StringRef, StringRef) { return nullptr; },
          Classifier.model(), Effect))
    return std::nullopt;
  return ImportedEffects[Callee] = Effect;
}

const TxnAnalysisCache::ImportedSummary *
TxnAnalysisCache::importedSummaryOf(const FunctionDecl *Callee) {
  Callee = Callee->getCanonicalDecl();
  if (!mayBeExternal(Callee))
    return nullptr;
  auto [It, Inserted] = Imported.try_emplace(Callee);
  if (!Inserted)
    return It->second.get();
  std::string Usr = usrOf(Callee);
  if (Usr.empty())
    return nullptr;
  const std::string *Text = External ? External->find(Usr) : nullptr;
  // What the check used is recorded whether found or not: the driver
  // checks the unit again when a summary for it appears or changes.
  if (Extraction)
    Extraction->Calls[Usr] = Text ? summaryHash(*Text) : 0;
  if (!Text)
    return nullptr;
  auto Result = std::make_unique<ImportedSummary>();
  Result->Summary = importSummary(
      *Text, Callee,
      [&](StringRef Usr, StringRef Name) { return declOfUsr(Usr, Name); },
      Classifier.model(), Result->Effect);
  // The map may have grown meanwhile: look up again.
  return (Imported[Callee] = std::move(Result)).get();
}

const Decl *TxnAnalysisCache::declOfUsr(StringRef Usr, StringRef Name) {
  if (!DeclsByName) {
    struct Indexer : RecursiveASTVisitor<Indexer> {
      llvm::StringMap<llvm::SmallVector<const NamedDecl *, 1>> Index;
      bool VisitNamedDecl(NamedDecl *D) {
        const auto *Var = dyn_cast<VarDecl>(D);
        if (D->getIdentifier() && ((Var && Var->hasGlobalStorage()) ||
                                   isa<FieldDecl>(D) || isa<FunctionDecl>(D)))
          Index[D->getName()].push_back(D);
        return true;
      }
      // Locals are never shared handles.
      bool TraverseStmt(Stmt *) { return true; }
    } Walker;
    Walker.TraverseDecl(Ctx.getTranslationUnitDecl());
    DeclsByName = std::move(Walker.Index);
  }
  auto It = DeclsByName->find(Name);
  if (It == DeclsByName->end())
    return nullptr;
  for (const NamedDecl *D : It->second)
    if (usrOf(D) == Usr)
      return D;
  return nullptr;
}

bool TxnAnalysisCache::callsOnlyKnownCode(const FunctionDecl *FD,
                                          unsigned Depth) {
  if (isLibraryFunction(FD) || Classifier.specOf(FD))
    return true;
  const FunctionDecl *Definition = nullptr;
  if (!FD->hasBody(Definition))
    return importedEffectOf(FD).has_value();
  if (Depth > 4)
    return false;
  struct CallFinder : RecursiveASTVisitor<CallFinder> {
    TxnAnalysisCache &Cache;
    unsigned Depth;
    bool Known = true;
    CallFinder(TxnAnalysisCache &Cache, unsigned Depth)
        : Cache(Cache), Depth(Depth) {}
    bool visitCallee(const FunctionDecl *Callee) {
      Known = Callee && Cache.callsOnlyKnownCode(Callee, Depth + 1);
      return Known;
    }
    bool VisitCallExpr(CallExpr *Call) {
      return visitCallee(Call->getDirectCallee());
    }
    bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
      return visitCallee(Construct->getConstructor());
    }
  } Finder(*this, Depth);
  Finder.TraverseStmt(Definition->getBody());
  return Finder.Known;
}

/// The USRs of every method \p Method overrides, directly or not.
static std::vector<std::string> overriddenUsrs(const CXXMethodDecl *Method) {
  std::vector<std::string> Usrs;
  for (const CXXMethodDecl *Base : Method->overridden_methods()) {
    Usrs.push_back(usrOf(Base));
    llvm::append_range(Usrs, overriddenUsrs(Base));
  }
  return Usrs;
}

void TxnAnalysisCache::extractSummaries() {
  if (!Extraction || std::exchange(Extracted, true))
    return;
  const SourceManager &SM = Ctx.getSourceManager();
  for (auto It = SM.fileinfo_begin(); It != SM.fileinfo_end(); ++It)
    if (std::optional<llvm::MemoryBufferRef> Buffer =
            It->second->getBufferIfLoaded()) {
      SmallString<256> Path(It->first.getName());
      SM.getFileManager().makeAbsolutePath(Path);
      Extraction->Inputs[std::string(Path)] = summaryHash(Buffer->getBuffer());
    }
  struct Definitions : RecursiveASTVisitor<Definitions> {
    std::vector<const FunctionDecl *> Found;
    bool VisitFunctionDecl(FunctionDecl *FD) {
      if (FD->doesThisDeclarationHaveABody() && !FD->isDependentContext() &&
          FD->isExternallyVisible())
        Found.push_back(FD);
      return true;
    }
    bool TraverseStmt(Stmt *) { return true; }
  } Walker;
  // Functions defined in headers have their body wherever they are called.
  for (Decl *D : Ctx.getTranslationUnitDecl()->decls())
    if (SM.isWrittenInMainFile(SM.getExpansionLoc(D->getLocation())))
      Walker.TraverseDecl(D);
  // The members of a class that its methods defined here act on.
  llvm::DenseMap<const CXXRecordDecl *, llvm::StringSet<>> ActedOn;
  auto MembersActedOn = [&](const CXXRecordDecl *Class) -> llvm::StringSet<> & {
    auto [It, Inserted] = ActedOn.try_emplace(Class);
    if (Inserted)
      for (const FunctionDecl *Other : Walker.Found)
        if (const auto *Method = dyn_cast<CXXMethodDecl>(Other);
            Method && Method->getParent() == Class)
          if (const FunctionSummary *Summary = summaryOf(Method))
            for (const SummaryEvent &E : Summary->Events)
              for (llvm::StringRef Member :
                   {llvm::StringRef(E.Member),
                    llvm::StringRef(E.ConnectionMember),
                    llvm::StringRef(E.SqlMember)})
                if (!Member.empty())
                  It->second.insert(Member);
    return It->second;
  };
  for (const FunctionDecl *FD : Walker.Found) {
    if (Classifier.specOf(FD))
      continue;
    const FunctionSummary *Summary = summaryOf(FD);
    // `Dao(sqlite3 *db) : db_(db) {}` does nothing itself, but says which of
    // its caller's handles the members its class's methods act on are:
    // callers in other files need that.
    FunctionSummary Keeps;
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD);
        Ctor && (!Summary || Summary->empty())) {
      const llvm::StringSet<> &Members = MembersActedOn(Ctor->getParent());
      Keeps.Function = FD;
      Keeps.MemberParameters = memberParametersOf(
          Ctor, [&](StringRef Member) { return Members.contains(Member); });
      if (!Keeps.MemberParameters.empty())
        Summary = &Keeps;
    }
    CalleeEffect Effect = calleeEffect(FD);
    const auto *Method = dyn_cast<CXXMethodDecl>(FD);
    Effect.ReturnsOwnHandle = Method && returnsOwnMember(Method);
    if (!Method)
      Effect.ReturnsMemberOf = accessedParameterMember(FD);
    ExceptionFlow::SummaryThrows Thrown = Exceptions.thrownForSummary(FD);
    Effect.Throws = std::move(Thrown.Names);
    for (const FunctionDecl *Elsewhere : Thrown.Via)
      Effect.ThrowsVia.push_back(usrOf(Elsewhere));
    llvm::sort(Effect.ThrowsVia);
    for (unsigned I = 0, N = FD->getNumParams(); I != N; ++I)
      if (FD->getParamDecl(I)->getType()->isPointerType() &&
          keepsArgument(FD, I, /*Depth=*/1))
        Effect.KeptParams.push_back(I);
    if (Summary && !Summary->empty()) {
      std::string Text = exportSummary(*Summary, Effect, Classifier.model());
      if (Text.empty())
        continue;
      std::string Usr = usrOf(FD);
      Extraction->Summaries[Usr] = std::move(Text);
      if (Method)
        if (std::vector<std::string> Overridden = overriddenUsrs(Method);
            !Overridden.empty())
          Extraction->Overrides[Usr] = std::move(Overridden);
      continue;
    }
    // Less than an unknown callee may do (a getter, a computation), an
    // accessor of the handle the object keeps, or a function that throws.
    bool DoesLess =
        (!Effect.MayEnd || !Effect.MayBegin || !Effect.mayWriteAnything()) &&
        callsOnlyKnownCode(FD, 0);
    if (!DoesLess && !Effect.ReturnsOwnHandle && !Effect.ReturnsMemberOf &&
        Effect.Throws.empty() && Effect.ThrowsVia.empty())
      continue;
    if (!DoesLess) {
      // Otherwise what an unknown callee may do.
      Effect.MayEnd = Effect.MayBegin = Effect.MayWrite = true;
      Effect.WritesGivenSql = Effect.RunsTransaction = false;
    }
    FunctionSummary Empty;
    Empty.Function = FD;
    Extraction->Effects[usrOf(FD)] =
        exportSummary(Empty, Effect, Classifier.model());
  }
}

/// Whether two prepares give statements that do the same.
static bool sameEffects(llvm::ArrayRef<SqlEffect> A,
                        llvm::ArrayRef<SqlEffect> B) {
  return A.size() == B.size() && llvm::all_of(llvm::zip(A, B), [](auto Pair) {
           const SqlEffect &X = std::get<0>(Pair), &Y = std::get<1>(Pair);
           return X.Op == Y.Op && X.SavepointName == Y.SavepointName &&
                  X.Schema == Y.Schema && X.Modifier == Y.Modifier &&
                  X.Unknown == Y.Unknown && X.Access == Y.Access;
         });
}

TxnAnalysisCache::KeptStatement
TxnAnalysisCache::keptStatement(const FieldDecl *Statement) {
  auto [It, Inserted] = KeptStatements.try_emplace(Statement);
  if (!Inserted)
    return It->second;
  const auto *Class = dyn_cast<CXXRecordDecl>(Statement->getParent());
  if (!Class)
    return It->second;
  // The prepares into the member, in every method body in view, and the
  // member of the object (of its class or a base) each prepares on.
  auto KeyOf = [](const FieldDecl *Field) {
    return memberKey(declId(Field), "this");
  };
  struct PrepareFinder : RecursiveASTVisitor<PrepareFinder> {
    TxnAnalysisCache &Cache;
    std::string StatementKey;
    std::string ConnectionKey;
    bool Disagree = false;
    std::optional<std::vector<SqlEffect>> Effects;
    bool SqlDisagrees = false;
    PrepareFinder(TxnAnalysisCache &Cache, std::string StatementKey)
        : Cache(Cache), StatementKey(std::move(StatementKey)) {}
    /// Whether the body traversed is a constructor's, and whether a
    /// prepare was found in another method.
    bool InConstructor = false;
    bool OutsideConstructors = false;
    void notePrepare(const std::string &OnKey,
                     const std::optional<std::vector<SqlEffect>> &Prepared) {
      OutsideConstructors |= !InConstructor;
      Disagree |= !ConnectionKey.empty() && ConnectionKey != OnKey;
      ConnectionKey = OnKey;
      SqlDisagrees |=
          !Prepared || (Effects && !sameEffects(*Effects, *Prepared));
      Effects = Prepared;
    }
    /// The member of the object whose text every prepare runs.
    const FieldDecl *SqlMember = nullptr;
    bool SqlMemberDisagrees = false;
    void notePrepare(const TxnEvent &E) {
      notePrepare(E.HandleKey, E.PreparedSqlKnown
                                   ? std::optional(E.PreparedEffects)
                                   : std::nullopt);
      const FieldDecl *Text = E.Sql ? rootMember(E.Sql) : nullptr;
      SqlMemberDisagrees |=
          !Text || (SqlMember && SqlMember != Text) || E.PreparedSqlKnown;
      SqlMember = Text;
    }
    bool VisitCallExpr(CallExpr *Call) {
      for (const TxnEvent &E :
           Cache.classifier().classify(Call, Cache.context()))
        if (E.Op == Operation::PrepareSql && E.StatementKey == StatementKey)
          notePrepare(E);
      return true;
    }
    /// A statement object built into the member (`ins_ =
    /// std::make_unique<SQLite::Statement>(*db_, "INSERT ...")`, `q_(db_,
    /// "...")` in a constructor), or made by a helper of the class
    /// (FlightGear's `beginTransactionStmt = prepare("BEGIN")`): the
    /// statements \p Value prepares.
    void noteBuilt(const Expr *Value, const MemberExpr *Member = nullptr) {
      walkOutsideLambdas(Value, [&](const Stmt *S) {
        bool Prepares = false;
        if (isa<CallExpr, CXXConstructExpr, CXXNewExpr>(S))
          for (const TxnEvent &E : Cache.classifier().classify(
                   S, Cache.context(),
                   S == Value->IgnoreImplicit() ? Member : nullptr))
            if (E.Op == Operation::PrepareSql) {
              notePrepare(E);
              Prepares = true;
            }
        if (const auto *Call = dyn_cast<CallExpr>(S); Call && !Prepares)
          if (std::optional<MadeStatement> Made = Cache.madeStatement(Call)) {
            notePrepare(Made->Key, Made->Effects);
            Prepares = true;
          }
        // `std::unique_ptr<Statement>(new Statement(...))`: the statement
        // once, as the construction that prepares it.
        return Prepares ? WalkNext::SkipChildren : WalkNext::Descend;
      });
    }
    bool VisitBinaryOperator(BinaryOperator *Assign) {
      if (Assign->getOpcode() == BO_Assign &&
          handleKeyOf(Assign->getLHS()) == StatementKey)
        noteBuilt(Assign->getRHS());
      return true;
    }
    bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *Assign) {
      if (Assign->getOperator() == OO_Equal && Assign->getNumArgs() == 2 &&
          handleKeyOf(Assign->getArg(0)) == StatementKey)
        noteBuilt(Assign->getArg(1));
      return true;
    }
  } Finder(*this, KeyOf(Statement));
  for (const CXXMethodDecl *Method : Class->methods()) {
    const FunctionDecl *Definition = nullptr;
    if (!Method->hasBody(Definition))
      continue;
    Finder.InConstructor = isa<CXXConstructorDecl>(Definition);
    Finder.TraverseStmt(Definition->getBody());
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Definition))
      for (const CXXCtorInitializer *Init : Ctor->inits())
        if (Init->getMember() == Statement)
          if (const MemberExpr *Member = initializedMember(Ctx, Ctor, Init))
            Finder.noteBuilt(Init->getInit(), Member);
  }
  if (Finder.Disagree)
    return KeptStatements[Statement];
  // The connection is a member of the class or of one of its bases.
  llvm::SmallVector<const CXXRecordDecl *, 4> Classes{Class};
  KeptStatement Found;
  while (!Classes.empty() && !Found.Connection) {
    const CXXRecordDecl *Holder = Classes.pop_back_val();
    for (const FieldDecl *Field : Holder->fields())
      if (KeyOf(Field) == Finder.ConnectionKey)
        Found.Connection = Field;
    for (const CXXBaseSpecifier &Base : Holder->bases())
      if (const CXXRecordDecl *BaseClass = Base.getType()->getAsCXXRecordDecl();
          BaseClass && BaseClass->hasDefinition())
        Classes.push_back(BaseClass->getDefinition());
  }
  // Prepared only by constructors, with their caller's SQL, on the member
  // they store the caller's connection in: the constructing caller knows
  // both (the constructor's summary says so), so a run of the statement
  // stays one of the object's statement, for the caller to resolve.
  if (Found.Connection && !Finder.OutsideConstructors &&
      (Finder.SqlDisagrees || !Finder.Effects) &&
      llvm::any_of(Class->ctors(), [&](const CXXConstructorDecl *Ctor) {
        const FunctionDecl *Definition = nullptr;
        return Ctor->hasBody(Definition) &&
               !memberParametersOf(cast<CXXConstructorDecl>(Definition),
                                   [&](StringRef Name) {
                                     return Name == Found.Connection->getName();
                                   })
                    .empty();
      }))
    return KeptStatements[Statement] = KeptStatement();
  if (Found.Connection && !Finder.SqlDisagrees)
    Found.Effects = std::move(Finder.Effects);
  if (Found.Connection && !Found.Effects && !Finder.SqlMemberDisagrees)
    Found.SqlMember = Finder.SqlMember;
  return KeptStatements[Statement] = std::move(Found);
}

std::optional<TxnAnalysisCache::MadeStatement>
TxnAnalysisCache::madeStatement(const Expr *Handle) {
  const Expr *Made =
      throughArrow(Handle)->IgnoreParenImpCasts()->IgnoreImplicit();
  MadeStatement Statement;
  // A statement built in place (Cantata's `QSqlQuery(*db).exec(sql)`) runs
  // on the connection it is built on.
  if (const CXXConstructExpr *Construct = builtInPlace(Made)) {
    const OperationSpec *Spec = Classifier.specOf(Construct->getConstructor());
    if (!Spec || Spec->Op != Operation::PrepareSql ||
        Spec->Handle.K != HandleSource::Argument ||
        Spec->Handle.Index >= Construct->getNumArgs())
      return std::nullopt;
    Statement.Connection = Construct->getArg(Spec->Handle.Index);
    Statement.Key = handleKeyOf(Statement.Connection);
    if (Statement.Key.empty())
      return std::nullopt;
    return Statement;
  }
  const auto *Call = dyn_cast<CallExpr>(Made);
  const FunctionSummary *Summary = Call ? summaryOfCall(Call) : nullptr;
  if (!Summary || !Summary->ReturnedStatementOf)
    return std::nullopt;
  const SummaryEvent &On = *Summary->ReturnedStatementOf;
  bool Operator = isa<CXXOperatorCallExpr>(Call);
  if (On.Kind == SummaryEvent::Object) {
    const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
    Statement.Connection =
        Member ? Member->getImplicitObjectArgument() : nullptr;
    if (Statement.Connection &&
        !(Statement.Key = ownMemberKey(Member->getMethodDecl(),
                                       Statement.Connection, On.Member))
             .empty())
      Statement.ConnectionMember = On.Member;
  } else if (On.Kind == SummaryEvent::Shared) {
    // The call stands for the connection every function names alike.
    Statement.Connection = Call;
    Statement.Key = On.Event.HandleKey;
  } else if (On.Param < Call->getNumArgs() && !Operator) {
    Statement.Connection = Call->getArg(On.Param);
  }
  if (!Statement.Connection)
    return std::nullopt;
  if (Statement.Key.empty())
    Statement.Key = handleKeyOf(Statement.Connection);
  if (On.Event.PreparedSqlKnown) {
    Statement.Effects = On.Event.PreparedEffects;
  } else if (On.SqlParam && *On.SqlParam < Call->getNumArgs() && !Operator) {
    Statement.Sql = Call->getArg(*On.SqlParam);
    Statement.Effects = sqlEffectsOfArgument(Statement.Sql, Ctx);
  }
  return Statement;
}

/// Whether \p Field is a std::unique_ptr whose deleter closes the
/// connection it owns (Aktualizr's `std::unique_ptr<sqlite3, int
/// (*)(sqlite3 *)> handle_` made as `handle_(nullptr, sqlite3_close)`, or a
/// deleter class that calls sqlite3_close): destroying it rolls back the
/// transaction open on that connection.
static bool closesOwnedConnection(const FieldDecl *Field,
                                  TxnEventClassifier &Classifier) {
  const auto *Owner = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      Field->getType()->getAsCXXRecordDecl());
  if (!Owner || !Owner->isInStdNamespace() || !Owner->getIdentifier() ||
      Owner->getName() != "unique_ptr" || Owner->getTemplateArgs().size() != 2)
    return false;
  auto Closes = [&](const Expr *E) {
    const auto *Call = dyn_cast<CallExpr>(E);
    const OperationSpec *Spec = Call ? Classifier.specOfCall(Call) : nullptr;
    return Spec && Spec->Op == Operation::Close;
  };
  QualType Deleter = Owner->getTemplateArgs()[1].getAsType();
  if (const CXXRecordDecl *Class = Deleter->getAsCXXRecordDecl()) {
    if (!Class->hasDefinition())
      return false;
    for (const CXXMethodDecl *Method : Class->getDefinition()->methods())
      if (Method->getOverloadedOperator() == OO_Call && Method->hasBody() &&
          !walkOutsideLambdas(Method->getBody(), [&](const Stmt *S) {
            const auto *E = dyn_cast<Expr>(S);
            return E && Closes(E) ? WalkNext::Stop : WalkNext::Descend;
          }))
        return true;
    return false;
  }
  // A function pointer: the function the object is made with.
  auto ClosingDeleter = [&](const Expr *Init) {
    const auto *Construct =
        Init ? dyn_cast<CXXConstructExpr>(Init->IgnoreImplicit()) : nullptr;
    if (!Construct || Construct->getNumArgs() != 2)
      return false;
    const auto *Named = dyn_cast<DeclRefExpr>(
        Construct->getArg(1)->IgnoreParenImpCasts()->IgnoreImplicit());
    if (const auto *AddressOf = dyn_cast<UnaryOperator>(
            Construct->getArg(1)->IgnoreParenImpCasts());
        AddressOf && AddressOf->getOpcode() == UO_AddrOf)
      Named = dyn_cast<DeclRefExpr>(AddressOf->getSubExpr()->IgnoreParens());
    const auto *Function =
        Named ? dyn_cast<FunctionDecl>(Named->getDecl()) : nullptr;
    const OperationSpec *Spec =
        Function ? Classifier.specOf(Function) : nullptr;
    return Spec && Spec->Op == Operation::Close;
  };
  if (ClosingDeleter(Field->getInClassInitializer()))
    return true;
  for (const CXXConstructorDecl *Ctor :
       cast<CXXRecordDecl>(Field->getParent())->ctors())
    for (const CXXCtorInitializer *Init : Ctor->inits())
      if (Init->getMember() == Field && ClosingDeleter(Init->getInit()))
        return true;
  return false;
}

bool TxnAnalysisCache::destructorMayEnd(const CXXRecordDecl *RD) {
  if (!RD || !RD->hasDefinition())
    return false;
  RD = RD->getDefinition();
  const CXXDestructorDecl *Destructor = RD->getDestructor();
  const FunctionSummary *Summary = Destructor ? summaryOf(Destructor) : nullptr;
  // After its body, the destructor destroys the members: one that owns a
  // transaction (`std::unique_ptr<soci::transaction> tr_`) ends it, and so
  // does a guard of the program's, held or owned (`std::unique_ptr<
  // Transaction> tx_` whose ~Transaction rolls back), and a connection
  // closed by its owner's deleter.
  if ((Summary && Summary->MayEndOnObject) ||
      llvm::any_of(RD->fields(), [&](const FieldDecl *Field) {
        return Classifier.ownsTransaction(Field->getType()) ||
               closesOwnedConnection(Field, Classifier);
      }))
    return true;
  if (!DestroyedClasses.insert(RD).second)
    return false; // a class that holds itself
  bool MemberMayEnd = llvm::any_of(RD->fields(), [&](const FieldDecl *Field) {
    QualType T = Field->getType();
    return !T->isReferenceType() && !T->isPointerType() &&
           destructorMayEnd(scopedClassOf(T));
  });
  // Then its bases' destructors, on the same object (Qt Creator's
  // transactions begin in the derived class and roll back in the base).
  MemberMayEnd |= llvm::any_of(RD->bases(), [&](const CXXBaseSpecifier &Base) {
    return destructorMayEnd(Base.getType()->getAsCXXRecordDecl());
  });
  // An interface's virtual destructor runs a derived class's, seen here
  // (Wazuh's `std::unique_ptr<ITransaction>` made as a Transaction that
  // rolls back).
  if (Destructor && Destructor->isVirtual())
    MemberMayEnd |=
        llvm::any_of(derivedClassesOf(RD), [&](const CXXRecordDecl *Class) {
          return Classifier.ownsTransaction(Ctx.getRecordType(Class)) ||
                 destructorMayEnd(Class);
        });
  DestroyedClasses.erase(RD);
  return MemberMayEnd;
}

bool TxnAnalysisCache::destructorEndsShared(const CXXRecordDecl *RD,
                                            StringRef Key) {
  if (!RD || !RD->hasDefinition() || Key.empty())
    return false;
  const CXXDestructorDecl *Destructor = RD->getDefinition()->getDestructor();
  const FunctionSummary *Summary = Destructor ? summaryOf(Destructor) : nullptr;
  return Summary && llvm::is_contained(Summary->SharedEnds, Key);
}

std::optional<TxnAnalysisCache::Wrapper>
TxnAnalysisCache::wrapperOf(const CXXRecordDecl *RD) {
  if (!RD || !RD->hasDefinition())
    return std::nullopt;
  RD = RD->getDefinition();
  auto [Known, Inserted] = Wrappers.try_emplace(RD, std::nullopt);
  if (!Inserted)
    return Known->second; // also a class that contains itself
  const SourceManager &SM = Ctx.getSourceManager();
  if (SM.isInSystemHeader(RD->getLocation()) ||
      Classifier.isLibraryCode(RD, RD->getLocation()) ||
      Classifier.typeSpecOf(Ctx.getRecordType(RD)))
    return std::nullopt;
  std::optional<Wrapper> Found;
  auto Note = [&](Role R, bool ThreadAffine = false) {
    if (!Found)
      Found.emplace();
    if (R == Role::Transaction)
      Found->WrapperRole = R;
    Found->ThreadAffine |= ThreadAffine;
  };
  for (const FieldDecl *Field : RD->fields())
    if (QualType T = Field->getType();
        !T->isReferenceType() && !T->isPointerType())
      if (const TypeSpec *Held = Classifier.typeSpecOf(T))
        Note(Role::Session, Held->ThreadAffine);
  for (const CXXMethodDecl *Method : RD->methods()) {
    const FunctionSummary *Summary = summaryOf(Method);
    if (!Summary)
      continue;
    if (Summary->MayEndOnObject)
      Note(Role::Session);
    for (const SummaryEvent &E : Summary->Events)
      if (E.Kind == SummaryEvent::Object)
        Note(E.Event.Op == Operation::Begin ? Role::Transaction
                                            : Role::Session);
  }
  for (const CXXBaseSpecifier &Base : RD->bases())
    if (std::optional<Wrapper> Inherited =
            wrapperOf(Base.getType()->getAsCXXRecordDecl()))
      Note(Inherited->WrapperRole, Inherited->ThreadAffine);
  return Wrappers[RD] = Found;
}

CalleeEffect TxnAnalysisCache::calleeEffect(const FunctionDecl *Callee,
                                            unsigned Depth) {
  Callee = Callee->getCanonicalDecl();
  if (auto It = Effects.find(Callee); It != Effects.end())
    return It->second;
  const FunctionDecl *Definition = nullptr;
  if (!Callee->hasBody(Definition)) {
    // Library functions do nothing to transactions they do not model; user
    // code defined elsewhere might do anything, unless its summary says.
    if (isLibraryFunction(Callee))
      return {};
    if (std::optional<CalleeEffect> Effect = importedEffectOf(Callee))
      return *Effect;
    // A method of a class that can hold no connection (QString, QVariant)
    // works on its own value; anything else defined elsewhere may write.
    const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
    // A pure virtual method does what its overriders here do (manaserv's
    // `DataProvider::prepareSql`, called through the abstract provider).
    if (llvm::ArrayRef<const CXXMethodDecl *> Bodies = overridersInView(Callee);
        !Bodies.empty() && Depth <= 4) {
      Effects[Callee] = {}; // recursion adds nothing new
      CalleeEffect Effect;
      for (const CXXMethodDecl *Overrider : Bodies)
        Effect |= calleeEffect(Overrider, Depth + 1);
      return Effects[Callee] = Effect;
    }
    if (Method && isDeclaredSignal(Method))
      return {};
    return {true, true, !Method || mayHoldHandle(Method->getParent(), 0)};
  }
  if (Depth > 4)
    return {true, true, true};

  Effects[Callee] = {}; // recursion adds nothing new
  struct EffectFinder : RecursiveASTVisitor<EffectFinder> {
    TxnAnalysisCache &Cache;
    const FunctionDecl *Definition;
    unsigned Depth;
    CalleeEffect Found;
    enum StatementRun { RunsRead, RunsWrite, RunsGivenSql };
    llvm::StringMap<StatementRun> Prepared;
    /// Its closes end the caller's transaction unless it also opens, as
    /// reconnects() says of a summary's events.
    bool Closes = false, Opens = false;
    EffectFinder(TxnAnalysisCache &Cache, const FunctionDecl *Definition,
                 unsigned Depth)
        : Cache(Cache), Definition(Definition), Depth(Depth) {}
    bool visitCall(const Stmt *S, const FunctionDecl *Callee) {
      if (isEmittedSignal(S, Cache.context()))
        return true;
      // A summarized helper's events, with the SQL this call passes it
      // (`run(db, "COMMIT")`).
      llvm::SmallVector<TxnEvent, 1> Events =
          Cache.classifier().classify(S, Cache.context());
      const FunctionSummary *Summary =
          Events.empty() ? Cache.summaryOfCall(S) : nullptr;
      if (Summary)
        Events = instantiateSummary(
            *Summary, S, Cache.context(),
            [&](const FunctionDecl *FD) { return Cache.summaryOf(FD); });
      for (const TxnEvent &E : Events) {
        Found.MayEnd |= endsTransaction(E.Op) && E.Op != Operation::Close;
        Closes |= E.Op == Operation::Close;
        Opens |= E.Op == Operation::Open;
        Found.MayBegin |= E.Op == Operation::Begin;
        Found.RunsTransaction |= E.Op == Operation::Begin;
        // A statement prepared here runs what it was prepared with: the SQL
        // a parameter gives, or SQL read here.
        if (E.Op == Operation::PrepareSql && !E.StatementKey.empty()) {
          Prepared[E.StatementKey] =
              E.PreparedSqlKnown ? runOf(E.PreparedEffects) : runOf(E.Sql);
          continue;
        }
        auto Statement = E.Op == Operation::ExecutePrepared
                             ? Prepared.find(E.HandleKey)
                             : Prepared.end();
        if (Statement != Prepared.end() && Statement->second == RunsRead)
          continue;
        // SQL a parameter gives writes if a call's SQL does; so does the
        // SQL the object's constructor prepared its statement with.
        if ((E.Op == Operation::Write && E.SqlUnknown && E.Sql &&
             parameterOf(E.Sql, Definition)) ||
            (Statement != Prepared.end() &&
             Statement->second == RunsGivenSql) ||
            runsConstructorSql(E) || runsGivenStatement(E)) {
          Found.WritesGivenSql = true;
          continue;
        }
        // A prepared statement runs later, through an event of its own.
        Found.MayWrite |= E.Op == Operation::Write ||
                          E.Op == Operation::ExecutePrepared;
      }
      if (!Callee) {
        Found.MayWrite = true; // through a function pointer: anything
        return true;
      }
      if (Cache.classifier().specOf(Callee))
        return !(Found.MayEnd && Found.MayBegin && Found.MayWrite);
      // Through its own callees: what it hands them, and any write (on any
      // connection, also one it does not hand on).
      const auto *MemberCall = dyn_cast<CXXMemberCallExpr>(S);
      bool HandsOn = llvm::any_of(operandsOf(S), [&](const Expr *Operand) {
        // A number, an enumerator or a value such as a string carries no
        // handle (`stock_of(line.sku)`, `audit(name)`); an object whose
        // method has a summary is one (`m_batch->TxnAbort()`).
        bool SummarizedObject =
            Summary && MemberCall &&
            Operand == MemberCall->getImplicitObjectArgument();
        if (!SummarizedObject && !Cache.mayCarryHandle(Operand->getType()))
          return false;
        // A member of the object is its caller's, handed to code of the
        // program (`m_batch->TxnAbort()`).
        const ValueDecl *Root = rootVariable(Operand);
        return isa_and_nonnull<ParmVarDecl>(Root) || isGlobalVariable(Root) ||
               isa<CXXThisExpr>(Operand->IgnoreParenImpCasts()) ||
               (rootMember(Operand) && !Cache.isLibraryFunction(Callee));
      });
      if (HandsOn || (!Found.MayWrite && !Cache.isLibraryFunction(Callee))) {
        const CalleeEffect *Overriders =
            Summary ? Cache.overridersEffectOf(*Summary) : nullptr;
        CalleeEffect Inner =
            Overriders ? *Overriders : Cache.calleeEffect(Callee, Depth + 1);
        if (HandsOn) {
          Found.MayEnd |= Inner.MayEnd;
          Found.MayBegin |= Inner.MayBegin;
        }
        Found.RunsTransaction |= Inner.RunsTransaction;
        // Its given SQL is among the events above when its summary runs it
        // on every path.
        Found.MayWrite |=
            Inner.MayWrite ||
            (Inner.WritesGivenSql && !(Summary && runsGivenSql(*Summary)));
      }
      return !(Found.MayEnd && Found.MayBegin && Found.MayWrite);
    }
    /// Whether \p E runs the statement a parameter gives (libQuotient's
    /// `void execute(QSqlQuery &query) { if (!query.exec()) ...; }`): what
    /// the caller prepared it with decides.
    bool runsGivenStatement(const TxnEvent &E) const {
      const auto *Param = dyn_cast_or_null<ParmVarDecl>(
          E.Handle ? rootVariable(E.Handle) : nullptr);
      return E.Op == Operation::ExecutePrepared &&
             E.HandleRole == Role::Statement && Param &&
             Param->getDeclContext() == Definition;
    }
    /// Whether \p E runs a statement member of the method's object that
    /// the object's constructor prepares from its caller's SQL (`Statement
    /// s(db, "SELECT ..."); s.step();`).
    bool runsConstructorSql(const TxnEvent &E) const {
      const auto *Method = dyn_cast<CXXMethodDecl>(Definition);
      const FieldDecl *Field = E.Handle ? rootMember(E.Handle) : nullptr;
      if (!Method || !Field || Field->getParent() != Method->getParent() ||
          (E.Op != Operation::Write && E.Op != Operation::ExecutePrepared))
        return false;
      auto Prepares = [&](const FunctionDecl *Ctor) {
        const FunctionSummary *Summary = Cache.summaryOf(Ctor);
        return Summary &&
               llvm::any_of(Summary->PreparedMembers, [&](const auto &P) {
                 return P.Member == Field->getName();
               });
      };
      // Its constructors, also those of a template (`template <typename...
      // Types> SQLiteStatement(sqlite3 *db, const std::string &sql, const
      // Types &...args)`), as used.
      for (const Decl *Member : Method->getParent()->decls()) {
        if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Member);
            Ctor && Prepares(Ctor))
          return true;
        if (const auto *Template = dyn_cast<FunctionTemplateDecl>(Member);
            Template && isa<CXXConstructorDecl>(Template->getTemplatedDecl()) &&
            llvm::any_of(Template->specializations(), Prepares))
          return true;
      }
      return false;
    }
    static StatementRun runOf(llvm::ArrayRef<SqlEffect> Effects) {
      return llvm::any_of(Effects,
                          [](const SqlEffect &Effect) {
                            return Effect.Op == Operation::Write;
                          })
                 ? RunsWrite
                 : RunsRead;
    }
    /// What a statement prepared from \p Sql, not read here, runs.
    StatementRun runOf(const Expr *Sql) const {
      return Sql && parameterOf(Sql, Definition) ? RunsGivenSql : RunsWrite;
    }
    // `auto q = createGenericQuery(db(), text, bindings);`: the statement a
    // helper made runs the SQL this function gave it, or the helper's own
    // (createInsertQuery's INSERT).
    bool VisitVarDecl(VarDecl *Var) {
      const auto *Call = Var->getInit()
                             ? dyn_cast<CallExpr>(resultSource(Var->getInit()))
                             : nullptr;
      const FunctionSummary *Summary =
          Call ? Cache.summaryOfCall(Call) : nullptr;
      if (!Summary || !Summary->ReturnedStatementOf)
        return true;
      const SummaryEvent &Made = *Summary->ReturnedStatementOf;
      if (Made.Event.PreparedSqlKnown) {
        Prepared[varKey(Var)] = runOf(Made.Event.PreparedEffects);
      } else if (Made.SqlParam && *Made.SqlParam < Call->getNumArgs()) {
        const Expr *Sql = Call->getArg(*Made.SqlParam);
        std::optional<std::vector<SqlEffect>> Effects =
            sqlEffectsOfArgument(Sql, Cache.context());
        Prepared[varKey(Var)] = Effects ? runOf(*Effects) : runOf(Sql);
      }
      return true;
    }
    bool VisitCallExpr(CallExpr *Call) {
      return visitCall(Call, Call->getDirectCallee());
    }
    bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
      return visitCall(Construct, Construct->getConstructor());
    }
  } Finder(*this, Definition, Depth);
  Finder.TraverseStmt(Definition->getBody());
  Finder.Found.MayEnd |= Finder.Closes && !Finder.Opens;
  return Effects[Callee] = Finder.Found;
}

} // namespace txnlint

namespace txnlint {

llvm::ArrayRef<std::pair<const CallExpr *, const FunctionDecl *>>
TxnAnalysisCache::callersOf(const FunctionDecl *Callee) {
  if (!Callers) {
    struct Indexer : RecursiveASTVisitor<Indexer> {
      const TxnAnalysisCache &Cache;
      decltype(*Callers) &Index;
      decltype(HandedTo) &HandedTo;
      std::vector<const FunctionDecl *> Functions;
      Indexer(const TxnAnalysisCache &Cache, decltype(*Callers) &Index,
              decltype(HandedTo) &HandedTo)
          : Cache(Cache), Index(Index), HandedTo(HandedTo) {}
      bool shouldVisitTemplateInstantiations() const { return true; }
      bool TraverseDecl(Decl *D) {
        const auto *FD = dyn_cast_or_null<FunctionDecl>(D);
        if (FD)
          Functions.push_back(FD);
        bool Result = RecursiveASTVisitor::TraverseDecl(D);
        if (FD)
          Functions.pop_back();
        return Result;
      }
      // A call in a lambda's body is the lambda's: its own callers (the
      // runner it is handed to) say whether a transaction is open there.
      bool TraverseLambdaExpr(LambdaExpr *Lambda) {
        Functions.push_back(Lambda->getCallOperator());
        bool Result = RecursiveASTVisitor::TraverseLambdaExpr(Lambda);
        Functions.pop_back();
        return Result;
      }
      bool VisitCallExpr(CallExpr *Call) {
        const FunctionDecl *Target = Call->getDirectCallee();
        if (!Target || Functions.empty())
          return true;
        Index[Target->getCanonicalDecl()].push_back({Call, Functions.back()});
        if (!isa<CXXOperatorCallExpr>(Call))
          indexCallableArguments(Call, Target);
        return true;
      }
      // inTransaction(db, [&] { ... }) with a std::function or function
      // pointer parameter: the lambda's callers are the calls of that
      // parameter in the callee (`if (!body()) ...`).
      void indexCallableArguments(const CallExpr *Call,
                                  const FunctionDecl *Target) {
        // Library code (std::sort, std::find_if) calls it as no caller to
        // ask: its body is not searched.
        const FunctionDecl *Definition = nullptr;
        bool Searched =
            Target->hasBody(Definition) && !Cache.isLibraryFunction(Definition);
        for (unsigned I = 0, N = Call->getNumArgs(); I != N; ++I) {
          llvm::SmallVector<const LambdaExpr *, 1> Lambdas;
          lambdasPassedIn(Call->getArg(I), Lambdas);
          for (const LambdaExpr *Lambda : Lambdas) {
            const FunctionDecl *Operator =
                Lambda->getCallOperator()->getCanonicalDecl();
            if (!Searched) {
              HandedTo[Operator].push_back({Call, I});
              continue;
            }
            if (I < Definition->getNumParams())
              for (const CallExpr *Invoke :
                   callsOfParameter(Definition, Definition->getParamDecl(I)))
                Index[Operator].push_back({Invoke, Definition});
          }
        }
      }
    };
    Callers.emplace();
    // Every top-level declaration, whatever the traversal scope the checks
    // set (TransactionCheck): a caller may be in a header.
    Indexer Walker(*this, *Callers, HandedTo);
    for (Decl *D : Ctx.getTranslationUnitDecl()->decls())
      Walker.TraverseDecl(D);
  }
  auto It = Callers->find(Callee->getCanonicalDecl());
  if (It == Callers->end())
    return {};
  return It->second;
}

llvm::ArrayRef<std::pair<const CallExpr *, unsigned>>
TxnAnalysisCache::handedTo(const FunctionDecl *Lambda) {
  callersOf(Lambda); // builds the index
  auto It = HandedTo.find(Lambda->getCanonicalDecl());
  if (It == HandedTo.end())
    return {};
  return It->second;
}

} // namespace txnlint
