//===--- AuditCheck.cpp - txnlint-audit -----------------------------------===//

#include "AuditCheck.h"
#include "analysis/CallOperands.h"
#include "analysis/TxnStateAnalysis.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include <nlohmann/json.hpp>

using namespace clang;
using Json = nlohmann::ordered_json;

namespace txnlint {
namespace {

Json location(SourceLocation Loc, const SourceManager &SM) {
  PresumedLoc P = SM.getPresumedLoc(SM.getExpansionLoc(Loc));
  Json J;
  J["file"] = P.isValid() ? P.getFilename() : "";
  J["line"] = P.isValid() ? P.getLine() : 0;
  J["column"] = P.isValid() ? P.getColumn() : 0;
  return J;
}

/// What a call of an unmodelled function may write, from the callee bodies
/// in this translation unit (directly or through their own callees). Code
/// defined elsewhere is unknown here; function summaries would answer for
/// it, through this one class.
class HelperWrites {
public:
  enum Kind { None, Writes, Unknown };

  explicit HelperWrites(TxnAnalysisCache &Cache) : Cache(Cache) {}

  Kind of(const FunctionDecl *Callee, unsigned Depth = 0) {
    // A modelled call is an event of its own, counted where it is.
    if (!Callee || Cache.classifier().specOf(Callee))
      return None;
    Callee = Callee->getCanonicalDecl();
    if (auto It = Known.find(Callee); It != Known.end())
      return It->second;
    // Library code writes only through modelled calls, whether or not its
    // body (a template's) is here; other code defined elsewhere might.
    if (Cache.isLibraryFunction(Callee))
      return None;
    const FunctionDecl *Definition = nullptr;
    if (!Callee->hasBody(Definition))
      return Unknown;
    if (Depth > 4)
      return Unknown;
    Known[Callee] = None; // recursion adds nothing new
    Kind Found = None;
    const FunctionTxnResult *Analysis = Cache.analyze(Definition);
    if (Analysis && llvm::any_of(Analysis->Events, [](const TxnEvent &E) {
          return E.Op == Operation::Write;
        }))
      Found = Writes;
    struct CallFinder : RecursiveASTVisitor<CallFinder> {
      HelperWrites &Helpers;
      unsigned Depth;
      Kind &Found;
      bool visitCall(const Stmt *Call) {
        Kind Inner = Helpers.of(calleeOf(Call), Depth + 1);
        if (Inner != None)
          Found = Inner;
        return Found != Writes;
      }
      bool VisitCallExpr(CallExpr *Call) { return visitCall(Call); }
      bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
        return visitCall(Construct);
      }
    };
    if (Found != Writes)
      CallFinder{{}, *this, Depth, Found}.TraverseStmt(Definition->getBody());
    return Known[Callee] = Found;
  }

private:
  TxnAnalysisCache &Cache;
  llvm::DenseMap<const FunctionDecl *, Kind> Known;
};

} // namespace

