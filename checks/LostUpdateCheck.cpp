//===--- LostUpdateCheck.cpp - txn-lost-update ----------------------------===//

#include "LostUpdateCheck.h"
#include "analysis/BodyWalk.h"
#include "analysis/CallOperands.h"
#include "analysis/TxnStateAnalysis.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/CharInfo.h"
#include "llvm/ADT/DenseSet.h"
#include <algorithm>

using namespace clang;

namespace txnlint {
namespace {

/// The isolation level a transaction runs at, and whether it lets a
/// concurrent transaction change a row between a plain read and a write of
/// it: READ COMMITTED anywhere; REPEATABLE READ on MySQL, whose plain reads
/// see a snapshot but whose updates do not wait for it (PostgreSQL's
/// REPEATABLE READ fails the second update instead). SQLite serializes
/// writers (txn-deferred-upgrade). The level is the begin's, a SET
/// TRANSACTION's inside the transaction, else the database's default.
std::optional<std::string> lossyIsolation(StringRef Database,
                                          std::string Level) {
  if (Database == "sqlite")
    return std::nullopt;
  if (Level.empty()) {
    if (Database == "postgresql")
      return std::string("READ COMMITTED, PostgreSQL's default");
    if (Database == "mysql")
      return std::string("REPEATABLE READ, MySQL's default, without a "
                         "locking read");
    return std::string("the database's default (READ COMMITTED on "
                       "PostgreSQL, REPEATABLE READ on MySQL)");
  }
  if (Level == "READ COMMITTED" || Level == "READ UNCOMMITTED")
    return Level;
  if (Level == "REPEATABLE READ" && Database == "mysql")
    return Level + " on MySQL, without a locking read";
  return std::nullopt;
}

/// The whole expression \p S is part of: up to a statement that is not an
/// expression (the condition of an if, not the if).
const Stmt *wholeExpression(const Stmt *S, const BodyParents &Parents) {
  while (const Stmt *Parent = Parents.parentStmt(S)) {
    if (!isa<Expr>(Parent))
      return S;
    S = Parent;
  }
  return S;
}

/// The whole expression of the write \p S without what only receives or
/// decides on its result: `rc = write(...)` and `ok && write(...)` read
/// `rc` and `ok` for no value the write stores.
const Stmt *writeExpression(const Stmt *S, const BodyParents &Parents) {
  while (const Stmt *Parent = Parents.parentStmt(S)) {
    const auto *BO = dyn_cast<BinaryOperator>(Parent);
    const auto *Op = dyn_cast<CXXOperatorCallExpr>(Parent);
    if (!isa<Expr>(Parent) ||
        (BO && (BO->isAssignmentOp() || BO->isLogicalOp()) &&
         BO->getRHS() == S) ||
        (Op && Op->isAssignmentOp() && Op->getNumArgs() == 2 &&
         Op->getArg(1) == S) ||
        (isa<AbstractConditionalOperator>(Parent) &&
         cast<AbstractConditionalOperator>(Parent)->getCond() != S))
      return S;
    S = Parent;
  }
  return S;
}

/// The block around \p S, and its statement that contains \p S.
std::pair<const CompoundStmt *, const Stmt *>
enclosingBlock(const Stmt *S, const BodyParents &Parents) {
  while (const Stmt *Parent = Parents.parentStmt(S)) {
    if (const auto *Block = dyn_cast<CompoundStmt>(Parent))
      return {Block, S};
    S = Parent;
  }
  return {nullptr, nullptr};
}

/// The local variables \p S mentions.
void collectVars(const Stmt *S, llvm::DenseSet<const VarDecl *> &Into) {
  forEachOutsideLambdas(S, [&](const Stmt *S) {
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
      if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
        Into.insert(Var);
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      for (const Decl *D : DS->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D))
          collectVars(Var->getInit(), Into);
  });
}

bool mentionsAny(const Stmt *S, const llvm::DenseSet<const VarDecl *> &Vars) {
  llvm::DenseSet<const VarDecl *> Used;
  collectVars(S, Used);
  return llvm::any_of(Used, [&](const VarDecl *V) { return Vars.contains(V); });
}

/// Follows the values read by a statement through the function: the
/// variables that receive the result (`auto r = w.exec(...)`, `into(x)`,
/// `q = sqlite3_column_int(stmt, 0)`) and those computed from them.
class ReadValues {
public:
  /// \p Sources hold the read's rows (a statement, a result): what is
  /// computed from them is read, they are not. So does a result that a C
  /// API fetches from \p Connection, the read's connection, after it
  /// (`MYSQL_RES *res = mysql_store_result(m)`). \p Received hold what was
  /// read.
  ReadValues(const FunctionDecl *FD, const Stmt *ReadExpression,
             const BodyParents &Parents,
             llvm::DenseSet<const VarDecl *> Sources,
             const ValueDecl *Connection,
             const llvm::DenseSet<const VarDecl *> &Received)
      : Sources(std::move(Sources)), Connection(Connection) {
    seed(ReadExpression, Parents);
    Tainted.insert(Received.begin(), Received.end());
    // Twice, for values that go round a loop.
    for (int Pass = 0; Pass < 2; ++Pass)
      forEachOutsideLambdas(FD->getBody(),
                            [&](const Stmt *S) { propagateAt(S); });
  }

