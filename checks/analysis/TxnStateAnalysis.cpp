//===--- TxnStateAnalysis.cpp - The per-function transaction engine -------===//
//
// One forward may-analysis over the CFG. Its state is a bit per event:
//   - a Begin's bit: that transaction may still be open;
//   - a Commit's bit: that commit may have happened, and no new workflow
//     (a later begin) has started since;
//   - a SavepointOpen's bit: that savepoint may still be open;
//   - a Write's bit: that write may have run outside any transaction.
// A second vector, joined by intersection, holds the end events (commit,
// rollback, close) that happened on every path with no begin on their
// handle since.
// Local flags (`bool ok`, an int or enum status) that a branch tests are
// path conditions: for each event bit, the state keeps the values each flag
// may hold on the paths where that bit is set, and a branch on the flag
// clears the bits whose paths cannot take it.
// Collection turns each CFG element into actions once; the fixpoint then
// only replays actions. Facts that checks need (exits with open
// transactions, failure points after commits, throws inside savepoints) are
// recorded as unions while solving, which is sound because states only grow.
//
//===----------------------------------------------------------------------===//

#include "TxnStateAnalysis.h"
#include "CallOperands.h"
#include "ForwardSolver.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/Analyses/PostOrderCFGView.h"
#include "clang/Analysis/CFG.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"

using namespace clang;

namespace txnlint {
namespace {

/// One step of a block's transfer function, in execution order.
struct Action {
  enum Kind {
    /// Events[EventId] happens.
    Event,
    /// A callee that may end transactions receives Keys (and can reach
    /// global handles).
    HandOff,
    /// Site (a call) may throw: the state so far flows to the handler or
    /// out of the function.
    SideExit,
    /// Site (a throw statement) throws; the CFG carries the edge.
    Throw,
    /// Site can fail after a commit (a call or an error return).
    Failure,
    /// Site, a call in a try block not known to throw, may throw all the
    /// same: the try is its author's evidence. The state so far reaches
    /// the try's handlers, and nothing else.
    HandlerEntry,
    /// Flags[Flag] is assigned one of the values FlagValues.
    SetFlag,
  } K;
  explicit Action(Kind K) : K(K) {}
  unsigned EventId = 0;
  llvm::SmallVector<std::string, 2> Keys;
  const Stmt *Site = nullptr;
  FailurePoint::Kind FailureKind = FailurePoint::Call;
  bool MayThrow = false;
  /// HandOff: what the callee may do (to what it reaches, or for a write,
  /// to any database).
  bool MayEnd = false;
  /// Failure of a summarized call: its events already say how it fails,
  /// only the call inside a transaction is recorded.
  bool Summarized = false;
  bool MayBegin = false;
  bool MayWrite = false;
  unsigned Flag = 0;
  /// A set of value slots of a tracked flag (see TrackedFlag).
  uint8_t FlagValues = 0;
};

/// The facts at a program point (see the file comment).
struct FlowState {
  llvm::BitVector May;
  llvm::BitVector MustEnded;
  /// Begins handed to a callee that may have ended them: perhaps open.
  llvm::BitVector HandedOff;
  /// Calls made inside a transaction not yet ended (by call index).
  llvm::BitVector CallsSinceBegin;
  /// Events that happened on every path (joined by intersection).
  llvm::BitVector Happened;
  /// With tracked flags: row R, column F holds the value slots flag F may
  /// hold on the paths where May bit R is set; the last row, on all paths.
  /// Rows of bits not set are empty. No storage without flags.
  llvm::SmallVector<uint8_t, 0> FlagValues;
  bool operator==(const FlowState &O) const {
    return May == O.May && MustEnded == O.MustEnded &&
           HandedOff == O.HandedOff && CallsSinceBegin == O.CallsSinceBegin &&
           Happened == O.Happened && FlagValues == O.FlagValues;
  }
};

/// A local bool, integer or enum variable only read and assigned with `=`:
/// its value is a slot per constant assigned to it, the last slot standing
/// for any other value.
struct TrackedFlag {
  const VarDecl *Var;
  llvm::SmallVector<llvm::APSInt, 7> Constants;
};
constexpr unsigned MaxFlags = 8;
constexpr unsigned UnknownSlot = 7;
constexpr uint8_t UnknownValue = 1u << UnknownSlot;

/// A block's branch tests a flag: the value slots that take each successor.
struct FlagTest {
  unsigned Flag;
  uint8_t Takes[2];
};

bool rethrows(const Stmt *S);

/// A `try` statement and the CFG block that dispatches to its handlers.
struct TryInfo {
  const CXXTryStmt *Try = nullptr;
  const CXXTryStmt *Parent = nullptr;
  const CFGBlock *Dispatch = nullptr;
  /// The first statement whose exception gets past all handlers, if any.
  const Stmt *FirstEscape = nullptr;
};

/// A block's branch tests whether an event (a begin or a commit) failed.
struct EventTest {
  unsigned Event;
  /// The successor taken when it failed (0 = true branch).
  unsigned FailureSucc;
};

/// The call whose result \p E holds, through conversions and a smart
/// pointer's construction (`std::unique_ptr<Transaction> t(db->Begin...)`).
const Expr *resultSource(const Expr *E) {
  for (unsigned Depth = 0; Depth < 4; ++Depth) {
    E = E->IgnoreParenImpCasts()->IgnoreImplicit();
    if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(E))
      E = Cast->getSubExpr();
    else if (const auto *Construct = dyn_cast<CXXConstructExpr>(E);
             Construct && Construct->getNumArgs() >= 1)
      E = Construct->getArg(0);
    else
      break;
  }
  return E->IgnoreParenImpCasts()->IgnoreImplicit();
}

/// `p.reset(call)` on a smart pointer: the variable p receives the result.
const ValueDecl *resetTarget(const Stmt *S, const Expr *&Value) {
  const auto *Reset = dyn_cast<CXXMemberCallExpr>(S);
  if (!Reset || Reset->getNumArgs() != 1)
    return nullptr;
  const CXXMethodDecl *Method = Reset->getMethodDecl();
  if (!Method || !Method->getDeclName().isIdentifier() ||
      Method->getName() != "reset" || !Method->getParent()->isInStdNamespace())
    return nullptr;
  const auto *Object = dyn_cast<DeclRefExpr>(
      Reset->getImplicitObjectArgument()->IgnoreParenImpCasts());
  if (!Object)
    return nullptr;
  Value = Reset->getArg(0);
  return Object->getDecl();
}

/// A constant whose name says success (SQLite::OK, kOk, MDB_SUCCESS).
bool namesSuccess(const Expr *Constant) {
  const auto *Ref = dyn_cast<DeclRefExpr>(Constant->IgnoreParenImpCasts());
  if (!Ref || !Ref->getDecl()->getIdentifier())
    return false;
  std::string Name = Ref->getDecl()->getName().lower();
  return Name == "ok" || Name == "kok" || StringRef(Name).ends_with("_ok") ||
         StringRef(Name).ends_with("success");
}

/// What a return or co_return statement hands back, if anything.
const Expr *returnedValue(const Stmt *S) {
  if (const auto *Return = dyn_cast<ReturnStmt>(S))
    return Return->getRetValue();
  return cast<CoreturnStmt>(S)->getOperand();
}

/// \p Cond without its `!`s; \p Negated says whether there was an odd
/// number of them.
const Expr *stripNegations(const Expr *Cond, bool &Negated) {
  while (true) {
    Cond = Cond->IgnoreParenImpCasts()->IgnoreImplicit();
    const auto *Not = dyn_cast<UnaryOperator>(Cond);
    if (!Not || Not->getOpcode() != UO_LNot)
      return Cond;
    Negated = !Negated;
    Cond = Not->getSubExpr();
  }
}

bool isLoop(const Stmt *S) {
  return isa<ForStmt>(S) || isa<WhileStmt>(S) || isa<DoStmt>(S) ||
         isa<CXXForRangeStmt>(S);
}

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

/// Whether \p Value, returned, reports failure: false, a negative number,
/// a constant, macro, factory or type named for an error (SQLITE_ERROR,
/// Status::Error(...), std::unexpected(...)).
bool isErrorValue(const Expr *Value, const ASTContext &Ctx) {
  SourceLocation Loc = Value->getBeginLoc();
  if (Loc.isMacroID() &&
      namesFailure(Lexer::getImmediateMacroName(Loc, Ctx.getSourceManager(),
                                                Ctx.getLangOpts())))
    return true;
  Value = Value->IgnoreParenImpCasts()->IgnoreImplicit();
  if (const auto *Bool = dyn_cast<CXXBoolLiteralExpr>(Value))
    return !Bool->getValue();
  if (const auto *Minus = dyn_cast<UnaryOperator>(Value))
    return Minus->getOpcode() == UO_Minus &&
           isa<IntegerLiteral>(Minus->getSubExpr()->IgnoreParenImpCasts());
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
    return isErrorValue(Cast->getSubExpr(), Ctx);
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Value)) {
    const CXXRecordDecl *Type = Construct->getConstructor()->getParent();
    if (Type->getIdentifier() && namesFailure(Type->getName()))
      return true;
    // A conversion, e.g. to std::expected from std::unexpected(...).
    return Construct->getNumArgs() == 1 && isErrorValue(Construct->getArg(0), Ctx);
  }
  return false;
}

class FunctionAnalyzer {
public:
  FunctionAnalyzer(const FunctionDecl *FD, TxnAnalysisCache &Cache,
                   ExceptionFlow &Exceptions, const AnalysisBudget &Budget)
      : FD(FD), Cache(Cache), Ctx(Cache.context()),
        Classifier(Cache.classifier()), Exceptions(Exceptions),
        Budget(Budget) {}

  std::unique_ptr<FunctionTxnResult> run();