void AuditCheck::checkFunction(const FunctionTxnResult &Analysis,
                               ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  const std::vector<TxnEvent> &Events = Analysis.Events;
  Json Function;
  const auto *Method = dyn_cast<CXXMethodDecl>(Analysis.Function);
  Function["function"] = Method && Method->getParent()->isLambda()
                             ? "(lambda)"
                             : Analysis.Function->getQualifiedNameAsString();
  Function["location"] = location(Analysis.Function->getLocation(), SM);

  Function["scopes"] = Json::array();
  TxnAnalysisCache &Cache = TxnAnalysisCache::get(Ctx, model());
  HelperWrites Helpers(Cache);
  for (const TransactionScope &Scope : Analysis.Scopes) {
    const TxnEvent &Begin = Events[Scope.Begin];
    Json J;
    J["api"] = Begin.Spec ? Begin.Spec->Profile : "";
    J["handle"] = handleSpelling(Begin, Ctx);
    J["kind"] = Begin.Scoped ? "raii" : "manual";
    if (!Begin.Modifier.empty())
      J["modifier"] = Begin.Modifier;
    J["begin"] = location(eventLocation(Begin), SM);
    // Isolation and the tables the transaction writes and locks, in the
    // order of their first lock (the report's lock-order graph).
    std::string Isolation = Begin.Access.Isolation;
    std::vector<unsigned> Statements;
    for (const std::vector<unsigned> *List : {&Scope.Writes, &Scope.Reads})
      for (unsigned Id : *List)
        if (mayShareTransaction(Events[Id], Begin))
          Statements.push_back(Id);
    llvm::sort(Statements, [&](unsigned A, unsigned B) {
      return SM.isBeforeInTranslationUnit(eventLocation(Events[A]),
                                          eventLocation(Events[B]));
    });
    std::vector<std::string> Written, Locked, LockOrder;
    auto Add = [](std::vector<std::string> &To, const std::string &Table) {
      if (!llvm::is_contained(To, Table))
        To.push_back(Table);
    };
    for (unsigned Id : Statements) {
      const SqlAccess &Access = Events[Id].Access;
      if (!Access.Isolation.empty())
        Isolation = Access.Isolation;
      for (const std::string &Table : Access.Written) {
        Add(Written, Table);
        Add(LockOrder, Table);
      }
      for (const std::string &Table : Access.Locked) {
        Add(Locked, Table);
        Add(LockOrder, Table);
      }
    }
    StringRef Database = Begin.Spec ? StringRef(Begin.Spec->Database) : "";
    J["isolation"] = !Isolation.empty() ? Isolation
                     : Database == "postgresql" ? "default (READ COMMITTED)"
                     : Database == "mysql"      ? "default (REPEATABLE READ)"
                     : Database == "sqlite"     ? "default (SERIALIZABLE)"
                                                : "default";
    J["tables_written"] = Written;
    J["tables_locked"] = Locked;
    // SQLite locks the database, not tables: no order.
    if (Database == "sqlite")
      LockOrder.clear();
    J["lock_order"] = LockOrder;
    auto Locations = [&](const std::vector<unsigned> &Ids) {
      Json List = Json::array();
      for (unsigned Id : Ids)
        List.push_back(location(eventLocation(Events[Id]), SM));
      return List;
    };
    // A helper's writes replayed at its call (a summary) are listed below
    // with the call, not as writes of the function's own.
    std::vector<unsigned> OwnWrites;
    llvm::copy_if(Scope.Writes, std::back_inserter(OwnWrites),
                  [&](unsigned Id) { return !Events[Id].Via; });
    J["writes"] = Locations(OwnWrites);
    // Calls inside the transaction whose callee writes, or may: the
    // transaction's writes are often all in helpers.
    J["helper_writes"] = Json::array();
    J["unanalyzed_calls"] = Json::array();
    for (const CallInTransaction &Call : Analysis.CallsInTransactions) {
      if (!llvm::is_contained(Call.Begins, Scope.Begin))
        continue;
      const FunctionDecl *Callee = calleeOf(Call.Site);
      HelperWrites::Kind Kind = Helpers.of(Callee);
      if (Kind == HelperWrites::None)
        continue;
      Json Point = location(Call.Site->getBeginLoc(), SM);
      Point["call"] = Callee->getQualifiedNameAsString();
      J[Kind == HelperWrites::Writes ? "helper_writes" : "unanalyzed_calls"]
          .push_back(std::move(Point));
    }
    J["savepoints"] = Locations(Scope.Savepoints);
    J["failure_points"] = Json::array();
    for (const Stmt *Site : Scope.FailurePoints) {
      Json Point = location(Site->getBeginLoc(), SM);
      if (const FunctionDecl *Callee = calleeOf(Site))
        Point["call"] = Callee->getQualifiedNameAsString();
      J["failure_points"].push_back(std::move(Point));
    }
    J["commits"] = Json::array();
    J["rollbacks"] = Json::array();
    for (unsigned Id : Scope.Ends) {
      Json End = location(eventLocation(Events[Id]), SM);
      if (Events[Id].Destructor)
        End["destructor"] = true;
      J[Events[Id].Op == Operation::Commit ? "commits" : "rollbacks"].push_back(
          std::move(End));
    }
    J["exception_path_covered"] = !Scope.LeftOpenByException;
    Function["scopes"].push_back(std::move(J));
  }

  // Transactions and sessions received from the caller, and what this
  // function does with them.
  Function["parameters"] = Json::array();
  TxnEventClassifier &Classifier = Cache.classifier();
  for (const ParmVarDecl *Param : Analysis.Function->parameters()) {
    const TypeSpec *Type = Classifier.typeSpecOf(Param->getType());
    llvm::SmallVector<StringRef, 4> Uses;
    for (const TxnEvent &E : Events) {
      if (rootVariable(E.Handle) != Param || E.Destructor)
        continue;
      StringRef Use = E.Op == Operation::Commit     ? "commits"
                      : E.Op == Operation::Rollback ? "rolls back"
                      : E.Op == Operation::Begin    ? "begins"
                                                    : "participates";
      if (!llvm::is_contained(Uses, Use))
        Uses.push_back(Use);
    }
    if (!Type && Uses.empty())
      continue;
    Json J;
    J["name"] = Param->getNameAsString();
    J["role"] = Type ? roleName(Type->TypeRole).str() : "session";
    J["uses"] = Json::array();
    for (StringRef Use : Uses)
      J["uses"].push_back(Use.str());
    Function["parameters"].push_back(std::move(J));
  }
  diag(Analysis.Function->getLocation(), "%0%1", DiagnosticIDs::Remark)
      << MessagePrefix << Function.dump(-1, ' ', false,
                                        Json::error_handler_t::replace);
}

} // namespace txnlint