  bool flowsInto(const Stmt *S) const { return mentionsAny(S, Tainted); }

  bool derived(const Stmt *S) const {
    return mentionsAny(S, Tainted) || mentionsAny(S, Sources);
  }

private:
  /// The variables the whole expression \p S of the read stores its
  /// result in.
  void seed(const Stmt *S, const BodyParents &Parents) {
    if (const VarDecl *Var = Parents.parentVar(S))
      Tainted.insert(Var);
    forEachOutsideLambdas(S, [&](const Stmt *S) { seedAt(S); });
  }

  /// The variables \p S alone (not its children) stores the read in.
  void seedAt(const Stmt *S) {
    if (const auto *BO = dyn_cast<BinaryOperator>(S);
        BO && BO->isAssignmentOp())
      if (const auto *Var = dyn_cast_or_null<VarDecl>(rootVariable(BO->getLHS())))
        Tainted.insert(Var);
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S);
        Op && Op->isAssignmentOp() && Op->getNumArgs() == 2)
      if (const auto *Var = dyn_cast_or_null<VarDecl>(rootVariable(Op->getArg(0))))
        Tainted.insert(Var);
    // soci::into(x), Poco's into(x): the row lands in x.
    if (const auto *Call = dyn_cast<CallExpr>(S))
      if (const FunctionDecl *Callee = Call->getDirectCallee();
          Callee && Callee->getIdentifier() && Callee->getName() == "into")
        for (const Expr *Arg : Call->arguments())
          if (const auto *Var = dyn_cast_or_null<VarDecl>(rootVariable(Arg)))
            Tainted.insert(Var);
  }

  /// The variables \p S alone (not its children) derives from the read.
  void propagateAt(const Stmt *S) {
    if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D); Var && Var->getInit()) {
          if (derived(Var->getInit()))
            Tainted.insert(Var);
          else if (fetchesFromConnection(Var))
            Sources.insert(Var);
        }
    } else if (const auto *BO = dyn_cast<BinaryOperator>(S);
               BO && BO->isAssignmentOp() && derived(BO->getRHS())) {
      if (const auto *Var = dyn_cast_or_null<VarDecl>(rootVariable(BO->getLHS())))
        Tainted.insert(Var);
    } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S);
               Op &&
               (Op->isAssignmentOp() || Op->getOperator() == OO_LessLess) &&
               Op->getNumArgs() == 2 && derived(Op->getArg(1))) {
      // `s = x`, `s += x`, and text streamed into a local (`os << qty + 1`).
      if (const auto *Var = dyn_cast_or_null<VarDecl>(rootVariable(Op->getArg(0))))
        Tainted.insert(Var);
    } else if (const auto *Call = dyn_cast<CallExpr>(S)) {
      // `snprintf(sql, n, "UPDATE t SET c = %d ...", qty + 1)`.
      if (auto Filled = formattedBuffer(Call);
          Filled &&
          llvm::any_of(llvm::drop_begin(Call->arguments(), Filled->second + 1),
                       [&](const Expr *Arg) { return derived(Arg); }))
        if (const auto *Var =
                dyn_cast_or_null<VarDecl>(rootVariable(Filled->first)))
          Tainted.insert(Var);
    }
  }

  /// `MYSQL_RES *res = mysql_store_result(m)`: a pointer that a call given
  /// the read's connection returns.
  bool fetchesFromConnection(const VarDecl *Var) const {
    const auto *Call =
        dyn_cast<CallExpr>(Var->getInit()->IgnoreParenImpCasts());
    return Connection && Call && Var->getType()->isPointerType() &&
           llvm::any_of(Call->arguments(), [&](const Expr *Arg) {
             return namedStorage(Arg) == Connection;
           });
  }

  llvm::DenseSet<const VarDecl *> Sources, Tainted;
  const ValueDecl *Connection;
};