  // The solver's domain (see ForwardSolver.h).
  using State = FlowState;
  using Solver = ForwardSolver<FunctionAnalyzer>;
  void transfer(const CFGBlock &B, FlowState &State, Solver &S);
  void enterNextIteration(const Stmt *Loop, FlowState &State) const;
  void normalize(FlowState &State) const;
  bool join(FlowState &Into, const FlowState &From) const;
  FlowState edgeState(const FlowState &Out, const CFGBlock &B,
                      unsigned SuccIndex) const;
  bool edgeIsLive(const CFGBlock &B, const CFGBlock &Succ) const;

private:
  // Collection: CFG elements to actions.
  void mapStatements(const Stmt *S, const CXXTryStmt *Try, const Stmt *Loop);
  void collectActions();
  void collectElement(const CFGElement &Elem, std::vector<Action> &Actions);
  void noteThrowSite(const Stmt *Site, const ExceptionInfo &Info);
  void noteReturned(const Expr *Value, unsigned Depth);
  void bindResult(const ValueDecl *Var, const Expr *Value);
  void bindStatus(const ValueDecl *Var, const Expr *Value);
  void adoptOwnership(const ValueDecl *Var, const Expr *Value);
  void resolveStatements(llvm::SmallVectorImpl<TxnEvent> &Events);
  std::optional<unsigned> testedEventOf(const Expr *E) const;
  std::optional<EventTest> testedEvent(const Expr *Cond) const;
  std::optional<std::pair<unsigned, bool>>
  testedResultStatus(const Expr *Tested, const Expr *Constant) const;
  void findFlags();
  std::optional<unsigned> flagOf(const Expr *E) const;
  std::optional<unsigned> flagOf(const Decl *Var) const;
  uint8_t flagValue(const TrackedFlag &Flag, const Expr *Value) const;
  std::optional<FlagTest> testedFlag(const Expr *Cond) const;

  // Solving.
  void apply(FlowState &State, const Action &A);
  void applyEvent(FlowState &State, unsigned Id);
  void noteInScopes(const llvm::BitVector &State, const TxnEvent &E, unsigned Id);
  void endTransactions(llvm::BitVector &State, const TxnEvent &End);
  void endSavepoints(llvm::BitVector &State, const TxnEvent &End);
  void forgetEnds(FlowState &State, llvm::function_ref<bool(const TxnEvent &)> OnHandle);
  void recordFailure(const llvm::BitVector &State, FailurePoint Point,
                     const TxnEvent *Write = nullptr);
  void recordThrow(const llvm::BitVector &State, const Stmt *Site);
  void recordUnwind(const llvm::BitVector &State, const Stmt *Site);
  void recordCallInTransaction(FlowState &State, const Stmt *Site);
  void narrowFlags(FlowState &State, const FlagTest &Test, unsigned Succ) const;
  void joinFlags(FlowState &Into, const FlowState &From) const;
  bool solve();

  // Results.
  void collectExits();
  void recordExit(const llvm::BitVector &State, ExitPoint Exit);
  void inferReturnedEvent(
      llvm::ArrayRef<std::pair<const Stmt *, llvm::BitVector>> Returns);
  bool isReportable(unsigned Begin) const;
  void collectFailures();
  void collectThrowsInSavepoints();
  void collectLifecycleFacts();
  void collectScopes();
  bool isStoredOrReturned(const TxnEvent &Begin) const;
  std::optional<ThrowInSavepoint::Outcome> throwOutcome(const Stmt *Site,
                                                        unsigned Savepoint);
  bool handlerRollsBack(const CXXCatchStmt *Handler, unsigned Savepoint) const;
  bool unwindingRollsBack(const CXXTryStmt *Try, unsigned Savepoint) const;
  bool isInside(const Stmt *Inner, const Stmt *Outer) const;

  const FunctionDecl *FD;
  TxnAnalysisCache &Cache;
  ASTContext &Ctx;
  TxnEventClassifier &Classifier;
  ExceptionFlow &Exceptions;
  const AnalysisBudget &Budget;

  std::unique_ptr<CFG> Cfg;
  std::unique_ptr<FunctionTxnResult> Result;
  std::vector<std::vector<Action>> BlockActions;
  std::vector<std::optional<EventTest>> BlockTests;
  llvm::SmallVector<TrackedFlag, 0> Flags;
  std::vector<std::optional<FlagTest>> BlockFlagTests;

  /// The events of each call, and the first begin or commit among them
  /// (the one a branch on the call's result tests).
  llvm::DenseMap<const Stmt *, llvm::SmallVector<unsigned, 1>> SiteEvents;
  llvm::DenseMap<const Stmt *, unsigned> SiteTested;
  llvm::DenseMap<const ValueDecl *, unsigned> ResultVariables;
  llvm::StringMap<std::string> ConnectionOf;
  /// Variables holding a result status, with the event and the status
  /// function's model entry.
  llvm::DenseMap<const ValueDecl *, std::pair<unsigned, const OperationSpec *>>
      StatusVariables;
  /// Prepared statements: their connection and what their SQL does.
  struct PreparedStatement {
    std::string ConnectionKey;
    const Expr *Connection = nullptr;
    std::vector<SqlEffect> Effects;
    bool SqlKnown = false;
  };
  llvm::StringMap<PreparedStatement> Statements;

  /// The innermost try (by its try block) and loop around each statement,
  /// and each statement's parent.
  llvm::DenseMap<const Stmt *, const CXXTryStmt *> EnclosingTry;
  llvm::DenseMap<const Stmt *, const Stmt *> EnclosingLoop;
  llvm::DenseMap<const Stmt *, const Stmt *> Parent;
  llvm::DenseMap<const CXXTryStmt *, TryInfo> Tries;
  llvm::DenseMap<const CFGBlock *, const CXXTryStmt *> DispatchTry;
  /// Begins and handles handed back to the caller (`return
  /// db.transaction();`), alone or inside a returned owner.
  llvm::SmallPtrSet<const Stmt *, 2> ReturnedSites;
  llvm::StringSet<> ReturnedKeys;

  std::unique_ptr<PostOrderCFGView> PostOrder;
  std::unique_ptr<Solver> Flow;

  llvm::DenseMap<const Stmt *, llvm::BitVector> ExceptionalExits;
  /// Stored handles (`m_txn = txn;`): keys of assigned values.
  llvm::StringSet<> StoredKeys;
  llvm::MapVector<const Stmt *, llvm::BitVector> CallsInTransactions;
  /// Index of each call site that may run inside a transaction.
  llvm::DenseMap<const Stmt *, unsigned> CallSites;
  /// For each call index, the commits a path from it reaches before the
  /// transaction ends otherwise.
  llvm::DenseMap<unsigned, llvm::SetVector<unsigned>> CommitsAfterCall;
  llvm::MapVector<std::pair<unsigned, unsigned>, bool> UsesAfterEnd;
  llvm::MapVector<unsigned, unsigned> RepeatedWrites;
  llvm::MapVector<std::pair<unsigned, const Stmt *>, bool> Unwinds;
  /// What happens inside each begin's transaction (for the audit).
  struct Scope {
    llvm::SetVector<unsigned> Writes, Savepoints, Ends;
    llvm::SetVector<const Stmt *> Fallible;
    /// A call that may write was made while it was open.
    bool CallMayWrite = false;
  };
  llvm::MapVector<unsigned, Scope> ScopeFacts;
  llvm::DenseMap<unsigned, unsigned> LeftOpenIndex;
  /// For each commit, the failure points that may follow it.
  llvm::MapVector<unsigned, llvm::MapVector<const Stmt *, FailurePoint>>
      Failures;
  /// For each throwing statement, the savepoints that may be open there.
  llvm::MapVector<const Stmt *, llvm::BitVector> ThrowStates;
};

//===-- Collection --------------------------------------------------------===//

void FunctionAnalyzer::mapStatements(const Stmt *S, const CXXTryStmt *Try,
                                     const Stmt *Loop) {
  if (!S || isa<LambdaExpr>(S))
    return;
  if (Try)
    EnclosingTry[S] = Try;
  if (Loop)
    EnclosingLoop[S] = Loop;
  auto Visit = [&](const Stmt *Child, const CXXTryStmt *ChildTry,
                   const Stmt *ChildLoop) {
    if (!Child)
      return;
    Parent[Child] = S;
    mapStatements(Child, ChildTry, ChildLoop);
  };
  if (const auto *TryStmt = dyn_cast<CXXTryStmt>(S)) {
    Tries[TryStmt] = TryInfo{TryStmt, Try, nullptr, nullptr};
    Visit(TryStmt->getTryBlock(), TryStmt, Loop);
    for (unsigned I = 0, N = TryStmt->getNumHandlers(); I != N; ++I)
      Visit(TryStmt->getHandler(I), Try, Loop);
    return;
  }
  const Stmt *ChildLoop = isLoop(S) ? S : Loop;
  for (const Stmt *Child : S->children())
    Visit(Child, Try, ChildLoop);
}

std::optional<unsigned> FunctionAnalyzer::testedEventOf(const Expr *E) const {
  E = resultSource(E);
  if (auto It = SiteTested.find(E); It != SiteTested.end())
    return It->second;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (auto It = ResultVariables.find(DRE->getDecl());
        It != ResultVariables.end())
      return It->second;
  return std::nullopt;
}

