//===--- AuditCheck.cpp - txnlint-audit -----------------------------------===//

#include "AuditCheck.h"
#include "analysis/CallOperands.h"
#include "analysis/TxnStateAnalysis.h"
#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/SmallSet.h"
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
  for (const TransactionScope &Scope : Analysis.Scopes) {
    const TxnEvent &Begin = Events[Scope.Begin];
    Json J;
    J["api"] = Begin.Spec ? Begin.Spec->Profile : "";
    J["handle"] = handleSpelling(Begin, Ctx);
    J["kind"] = Begin.Scoped ? "raii" : "manual";
    if (!Begin.Modifier.empty())
      J["modifier"] = Begin.Modifier;
    J["begin"] = location(eventLocation(Begin), SM);
    auto Locations = [&](const std::vector<unsigned> &Ids) {
      Json List = Json::array();
      for (unsigned Id : Ids)
        List.push_back(location(eventLocation(Events[Id]), SM));
      return List;
    };
    J["writes"] = Locations(Scope.Writes);
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
  TxnEventClassifier &Classifier = TxnAnalysisCache::get(Ctx, model()).classifier();
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
  // Writes that run on their own: both sides of each autocommit pair.
  llvm::SmallSet<unsigned, 8> Unprotected;
  for (const AutocommitWrite &Pair : Analysis.AutocommitWrites) {
    Unprotected.insert(Pair.Write);
    Unprotected.insert(Pair.Earlier);
  }
  Function["writes_outside_transaction"] = Unprotected.size();

  diag(Analysis.Function->getLocation(), "%0%1", DiagnosticIDs::Remark)
      << MessagePrefix << Function.dump(-1, ' ', false,
                                        Json::error_handler_t::replace);
}

} // namespace txnlint
