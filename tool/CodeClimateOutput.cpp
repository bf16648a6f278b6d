//===--- CodeClimateOutput.cpp --------------------------------------------===//

#include "CodeClimateOutput.h"
#include "TxnLintModule.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include <nlohmann/json.hpp>

using Json = nlohmann::ordered_json;

namespace txnlint {
namespace {

/// GitLab's severities: info, minor, major, critical, blocker.
const char *gitLabSeverity(const Finding &F) {
  if (F.Severity == "remark")
    return "info";
  switch (checkSeverity(F.Check)) {
  case CheckSeverity::High:
    return "critical";
  case CheckSeverity::Medium:
    return "major";
  case CheckSeverity::Low:
    return "minor";
  }
  llvm_unreachable("unknown severity");
}

} // namespace

std::string findingsToCodeClimate(llvm::ArrayRef<Finding> Findings,
                                  llvm::StringRef SourceRoot,
                                  std::vector<const Finding *> &Omitted) {
  Json Issues = Json::array();
  for (const Finding &F : Findings) {
    if (!F.Where.isValid()) {
      Omitted.push_back(&F);
      continue;
    }
    Json Issue;
    Issue["type"] = "issue";
    Issue["check_name"] = F.Check;
    Issue["description"] = F.Message;
    Issue["categories"] = Json::array({"Bug Risk"});
    Issue["severity"] = gitLabSeverity(F);
    Issue["fingerprint"] = F.Fingerprint;
    Issue["location"]["path"] = relativeTo(F.Where.File, SourceRoot);
    Issue["location"]["lines"]["begin"] = F.Where.Line;
    Issues.push_back(std::move(Issue));
  }
  orderCodeClimateIssues(Issues);
  return Issues.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

void orderCodeClimateIssues(Json &Issues) {
  llvm::StringSet<> Seen;
  Json Unique = Json::array();
  for (Json &Issue : Issues)
    if (Seen.insert(Issue.value("fingerprint", "")).second)
      Unique.push_back(std::move(Issue));
  auto Place = [](const Json &Issue) {
    const Json &Location = Issue.value("location", Json::object());
    return std::make_pair(
        Location.value("path", ""),
        Location.value("lines", Json::object()).value("begin", 0));
  };
  std::stable_sort(
      Unique.begin(), Unique.end(),
      [&](const Json &A, const Json &B) { return Place(A) < Place(B); });
  Issues = std::move(Unique);
}

} // namespace txnlint
