//===--- AuditReport.cpp - The report's data ------------------------------===//

#include "AuditReport.h"
#include "OutputFiles.h"
#include "TxnLintModule.h"
#include "TxnLintVersion.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <map>
#include <set>

using Json = nlohmann::ordered_json;

namespace txnlint {
namespace {

std::string directoryOf(llvm::StringRef RelativeFile) {
  llvm::StringRef Dir = llvm::sys::path::parent_path(RelativeFile);
  return Dir.empty() ? "." : Dir.str();
}

/// Locations inside the payloads name absolute files: make them relative.
void relativize(Json &Value, llvm::StringRef Root) {
  if (Value.is_object()) {
    for (auto &[Key, Item] : Value.items()) {
      if (Key == "file" && Item.is_string())
        Item = relativeTo(Item.get<std::string>(), Root);
      else
        relativize(Item, Root);
    }
  } else if (Value.is_array()) {
    for (Json &Item : Value)
      relativize(Item, Root);
  }
}

Json countsToJson(const std::map<std::string, unsigned> &Counts) {
  Json J = Json::object();
  for (const auto &[Key, Count] : Counts)
    J[Key] = Count;
  return J;
}

/// The "locked before" graph between tables over every scope (each scope's
/// lock_order), each edge with the functions that take that order and
/// whether it lies on a cycle: two requests that run the functions of a
/// cycle concurrently can deadlock.
Json lockOrderGraph(const Json &Scopes) {
  std::map<std::pair<std::string, std::string>, std::set<std::string>> Edges;
  std::map<std::string, std::set<std::string>> Next;
  for (const Json &Scope : Scopes) {
    std::vector<std::string> Order;
    for (const Json &Table : Scope.value("lock_order", Json::array()))
      Order.push_back(Table.get<std::string>());
    for (size_t I = 0; I < Order.size(); ++I)
      for (size_t J = I + 1; J < Order.size(); ++J) {
        Edges[{Order[I], Order[J]}].insert(Scope.value("function", ""));
        Next[Order[I]].insert(Order[J]);
      }
  }
  // An edge A -> B is on a cycle when B reaches A.
  std::map<std::string, std::set<std::string>> Reaches;
  for (const auto &[Table, _] : Next) {
    std::set<std::string> &Seen = Reaches[Table];
    std::vector<std::string> Work = {Table};
    while (!Work.empty()) {
      std::string T = Work.back();
      Work.pop_back();
      for (const std::string &N : Next[T])
        if (Seen.insert(N).second)
          Work.push_back(N);
    }
  }
  std::set<std::string> Tables;
  Json EdgeList = Json::array();
  for (const auto &[Pair, Functions] : Edges) {
    Tables.insert(Pair.first);
    Tables.insert(Pair.second);
    EdgeList.push_back({{"from", Pair.first},
                        {"to", Pair.second},
                        {"functions", Functions},
                        {"in_cycle", Reaches[Pair.second].count(Pair.first) > 0}});
  }
  return {{"tables", Tables}, {"edges", std::move(EdgeList)}};
}

} // namespace

Json buildReport(llvm::ArrayRef<std::string> Functions,
                 llvm::ArrayRef<Finding> Findings, llvm::StringRef SourceRoot,
                 size_t FilesAnalyzed) {
  // Functions in a deterministic order: by file, then line.
  std::vector<Json> Parsed;
  for (const std::string &Payload : Functions) {
    Json Function = Json::parse(Payload, nullptr, /*allow_exceptions=*/false);
    if (Function.is_discarded())
      continue;
    relativize(Function, SourceRoot);
    Parsed.push_back(std::move(Function));
  }
  auto Key = [](const Json &F) {
    return std::make_tuple(F["location"].value("file", ""),
                           F["location"].value("line", 0),
                           F.value("function", ""));
  };
  llvm::sort(Parsed, [&](const Json &A, const Json &B) { return Key(A) < Key(B); });
  Parsed.erase(std::unique(Parsed.begin(), Parsed.end(),
                           [&](const Json &A, const Json &B) {
                             return Key(A) == Key(B);
                           }),
               Parsed.end());

  Json Report;
  Report["version"] = TXNLINT_VERSION;
  Report["source_root"] = SourceRoot.str();

  // Findings, each attached to the function that contains it (the last one
  // starting before it in its file) and to that function's nearest scope
  // begun before it.
  Json FindingList = Json::array();
  std::map<std::string, unsigned> PerCheck, PerDirectory;
  std::vector<std::vector<unsigned>> FindingsOfFunction(Parsed.size());
  // Most severe first; within a severity, in the run's order.
  std::vector<const Finding *> BySeverity;
  for (const Finding &F : Findings)
    BySeverity.push_back(&F);
  llvm::stable_sort(BySeverity, [](const Finding *A, const Finding *B) {
    return checkSeverity(A->Check) < checkSeverity(B->Check);
  });
  for (const Finding *Ptr : BySeverity) {
    const Finding &F = *Ptr;
    Json J;
    unsigned Id = FindingList.size();
    std::string File = relativeTo(F.Where.File, SourceRoot);
    J["id"] = Id;
    J["check"] = F.Check;
    J["severity"] = severityName(checkSeverity(F.Check));
    J["file"] = File;
    J["line"] = F.Where.Line;
    J["column"] = F.Where.Column;
    J["message"] = F.Message;
    J["snippet"] = F.Where.LineText;
    J["notes"] = Json::array();
    for (const FindingNote &N : F.Notes)
      J["notes"].push_back({{"file", relativeTo(N.Where.File, SourceRoot)},
                            {"line", N.Where.Line},
                            {"column", N.Where.Column},
                            {"message", N.Message}});
    J["scope"] = nullptr;
    int Owner = -1;
    for (size_t I = 0; I < Parsed.size(); ++I)
      if (Parsed[I]["location"].value("file", "") == File &&
          Parsed[I]["location"].value("line", 0u) <= F.Where.Line)
        Owner = I;
    if (Owner >= 0) {
      J["function"] = Parsed[Owner]["function"];
      FindingsOfFunction[Owner].push_back(Id);
    }
    ++PerCheck[F.Check];
    ++PerDirectory[directoryOf(File)];
    FindingList.push_back(std::move(J));
  }

  Json Scopes = Json::array();
  Json Receivers = Json::array();
  Json Unprotected = Json::array();
  std::map<std::string, unsigned> ScopesPerApi, ScopesPerDirectory;
  struct Risk {
    unsigned Score;
    unsigned Scope;
  };
  std::vector<Risk> Risks;
  for (size_t I = 0; I < Parsed.size(); ++I) {
    Json &Function = Parsed[I];
    std::string File = Function["location"].value("file", "");
    unsigned Line = Function["location"].value("line", 0u);
    std::vector<unsigned> ScopeIds;
    for (Json &Scope : Function["scopes"]) {
      unsigned Id = Scopes.size();
      Scope["id"] = Id;
      Scope["function"] = Function["function"];
      Scope["file"] = File;
      Scope["line"] = Line;
      Scope["findings"] = Json::array();
      ++ScopesPerApi[Scope.value("api", "")];
      ++ScopesPerDirectory[directoryOf(File)];
      ScopeIds.push_back(Id);
      Scopes.push_back(Scope);
    }
    for (unsigned FindingId : FindingsOfFunction[I]) {
      Json &F = FindingList[FindingId];
      // The nearest scope begun at or before the finding, else the first.
      int Chosen = ScopeIds.empty() ? -1 : ScopeIds.front();
      for (unsigned ScopeId : ScopeIds)
        if (Scopes[ScopeId]["begin"].value("line", 0u) <= F.value("line", 0u))
          Chosen = ScopeId;
      if (Chosen >= 0) {
        F["scope"] = Chosen;
        Scopes[Chosen]["findings"].push_back(FindingId);
      }
    }
    if (!Function["parameters"].empty())
      Receivers.push_back({{"function", Function["function"]},
                           {"file", File},
                           {"line", Line},
                           {"parameters", Function["parameters"]}});
    // The functions txn-autocommit-multi-write reports, with the same
    // exemptions (callers that open a transaction, schema changes, NOLINT,
    // the baseline): the writes of its findings and their notes.
    std::set<std::pair<unsigned, unsigned>> Autocommitted;
    for (unsigned FindingId : FindingsOfFunction[I]) {
      const Json &F = FindingList[FindingId];
      if (F.value("check", "") != "txn-autocommit-multi-write")
        continue;
      Autocommitted.insert({F.value("line", 0u), F.value("column", 0u)});
      for (const Json &Note : F["notes"])
        Autocommitted.insert({Note.value("line", 0u), Note.value("column", 0u)});
    }
    if (!Autocommitted.empty())
      Unprotected.push_back({{"function", Function["function"]},
                             {"file", File},
                             {"line", Line},
                             {"writes", Autocommitted.size()}});
  }
  // Risk: findings weigh most, by severity, then an exception path that
  // leaves the transaction open, then the failure points to cover in tests.
  const unsigned WeightBySeverity[] = {/*High=*/10, /*Medium=*/5, /*Low=*/2};
  auto Weight = [&](const Json &FindingId) {
    return WeightBySeverity[unsigned(checkSeverity(
        FindingList[FindingId.get<unsigned>()].value("check", "")))];
  };
  for (const Json &Scope : Scopes) {
    unsigned Score = (Scope.value("exception_path_covered", true) ? 0 : 5) +
                     Scope["failure_points"].size();
    for (const Json &FindingId : Scope["findings"])
      Score += Weight(FindingId);
    Risks.push_back({Score, Scope.value("id", 0u)});
  }
  llvm::stable_sort(Risks, [](const Risk &A, const Risk &B) {
    return A.Score > B.Score;
  });
  Json Top = Json::array();
  for (const Risk &R : llvm::ArrayRef(Risks).take_front(10)) {
    if (R.Score == 0)
      break;
    const Json &Scope = Scopes[R.Scope];
    Top.push_back({{"scope", R.Scope},
                   {"function", Scope["function"]},
                   {"file", Scope["file"]},
                   {"line", Scope["begin"].value("line", 0u)},
                   {"api", Scope["api"]},
                   {"risk", R.Score},
                   {"findings", Scope["findings"].size()},
                   {"failure_points", Scope["failure_points"].size()}});
  }

  Json Summary;
  Summary["files"] = FilesAnalyzed;
  Summary["functions"] = Parsed.size();
  Summary["scopes"] = Scopes.size();
  Summary["findings"] = FindingList.size();
  Summary["scopes_per_api"] = countsToJson(ScopesPerApi);
  Summary["scopes_per_directory"] = countsToJson(ScopesPerDirectory);
  Summary["findings_per_check"] = countsToJson(PerCheck);
  Summary["findings_per_directory"] = countsToJson(PerDirectory);
  Summary["functions_writing_without_transaction"] = std::move(Unprotected);
  Summary["top_risky_workflows"] = std::move(Top);
  Report["summary"] = std::move(Summary);
  Report["lock_order"] = lockOrderGraph(Scopes);
  Report["scopes"] = std::move(Scopes);
  Report["receivers"] = std::move(Receivers);
  Report["findings"] = std::move(FindingList);
  return Report;
}

llvm::Error addFailureSimulation(Json &Report, llvm::ArrayRef<Json> Results) {
  std::string Root = Report.value("source_root", "");
  Json &Findings = Report["findings"];
  Json Sections = Json::array();
  for (const Json &Result : Results) {
    if (!Result.is_object() || !Result.contains("runs") ||
        !Result["runs"].is_array() || !Result.contains("summary"))
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          "not a result of 'txnlint faultsim -o' (no runs and summary)");
    Json Problems = Json::array();
    for (const Json &Run : Result["runs"]) {
      const std::string Outcome = Run.value("outcome", "");
      if (Outcome == "rolled-back" || Outcome == "completed" ||
          Outcome == "not-reached")
        continue;
      Json Problem = {{"call", Run.value("call", 0u)},
                      {"function", Run.value("function", "")},
                      {"sql", Run.value("sql", "")},
                      {"outcome", Outcome},
                      {"exit_status", Run.value("exit_status", 0)},
                      {"site", nullptr},
                      {"findings", Json::array()}};
      const Json &Site = Run.value("site", Json());
      if (Site.is_object() && Site.contains("file"))
        Problem["site"] = {{"function", Site.value("function", "")},
                           {"file", relativeTo(Site.value("file", ""), Root)},
                           {"line", Site.value("line", 0u)}};
      // A finding the run confirms: same check and place.
      for (const Json &Confirmed : Run.value("findings", Json::array()))
        for (Json &F : Findings)
          if (F.value("check", "") == Confirmed.value("check", "") &&
              F.value("line", 0u) == Confirmed.value("line", 0u) &&
              F.value("file", "") ==
                  relativeTo(Confirmed.value("file", ""), Root)) {
            F["confirmed_by_failure_simulation"] = true;
            if (!llvm::is_contained(Problem["findings"], F["id"]))
              Problem["findings"].push_back(F["id"]);
          }
      Problems.push_back(std::move(Problem));
    }
    std::string Command;
    for (const Json &Arg : Result.value("command", Json::array()))
      Command += (Command.empty() ? "" : " ") +
                 (Arg.is_string() ? Arg.get<std::string>() : Arg.dump());
    Sections.push_back({{"database", Result.value("database", "")},
                        {"command", Command},
                        {"runs", Result["summary"].value("runs", 0u)},
                        {"outcomes", Json::object()},
                        {"problems", std::move(Problems)}});
    for (const auto &[Name, Count] : Result["summary"].items())
      if (Name != "runs" && Name != "problems" && Count.is_number_unsigned())
        Sections.back()["outcomes"][Name] = Count;
  }
  Report["failure_simulation"] = std::move(Sections);
  return llvm::Error::success();
}

llvm::Error writeReport(const Json &Report, llvm::StringRef Directory) {
  if (std::error_code EC = llvm::sys::fs::create_directories(Directory))
    return llvm::createStringError(EC, "cannot create '%s': %s",
                                   Directory.str().c_str(), EC.message().c_str());
  auto Write = [&](llvm::StringRef Name, const std::string &Text) -> llvm::Error {
    llvm::SmallString<256> Path(Directory);
    llvm::sys::path::append(Path, Name);
    return writeOutputFile(Path, [&](llvm::raw_ostream &OS) { OS << Text; });
  };
  if (llvm::Error Err = Write("report.json",
                              Report.dump(2, ' ', false,
                                          Json::error_handler_t::replace) +
                                  "\n"))
    return Err;
  if (llvm::Error Err = Write("report.md", reportToMarkdown(Report)))
    return Err;
  return Write("index.html", reportToHtml(Report));
}

} // namespace txnlint