std::optional<EventTest> FunctionAnalyzer::testedEvent(const Expr *Cond) const {
  bool Negated = false;
  Cond = stripNegations(Cond, Negated);
  bool TrueMeansSuccess = !Negated;
  auto Test = [&](unsigned Event, bool TrueIsSuccess) {
    return EventTest{Event, TrueIsSuccess == TrueMeansSuccess ? 1u : 0u};
  };

  // `X == K` / `X != K`: against 0 or null for status codes, booleans and
  // pointers; against a success enumerator for result statuses.
  if (const auto *BO = dyn_cast<BinaryOperator>(Cond);
      BO && BO->isEqualityOp()) {
    bool IsNE = BO->getOpcode() == BO_NE;
    for (auto [Tested, Constant] : {std::pair{BO->getLHS(), BO->getRHS()},
                                    std::pair{BO->getRHS(), BO->getLHS()}}) {
      if (auto Status = testedResultStatus(Tested, Constant))
        return Test(Status->first, Status->second != IsNE);
      std::optional<unsigned> Event = testedEventOf(Tested);
      if (!Event)
        continue;
      bool IsZero;
      Expr::EvalResult Value;
      if (Constant->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
        IsZero = true;
      else if (Constant->EvaluateAsInt(Value, Ctx))
        IsZero = Value.Val.getInt().isZero();
      else if (namesSuccess(Constant))
        IsZero = true; // SQLite::OK: an extern constant named for success
      else
        return std::nullopt;
      FailureReport Failure = Result->Events[*Event].Failure;
      if (Failure == FailureReport::ReturnsZero)
        // rc == 0 is success; rc == SQLITE_BUSY (non-zero) is a failure,
        // while rc != SQLITE_BUSY says nothing.
        return IsZero ? std::optional<EventTest>(Test(*Event, !IsNE))
               : IsNE ? std::nullopt
                      : std::optional<EventTest>(Test(*Event, false));
      if (Failure == FailureReport::ReturnsBool)
        return Test(*Event, IsZero == IsNE); // ok != false, txn != nullptr
      return std::nullopt;
    }
    return std::nullopt;
  }

  // `status.ok()` on a returned status object.
  if (const auto *OkCall = dyn_cast<CXXMemberCallExpr>(Cond))
    if (const CXXMethodDecl *Method = OkCall->getMethodDecl();
        Method && Method->getDeclName().isIdentifier() &&
        Method->getName() == "ok")
      if (auto Event = testedEventOf(OkCall->getImplicitObjectArgument());
          Event && Result->Events[*Event].Failure == FailureReport::ReturnsStatus)
        return Test(*Event, true);

  // ok(PQexec(c, "BEGIN")): a helper that tests its argument's result.
  if (const auto *Call = dyn_cast<CallExpr>(Cond))
    if (const FunctionSummary *Summary = Cache.summaryOfCall(Call);
        Summary && Summary->ChecksResultOf &&
        *Summary->ChecksResultOf < Call->getNumArgs())
      if (auto Event = testedEventOf(Call->getArg(*Summary->ChecksResultOf));
          Event && Result->Events[*Event].Failure == FailureReport::ReturnsResult)
        return Test(*Event, Summary->TrueMeansSuccess);

  std::optional<unsigned> Event = testedEventOf(Cond);
  if (!Event)
    return std::nullopt;
  switch (Result->Events[*Event].Failure) {
  case FailureReport::ReturnsBool:
    return Test(*Event, true);
  case FailureReport::ReturnsZero: // a non-zero status is truthy: failure
    return Test(*Event, false);
  default:
    return std::nullopt;
  }
}

std::optional<std::pair<unsigned, bool>>
FunctionAnalyzer::testedResultStatus(const Expr *Tested,
                                     const Expr *Constant) const {
  // PQresultStatus(res) == PGRES_COMMAND_OK, or st == PGRES_COMMAND_OK
  // where st holds that status.
  const auto *Enumerator = dyn_cast<DeclRefExpr>(Constant->IgnoreParenImpCasts());
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Tested->IgnoreParenImpCasts());
      Ref && Enumerator && isa<EnumConstantDecl>(Enumerator->getDecl()))
    if (auto It = StatusVariables.find(Ref->getDecl());
        It != StatusVariables.end())
      return std::pair{It->second.first,
                       llvm::is_contained(It->second.second->SuccessValues,
                                          Enumerator->getDecl()->getName())};
  const auto *Call = dyn_cast<CallExpr>(Tested->IgnoreParenImpCasts());
  if (!Call || !Enumerator || Call->getNumArgs() < 1 ||
      !isa<EnumConstantDecl>(Enumerator->getDecl()) || !Call->getDirectCallee())
    return std::nullopt;
  const OperationSpec *Spec = Classifier.specOf(Call->getDirectCallee());
  if (!Spec || Spec->Op != Operation::ResultStatus)
    return std::nullopt;
  std::optional<unsigned> Event = testedEventOf(Call->getArg(0));
  if (!Event || Result->Events[*Event].Failure != FailureReport::ReturnsResult)
    return std::nullopt;
  return std::pair{*Event, llvm::is_contained(Spec->SuccessValues,
                                              Enumerator->getDecl()->getName())};
}

void FunctionAnalyzer::findFlags() {
  // Candidates in declaration order. Any use but a read or a plain `=`
  // assignment (an address or reference taken, ++, +=, a use inside a
  // lambda) lets the flag change where the analysis cannot see it.
  llvm::MapVector<const VarDecl *, TrackedFlag> Candidates;
  llvm::DenseSet<const VarDecl *> Disqualified;
  auto NoteValue = [&](const VarDecl *Var, const Expr *Value) {
    auto It = Candidates.find(Var);
    Expr::EvalResult Constant;
    if (It == Candidates.end() || !Value || Value->isValueDependent() ||
        !Value->EvaluateAsInt(Constant, Ctx))
      return;
    llvm::SmallVectorImpl<llvm::APSInt> &Constants = It->second.Constants;
    const llvm::APSInt &V = Constant.Val.getInt();
    if (Constants.size() < UnknownSlot &&
        llvm::none_of(Constants, [&](const llvm::APSInt &Known) {
          return llvm::APSInt::isSameValue(Known, V);
        }))
      Constants.push_back(V);
  };
  auto Walk = [&](auto &Self, const Stmt *S, const Stmt *Parent,
                  bool InLambda) -> void {
    if (!S)
      return;
    if (const auto *DS = dyn_cast<DeclStmt>(S); DS && !InLambda)
      for (const Decl *D : DS->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D);
            Var && Var->hasLocalStorage() && !isa<ParmVarDecl>(Var) &&
            Var->getType()->isIntegralOrEnumerationType() &&
            !Var->getType().isVolatileQualified()) {
          Candidates.insert({Var, TrackedFlag{Var, {}}});
          NoteValue(Var, Var->getInit());
        }
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S)) {
      const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
      const auto *Read = dyn_cast_or_null<ImplicitCastExpr>(Parent);
      const auto *Assign = dyn_cast_or_null<BinaryOperator>(Parent);
      if (!Var || (!InLambda && Read &&
                   Read->getCastKind() == CK_LValueToRValue))
        return;
      if (!InLambda && Assign && Assign->getOpcode() == BO_Assign &&
          Assign->getLHS()->IgnoreParens() == Ref)
        NoteValue(Var, Assign->getRHS());
      else
        Disqualified.insert(Var);
      return;
    }
    for (const Stmt *Child : S->children())
      Self(Self, Child, isa<ParenExpr>(S) ? Parent : S,
           InLambda || isa<LambdaExpr>(S));
  };
  Walk(Walk, FD->getBody(), nullptr, false);
  // A flag never assigned a constant has no value a branch could tell.
  for (auto &[Var, Flag] : Candidates)
    if (!Disqualified.contains(Var) && !Flag.Constants.empty() &&
        Flags.size() < MaxFlags)
      Flags.push_back(std::move(Flag));
}

std::optional<unsigned> FunctionAnalyzer::flagOf(const Decl *Var) const {
  for (unsigned F = 0; F < Flags.size(); ++F)
    if (Flags[F].Var == Var)
      return F;
  return std::nullopt;
}

std::optional<unsigned> FunctionAnalyzer::flagOf(const Expr *E) const {
  const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  return Ref ? flagOf(Ref->getDecl()) : std::nullopt;
}

uint8_t FunctionAnalyzer::flagValue(const TrackedFlag &Flag,
                                    const Expr *Value) const {
  Expr::EvalResult Constant;
  if (!Value || Value->isValueDependent() || !Value->EvaluateAsInt(Constant, Ctx))
    return UnknownValue;
  for (unsigned Slot = 0; Slot < Flag.Constants.size(); ++Slot)
    if (llvm::APSInt::isSameValue(Flag.Constants[Slot], Constant.Val.getInt()))
      return 1u << Slot;
  return UnknownValue;
}

std::optional<FlagTest> FunctionAnalyzer::testedFlag(const Expr *Cond) const {
  if (Flags.empty())
    return std::nullopt;
  bool Negated = false;
  Cond = stripNegations(Cond, Negated);
  // `F` (non-zero), `F == K`, `F != K`: which constants make it true.
  std::optional<unsigned> Flag = flagOf(Cond);
  Expr::EvalResult Compared;
  bool Equality = false, IsNE = false;
  if (const auto *BO = dyn_cast<BinaryOperator>(Cond);
      !Flag && BO && BO->isEqualityOp())
    for (auto [Tested, Constant] : {std::pair{BO->getLHS(), BO->getRHS()},
                                    std::pair{BO->getRHS(), BO->getLHS()}})
      if ((Flag = flagOf(Tested)) && !Constant->isValueDependent() &&
          Constant->EvaluateAsInt(Compared, Ctx)) {
        Equality = true;
        IsNE = BO->getOpcode() == BO_NE;
        break;
      }
  if (!Flag || (isa<BinaryOperator>(Cond) && !Equality))
    return std::nullopt;
  auto Holds = [&](const llvm::APSInt &V) {
    return Equality ? llvm::APSInt::isSameValue(V, Compared.Val.getInt()) != IsNE
                    : !V.isZero();
  };
  // An unknown value may take either branch.
  FlagTest Test{*Flag, {UnknownValue, UnknownValue}};
  const TrackedFlag &Tracked = Flags[*Flag];
  for (unsigned Slot = 0; Slot < Tracked.Constants.size(); ++Slot)
    Test.Takes[Holds(Tracked.Constants[Slot]) == Negated ? 1 : 0] |= 1u << Slot;
  return Test;
}

void FunctionAnalyzer::noteThrowSite(const Stmt *Site,
                                     const ExceptionInfo &Info) {
  // Walk out through the enclosing tries while the exception gets past
  // their handlers; remember the first escaping site of each.
  auto It = EnclosingTry.find(Site);
  for (const CXXTryStmt *Try = It == EnclosingTry.end() ? nullptr : It->second;
       Try; Try = Tries[Try].Parent) {
    if (Exceptions.handlerFor(Info, Try, Ctx))
      return;
    if (!Tries[Try].FirstEscape)
      Tries[Try].FirstEscape = Site;
  }
}