/// The operands of \p Sql, SQL text concatenated from literals and values
/// (`"UPDATE t SET a = " + x + " WHERE id = " + y`), in order, with its
/// literal text (each value a \x01 in it). False when it is not such text.
bool flattenSql(const Expr *Sql, llvm::SmallVectorImpl<const Expr *> &Values,
                llvm::SmallVectorImpl<size_t> &Offsets, std::string &Text,
                const ASTContext &Ctx) {
  Sql = Sql->IgnoreParenImpCasts()->IgnoreImplicit();
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Sql);
      Member && Member->getNumArgs() == 0) // .c_str()
    return flattenSql(Member->getImplicitObjectArgument(), Values, Offsets,
                      Text, Ctx);
  if (const auto *Plus = dyn_cast<CXXOperatorCallExpr>(Sql);
      Plus && Plus->getOperator() == OO_Plus && Plus->getNumArgs() == 2)
    return flattenSql(Plus->getArg(0), Values, Offsets, Text, Ctx) &&
           flattenSql(Plus->getArg(1), Values, Offsets, Text, Ctx);
  if (const auto *Built = dyn_cast<CXXConstructExpr>(Sql);
      Built && Built->getNumArgs() >= 1) // std::string(const char *, alloc)
    return flattenSql(Built->getArg(0), Values, Offsets, Text, Ctx);
  // A literal, also as Qt 5's QStringLiteral("...") makes one: a lambda
  // that returns it.
  const auto *Made = dyn_cast<CallExpr>(Sql);
  const auto *Maker =
      Made ? dyn_cast_or_null<CXXMethodDecl>(Made->getDirectCallee()) : nullptr;
  if (isa<StringLiteral>(Sql) || (Maker && Maker->getParent()->isLambda())) {
    std::optional<std::string> Literal = sqlTextOf(Sql, Ctx);
    if (Literal || isa<StringLiteral>(Sql)) {
      Text += Literal.value_or("");
      return true;
    }
  }
  Values.push_back(Sql);
  Offsets.push_back(Text.size());
  Text += '\x01';
  return true;
}

/// The operator call whose first operand is \p E, seen through temporaries
/// (`sql << "..." << id`, `(sql << "..."), use(id)`), if it is \p Kind.
const CXXOperatorCallExpr *streamedInto(const Expr *E,
                                        OverloadedOperatorKind Kind,
                                        const BodyParents &Parents) {
  const Stmt *Up = Parents.parentStmt(E);
  while (isa_and_nonnull<ImplicitCastExpr, MaterializeTemporaryExpr,
                         CXXBindTemporaryExpr, ParenExpr>(Up)) {
    E = cast<Expr>(Up);
    Up = Parents.parentStmt(Up);
  }
  const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(Up);
  return Op && Op->getOperator() == Kind && Op->getNumArgs() == 2 &&
                 Op->getArg(0) == E
             ? Op
             : nullptr;
}

