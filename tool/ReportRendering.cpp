//===--- ReportRendering.cpp - report.md and index.html -------------------===//

#include "AuditReport.h"
#include "llvm/ADT/StringExtras.h"

using Json = nlohmann::ordered_json;

namespace txnlint {
namespace {

/// Text from analyzed code inside Markdown table cells and code spans.
std::string markdownCell(const std::string &Text) {
  std::string Out;
  for (char C : Text) {
    if (C == '|' || C == '`' || C == '*' || C == '_' || C == '<' || C == '>' ||
        C == '[' || C == ']' || C == '\\')
      Out += '\\';
    Out += C == '\n' ? ' ' : C;
  }
  return Out;
}

std::string where(const Json &J) {
  return J.value("file", "") + ":" + std::to_string(J.value("line", 0));
}

} // namespace

std::string reportToMarkdown(const Json &Report) {
  const Json &Summary = Report["summary"];
  std::string Out = "# Transaction audit\n\n";
  Out += std::to_string(Summary.value("scopes", 0)) + " transaction scopes in " +
         std::to_string(Summary.value("functions", 0)) + " functions, " +
         std::to_string(Summary.value("findings", 0)) + " findings.\n\n";
  auto Counts = [&](const char *Title, const Json &Map) {
    Out += std::string("## ") + Title + "\n\n| | count |\n|---|---|\n";
    for (auto &[Key, Count] : Map.items())
      Out += "| " + markdownCell(Key) + " | " + std::to_string(Count.get<int>()) +
             " |\n";
    Out += "\n";
  };
  Counts("Scopes per API", Summary["scopes_per_api"]);
  Counts("Scopes per directory", Summary["scopes_per_directory"]);
  Counts("Findings per check", Summary["findings_per_check"]);
  Counts("Findings per directory", Summary["findings_per_directory"]);

  Out += "## Top risky workflows\n\n| function | where | API | risk | findings | "
         "failure points |\n|---|---|---|---|---|---|\n";
  for (const Json &R : Summary["top_risky_workflows"])
    Out += "| " + markdownCell(R.value("function", "")) + " | " +
           markdownCell(where(R)) + " | " + markdownCell(R.value("api", "")) +
           " | " + std::to_string(R.value("risk", 0)) + " | " +
           std::to_string(R.value("findings", 0)) + " | " +
           std::to_string(R.value("failure_points", 0)) + " |\n";
  Out += "\n## Functions that write with no transaction\n\n";
  for (const Json &F : Summary["functions_writing_without_transaction"])
    Out += "- `" + markdownCell(F.value("function", "")) + "` (" +
           markdownCell(where(F)) + "): " + std::to_string(F.value("writes", 0)) +
           " writes outside any transaction\n";

  Out += "\n## Transaction scopes\n\n| # | function | begin | API | kind | "
         "writes | savepoints | failure points | commits | rollbacks | "
         "exception path | findings |\n|---|---|---|---|---|---|---|---|---|---|"
         "---|---|\n";
  for (const Json &S : Report["scopes"])
    Out += "| " + std::to_string(S.value("id", 0)) + " | " +
           markdownCell(S.value("function", "")) + " | " +
           markdownCell(where(S["begin"])) + " | " +
           markdownCell(S.value("api", "")) + " | " + S.value("kind", "") +
           " | " + std::to_string(S["writes"].size()) + " | " +
           std::to_string(S["savepoints"].size()) + " | " +
           std::to_string(S["failure_points"].size()) + " | " +
           std::to_string(S["commits"].size()) + " | " +
           std::to_string(S["rollbacks"].size()) + " | " +
           (S.value("exception_path_covered", true) ? "covered" : "**open**") +
           " | " + std::to_string(S["findings"].size()) + " |\n";

  Out += "\n## Findings\n\n";
  for (const Json &F : Report["findings"])
    Out += "- " + markdownCell(where(F)) + ": **" +
           markdownCell(F.value("check", "")) + "**: " +
           markdownCell(F.value("message", "")) + "\n";
  return Out;
}

std::string reportToHtml(const Json &Report) {
  // The data travels as JSON inside a script element; '<' is escaped so
  // that no text from the analyzed code can close the element, and the page
  // only ever inserts it with textContent.
  std::string Data = Report.dump(-1, ' ', true, Json::error_handler_t::replace);
  std::string Safe;
  for (char C : Data)
    Safe += C == '<' ? std::string("\\u003c") : std::string(1, C);
  return R"(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>txnlint transaction audit</title>
<style>body{font:14px sans-serif;margin:1.5em}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:2px 6px}</style></head><body>
<h1>Transaction audit</h1><div id="summary"></div>
<script id="report-data" type="application/json">)" +
         Safe + R"(</script>
<script>
const report = JSON.parse(document.getElementById('report-data').textContent);
const s = report.summary;
document.getElementById('summary').textContent =
  s.scopes + ' transaction scopes, ' + s.functions + ' functions, ' +
  s.findings + ' findings';
</script></body></html>
)";
}

} // namespace txnlint