void FunctionAnalyzer::collectElement(const CFGElement &Elem,
                                      std::vector<Action> &Actions) {
  auto AddEvent = [&](TxnEvent E) {
    unsigned Id = Result->Events.size();
    SiteEvents[E.Site].push_back(Id);
    // SQL not known here may be a begin or commit in a caller.
    if (E.Op == Operation::Begin || E.Op == Operation::Commit ||
        E.Op == Operation::SavepointOpen || (E.Op == Operation::Write && E.Sql))
      SiteTested.try_emplace(E.Site, Id);
    // What a transaction object's constructor said about its connection
    // holds for every later event on it (txn.commit() ends the connection's
    // savepoints).
    if (!E.ConnectionKey.empty() && !E.HandleKey.empty())
      ConnectionOf.try_emplace(E.HandleKey, E.ConnectionKey);
    else if (auto Known = ConnectionOf.find(E.HandleKey);
             Known != ConnectionOf.end())
      E.ConnectionKey = Known->second;
    Result->Events.push_back(std::move(E));
    Action A(Action::Event);
    A.EventId = Id;
    Actions.push_back(std::move(A));
  };

  if (auto Dtor = Elem.getAs<CFGAutomaticObjDtor>()) {
    if (auto E = Classifier.classifyDestructor(Dtor->getVarDecl(),
                                               Dtor->getTriggerStmt()))
      AddEvent(std::move(*E));
    return;
  }
  auto CS = Elem.getAs<CFGStmt>();
  if (!CS)
    return;
  const Stmt *S = CS->getStmt();

  if (const auto *Throw = dyn_cast<CXXThrowExpr>(S)) {
    if (auto Info = Exceptions.mayThrow(Throw))
      noteThrowSite(Throw, *Info);
    Action A(Action::Throw);
    A.Site = Throw;
    Actions.push_back(std::move(A));
    return;
  }
  if (isa<ReturnStmt, CoreturnStmt>(S)) {
    const Expr *Value = returnedValue(S);
    if (!Value)
      return;
    noteReturned(Value, 0);
    if (isErrorValue(Value, Ctx)) {
      Action A(Action::Failure);
      A.Site = S;
      A.FailureKind = FailurePoint::ErrorReturn;
      Actions.push_back(std::move(A));
    }
    return;
  }
  // Variables that receive a call's result: a returned handle, or the
  // status a branch will test.
  if (const auto *DS = dyn_cast<DeclStmt>(S); DS && DS->isSingleDecl())
    if (const auto *Var = dyn_cast<VarDecl>(DS->getSingleDecl()))
      if (const Expr *Init = Var->getInit()) {
        bindResult(Var, Init);
        bindStatus(Var, Init);
        adoptOwnership(Var, Init);
      }
  // txn = lmdb::txn::begin(env) on a class-type variable.
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S);
      Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2)
    if (const auto *LHS =
            dyn_cast<DeclRefExpr>(Op->getArg(0)->IgnoreParenImpCasts()))
      bindResult(LHS->getDecl(), Op->getArg(1));
  // Tracked flags: a declaration without an initializer, or an assignment
  // of what is not a constant, leaves the value unknown.
  auto SetFlag = [&](std::optional<unsigned> Flag, const Expr *Value) {
    if (!Flag)
      return;
    Action A(Action::SetFlag);
    A.Flag = *Flag;
    A.FlagValues = flagValue(Flags[*Flag], Value);
    Actions.push_back(std::move(A));
  };
  if (const auto *DS = dyn_cast<DeclStmt>(S); DS && !Flags.empty())
    for (const Decl *D : DS->decls())
      if (const auto *Var = dyn_cast<VarDecl>(D))
        SetFlag(flagOf(Var), Var->getInit());
  if (const auto *Assign = dyn_cast<BinaryOperator>(S);
      Assign && Assign->getOpcode() == BO_Assign) {
    SetFlag(flagOf(Assign->getLHS()), Assign->getRHS());
    if (const auto *LHS = dyn_cast<DeclRefExpr>(
            Assign->getLHS()->IgnoreParenImpCasts()))
      bindResult(LHS->getDecl(), Assign->getRHS());
    else if (std::string Key = handleKeyOf(Assign->getRHS()); !Key.empty())
      StoredKeys.insert(Key); // m_txn = txn: someone else ends it
  }

  const Expr *ResetValue = nullptr;
  if (const ValueDecl *Target = resetTarget(S, ResetValue))
    bindResult(Target, ResetValue);

  if (!isa<CallExpr>(S) && !isa<CXXConstructExpr>(S) && !isa<DeclStmt>(S) &&
      !isa<CXXDeleteExpr>(S) && !isa<CXXNewExpr>(S))
    return;

  bool IsCall = isa<CallExpr>(S) || isa<CXXConstructExpr>(S);
  std::optional<ExceptionInfo> Throws;
  if (IsCall && (Throws = Exceptions.mayThrow(S)))
    noteThrowSite(S, *Throws);
  auto SideExit = [&] {
    CallSites.try_emplace(S, CallSites.size());
    Action A(Action::SideExit);
    A.Site = S;
    Actions.push_back(std::move(A));
  };

  auto Events = Classifier.classify(S, Ctx);
  // A helper, wrapper or lambda with a body here: what it does to the
  // caller's handles.
  // A variable that a summarized constructor initializes is the object of
  // its events; when its class's destructor may end them, it owns them.
  const FunctionSummary *Summary = nullptr;
  bool ScopedObject = false;
  const auto *DS = dyn_cast<DeclStmt>(S);
  if (Events.empty() && isa<CallExpr>(S)) {
    Summary = Cache.summaryOfCall(S);
  } else if (Events.empty() && DS && DS->isSingleDecl()) {
    const auto *Var = dyn_cast<VarDecl>(DS->getSingleDecl());
    const auto *Construct =
        Var && Var->getInit()
            ? dyn_cast<CXXConstructExpr>(Var->getInit()->IgnoreImplicit())
            : nullptr;
    if (Construct && (Summary = Cache.summaryOfCall(Construct)))
      ScopedObject =
          Cache.destructorMayEnd(Construct->getConstructor()->getParent());
  }
  if (Summary)
    Events = instantiateSummary(*Summary, S, Ctx, ScopedObject);
  bool Summarized = Summary && !Events.empty();
  if (!Events.empty()) {
    resolveStatements(Events);
    // An exception from a call leaves before the call's effect, except that
    // a commit or rollback that fails still ends the transaction.
    bool Ends = llvm::any_of(Events, [](const TxnEvent &E) {
      return endsTransaction(E.Op) || E.Op == Operation::SavepointRelease ||
             E.Op == Operation::SavepointRollback;
    });
    if (Throws && !Ends)
      SideExit();
    for (TxnEvent &E : Events)
      AddEvent(std::move(E));
    // A lone statement that failed wrote nothing: a branch on its result
    // tests it (a retry after SQLITE_BUSY is no second write).
    if (Events.size() == 1 && Result->Events.back().Op == Operation::Write)
      SiteTested.try_emplace(S, Result->Events.size() - 1);
    if (Throws && Ends)
      SideExit();
    // A summarized call may still hand off what it reaches on some paths.
    if (!Summarized)
      return;
  }
  const FunctionDecl *Callee = IsCall ? calleeOf(S) : nullptr;
  if (Throws) {
    if (!Summarized)
      SideExit();
  } else if (IsCall && EnclosingTry.count(S) && !Classifier.specOfCall(S)) {
    const auto *Proto =
        Callee ? Callee->getType()->getAs<FunctionProtoType>() : nullptr;
    if (!Proto || !Proto->isNothrow()) {
      Action A(Action::HandlerEntry);
      A.Site = S;
      Actions.push_back(std::move(A));
    }
  }
  if (!IsCall)
    return;
  // Inside a heap construction, the constructor is the new expression's.
  if (isa<CXXConstructExpr>(S) && Classifier.specOf(Callee))
    return;
  // A call that can fail after a commit: checks decide which count.
  if (isa<CallExpr>(S) && Callee) {
    CallSites.try_emplace(S, CallSites.size());
    Action A(Action::Failure);
    A.Site = S;
    A.FailureKind = FailurePoint::Call;
    A.MayThrow = Throws.has_value();
    A.Summarized = Summarized;
    Actions.push_back(std::move(A));
  }
  // An unmodelled method of a modelled type (db.lastError()) is neutral.
  if (const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Callee);
      Method && Classifier.typeSpecOf(Ctx.getRecordType(Method->getParent())))
    return;
  CalleeEffect Effect =
      Callee ? Cache.calleeEffect(Callee) : CalleeEffect{true, true, true};
  if (!Effect.MayEnd && !Effect.MayBegin && !Effect.MayWrite)
    return;
  Action A(Action::HandOff);
  A.MayEnd = Effect.MayEnd;
  A.MayBegin = Effect.MayBegin;
  A.MayWrite = Effect.MayWrite;
  for (const Expr *Operand : operandsOf(S)) {
    std::string Key = handleKeyOf(Operand);
    if (!Key.empty())
      A.Keys.push_back(std::move(Key));
  }
  Actions.push_back(std::move(A));
}

void FunctionAnalyzer::noteReturned(const Expr *Value, unsigned Depth) {
  // An object built for the caller owns what it is built from: `return
  // std::unique_ptr<Transaction>(txn);`, `return Unit{std::move(txn)};`,
  // `return std::make_unique<Unit>(db);`.
  Value = Value->IgnoreParenImpCasts()->IgnoreImplicit();
  llvm::SmallVector<const Expr *, 2> Parts;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Value))
    Parts.append(Construct->arg_begin(), Construct->arg_end());
  else if (const auto *Init = dyn_cast<InitListExpr>(Value))
    Parts.append(Init->inits().begin(), Init->inits().end());
  else if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(Value))
    Parts.push_back(Cast->getSubExpr());
  else if (const auto *New = dyn_cast<CXXNewExpr>(Value);
           New && New->getInitializer())
    Parts.push_back(New->getInitializer());
  else if (const auto *Call = dyn_cast<CallExpr>(Value)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (Callee && Callee->isInStdNamespace() && Callee->getIdentifier() &&
        (Callee->getName().starts_with("make_") ||
         Callee->getName() == "move" || Callee->getName() == "forward"))
      Parts.append(Call->arg_begin(), Call->arg_end());
  }
  if (Parts.empty() || Depth > 4) {
    ReturnedSites.insert(Value);
    if (std::string Key = handleKeyOf(Value); !Key.empty())
      ReturnedKeys.insert(Key);
    return;
  }
  for (const Expr *Part : Parts)
    noteReturned(Part, Depth + 1);
}

void FunctionAnalyzer::bindStatus(const ValueDecl *Var, const Expr *Value) {
  // ExecStatusType st = PQresultStatus(res): branches on st test the begin
  // whose result res holds.
  const auto *Call = dyn_cast<CallExpr>(Value->IgnoreParenImpCasts());
  const OperationSpec *Spec = Call ? Classifier.specOfCall(Call) : nullptr;
  if (!Spec || Spec->Op != Operation::ResultStatus || Call->getNumArgs() < 1)
    return;
  if (std::optional<unsigned> Event = testedEventOf(Call->getArg(0)))
    StatusVariables[Var] = {*Event, Spec};
}