/// Whether the values \p Values reads reach what \p Call, an UPDATE,
/// assigns: its SQL text before the WHERE, or a parameter whose placeholder
/// (`$2`, the second `?` or `:name`) is there. A value that only picks the
/// row (`WHERE id = " + id`) loses no update. Null when the call's SQL is
/// not text built here from literals.
std::optional<bool> flowsIntoAssignment(const CallExpr *Call,
                                        const ReadValues &Values,
                                        const BodyParents &Parents,
                                        const ASTContext &Ctx) {
  for (unsigned I = 0, N = Call->getNumArgs(); I != N; ++I) {
    llvm::SmallVector<const Expr *, 4> Pieces;
    llvm::SmallVector<size_t, 4> Offsets;
    std::string Text;
    if (!isText(Call->getArg(I)->getType()) ||
        !flattenSql(Call->getArg(I), Pieces, Offsets, Text, Ctx) ||
        !StringRef(Text).ltrim().starts_with_insensitive("UPDATE"))
      continue;
    // The arguments after the SQL fill its placeholders in order; on a
    // stream (SOCI's `sql << "UPDATE ... = " << x << " WHERE ...", use(y)`),
    // what `<<` adds is more text, and what `,` adds fills them.
    llvm::SmallVector<const Expr *, 4> Bound(Call->arg_begin() + I + 1,
                                             Call->arg_end());
    const Expr *Stream = Call;
    while (const CXXOperatorCallExpr *More =
               streamedInto(Stream, OO_LessLess, Parents)) {
      if (!flattenSql(More->getArg(1), Pieces, Offsets, Text, Ctx))
        return std::nullopt;
      Stream = More;
    }
    while (const CXXOperatorCallExpr *Use =
               streamedInto(Stream, OO_Comma, Parents)) {
      Bound.push_back(Use->getArg(1));
      Stream = Use;
    }
    std::string Upper = StringRef(Text).upper();
    size_t Where = Upper.find("WHERE");
    if (Where == std::string::npos)
      return std::nullopt;
    for (unsigned P = 0; P != Pieces.size(); ++P)
      if (Offsets[P] < Where && Values.flowsInto(Pieces[P]))
        return true;
    // `::` is a PostgreSQL cast, not a placeholder.
    llvm::SmallVector<bool, 4> PlaceholderInSet;
    for (size_t At = 0; At < Text.size(); ++At)
      if (Text[At] == '?' || (Text[At] == ':' && At + 1 < Text.size() &&
                              (isLetter(Text[At + 1]) || Text[At + 1] == '_') &&
                              (At == 0 || Text[At - 1] != ':')))
        PlaceholderInSet.push_back(At < Where);
    for (unsigned Index = 0; Index != Bound.size(); ++Index) {
      if (!Values.flowsInto(Bound[Index]))
        continue;
      std::string Dollar = "$" + std::to_string(Index + 1);
      size_t Found = Text.find(Dollar);
      bool InSet =
          !PlaceholderInSet.empty()
              ? Index >= PlaceholderInSet.size() || PlaceholderInSet[Index]
              : Found == std::string::npos || Found < Where;
      if (InSet)
        return true;
    }
    return false;
  }
  return std::nullopt;
}

