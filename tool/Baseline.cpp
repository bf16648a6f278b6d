//===--- Baseline.cpp -----------------------------------------------------===//

#include "Baseline.h"
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

/// The JSON object in the file at \p Path; \p Expected says what it
/// should be, for the error.
llvm::Expected<Json> readJson(llvm::StringRef Path, llvm::StringRef Expected) {
  auto Buffer = readInputFile(Path);
  if (!Buffer)
    return llvm::createStringError("cannot read '" + Path + "': " +
                                   llvm::toString(Buffer.takeError()));
  Json Doc = Json::parse((*Buffer)->getBuffer().begin(),
                         (*Buffer)->getBuffer().end(), nullptr, false);
  if (Doc.is_discarded() || !Doc.is_object())
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
  if (!Root->contains("findings") || !(*Root)["findings"].is_array())
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

OutputKey resultKey(const Json &R) {
  Json Physical = R.value("locations", Json::array()).empty()
                      ? Json::object()
                      : R["locations"][0].value("physicalLocation", Json::object());
  Json Region = Physical.value("region", Json::object());
  return {Physical.value("artifactLocation", Json::object()).value("uri", ""),
          Region.value("startLine", 0), Region.value("startColumn", 0),
          R.value("ruleId", ""),
          R.value("message", Json::object()).value("text", "")};
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
  // JSON: diagnostics by their position; SARIF: results by fingerprint.
  std::map<OutputKey, Json> Diagnostics;
  std::map<OutputKey, Json> Results;
  std::vector<Json> ExtraRules;
  for (const std::string &Input : Inputs) {
    auto Doc = readJson(Input, "JSON output of txnlint");
    if (!Doc)
      return Fail(llvm::toString(Doc.takeError()));
    bool IsSarif = Doc->contains("runs");
    bool IsJson = Doc->contains("diagnostics");
    if (!IsSarif && !IsJson)
      return Fail("'" + Input + "' is neither txnlint JSON nor SARIF output");
    if (!Merged.is_null() && Merged.contains("runs") != IsSarif)
      return Fail("cannot merge JSON and SARIF outputs ('" + Input + "')");
    if (Merged.is_null())
      Merged = *Doc;
    if (IsJson) {
      for (const Json &D : (*Doc)["diagnostics"])
        Diagnostics.emplace(diagnosticKey(D), D);
      continue;
    }
    for (const Json &Run : (*Doc)["runs"])
      for (const Json &Rule : Run["tool"]["driver"].value("rules", Json::array()))
        ExtraRules.push_back(Rule);
    for (const Json &Run : (*Doc)["runs"])
      for (Json Result : Run.value("results", Json::array())) {
        Result.erase("ruleIndex"); // recomputed against the merged rules
        Results.emplace(resultKey(Result), Result);
      }
  }
  if (Merged.contains("diagnostics")) {
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