void FunctionAnalyzer::adoptOwnership(const ValueDecl *Var, const Expr *Value) {
  // std::unique_ptr<Transaction> owner(raw): the smart pointer now ends the
  // transaction begun into raw.
  if (!Classifier.ownsTransaction(Var->getType()))
    return;
  std::string Key = handleKeyOf(resultSource(Value));
  if (Key.empty())
    return;
  for (TxnEvent &E : Result->Events)
    if (E.Op == Operation::Begin && E.HandleKey == Key)
      E.Scoped = true;
}

void FunctionAnalyzer::bindResult(const ValueDecl *Var, const Expr *Value) {
  auto It = SiteEvents.find(resultSource(Value));
  // The variable now holds something else: branches on it test that.
  ResultVariables.erase(Var);
  if (It == SiteEvents.end())
    return;
  for (unsigned Id : It->second) {
    TxnEvent &E = Result->Events[Id];
    if (E.HandleKey.empty() && E.Handle == It->first) {
      E.HandleKey = varKey(Var);
      E.BoundVariable = Var;
      E.Scoped = Classifier.ownsTransaction(Var->getType());
      if (const TypeSpec *T = Classifier.typeSpecOf(Var->getType())) {
        E.HandleRole = T->TypeRole;
        E.CommitsOnUnwind =
            E.Scoped && T->Destructor == DestructorAction::Commits;
      }
      if (E.HandleRole == Role::Session)
        E.ConnectionKey = E.HandleKey;
    }
    // A statement returned by a prepare (con->prepareStatement(sql)).
    if (E.Op == Operation::PrepareSql && E.StatementKey.empty()) {
      E.StatementKey = varKey(Var);
      PreparedStatement &Stmt = Statements[E.StatementKey];
      Stmt.ConnectionKey = E.HandleKey;
      Stmt.Connection = E.Handle;
      Stmt.Effects = E.PreparedEffects;
      Stmt.SqlKnown = E.PreparedSqlKnown;
    }
  }
  if (auto Tested = SiteTested.find(It->first); Tested != SiteTested.end())
    ResultVariables[Var] = Tested->second;
}

void FunctionAnalyzer::resolveStatements(llvm::SmallVectorImpl<TxnEvent> &Events) {
  llvm::SmallVector<TxnEvent, 1> Resolved;
  for (TxnEvent &E : Events) {
    if (E.Op == Operation::PrepareSql) {
      if (!E.StatementKey.empty()) {
        PreparedStatement &Stmt = Statements[E.StatementKey];
        if (!E.HandleKey.empty() && E.HandleKey != E.StatementKey) {
          Stmt.ConnectionKey = E.HandleKey;
          Stmt.Connection = E.Handle;
        }
        if (E.PreparedSqlKnown) {
          Stmt.Effects = E.PreparedEffects;
          Stmt.SqlKnown = true;
        }
      }
      Resolved.push_back(std::move(E));
      continue;
    }
    auto It = E.HandleKey.empty() ? Statements.end()
                                  : Statements.find(E.HandleKey);
    const PreparedStatement *Stmt = It == Statements.end() ? nullptr : &It->second;
    // Work on a statement is work on its connection.
    auto OnConnection = [&](TxnEvent Event) {
      if (Stmt && !Stmt->ConnectionKey.empty()) {
        Event.HandleKey = Stmt->ConnectionKey;
        Event.ConnectionKey = Stmt->ConnectionKey;
        Event.Handle = Stmt->Connection;
        Event.HandleRole = Role::Session;
      }
      return Event;
    };
    if (E.Op != Operation::ExecutePrepared) {
      Resolved.push_back(OnConnection(std::move(E)));
      continue;
    }
    if (!Stmt || !Stmt->SqlKnown) {
      E.Op = Operation::Write;
      E.SqlUnknown = true;
      Resolved.push_back(OnConnection(std::move(E)));
      continue;
    }
    for (const SqlEffect &Effect : Stmt->Effects) {
      TxnEvent Run = OnConnection(E);
      Run.Op = Effect.Op;
      Run.SavepointName = Effect.SavepointName;
      Run.Schema = Effect.Schema;
      Run.Modifier = Effect.Modifier;
      Run.SqlUnknown = Effect.Unknown;
      Resolved.push_back(std::move(Run));
    }
  }
  Events = std::move(Resolved);
}

void FunctionAnalyzer::collectActions() {
  BlockActions.resize(Cfg->getNumBlockIDs());
  BlockTests.resize(Cfg->getNumBlockIDs());
  BlockFlagTests.resize(Cfg->getNumBlockIDs());
  // Blocks in reverse post-order, so that a branch tests what its variable
  // held last (`res = PQexec(...BEGIN...); check; res = PQexec(...)`);
  // then the blocks no CFG edge reaches, such as handlers, which exceptions
  // from calls reach through side exits.
  std::vector<const CFGBlock *> Order(PostOrder->begin(), PostOrder->end());
  llvm::DenseSet<const CFGBlock *> Seen(Order.begin(), Order.end());
  for (const CFGBlock *B : *Cfg)
    if (!Seen.contains(B))
      Order.push_back(B);
  for (const CFGBlock *B : Order) {
    for (const CFGElement &Elem : *B)
      collectElement(Elem, BlockActions[B->getBlockID()]);
    if (const auto *Try = dyn_cast_or_null<CXXTryStmt>(B->getTerminatorStmt())) {
      Tries[Try].Dispatch = B;
      DispatchTry[B] = Try;
    }
    // The part of a condition this block evaluates: for `a || commit() !=
    // OK`, the block of the right operand tests the commit.
    if (const Expr *Cond = B->getLastCondition()) {
      BlockTests[B->getBlockID()] = testedEvent(Cond);
      BlockFlagTests[B->getBlockID()] = testedFlag(Cond);
    }
  }
}

//===-- Solving -----------------------------------------------------------===//

void FunctionAnalyzer::endTransactions(llvm::BitVector &State,
                                       const TxnEvent &End) {
  // End the begins on this handle. An end on a handle that no begin of the
  // function names (another spelling of the same connection, such as
  // QSqlDatabase::database() for a local copy) ends them all; a destructor
  // names its own variable exactly.
  const std::vector<TxnEvent> &Events = Result->Events;
  bool KnownHandle =
      End.Destructor || llvm::any_of(Events, [&](const TxnEvent &B) {
        return B.Op == Operation::Begin && !End.HandleKey.empty() &&
               B.HandleKey == End.HandleKey;
      });
  unsigned EndId = &End - Events.data();
  for (unsigned B : State.set_bits())
    if (Events[B].Op == Operation::Begin &&
        (!KnownHandle || Events[B].HandleKey == End.HandleKey)) {
      State.reset(B);
      ScopeFacts[B].Ends.insert(EndId);
    }
  // Ending a transaction ends its savepoints.
  for (unsigned S : State.set_bits())
    if (Events[S].Op == Operation::SavepointOpen &&
        (Events[S].HandleKey == End.HandleKey ||
         (!End.ConnectionKey.empty() &&
          Events[S].ConnectionKey == End.ConnectionKey)))
      State.reset(S);
}

void FunctionAnalyzer::endSavepoints(llvm::BitVector &State,
                                     const TxnEvent &End) {
  // By name when the savepoint has one (SQL), else every open savepoint on
  // the handle (savepoint objects, RocksDB's savepoint stack).
  const std::vector<TxnEvent> &Events = Result->Events;
  for (unsigned S : State.set_bits()) {
    const TxnEvent &Open = Events[S];
    // A savepoint object (pqxx::subtransaction sub(txn)) is ended through
    // its own variable: sub.commit(), its destructor.
    bool SameHandle =
        Open.HandleKey == End.HandleKey ||
        (Open.BoundVariable && varKey(Open.BoundVariable) == End.HandleKey);
    if (Open.Op == Operation::SavepointOpen && SameHandle &&
        (End.SavepointName.empty() || Open.SavepointName == End.SavepointName))
      State.reset(S);
  }
}

void FunctionAnalyzer::recordFailure(const llvm::BitVector &State,
                                     FailurePoint Point, const TxnEvent *Write) {
  const std::vector<TxnEvent> &Events = Result->Events;
  for (unsigned C : State.set_bits()) {
    const TxnEvent &Commit = Events[C];
    if (Commit.Op != Operation::Commit)
      continue;
    // Further writes of the workflow go to the connection; writing to a
    // committed transaction object again is a use after its end instead.
    if (Write && !((Write->HandleKey == Commit.HandleKey &&
                    Commit.HandleRole == Role::Session) ||
                   (!Commit.ConnectionKey.empty() &&
                    Write->HandleKey == Commit.ConnectionKey)))
      continue;
    // A commit inside a loop is that iteration's workflow: what follows the
    // loop is not part of it.
    auto Loop = EnclosingLoop.find(Commit.Site);
    if (Loop != EnclosingLoop.end() && !isInside(Point.Site, Loop->second))
      continue;
    Failures[C].insert({Point.Site, Point});
  }
}

void FunctionAnalyzer::recordThrow(const llvm::BitVector &State,
                                   const Stmt *Site) {
  llvm::BitVector &Recorded = ThrowStates[Site];
  Recorded.resize(State.size());
  Recorded |= State;
}

void FunctionAnalyzer::recordUnwind(const llvm::BitVector &State,
                                    const Stmt *Site) {
  for (unsigned B : State.set_bits())
    if (Result->Events[B].Op == Operation::Begin &&
        Result->Events[B].CommitsOnUnwind)
      Unwinds.insert({{B, Site}, true});
}

void FunctionAnalyzer::recordCallInTransaction(FlowState &State,
                                               const Stmt *Site) {
  // Open begins, and begins a callee had and perhaps left open.
  llvm::BitVector Open = State.HandedOff;
  for (unsigned B : State.May.set_bits())
    if (Result->Events[B].Op == Operation::Begin)
      Open.set(B);
  if (Open.none())
    return;
  llvm::BitVector &Recorded = CallsInTransactions[Site];
  Recorded.resize(Open.size());
  Recorded |= Open;
  State.CallsSinceBegin.set(CallSites.lookup(Site));
}

void FunctionAnalyzer::forgetEnds(
    FlowState &State, llvm::function_ref<bool(const TxnEvent &)> OnHandle) {
  for (unsigned E : State.MustEnded.set_bits())
    if (OnHandle(Result->Events[E]))
      State.MustEnded.reset(E);
}