/// The variables a helper's read (\p E, replayed from its summary) leaves
/// what it read in: its output parameters (`db.queryLong(sql, balance)`),
/// not the transaction's handle or connection.
llvm::DenseSet<const VarDecl *> receivedVars(const TxnEvent &E,
                                             const TxnEvent &Begin) {
  llvm::DenseSet<const VarDecl *> Vars;
  const auto *Call = dyn_cast_or_null<CallExpr>(E.Site);
  if (!E.Via || !Call || isa<CXXOperatorCallExpr>(Call))
    return Vars;
  for (unsigned I = 0, N = std::min(Call->getNumArgs(), E.Via->getNumParams());
       I != N; ++I) {
    QualType T = E.Via->getParamDecl(I)->getType();
    bool Output = (T->isLValueReferenceType() || T->isPointerType()) &&
                  !T->getPointeeType().isConstQualified();
    const auto *Var = dyn_cast_or_null<VarDecl>(rootVariable(Call->getArg(I)));
    if (Output && Var && Var->hasLocalStorage() &&
        varKey(Var) != Begin.HandleKey && varKey(Var) != Begin.ConnectionKey)
      Vars.insert(Var);
  }
  return Vars;
}

/// The variables among the operands of \p Call, a modelled call, that hold
/// a statement or a result: not the transaction's handle or connection, not
/// text, not a number (a key).
llvm::DenseSet<const VarDecl *> statementVars(const TxnEvent &E,
                                              const TxnEvent &Begin) {
  llvm::DenseSet<const VarDecl *> Vars;
  if (E.Via)
    return Vars; // a helper's: what it returns is what it read
  auto MayHoldRows = [](QualType T) {
    T = T.getNonReferenceType();
    return !isText(T) && (T->isPointerType() || T->isRecordType());
  };
  // The operand itself, not only its variable: `o.id` of a struct is a key.
  // A statement held by a smart pointer (`u->executeUpdate()`) is the
  // pointer's variable.
  for (const Expr *Operand : operandsOf(E.Site)) {
    Operand = throughArrow(Operand);
    if (const auto *Var = dyn_cast_or_null<VarDecl>(rootVariable(Operand))) {
      std::string Key = varKey(Var);
      if (Key != Begin.HandleKey && Key != Begin.ConnectionKey &&
          MayHoldRows(Var->getType()) &&
          MayHoldRows(Operand->IgnoreParenImpCasts()->getType()))
        Vars.insert(Var);
    }
  }
  return Vars;
}

} // namespace

