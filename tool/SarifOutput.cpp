//===--- SarifOutput.cpp --------------------------------------------------===//

#include "SarifOutput.h"
#include "CheckHelp.h"
#include "TxnLintModule.h"
#include "TxnLintVersion.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include <nlohmann/json.hpp>

using Json = nlohmann::ordered_json;

namespace txnlint {
namespace {

/// \p Text with a backslash before each character that SARIF messages give
/// a meaning: '[' and ']' make links.
std::string escapeMessage(llvm::StringRef Text) {
  std::string Escaped;
  for (char C : Text) {
    if (C == '\\' || C == '[' || C == ']')
      Escaped += '\\';
    Escaped += C;
  }
  return Escaped;
}

/// \p Path as a URI reference: characters outside the unreserved set and
/// '/' are percent-encoded.
std::string uriOf(llvm::StringRef Path) {
  std::string Uri;
  for (unsigned char C : Path) {
    if (llvm::isAlnum(C) || llvm::StringRef("-._~/").contains(C))
      Uri += C;
    else
      Uri += "%" + llvm::utohexstr(C, false, 2);
  }
  return Uri;
}

/// The region is the token at the position, its context the line; columns
/// in UTF-16 code units (the log's columnKind).
Json physicalLocation(const FindingLocation &Where,
                      llvm::StringRef SourceRoot) {
  std::string Relative = relativeTo(Where.File, SourceRoot);
  bool UnderRoot = Relative != Where.File;
  Json Physical;
  Json &Artifact = Physical["artifactLocation"];
  Artifact["uri"] = UnderRoot ? uriOf(Relative) : "file://" + uriOf(Where.File);
  if (UnderRoot)
    Artifact["uriBaseId"] = "SRCROOT";
  Json &Region = Physical["region"];
  unsigned Column = std::max(1u, Where.Column);
  Region["startLine"] = Where.Line;
  Region["startColumn"] = utf16Column(Where.LineText, Column);
  if (Where.EndColumn > Column) {
    Region["endLine"] = Where.Line;
    Region["endColumn"] = utf16Column(Where.LineText, Where.EndColumn);
    Region["snippet"]["text"] =
        llvm::StringRef(Where.LineText).slice(Column - 1, Where.EndColumn - 1);
  }
  Json &Context = Physical["contextRegion"];
  Context["startLine"] = Where.Line;
  Context["snippet"]["text"] = Where.LineText;
  return Physical;
}

Json location(const FindingLocation &Where, llvm::StringRef Message,
              llvm::StringRef SourceRoot) {
  Json Location;
  Location["physicalLocation"] = physicalLocation(Where, SourceRoot);
  if (!Message.empty())
    Location["message"]["text"] = Message.str();
  return Location;
}

/// The level of a diagnostic that is not one of the module's checks.
const char *level(llvm::StringRef Severity) {
  return Severity == "error"    ? "error"
         : Severity == "remark" ? "note"
                                : "warning";
}

/// What a check's severity makes of its rule: the SARIF level, and the
/// properties code scanning shows and filters on.
struct RuleTraits {
  const char *Level;
  const char *ProblemSeverity;
  const char *Precision;
  std::vector<const char *> Tags;
};

RuleTraits ruleTraits(CheckSeverity Severity) {
  switch (Severity) {
  case CheckSeverity::High:
    return {"error", "error", "high",
            {"transactions", "correctness", "data-integrity"}};
  case CheckSeverity::Medium:
    return {"warning", "warning", "high",
            {"transactions", "correctness", "reliability"}};
  case CheckSeverity::Low:
    // Whether the callee is meant to own the transaction is a design
    // decision the check can only guess.
    return {"note", "recommendation", "medium",
            {"transactions", "maintainability"}};
  }
  llvm_unreachable("unknown severity");
}

/// A readable name distinct from the id: txn-missing-rollback ->
/// TxnMissingRollback.
std::string ruleName(llvm::StringRef Id) {
  std::string Name;
  for (llvm::StringRef Word : llvm::split(Id, '-'))
    if (!Word.empty())
      Name += llvm::toUpper(Word.front()) + Word.drop_front().str();
  return Name;
}

Json rule(llvm::StringRef Id, llvm::StringRef Summary,
          const SarifOptions &Options) {
  Json Rule;
  Rule["id"] = Id.str();
  Rule["name"] = ruleName(Id);
  Rule["shortDescription"]["text"] = Summary.str();
  std::optional<CheckHelp> Help = checkHelp(Id);
  Rule["fullDescription"]["text"] = Help ? Help->Summary : Summary.str();
  Rule["help"]["text"] = Help ? Help->Text : Summary.str();
  if (Help)
    Rule["help"]["markdown"] = Help->Markdown;
  if (Help && !Options.HelpUriBase.empty())
    Rule["helpUri"] =
        llvm::StringRef(Options.HelpUriBase).rtrim('/').str() + "/" +
        Id.str() + ".md";
  return Rule;
}

/// The steps of the path a finding describes: its own position and its
/// notes', in source order when they are all in one file (where the
/// notes' order is the check's, not the path's).
std::vector<std::pair<const FindingLocation *, const std::string *>>
pathSteps(const Finding &F) {
  std::vector<std::pair<const FindingLocation *, const std::string *>> Steps{
      {&F.Where, &F.Message}};
  for (const FindingNote &Note : F.Notes)
    if (Note.Where.isValid())
      Steps.push_back({&Note.Where, &Note.Message});
  if (llvm::all_of(Steps, [&](const auto &Step) {
        return Step.first->File == F.Where.File;
      }))
    llvm::stable_sort(Steps, [](const auto &A, const auto &B) {
      return std::tie(A.first->Line, A.first->Column) <
             std::tie(B.first->Line, B.first->Column);
    });
  return Steps;
}

/// The message, linking its related locations: "... ([note](1); [note](2))".
std::string resultMessage(const Finding &F) {
  std::string Text = escapeMessage(F.Message);
  std::vector<std::string> Notes;
  for (size_t I = 0; I < F.Notes.size(); ++I)
    Notes.push_back(F.Notes[I].Where.isValid()
                        ? "[" + escapeMessage(F.Notes[I].Message) + "](" +
                              std::to_string(I + 1) + ")"
                        : escapeMessage(F.Notes[I].Message));
  if (!Notes.empty())
    Text += " (" + llvm::join(Notes, "; ") + ")";
  return Text;
}

Json result(const Finding &F, size_t RuleIndex, const Json &Level,
            llvm::StringRef SourceRoot) {
  Json Result;
  Result["ruleId"] = F.Check;
  Result["ruleIndex"] = RuleIndex;
  Result["level"] = Level;
  Result["message"]["text"] = resultMessage(F);
  Result["locations"] = Json::array({location(F.Where, "", SourceRoot)});
  Json Related = Json::array();
  for (size_t I = 0; I < F.Notes.size(); ++I) {
    if (!F.Notes[I].Where.isValid())
      continue;
    Json Note;
    Note["id"] = I + 1;
    Note.update(location(F.Notes[I].Where, F.Notes[I].Message, SourceRoot));
    Related.push_back(std::move(Note));
  }
  if (!Related.empty())
    Result["relatedLocations"] = std::move(Related);
  Json Steps = Json::array();
  for (auto [Where, Message] : pathSteps(F))
    Steps.push_back({{"location", location(*Where, *Message, SourceRoot)}});
  Json ThreadFlow;
  ThreadFlow["locations"] = std::move(Steps);
  Json CodeFlow;
  CodeFlow["threadFlows"] = Json::array({std::move(ThreadFlow)});
  Result["codeFlows"] = Json::array({std::move(CodeFlow)});
  Result["partialFingerprints"]["txnlintFingerprint/v1"] = F.Fingerprint;
  return Result;
}

/// Errors (the code does not compile, the configuration cannot be used)
/// and diagnostics without a location are about the run, not the code.
bool isNotification(const Finding &F) {
  return F.Severity == "error" || !F.Where.isValid();
}

Json notification(const Finding &F, llvm::StringRef SourceRoot) {
  Json Notification;
  Notification["level"] = level(F.Severity);
  Notification["message"]["text"] = F.Message;
  if (F.Where.isValid())
    Notification["locations"] =
        Json::array({location(F.Where, "", SourceRoot)});
  Notification["descriptor"]["id"] = F.Check;
  return Notification;
}

} // namespace

std::string findingsToSarif(llvm::ArrayRef<Finding> Findings,
                            const SarifOptions &Options) {
  Json Rules = Json::array();
  std::map<std::string, size_t> RuleIndex;
  for (const CheckSummary &Check : checkSummaries()) {
    if (!Check.Name.starts_with("txn-"))
      continue;
    RuleTraits Traits = ruleTraits(Check.Severity);
    Json Rule = rule(Check.Name, Check.Summary, Options);
    Rule["defaultConfiguration"]["level"] = Traits.Level;
    Rule["properties"]["tags"] = Traits.Tags;
    Rule["properties"]["precision"] = Traits.Precision;
    Rule["properties"]["problem.severity"] = Traits.ProblemSeverity;
    RuleIndex[Check.Name.str()] = Rules.size();
    Rules.push_back(std::move(Rule));
  }

  Json Results = Json::array();
  // In the order `txnlint merge` restores: the run's own problems, then
  // the diagnostics by position.
  Json Notifications = Json::array();
  std::vector<std::string> ToolErrors = Options.ToolErrors;
  llvm::sort(ToolErrors);
  for (const std::string &Error : ToolErrors)
    Notifications.push_back(
        {{"level", "error"}, {"message", {{"text", Error}}}});
  for (const Finding &F : Findings) {
    if (isNotification(F)) {
      Notifications.push_back(notification(F, Options.SourceRoot));
      continue;
    }
    // Other checks (--checks='...,clang-diagnostic-*', the model aids) get
    // a rule when they have a result.
    if (!RuleIndex.count(F.Check)) {
      const CheckSummary *Known =
          llvm::find_if(checkSummaries(), [&](const CheckSummary &Check) {
            return Check.Name == F.Check;
          });
      llvm::StringRef Summary = Known != checkSummaries().end()
                                    ? Known->Summary
                                    : "a compiler diagnostic";
      Json Rule = rule(F.Check, Summary, Options);
      Rule["defaultConfiguration"]["level"] = level(F.Severity);
      RuleIndex[F.Check] = Rules.size();
      Rules.push_back(std::move(Rule));
    }
    size_t Index = RuleIndex[F.Check];
    Results.push_back(result(F, Index,
                             Rules[Index]["defaultConfiguration"]["level"],
                             Options.SourceRoot));
  }

  Json Run;
  Json &Driver = Run["tool"]["driver"];
  Driver["name"] = "txnlint";
  Driver["version"] = TXNLINT_VERSION;
  Driver["semanticVersion"] = TXNLINT_VERSION;
  Driver["rules"] = std::move(Rules);
  Json Invocation;
  Invocation["executionSuccessful"] =
      llvm::none_of(Notifications, [](const Json &N) {
        return N["level"] == "error";
      });
  Invocation["toolExecutionNotifications"] = std::move(Notifications);
  Run["invocations"] = Json::array({std::move(Invocation)});
  if (!Options.Category.empty())
    Run["automationDetails"]["id"] = Options.Category;
  if (!Options.SourceRoot.empty()) {
    std::string Root = Options.SourceRoot;
    if (!llvm::StringRef(Root).ends_with("/"))
      Root += '/';
    Run["originalUriBaseIds"]["SRCROOT"]["uri"] = "file://" + uriOf(Root);
  }
  Run["columnKind"] = "utf16CodeUnits";
  Run["results"] = std::move(Results);
  Json Log;
  Log["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  Log["version"] = "2.1.0";
  Log["runs"] = Json::array({std::move(Run)});
  return Log.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

} // namespace txnlint
