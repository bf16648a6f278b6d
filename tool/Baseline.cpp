//===--- Baseline.cpp -----------------------------------------------------===//

#include "Baseline.h"
#include "CodeClimateOutput.h"
#include "OutputFiles.h"
#include "TxnLintVersion.h"
#include "utils/InputFiles.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include <map>
#include <tuple>
#include <nlohmann/json.hpp>

using Json = nlohmann::ordered_json;

namespace txnlint {

llvm::Error writeBaseline(llvm::ArrayRef<Finding> Findings,
                          llvm::StringRef SourceRoot, llvm::StringRef Path) {
  Json Root;
  Root["version"] = 1;
  Root["tool"] = "txnlint " TXNLINT_VERSION;
  Root["findings"] = Json::array();
  for (const Finding &F : Findings) {
    Json Entry;
    Entry["fingerprint"] = F.Fingerprint;
    // For people reading the file; matching uses the fingerprint only.
    Entry["check"] = F.Check;
    Entry["file"] = relativeTo(F.Where.File, SourceRoot);
    Entry["message"] = F.Message;
    Root["findings"].push_back(std::move(Entry));
  }
  return writeOutputFile(Path, [&](llvm::raw_ostream &OS) {
    OS << Root.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
  });
}

namespace {

/// The JSON object (or array) in the file at \p Path; \p Expected says what
/// it should be, for the error.
llvm::Expected<Json> readJson(llvm::StringRef Path, llvm::StringRef Expected) {
  auto Buffer = readInputFile(Path);
  if (!Buffer)
    return llvm::createStringError("cannot read '" + Path + "': " +
                                   llvm::toString(Buffer.takeError()));
  Json Doc = Json::parse((*Buffer)->getBuffer().begin(),
                         (*Buffer)->getBuffer().end(), nullptr, false);
  if (Doc.is_discarded() || !(Doc.is_object() || Doc.is_array()))
    return llvm::createStringError(std::errc::invalid_argument,
                                   "'%s' is not %s", Path.str().c_str(),
                                   Expected.str().c_str());
  return Doc;
}

} // namespace

llvm::Expected<llvm::StringSet<>> readBaseline(llvm::StringRef Path) {
  const char *Expected =
      "a txnlint baseline (expected an object with a \"findings\" array)";
  auto Root = readJson(Path, Expected);
  if (!Root)
    return Root.takeError();
  if (!Root->is_object() || !Root->contains("findings") ||
      !(*Root)["findings"].is_array())
    return llvm::createStringError(std::errc::invalid_argument, "'%s' is not %s",
                                   Path.str().c_str(), Expected);
  llvm::StringSet<> Fingerprints;
  for (const Json &Entry : (*Root)["findings"])
    if (Entry.is_object() && Entry.contains("fingerprint") &&
        Entry["fingerprint"].is_string())
      Fingerprints.insert(Entry["fingerprint"].get<std::string>());
  return Fingerprints;
}

void dropBaselined(std::vector<clang::tidy::ClangTidyError> &Errors,
                   const llvm::StringSet<> &Known, llvm::StringRef SourceRoot) {
  FindingRenderer Renderer(SourceRoot.str());
  std::vector<clang::tidy::ClangTidyError> Remaining;
  for (const Finding &F : Renderer.findings(Errors))
    if (!Known.contains(F.Fingerprint))
      Remaining.push_back(std::move(Errors[F.ErrorIndex]));
  Errors = std::move(Remaining);
}

namespace {

/// Orders merged output as one whole run orders it: by file, line, column,
/// check and message.
using OutputKey = std::tuple<std::string, int, int, std::string, std::string>;

OutputKey diagnosticKey(const Json &D) {
  return {D.value("file", ""), D.value("line", 0), D.value("column", 0),
          D.value("check", ""), D.value("message", "")};
}

/// \p Id: the result's rule, or the notification's descriptor.
OutputKey sarifKey(const Json &R, const std::string &Id) {
  Json Physical = R.value("locations", Json::array()).empty()
                      ? Json::object()
                      : R["locations"][0].value("physicalLocation", Json::object());
  Json Region = Physical.value("region", Json::object());
  return {Physical.value("artifactLocation", Json::object()).value("uri", ""),
          Region.value("startLine", 0), Region.value("startColumn", 0), Id,
          R.value("message", Json::object()).value("text", "")};
}

enum class OutputKind { Json, Sarif, CodeClimate };

const char *kindName(OutputKind Kind) {
  switch (Kind) {
  case OutputKind::Json:
    return "JSON";
  case OutputKind::Sarif:
    return "SARIF";
  case OutputKind::CodeClimate:
    return "Code Quality";
  }
  llvm_unreachable("unknown output kind");
}

} // namespace

int mergeOutputs(llvm::ArrayRef<std::string> Inputs, llvm::StringRef Output) {
  auto Fail = [](const llvm::Twine &Message) {
    llvm::errs() << "txnlint: error: " << Message << "\n";
    return 2;
  };
  if (Inputs.empty())
    return Fail("merge needs at least one input file");
  Json Merged;
  std::optional<OutputKind> MergedKind;
  // JSON: diagnostics by their position; SARIF: results and notifications
  // by position; Code Quality: issues by fingerprint.
  std::map<OutputKey, Json> Diagnostics;
  std::map<OutputKey, Json> Results;
  std::map<OutputKey, Json> Notifications;
  std::vector<Json> ExtraRules;
  Json Issues = Json::array();
  for (const std::string &Input : Inputs) {
    auto Doc = readJson(Input, "JSON output of txnlint");
    if (!Doc)
      return Fail(llvm::toString(Doc.takeError()));
    std::optional<OutputKind> Kind;
    if (Doc->is_array())
      Kind = OutputKind::CodeClimate;
    else if (Doc->contains("runs"))
      Kind = OutputKind::Sarif;
    else if (Doc->contains("diagnostics"))
      Kind = OutputKind::Json;
    if (!Kind)
      return Fail("'" + Input +
                  "' is not txnlint's JSON, SARIF or Code Quality output");
    if (MergedKind && *MergedKind != *Kind)
      return Fail(llvm::Twine("cannot merge ") + kindName(*MergedKind) +
                  " and " + kindName(*Kind) + " outputs ('" + Input + "')");
    if (!MergedKind)
      Merged = *Doc;
    MergedKind = Kind;
    if (*Kind == OutputKind::CodeClimate) {
      for (const Json &Issue : *Doc)
        Issues.push_back(Issue);
      continue;
    }
    if (*Kind == OutputKind::Json) {
      for (const Json &D : (*Doc)["diagnostics"])
        Diagnostics.emplace(diagnosticKey(D), D);
      continue;
    }
    for (const Json &Run : (*Doc)["runs"])
      for (const Json &Rule : Run["tool"]["driver"].value("rules", Json::array()))
        ExtraRules.push_back(Rule);
    for (const Json &Run : (*Doc)["runs"]) {
      for (Json Result : Run.value("results", Json::array())) {
        Result.erase("ruleIndex"); // recomputed against the merged rules
        Results.emplace(sarifKey(Result, Result.value("ruleId", "")), Result);
      }
      for (const Json &Invocation : Run.value("invocations", Json::array()))
        for (const Json &Notification :
             Invocation.value("toolExecutionNotifications", Json::array())) {
          std::string Descriptor =
              Notification.value("descriptor", Json::object()).value("id", "");
          Notifications.emplace(sarifKey(Notification, Descriptor),
                                Notification);
        }
    }
  }
  if (*MergedKind == OutputKind::CodeClimate) {
    orderCodeClimateIssues(Issues);
    Merged = std::move(Issues);
  } else if (*MergedKind == OutputKind::Json) {
    Merged["diagnostics"] = Json::array();
    for (auto &[Key, D] : Diagnostics)
      Merged["diagnostics"].push_back(D);
  } else {
    Json &Run = Merged["runs"][0];
    std::map<std::string, size_t> RuleIndex;
    Json &Rules = Run["tool"]["driver"]["rules"];
    for (size_t I = 0; I < Rules.size(); ++I)
      RuleIndex[Rules[I].value("id", "")] = I;
    // Rules that only other shards needed (clang-diagnostic-error).
    for (const Json &Rule : ExtraRules)
      if (!RuleIndex.count(Rule.value("id", ""))) {
        RuleIndex[Rule.value("id", "")] = Rules.size();
        Rules.push_back(Rule);
      }
    // The run went well if every shard's did.
    Json Invocation;
    Invocation["executionSuccessful"] = llvm::none_of(
        Notifications, [](const auto &Entry) {
          return Entry.second.value("level", "warning") == "error";
        });
    Invocation["toolExecutionNotifications"] = Json::array();
    for (auto &[Key, Notification] : Notifications)
      Invocation["toolExecutionNotifications"].push_back(Notification);
    Run["invocations"] = Json::array({std::move(Invocation)});
    Run["results"] = Json::array();
    for (auto &[Key, Result] : Results) {
      if (auto It = RuleIndex.find(Result.value("ruleId", ""));
          It != RuleIndex.end())
        Result["ruleIndex"] = It->second;
      Run["results"].push_back(Result);
    }
    Merged["runs"] = Json::array({Run});
  }
  if (llvm::Error Err = writeOutputFile(Output, [&](llvm::raw_ostream &OS) {
        OS << Merged.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
      }))
    return Fail(llvm::toString(std::move(Err)));
  return 0;
}

} // namespace txnlint