void LostUpdateCheck::checkFunction(const FunctionTxnResult &Analysis,
                                    ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  TxnAnalysisCache &Cache = TxnAnalysisCache::get(Ctx, model());
  BodyParents &Parents = Cache.bodyParents();
  Parents.index(Analysis.Function);
  auto Before = [&](const TxnEvent &A, const TxnEvent &B) {
    return SM.isBeforeInTranslationUnit(eventLocation(A), eventLocation(B));
  };
  llvm::SmallPtrSet<const Stmt *, 4> Reported;
  // The read-modify-write cycles of one transaction: \p Opener is its
  // begin, or for a transaction the function runs inside, its first
  // statement (what the statements' handles are compared with).
  auto CheckTransaction = [&](const TxnEvent &Opener, std::string Level,
                              llvm::ArrayRef<unsigned> Reads,
                              llvm::ArrayRef<unsigned> Writes) {
    for (unsigned Id : Reads)
      if (!Analysis.Events[Id].Access.Isolation.empty())
        Level = Analysis.Events[Id].Access.Isolation;
    std::optional<std::string> Lossy =
        lossyIsolation(Cache.databaseOf(Opener), Level);
    if (!Lossy)
      return;
    for (unsigned W : Writes) {
      const TxnEvent &Write = Analysis.Events[W];
      const SqlAccess &Writes = Write.Access;
      if (Write.SqlUnknown || Writes.AssignedColumns.empty() ||
          Writes.ChecksVersion || !mayShareTransaction(Write, Opener) ||
          Reported.contains(Write.Site))
        continue;
      for (unsigned R : Reads) {
        const TxnEvent &Read = Analysis.Events[R];
        auto Same = std::find_first_of(Read.Access.Read.begin(),
                                       Read.Access.Read.end(),
                                       Writes.Written.begin(),
                                       Writes.Written.end());
        if (Same == Read.Access.Read.end() || !Before(Read, Write) ||
            !mayShareTransaction(Read, Opener))
          continue;
        // A C API connection in a variable or a member (MYSQL *m, conn_).
        const ValueDecl *Connection =
            Read.HandleRole == Role::Session && Read.Handle
                ? namedStorage(Read.Handle)
                : nullptr;
        ReadValues Values(
            Analysis.Function, wholeExpression(Read.Site, Parents), Parents,
            statementVars(Read, Opener),
            Connection && Connection->getType()->isPointerType() ? Connection
                                                                 : nullptr,
            receivedVars(Read, Opener));
        // The value reaches the write's own expression (SQL text built from
        // it, soci::use(x), PQexecParams' parameters), or a statement of
        // its block that binds it to the write's prepared statement first.
        const auto *WriteCall = dyn_cast<CallExpr>(Write.Site);
        std::optional<bool> Assigned =
            WriteCall ? flowsIntoAssignment(WriteCall, Values, Parents, Ctx)
                      : std::nullopt;
        bool Flows =
            Assigned ? *Assigned
                     : Values.flowsInto(writeExpression(Write.Site, Parents));
        auto [Block, Anchor] = enclosingBlock(Write.Site, Parents);
        if (!Flows && Block) {
          llvm::DenseSet<const VarDecl *> WriteVars =
              statementVars(Write, Opener);
          for (const Stmt *S : Block->body()) {
            if (S == Anchor)
              break;
            if (SM.isBeforeInTranslationUnit(eventLocation(Read),
                                             S->getBeginLoc()) &&
                mentionsAny(S, WriteVars) && Values.flowsInto(S))
              Flows = true;
          }
        }
        if (!Flows)
          continue;
        Reported.insert(Write.Site);
        diag(eventLocation(Write),
             "'%0' is updated with a value computed from a plain SELECT of "
             "it earlier in the transaction; at %1, a concurrent transaction "
             "can update the row in between and its update is lost: read "
             "with SELECT ... FOR UPDATE, update relative to the column "
             "(SET c = c + ?), or check a version column in the WHERE clause")
            << *Same << *Lossy;
        diag(eventLocation(Read), "the value is read here, without a lock",
             DiagnosticIDs::Note);
        break;
      }
    }
  };
  for (const TransactionScope &Scope : Analysis.Scopes) {
    const TxnEvent &Begin = Analysis.Events[Scope.Begin];
    if (Begin.ReadOnly || Begin.Joins)
      continue;
    std::string Level = Begin.Access.Isolation;
    // `SET TRANSACTION ISOLATION LEVEL ...` just before the begin sets the
    // next transaction's level (MySQL, before setAutoCommit(false)).
    if (Level.empty()) {
      const TxnEvent *Last = nullptr;
      for (const TxnEvent &E : Analysis.Events)
        if (&E != &Begin && E.HandleKey == Begin.HandleKey && !E.Destructor &&
            Before(E, Begin) && (!Last || Before(*Last, E)))
          Last = &E;
      if (Last && Last->Op == Operation::Read)
        Level = Last->Access.Isolation;
    }
    CheckTransaction(Begin, std::move(Level), Scope.Reads, Scope.Writes);
  }
  // A transaction the function is handed, or runs inside for its callers.
  for (AmbientTransaction &Ambient : Cache.ambientTransactions(Analysis)) {
    if (Ambient.Reads.empty() || Ambient.Writes.empty())
      continue;
    auto InOrder = [&](unsigned A, unsigned B) {
      return Before(Analysis.Events[A], Analysis.Events[B]);
    };
    llvm::sort(Ambient.Reads, InOrder);
    llvm::sort(Ambient.Writes, InOrder);
    CheckTransaction(Analysis.Events[Ambient.Reads.front()],
                     std::move(Ambient.Isolation), Ambient.Reads,
                     Ambient.Writes);
  }
}

} // namespace txnlint