void FunctionAnalyzer::noteInScopes(const llvm::BitVector &State,
                                    const TxnEvent &E, unsigned Id) {
  for (unsigned B : State.set_bits()) {
    if (Result->Events[B].Op != Operation::Begin)
      continue;
    Scope &Facts = ScopeFacts[B];
    if (E.Op == Operation::Write)
      Facts.Writes.insert(Id);
    else if (E.Op == Operation::SavepointOpen)
      Facts.Savepoints.insert(Id);
    if (E.Failure != FailureReport::None && E.Op != Operation::Begin)
      Facts.Fallible.insert(E.Site);
  }
}

void FunctionAnalyzer::applyEvent(FlowState &State, unsigned Id) {
  const TxnEvent &E = Result->Events[Id];
  const std::vector<TxnEvent> &Events = Result->Events;
  noteInScopes(State.May, E, Id);
  State.Happened.set(Id);
  // A use of a handle that every path has already ended. Destructors are
  // not uses; for a connection only a second end is (it may begin anew or
  // write in autocommit mode).
  // For a connection only a second end is a use: closing it after its
  // transaction ended is how programs end, closing it twice is not.
  auto IsUseAfter = [&](const TxnEvent &End) {
    if (E.HandleRole != Role::Session)
      return true;
    return E.Op == Operation::Commit || E.Op == Operation::Rollback ||
           (E.Op == Operation::Close && End.Op == Operation::Close);
  };
  if (!E.Destructor && E.Op != Operation::Begin)
    for (unsigned End : State.MustEnded.set_bits())
      if (Events[End].HandleKey == E.HandleKey && !E.HandleKey.empty() &&
          IsUseAfter(Events[End]))
        UsesAfterEnd.insert({{Id, End}, true});

  switch (E.Op) {
  case Operation::Begin:
    State.May.set(Id);
    // A new transaction starts a new workflow: commits before it are no
    // longer followed by failures of theirs.
    for (unsigned C : State.May.set_bits())
      if (Events[C].Op == Operation::Commit)
        State.May.reset(C);
    [[fallthrough]];
  case Operation::Open:
    // What ended on the handle is behind it: a reopened connection may be
    // closed again.
    forgetEnds(State, [&](const TxnEvent &End) {
      return End.HandleKey == E.HandleKey;
    });
    return;
  case Operation::Commit:
  case Operation::Rollback:
  case Operation::Close:
    if (E.Op == Operation::Commit)
      for (unsigned Call : State.CallsSinceBegin.set_bits())
        CommitsAfterCall[Call].insert(Id);
    State.CallsSinceBegin.reset();
    for (unsigned B : State.HandedOff.set_bits())
      if (Events[B].HandleKey == E.HandleKey)
        State.HandedOff.reset(B);
    endTransactions(State.May, E);
    if (E.Op == Operation::Commit)
      State.May.set(Id);
    if (!E.HandleKey.empty())
      State.MustEnded.set(Id);
    return;
  case Operation::SavepointOpen:
    State.May.set(Id);
    return;
  case Operation::SavepointRelease:
  case Operation::SavepointRollback:
    endSavepoints(State.May, E);
    return;
  case Operation::Write: {
    recordFailure(State.May, {FailurePoint::Write, E.Site, nullptr, false, Id},
                  &E);
    // Writes outside every transaction run in autocommit mode, one by one.
    // A savepoint outside BEGIN starts a transaction too (SQLite).
    bool InTransaction =
        State.HandedOff.any() ||
        llvm::any_of(State.May.set_bits(), [&](unsigned B) {
          return Events[B].Op == Operation::Begin ||
                 Events[B].Op == Operation::SavepointOpen;
        });
    // A write through a transaction object is inside that transaction.
    if (InTransaction || E.HandleKey.empty() || E.HandleRole != Role::Session)
      return;
    // A write further down the source reaches this one only round a loop,
    // where the pair is already reported the other way round; the same
    // helper called again runs the same statements again, as in a loop.
    const SourceManager &SM = Ctx.getSourceManager();
    for (unsigned W : State.May.set_bits())
      if (W != Id && Events[W].Op == Operation::Write &&
          Events[W].HandleKey == E.HandleKey &&
          !SM.isBeforeInTranslationUnit(eventLocation(E),
                                        eventLocation(Events[W])) &&
          !(E.Via && Events[W].Via == E.Via)) {
        // Prefer an earlier write of known SQL: checks drop pairs that
        // rest on unknown SQL.
        auto [It, Inserted] = RepeatedWrites.insert({Id, W});
        if (!Inserted && Events[It->second].SqlUnknown &&
            !Events[W].SqlUnknown)
          It->second = W;
      }
    State.May.set(Id);
    return;
  }
  default:
    return;
  }
}

void FunctionAnalyzer::apply(FlowState &State, const Action &A) {
  unsigned NumFlags = Flags.size();
  unsigned AllPaths = Result->Events.size() * NumFlags;
  switch (A.K) {
  case Action::Event:
    applyEvent(State, A.EventId);
    // Every path here now has the event's bit set.
    if (NumFlags && State.May.test(A.EventId))
      std::copy_n(State.FlagValues.begin() + AllPaths, NumFlags,
                  State.FlagValues.begin() + A.EventId * NumFlags);
    return;
  case Action::SetFlag:
    for (unsigned Bit : State.May.set_bits())
      State.FlagValues[Bit * NumFlags + A.Flag] = A.FlagValues;
    State.FlagValues[AllPaths + A.Flag] = A.FlagValues;
    return;
  case Action::HandOff: {
    auto Reaches = [&](const TxnEvent &E) {
      if (isGlobalVariable(rootVariable(E.Handle)))
        return true;
      return llvm::any_of(A.Keys, [&](const std::string &Key) {
        return !E.HandleKey.empty() &&
               (E.HandleKey == Key ||
                StringRef(E.HandleKey).contains("(" + Key + ")"));
      });
    };
    if (A.MayWrite) {
      for (unsigned B : State.May.set_bits())
        if (Result->Events[B].Op == Operation::Begin)
          ScopeFacts[B].CallMayWrite = true;
      for (unsigned B : State.HandedOff.set_bits())
        ScopeFacts[B].CallMayWrite = true;
    }
    if (A.MayEnd)
      for (unsigned B : State.May.set_bits())
        if (Result->Events[B].Op == Operation::Begin &&
            Reaches(Result->Events[B])) {
          State.May.reset(B);
          State.HandedOff.set(B);
        }
    // The callee may begin anew on what it is handed.
    if (A.MayEnd || A.MayBegin)
      forgetEnds(State, Reaches);
    return;
  }
  case Action::SideExit: {
    for (unsigned B : State.May.set_bits())
      if (Result->Events[B].Op == Operation::Begin)
        ScopeFacts[B].Fallible.insert(A.Site);
    recordThrow(State.May, A.Site);
    recordUnwind(State.May, A.Site);
    recordCallInTransaction(State, A.Site);
    // A modelled call's failure is what its events say: a write is a
    // failure point as a write, a read or a begin (a new workflow) is none,
    // and a commit that throws did not commit.
    FlowState Thrown = State;
    if (!SiteEvents.count(A.Site))
      recordFailure(State.May,
                    {FailurePoint::Call, A.Site, calleeOf(A.Site), true});
    else if (auto Tested = SiteTested.find(A.Site);
             Tested != SiteTested.end() &&
             Result->Events[Tested->second].Op == Operation::Commit) {
      Thrown.May.reset(Tested->second);
      Thrown.MustEnded.reset(Tested->second);
    }
    auto It = EnclosingTry.find(A.Site);
    if (It != EnclosingTry.end())
      Flow->joinInto(Tries[It->second].Dispatch, Thrown);
    else
      ExceptionalExits[A.Site] |= Thrown.May;
    return;
  }
  case Action::Throw:
    recordThrow(State.May, A.Site);
    recordUnwind(State.May, A.Site);
    recordFailure(State.May, {FailurePoint::Throw, A.Site, nullptr, true});
    return;
  case Action::HandlerEntry:
    Flow->joinInto(Tries[EnclosingTry.lookup(A.Site)].Dispatch, State);
    return;
  case Action::Failure:
    if (A.FailureKind == FailurePoint::Call)
      recordCallInTransaction(State, A.Site);
    if (!A.Summarized)
      recordFailure(State.May,
                    {A.FailureKind, A.Site, calleeOf(A.Site), A.MayThrow});
    return;
  }
}

void FunctionAnalyzer::normalize(FlowState &State) const {
  // Rows of bits the transfer functions cleared: emptied, so that joins
  // and comparisons see only live rows.
  if (unsigned NumFlags = Flags.size())
    for (unsigned Bit = 0, N = State.May.size(); Bit < N; ++Bit)
      if (!State.May.test(Bit))
        std::fill_n(State.FlagValues.begin() + Bit * NumFlags, NumFlags, 0);
}

bool FunctionAnalyzer::join(FlowState &Into, const FlowState &From) const {
  FlowState Old = Into;
  Into.May |= From.May;
  Into.MustEnded &= From.MustEnded;
  Into.HandedOff |= From.HandedOff;
  Into.CallsSinceBegin |= From.CallsSinceBegin;
  Into.Happened &= From.Happened;
  joinFlags(Into, From);
  return !(Into == Old);
}

void FunctionAnalyzer::joinFlags(FlowState &Into, const FlowState &From) const {
  unsigned NumFlags = Flags.size();
  auto JoinRow = [&](unsigned Row) {
    for (unsigned F = Row * NumFlags, End = F + NumFlags; F < End; ++F)
      Into.FlagValues[F] |= From.FlagValues[F];
  };
  if (!NumFlags)
    return;
  for (unsigned Bit : From.May.set_bits())
    JoinRow(Bit);
  JoinRow(From.May.size());
}

void FunctionAnalyzer::narrowFlags(FlowState &State, const FlagTest &Test,
                                   unsigned Succ) const {
  // Only the paths whose flag value takes this edge continue on it: a bit
  // set on none of them is clear here.
  unsigned NumFlags = Flags.size();
  State.FlagValues[State.May.size() * NumFlags + Test.Flag] &= Test.Takes[Succ];
  for (unsigned Bit : State.May.set_bits()) {
    uint8_t &Values = State.FlagValues[Bit * NumFlags + Test.Flag];
    Values &= Test.Takes[Succ];
    if (!Values) {
      State.May.reset(Bit);
      std::fill_n(State.FlagValues.begin() + Bit * NumFlags, NumFlags, 0);
    }
  }
}

FlowState FunctionAnalyzer::edgeState(const FlowState &Out, const CFGBlock &B,
                                      unsigned SuccIndex) const {
  FlowState State = Out;
  const std::optional<EventTest> &Test = BlockTests[B.getBlockID()];
  if (Test && Test->FailureSucc == SuccIndex) {
    // The begin or commit failed on this edge: it did nothing.
    State.May.reset(Test->Event);
    State.MustEnded.reset(Test->Event);
  }
  if (const std::optional<FlagTest> &Flag = BlockFlagTests[B.getBlockID()];
      Flag && SuccIndex < 2)
    narrowFlags(State, *Flag, SuccIndex);
  return State;
}

bool FunctionAnalyzer::edgeIsLive(const CFGBlock &B, const CFGBlock &Succ) const {
  // From a try's dispatch, the edge that bypasses every handler is taken
  // only if some exception in the try body is not caught by them.
  auto It = DispatchTry.find(&B);
  if (It == DispatchTry.end() || isa_and_nonnull<CXXCatchStmt>(Succ.getLabel()))
    return true;
  return Tries.lookup(It->second).FirstEscape != nullptr;
}

void FunctionAnalyzer::transfer(const CFGBlock &B, FlowState &State,
                                Solver &) {
  for (const Action &A : BlockActions[B.getBlockID()])
    apply(State, A);
}

void FunctionAnalyzer::enterNextIteration(const Stmt *Loop,
                                          FlowState &State) const {
  // Going round a loop again starts a new iteration's workflow: the
  // commits made inside the loop are not followed by what comes next.
  for (unsigned C : State.May.set_bits())
    if (Result->Events[C].Op == Operation::Commit &&
        isInside(Result->Events[C].Site, Loop))
      State.May.reset(C);
}

bool FunctionAnalyzer::solve() {
  unsigned NumBlocks = Cfg->getNumBlockIDs();
  unsigned NumEvents = Result->Events.size();
  FlowState Empty{llvm::BitVector(NumEvents), llvm::BitVector(NumEvents),
                  llvm::BitVector(NumEvents),
                  llvm::BitVector(CallSites.size()),
                  llvm::BitVector(NumEvents), {}};
  // No bit is set at the entry; each flag's value is unknown there.
  Empty.FlagValues.assign((NumEvents + 1) * Flags.size(), 0);
  std::fill(Empty.FlagValues.begin() + NumEvents * Flags.size(),
            Empty.FlagValues.end(), UnknownValue);
  return Flow->solve(Empty, Budget.VisitsPerBlock * NumBlocks + 64);
}

//===-- Results -----------------------------------------------------------===//

bool FunctionAnalyzer::isInside(const Stmt *Inner, const Stmt *Outer) const {
  for (const Stmt *S = Inner; S; S = Parent.lookup(S))
    if (S == Outer)
      return true;
  return false;
}

void FunctionAnalyzer::recordExit(const llvm::BitVector &State, ExitPoint Exit) {
  for (unsigned B : State.set_bits()) {
    if (Result->Events[B].Op != Operation::Begin || !isReportable(B))
      continue;
    auto [It, Inserted] =
        LeftOpenIndex.try_emplace(B, Result->LeftOpen.size());
    if (Inserted)
      Result->LeftOpen.push_back({B, {}});
    std::vector<ExitPoint> &Exits = Result->LeftOpen[It->second].Exits;
    if (llvm::none_of(Exits, [&](const ExitPoint &E) { return E.Loc == Exit.Loc; }))
      Exits.push_back(Exit);
  }
}

void FunctionAnalyzer::inferReturnedEvent(
    llvm::ArrayRef<std::pair<const Stmt *, llvm::BitVector>> Returns) {
  // The value returned says how an event went: the event's own result
  // (`return sqlite3_exec(...)`), a test of it (`return q.exec() == OK`),
  // or constants that agree with it (`if (!db.commit()) return false;
  // return true;`).
  std::optional<std::pair<unsigned, FailureReport>> Reported;
  llvm::SmallVector<std::pair<bool, const llvm::BitVector *>, 4> Constants;
  for (const auto &[Ret, May] : Returns) {
    const Expr *Value = returnedValue(Ret);
    std::optional<std::pair<unsigned, FailureReport>> This;
    if (const auto *Bool = dyn_cast<CXXBoolLiteralExpr>(
            Value->IgnoreParenImpCasts()->IgnoreImplicit())) {
      Constants.push_back({Bool->getValue(), &May});
      continue;
    }
    if (auto It = SiteTested.find(resultSource(Value)); It != SiteTested.end())
      This = {It->second, Result->Events[It->second].Failure};
    else if (std::optional<EventTest> Test = testedEvent(Value);
             Test && Test->FailureSucc == 1)
      This = {Test->Event, FailureReport::ReturnsBool};
    if (!This || This->second == FailureReport::None ||
        (Reported && *Reported != *This))
      return;
    Reported = This;
  }
  if (Constants.empty() && !Reported)
    return;
  // Constants say true where the event may have succeeded, false where it
  // did not happen or failed; at least one false, or they report nothing.
  auto Agrees = [&](unsigned Event) {
    return llvm::all_of(Constants, [&](const auto &Constant) {
             return Constant.first == Constant.second->test(Event);
           }) &&
           (Reported || llvm::any_of(Constants, [](const auto &Constant) {
              return !Constant.first;
            }));
  };
  if (Reported) {
    if (Constants.empty() || (Reported->second == FailureReport::ReturnsBool &&
                              Agrees(Reported->first))) {
      Result->ReturnedEvent = Reported->first;
      Result->ReturnedAs = Reported->second;
    }
    return;
  }
  for (const auto &[Site, Event] : SiteTested)
    if (Result->Events[Event].Failure != FailureReport::None && Agrees(Event) &&
        (!Result->ReturnedEvent || Event < *Result->ReturnedEvent)) {
      Result->ReturnedEvent = Event;
      Result->ReturnedAs = FailureReport::ReturnsBool;
    }
}

bool FunctionAnalyzer::isReportable(unsigned Begin) const {
  const std::vector<TxnEvent> &Events = Result->Events;
  const TxnEvent &E = Events[Begin];
  if (E.Scoped || ReturnedSites.contains(E.Site) ||
      StoredKeys.contains(E.HandleKey) || ReturnedKeys.contains(E.HandleKey))
    return false;
  // A transaction object held in a local variable (RocksDB's Transaction*,
  // LMDB's MDB_txn*) belongs to this function: left alone, it leaks.
  const auto *Local = dyn_cast_or_null<VarDecl>(
      E.BoundVariable ? E.BoundVariable : rootVariable(E.Handle));
  if (E.HandleRole == Role::Transaction && Local && Local->hasLocalStorage() &&
      !isa<ParmVarDecl>(Local))
    return true;
  // A function that never ends the transaction on any path began it for its
  // caller (a begin() wrapper): that is a hand-off, not a leak.
  for (const TxnEvent &Other : Events) {
    if (!endsTransaction(Other.Op))
      continue;
    if (Other.HandleKey == E.HandleKey ||
        (!Other.Destructor && llvm::none_of(Events, [&](const TxnEvent &B) {
          return B.Op == Operation::Begin && B.HandleKey == Other.HandleKey;
        })))
      return true;
  }
  return false;
}

void FunctionAnalyzer::collectExits() {
  const CFGBlock &Exit = Cfg->getExit();
  SourceLocation EndOfBody = FD->getBody()->getEndLoc();
  std::optional<llvm::BitVector> OnEveryPath;
  std::vector<std::pair<const Stmt *, llvm::BitVector>> Returns;
  for (const CFGBlock *P : Exit.preds()) {
    if (!P || !Flow->reached(*P) || P->hasNoReturnElement())
      continue;
    unsigned Index = 0;
    for (const CFGBlock::AdjacentBlock &Succ : P->succs()) {
      if (Succ.getReachableBlock() == &Exit && edgeIsLive(*P, Exit)) {
        ExitPoint Point{ExitPoint::EndOfFunction, EndOfBody};
        const Stmt *Ret = nullptr;
        if (auto It = DispatchTry.find(P); It != DispatchTry.end()) {
          Point = {ExitPoint::Exception,
                   Tries[It->second].FirstEscape->getBeginLoc()};
        } else {
          for (const CFGElement &Elem : llvm::reverse(*P))
            if (auto CS = Elem.getAs<CFGStmt>()) {
              if (isa<ReturnStmt, CoreturnStmt>(CS->getStmt())) {
                Ret = CS->getStmt();
                Point = {ExitPoint::Return, Ret->getBeginLoc()};
                break;
              }
              if (isa<CXXThrowExpr>(CS->getStmt())) {
                Point = {ExitPoint::Exception, CS->getStmt()->getBeginLoc()};
                break;
              }
            }
        }
        FlowState State = edgeState(Flow->out(*P), *P, Index);
        recordExit(State.May, Point);
        if (Point.K != ExitPoint::Exception) {
          if (OnEveryPath)
            *OnEveryPath &= State.Happened;
          else
            OnEveryPath = State.Happened;
          if (Ret && returnedValue(Ret))
            Returns.push_back({Ret, std::move(State.May)});
        }
      }
      ++Index;
    }
  }
  for (const auto &[Site, State] : ExceptionalExits)
    recordExit(State, {ExitPoint::Exception, Site->getBeginLoc()});
  Result->OnEveryPath =
      OnEveryPath ? std::move(*OnEveryPath) : llvm::BitVector(Result->Events.size());
  inferReturnedEvent(Returns);

  const SourceManager &SM = Ctx.getSourceManager();
  for (LeftOpenTransaction &L : Result->LeftOpen)
    llvm::sort(L.Exits, [&](const ExitPoint &A, const ExitPoint &B) {
      return SM.isBeforeInTranslationUnit(A.Loc, B.Loc);
    });
  llvm::sort(Result->LeftOpen,
             [](const LeftOpenTransaction &A, const LeftOpenTransaction &B) {
               return A.Begin < B.Begin;
             });
}

void FunctionAnalyzer::collectFailures() {
  const SourceManager &SM = Ctx.getSourceManager();
  for (auto &[Commit, Points] : Failures) {
    CommitThenFailure Entry{Commit, {}};
    for (auto &[Site, Point] : Points)
      Entry.Points.push_back(Point);
    llvm::sort(Entry.Points, [&](const FailurePoint &A, const FailurePoint &B) {
      return SM.isBeforeInTranslationUnit(A.Site->getBeginLoc(),
                                          B.Site->getBeginLoc());
    });
    Result->CommitsThenFailures.push_back(std::move(Entry));
  }
  llvm::sort(Result->CommitsThenFailures,
             [](const CommitThenFailure &A, const CommitThenFailure &B) {
               return A.Commit < B.Commit;
             });
}

bool FunctionAnalyzer::handlerRollsBack(const CXXCatchStmt *Handler,
                                        unsigned Savepoint) const {
  const TxnEvent &Open = Result->Events[Savepoint];
  for (const auto &[Site, Ids] : SiteEvents) {
    if (!isInside(Site, Handler))
      continue;
    for (unsigned Id : Ids) {
      const TxnEvent &E = Result->Events[Id];
      // Rolling back the whole transaction is a deliberate decision too.
      if ((E.Op == Operation::SavepointRollback &&
           E.HandleKey == Open.HandleKey &&
           (E.SavepointName.empty() || E.SavepointName == Open.SavepointName)) ||
          E.Op == Operation::Rollback)
        return true;
    }
  }
  return false;
}

/// Whether \p Handler throws again (a rethrow or a new exception).
bool rethrows(const Stmt *S) {
  if (!S || isa<LambdaExpr>(S))
    return false;
  if (isa<CXXThrowExpr>(S))
    return true;
  return llvm::any_of(S->children(), rethrows);
}

std::optional<ThrowInSavepoint::Outcome>
FunctionAnalyzer::throwOutcome(const Stmt *Site, unsigned Savepoint) {
  std::optional<ExceptionInfo> Info = Exceptions.mayThrow(Site);
  if (!Info)
    return std::nullopt;
  const TxnEvent &Open = Result->Events[Savepoint];
  auto It = EnclosingTry.find(Site);
  for (const CXXTryStmt *Try = It == EnclosingTry.end() ? nullptr : It->second;
       Try; Try = Tries[Try].Parent) {
    const CXXCatchStmt *Handler = Exceptions.handlerFor(*Info, Try, Ctx);
    if (!Handler)
      continue;
    // Rolled back to the savepoint (or further) before the handler is done:
    // by the handler, or by RAII objects of the try block that unwinding
    // destroys. Then stopping or rethrowing is the author's decision.
    if (handlerRollsBack(Handler, Savepoint) ||
        unwindingRollsBack(Try, Savepoint))
      return std::nullopt;
    if (rethrows(Handler->getHandlerBlock()))
      continue;
    // A try inside the savepoint's scope stops the exception before it
    // reaches the savepoint, which is fine unless what failed was the
    // database itself: then the savepoint's work is in a failed state.
    bool TryInsideSavepoint = !isInside(Open.Site, Try->getTryBlock());
    if (TryInsideSavepoint && !SiteEvents.count(Site))
      return std::nullopt;
    return ThrowInSavepoint::CaughtWithoutRollback;
  }
  // Out of the function: an RAII savepoint's destructor rolls back to it
  // while the exception unwinds, and the caller's handler decides what
  // happens next; any other savepoint is left open.
  if (Open.Scoped)
    return std::nullopt;
  return ThrowInSavepoint::Uncaught;
}

bool FunctionAnalyzer::unwindingRollsBack(const CXXTryStmt *Try,
                                          unsigned Savepoint) const {
  const TxnEvent &Open = Result->Events[Savepoint];
  if (Open.Scoped && isInside(Open.Site, Try->getTryBlock()))
    return true;
  // An RAII transaction of the try block rolls back everything, savepoint
  // included.
  return llvm::any_of(Result->Events, [&](const TxnEvent &Begin) {
    return Begin.Op == Operation::Begin && Begin.Scoped &&
           !Begin.CommitsOnUnwind && isInside(Begin.Site, Try->getTryBlock()) &&
           (Begin.HandleKey == Open.HandleKey ||
            (!Open.ConnectionKey.empty() &&
             Begin.ConnectionKey == Open.ConnectionKey));
  });
}

void FunctionAnalyzer::collectThrowsInSavepoints() {
  for (const auto &[Site, State] : ThrowStates) {
    // A rethrow continues an exception already reported where it started.
    if (const auto *Throw = dyn_cast<CXXThrowExpr>(Site); Throw && !Throw->getSubExpr())
      continue;
    for (unsigned S : State.set_bits())
      if (Result->Events[S].Op == Operation::SavepointOpen)
        if (auto Outcome = throwOutcome(Site, S))
          Result->ThrowsInSavepoints.push_back({Site, S, *Outcome});
  }
}

void FunctionAnalyzer::collectScopes() {
  const SourceManager &SM = Ctx.getSourceManager();
  auto EventsInOrder = [&](const llvm::SetVector<unsigned> &Ids) {
    std::vector<unsigned> List(Ids.begin(), Ids.end());
    llvm::sort(List, [&](unsigned A, unsigned B) {
      return SM.isBeforeInTranslationUnit(eventLocation(Result->Events[A]),
                                          eventLocation(Result->Events[B]));
    });
    return List;
  };
  for (unsigned B = 0; B < Result->Events.size(); ++B) {
    if (Result->Events[B].Op != Operation::Begin)
      continue;
    const Scope &Facts = ScopeFacts[B];
    TransactionScope Out;
    Out.Begin = B;
    Out.Writes = EventsInOrder(Facts.Writes);
    Out.Savepoints = EventsInOrder(Facts.Savepoints);
    Out.Ends = EventsInOrder(Facts.Ends);
    Out.FailurePoints.assign(Facts.Fallible.begin(), Facts.Fallible.end());
    Out.MayWrite = Facts.CallMayWrite || !Facts.Writes.empty();
    llvm::sort(Out.FailurePoints, [&](const Stmt *X, const Stmt *Y) {
      return SM.isBeforeInTranslationUnit(X->getBeginLoc(), Y->getBeginLoc());
    });
    Out.LeftOpenByException =
        llvm::any_of(Result->LeftOpen, [&](const LeftOpenTransaction &L) {
          return L.Begin == B && llvm::any_of(L.Exits, [](const ExitPoint &E) {
                   return E.K == ExitPoint::Exception;
                 });
        });
    Result->Scopes.push_back(std::move(Out));
  }
}

void FunctionAnalyzer::collectLifecycleFacts() {
  for (const auto &[Pair, _] : UsesAfterEnd)
    Result->UsesAfterEnd.push_back({Pair.first, Pair.second});
  for (const auto &[Write, Earlier] : RepeatedWrites)
    Result->AutocommitWrites.push_back({Write, Earlier});
  for (const auto &[Site, Begins] : CallsInTransactions) {
    CallInTransaction Call{
        Site, std::vector<unsigned>(Begins.set_bits_begin(), Begins.set_bits_end()),
        {}};
    if (auto It = CommitsAfterCall.find(CallSites.lookup(Site));
        It != CommitsAfterCall.end())
      Call.CommitsAfter.assign(It->second.begin(), It->second.end());
    Result->CallsInTransactions.push_back(std::move(Call));
  }
  // A committing destructor runs during unwinding unless the exception is
  // caught inside the variable's scope (by a try whose try block does not
  // contain the variable).
  for (const auto &[Pair, _] : Unwinds) {
    auto [Begin, Site] = Pair;
    const TxnEvent &E = Result->Events[Begin];
    std::optional<ExceptionInfo> Info = Exceptions.mayThrow(Site);
    if (!Info && !isa<CXXThrowExpr>(Site))
      continue;
    bool Destroyed = true;
    auto It = EnclosingTry.find(Site);
    for (const CXXTryStmt *Try = It == EnclosingTry.end() ? nullptr : It->second;
         Try; Try = Tries[Try].Parent) {
      const CXXCatchStmt *Handler =
          Info ? Exceptions.handlerFor(*Info, Try, Ctx) : nullptr;
      if (!Handler)
        continue;
      // Rolled back in the handler: the destructor has nothing to commit.
      if (llvm::any_of(SiteEvents, [&](const auto &Site) {
            return isInside(Site.first, Handler) &&
                   llvm::any_of(Site.second, [&](unsigned Id) {
                     const TxnEvent &End = Result->Events[Id];
                     return End.Op == Operation::Rollback &&
                            End.HandleKey == E.HandleKey;
                   });
          })) {
        Destroyed = false;
        break;
      }
      if (rethrows(Handler->getHandlerBlock()))
        continue;
      Destroyed = isInside(E.Site, Try->getTryBlock());
      break;
    }
    if (Destroyed)
      Result->CommitsOnUnwind.push_back({Begin, Site});
  }
}

std::unique_ptr<FunctionTxnResult> FunctionAnalyzer::run() {
  Result = std::make_unique<FunctionTxnResult>();
  Result->Function = FD;
  CFG::BuildOptions Options;
  Options.AddImplicitDtors = true;
  Options.AddInitializers = true;
  Cfg = CFG::buildCFG(FD, FD->getBody(), &Ctx, Options);
  if (!Cfg)
    return nullptr;
  Result->CfgBlocks = Cfg->getNumBlockIDs();
  if (Result->CfgBlocks > Budget.MaxBlocks) {
    Result->BudgetExceeded = true;
    return std::move(Result);
  }
  PostOrder = std::make_unique<PostOrderCFGView>(Cfg.get());
  Flow = std::make_unique<Solver>(*Cfg, *PostOrder, *this);
  mapStatements(FD->getBody(), nullptr, nullptr);
  findFlags();
  collectActions();
  if (Result->Events.empty())
    return std::move(Result);
  if (!solve()) {
    Result->BudgetExceeded = true;
    return std::move(Result);
  }
  collectExits();
  collectFailures();
  collectThrowsInSavepoints();
  collectLifecycleFacts();
  collectScopes();
  return std::move(Result);
}

} // namespace

std::unique_ptr<FunctionTxnResult>
analyzeTransactions(const FunctionDecl *FD, TxnAnalysisCache &Cache,
                    ExceptionFlow &Exceptions, const AnalysisBudget &Budget) {
  return FunctionAnalyzer(FD, Cache, Exceptions, Budget).run();
}

} // namespace txnlint
