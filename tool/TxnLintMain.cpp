//===--- TxnLintMain.cpp - The txnlint driver -----------------------------===//
//
// txnlint [options] <source>... [-- <compiler args>]
//
// Runs the txn-* checks through clang-tidy's own engine (the same checks the
// clang-tidy module registers, the same NOLINT handling and check globs) and
// reports in clang-tidy's text format or as JSON. Exit status: 0 no findings,
// 1 findings, 2 usage or tool error.
//
//===----------------------------------------------------------------------===//

#include "ClangTidy.h"
#include "model/ModelParser.h"
#include "model/TransactionModel.h"
#include "ClangTidyOptions.h"
#include "AuditCheck.h"
#include "AuditReport.h"
#include "Baseline.h"
#include "Findings.h"
#include "ParallelRunner.h"
#include "SarifOutput.h"
#include "GlobList.h"
#include "TxnLintModule.h"
#include "utils/HeaderFunctions.h"
#include "TxnLintVersion.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CommonOptionsParser.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/WithColor.h"
#include <thread>

using namespace clang;
using namespace clang::tidy;
namespace cl = llvm::cl;

namespace {

cl::OptionCategory TxnLintCategory("txnlint options");

cl::list<std::string> Sources(cl::Positional, cl::desc("<source>..."),
                              cl::cat(TxnLintCategory));
cl::opt<std::string> BuildPath(
    "p", cl::desc("Build directory containing compile_commands.json; with no "
                  "sources named, every file in it is analyzed"),
    cl::value_desc("build-dir"), cl::cat(TxnLintCategory));
cl::opt<std::string> Checks(
    "checks",
    cl::desc("Comma-separated globs of checks to run, clang-tidy syntax "
             "(e.g. '-*,txn-missing-rollback'); replaces the configuration's "
             "Checks. Default: the configuration's, else txn-*"),
    cl::cat(TxnLintCategory));
cl::opt<std::string> Config(
    "config",
    cl::desc("Configuration in YAML or JSON, as clang-tidy's --config "
             "(e.g. \"{CheckOptions: {txn-session-escape.AsyncSinks: "
             "'post'}}\"); replaces .clang-tidy files"),
    cl::cat(TxnLintCategory));
cl::opt<std::string> ConfigFile(
    "config-file",
    cl::desc("Read the configuration from this file instead of .clang-tidy "
             "files found above each source"),
    cl::value_desc("file"), cl::cat(TxnLintCategory));
cl::opt<bool> DumpConfig(
    "dump-config",
    cl::desc("Print the configuration in effect for the first source (or the "
             "current directory) and exit"),
    cl::cat(TxnLintCategory));
cl::opt<bool> ListChecks("list-checks",
                         cl::desc("List the enabled checks and exit"),
                         cl::cat(TxnLintCategory));
cl::opt<std::string> Format("format",
                            cl::desc("Output format: text, json or sarif"),
                            cl::init("text"), cl::cat(TxnLintCategory));
cl::opt<std::string> OutputFile("output", cl::desc("Write the output here"),
                                cl::value_desc("file"),
                                cl::cat(TxnLintCategory));
cl::alias OutputFileShort("o", cl::desc("Alias for --output"),
                          cl::aliasopt(OutputFile));
cl::opt<std::string> HeaderFilter(
    "header-filter",
    cl::desc("Regular expression of headers whose diagnostics are shown, as "
             "in clang-tidy (the main files' are always shown)"),
    cl::cat(TxnLintCategory));
cl::opt<bool> ExitZero("exit-zero",
                       cl::desc("Exit with 0 even when there are findings"),
                       cl::cat(TxnLintCategory));
cl::opt<bool> Quiet("quiet",
                    cl::desc("Print no progress or statistics on stderr"),
                    cl::cat(TxnLintCategory));
cl::list<std::string> ModelFiles(
    "model",
    cl::desc("A transaction model file for in-house wrappers (repeatable; "
             "see docs/model.md)"),
    cl::value_desc("file.json"), cl::cat(TxnLintCategory));
cl::opt<bool> ListModels("list-models",
                         cl::desc("List the built-in model profiles and exit"),
                         cl::cat(TxnLintCategory));
cl::opt<bool> DumpModel(
    "dump-model",
    cl::desc("Print the effective model (built-in and --model files) as JSON "
             "and exit"),
    cl::cat(TxnLintCategory));
cl::opt<bool> DumpEvents(
    "dump-events",
    cl::desc("Instead of checking, report every transaction event the model "
             "recognizes (for writing models)"),
    cl::cat(TxnLintCategory));
// Read as text so that a bad value gets txnlint's own one-line error.
cl::opt<std::string> Jobs(
    "j", cl::desc("Files analyzed at once (default: the number of cores)"),
    cl::value_desc("N"), cl::Prefix, cl::cat(TxnLintCategory));
cl::alias JobsLong("jobs", cl::desc("Alias for -j"), cl::aliasopt(Jobs));
cl::opt<std::string> Shard(
    "shard",
    cl::desc("Analyze part K of N of the files (e.g. 2/4), for CI matrices; "
             "merge the outputs with `txnlint merge`"),
    cl::value_desc("K/N"), cl::cat(TxnLintCategory));
cl::opt<std::string> SourceRoot(
    "source-root",
    cl::desc("Paths in SARIF, baselines and fingerprints are relative to this "
             "directory (default: the current directory)"),
    cl::value_desc("dir"), cl::cat(TxnLintCategory));
cl::opt<std::string> WriteBaseline(
    "write-baseline", cl::desc("Record the current findings in this file"),
    cl::value_desc("file"), cl::cat(TxnLintCategory));
cl::opt<std::string> Baseline(
    "baseline",
    cl::desc("Report (and fail on) only findings not recorded in this "
             "baseline file"),
    cl::value_desc("file"), cl::cat(TxnLintCategory));
cl::opt<std::string> ExportFixes(
    "export-fixes",
    cl::desc("Write the findings and their fixes as YAML for "
             "clang-apply-replacements"),
    cl::value_desc("file"), cl::cat(TxnLintCategory));
cl::opt<std::string> ReportDir(
    "report",
    cl::desc("Also write the transaction audit (report.json, report.md, "
             "index.html) into this directory"),
    cl::value_desc("dir"), cl::cat(TxnLintCategory));
cl::opt<bool> EnableCheckProfile(
    "enable-check-profile",
    cl::desc("Print the time each check takes, as clang-tidy does"),
    cl::cat(TxnLintCategory));
cl::list<std::string> ExtraArgs(
    "extra-arg", cl::desc("Compiler argument to append"),
    cl::cat(TxnLintCategory));
cl::list<std::string> ExtraArgsBefore(
    "extra-arg-before", cl::desc("Compiler argument to prepend"),
    cl::cat(TxnLintCategory));

constexpr int ExitFindings = 1;
constexpr int ExitError = 2;

int fail(const llvm::Twine &Message) {
  llvm::errs() << "txnlint: error: " << Message << "\n";
  return ExitError;
}

/// The check names the --checks globs enable.
std::vector<std::string> enabledChecks(StringRef Globs) {
  CachedGlobList Enabled(Globs);
  std::vector<std::string> Names;
  for (const txnlint::CheckSummary &Check : txnlint::checkSummaries())
    if (Enabled.contains(Check.Name))
      Names.push_back(Check.Name.str());
  return Names;
}

/// Where the configuration comes from: --config, --config-file, or the
/// .clang-tidy files above each source. The defaults enable every txn-*
/// check; a configuration's Checks refine them.
llvm::Expected<std::unique_ptr<ClangTidyOptionsProvider>>
createOptionsProvider(const ClangTidyOptions &Overrides,
                      llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS) {
  ClangTidyGlobalOptions GlobalOptions;
  ClangTidyOptions Defaults = ClangTidyOptions::getDefaults();
  Defaults.Checks = "-*,txn-*";
  auto FromText = [&](StringRef Text, StringRef Source)
      -> llvm::Expected<std::unique_ptr<ClangTidyOptionsProvider>> {
    auto Parsed = parseConfiguration(llvm::MemoryBufferRef(Text, Source));
    if (!Parsed)
      return llvm::createStringError(Parsed.getError(),
                                     "invalid configuration in " + Source +
                                         ": " + Parsed.getError().message());
    return std::make_unique<ConfigOptionsProvider>(
        GlobalOptions, Defaults, std::move(*Parsed), Overrides, FS);
  };
  if (!Config.empty())
    return FromText(Config, "--config");
  if (!ConfigFile.empty()) {
    auto Text = llvm::MemoryBuffer::getFile(ConfigFile);
    if (!Text)
      return llvm::createStringError(Text.getError(),
                                     "cannot read '" + ConfigFile +
                                         "': " + Text.getError().message());
    return FromText((*Text)->getBuffer(), "'" + ConfigFile + "'");
  }
  return std::make_unique<FileOptionsProvider>(GlobalOptions, Defaults,
                                               Overrides, FS);
}

void printVersion(llvm::raw_ostream &OS) {
  OS << "txnlint version " << TXNLINT_VERSION << " (LLVM "
     << LLVM_VERSION_STRING << ")\n";
}

} // namespace

/// `txnlint merge <input>... [-o <file>]`.
int runMerge(int argc, const char **argv) {
  std::vector<std::string> Inputs;
  std::string Output;
  for (int I = 2; I < argc; ++I) {
    StringRef Arg = argv[I];
    if ((Arg == "-o" || Arg == "--output") && I + 1 < argc)
      Output = argv[++I];
    else if (Arg.consume_front("--output=") || Arg.consume_front("-o="))
      Output = Arg.str();
    else
      Inputs.push_back(Arg.str());
  }
  return txnlint::mergeOutputs(Inputs, Output);
}

int main(int argc, const char **argv) {
  llvm::sys::PrintStackTraceOnErrorSignal(argv[0]);
  if (argc > 1 && StringRef(argv[1]) == "merge")
    return runMerge(argc, argv);
  cl::HideUnrelatedOptions(TxnLintCategory);
  cl::SetVersionPrinter(printVersion);

  // Everything after "--" is the compile command of the named sources.
  std::vector<const char *> ToolArgs;
  std::vector<std::string> CompilerArgs;
  bool HasCompilerArgs = false;
  for (int I = 0; I < argc; ++I) {
    if (!HasCompilerArgs && I > 0 && StringRef(argv[I]) == "--") {
      HasCompilerArgs = true;
      continue;
    }
    if (HasCompilerArgs)
      CompilerArgs.push_back(argv[I]);
    else
      ToolArgs.push_back(argv[I]);
  }
  std::string ParseErrors;
  llvm::raw_string_ostream ParseErrorStream(ParseErrors);
  if (!cl::ParseCommandLineOptions(
          ToolArgs.size(), ToolArgs.data(),
          "Finds transaction-boundary bugs in C++ database code.\n\n"
          "  txnlint [options] <source>... [-- <compiler args>]\n"
          "  txnlint merge <output.json|output.sarif>... [-o <file>]\n",
          &ParseErrorStream)) {
    // Some errors are printed by the parser itself, already prefixed.
    StringRef First = StringRef(ParseErrors).trim().split('\n').first;
    if (First.empty())
      return ExitError;
    First.consume_front(llvm::sys::path::filename(argv[0]));
    return fail(First.ltrim(": ").str());
  }

  if (Format != "text" && Format != "json" && Format != "sarif")
    return fail("unknown --format '" + Format +
                "' (expected text, json or sarif)");
  unsigned JobCount = std::max(1u, std::thread::hardware_concurrency());
  if (!Jobs.empty() && (StringRef(Jobs).getAsInteger(10, JobCount) || !JobCount))
    return fail("-j '" + Jobs + "' is not a positive number of jobs");
  unsigned ShardIndex = 1, ShardCount = 1;
  if (!Shard.empty()) {
    auto [K, N] = StringRef(Shard).split('/');
    if (K.getAsInteger(10, ShardIndex) || N.getAsInteger(10, ShardCount) ||
        ShardCount == 0 || ShardIndex == 0 || ShardIndex > ShardCount)
      return fail("--shard='" + Shard + "' is not K/N with 1 <= K <= N");
  }

  std::string ModelList = llvm::join(ModelFiles, ";");
  std::string ModelError;
  const txnlint::TransactionModel *Model =
      txnlint::TransactionModel::load(ModelList, ModelError);
  if (!Model)
    return fail(ModelError);
  if (ListModels) {
    for (const txnlint::Profile &P : txnlint::TransactionModel::builtin().profiles())
      llvm::outs() << P.Name << " - " << P.Description << "\n";
    return 0;
  }
  if (DumpModel) {
    llvm::outs() << txnlint::printModel(Model->profiles());
    return 0;
  }

  // The command line's checks replace the configuration's.
  std::optional<std::string> CheckGlobs;
  if (DumpEvents)
    CheckGlobs = "-*,txnlint-dump-events";
  else if (Checks.getNumOccurrences())
    CheckGlobs = "-*," + Checks;
  if (CheckGlobs && enabledChecks(*CheckGlobs).empty())
    return fail("--checks='" + Checks + "' enables no check (see --list-checks)");

  // The compilation database: "--" arguments, -p, or one found above the
  // sources (as clang-tidy does).
  std::unique_ptr<tooling::CompilationDatabase> Compilations;
  std::string LoadError;
  if (HasCompilerArgs) {
    Compilations = std::make_unique<tooling::FixedCompilationDatabase>(
        ".", CompilerArgs);
  } else if (!BuildPath.empty()) {
    SmallString<256> DatabaseFile(BuildPath);
    llvm::sys::path::append(DatabaseFile, "compile_commands.json");
    if (!llvm::sys::fs::exists(DatabaseFile))
      return fail("no compile_commands.json in '" + BuildPath + "'");
    Compilations = tooling::JSONCompilationDatabase::loadFromFile(
        DatabaseFile, LoadError, tooling::JSONCommandLineSyntax::AutoDetect);
    if (!Compilations)
      return fail("cannot read '" + DatabaseFile + "': " + LoadError);
  } else if (!Sources.empty()) {
    Compilations = tooling::CompilationDatabase::autoDetectFromSource(
        Sources.front(), LoadError);
    if (!Compilations) {
      if (!Quiet)
        llvm::WithColor::warning(llvm::errs(), "txnlint")
            << "no compilation database found for '" << Sources.front()
            << "'; analyzing without compiler flags (add '--' and the flags)\n";
      Compilations = std::make_unique<tooling::FixedCompilationDatabase>(
          ".", std::vector<std::string>());
    }
  }

  std::vector<std::string> Files(Sources.begin(), Sources.end());
  if (Files.empty() && Compilations && !HasCompilerArgs) {
    Files = Compilations->getAllFiles();
    llvm::sort(Files);
  }
  if (Files.empty() && !ListChecks && !DumpConfig)
    return fail("no source files given (name them, or use -p <build-dir>)");
  for (const std::string &File : Files)
    if (!llvm::sys::fs::exists(File))
      return fail("source file '" + File + "' does not exist");
  if (ShardCount > 1)
    Files = txnlint::shardOf(std::move(Files), ShardIndex, ShardCount);

  ClangTidyOptions Overrides;
  Overrides.Checks = CheckGlobs;
  // The audit rides along with the checks (its remarks never reach output).
  if (!ReportDir.empty())
    Overrides.Checks = Overrides.Checks.value_or("") + ",txnlint-audit";
  if (HeaderFilter.getNumOccurrences())
    Overrides.HeaderFilterRegex = HeaderFilter;
  if (ExtraArgsBefore.getNumOccurrences())
    Overrides.ExtraArgsBefore =
        std::vector<std::string>(ExtraArgsBefore.begin(), ExtraArgsBefore.end());
  if (ExtraArgs.getNumOccurrences())
    Overrides.ExtraArgs =
        std::vector<std::string>(ExtraArgs.begin(), ExtraArgs.end());
  if (!ModelList.empty())
    Overrides.CheckOptions["TxnModelFiles"] =
        ClangTidyOptions::ClangTidyValue(ModelList);
  auto BaseFS = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(
      llvm::vfs::getRealFileSystem());
  auto OptionsProvider = createOptionsProvider(Overrides, BaseFS);
  if (!OptionsProvider)
    return fail(llvm::toString(OptionsProvider.takeError()));

  // Checks, configuration dump and check list for the first source (or the
  // current directory), as clang-tidy does.
  SmallString<256> ConfigFor;
  if (!Files.empty())
    ConfigFor = Files.front();
  else
    llvm::sys::fs::current_path(ConfigFor);
  llvm::sys::fs::make_absolute(ConfigFor);
  ClangTidyOptions Effective = (*OptionsProvider)->getOptions(ConfigFor);
  if (DumpConfig) {
    llvm::outs() << configurationAsText(Effective) << "\n";
    return 0;
  }
  std::vector<std::string> Enabled = enabledChecks(Effective.Checks.value_or(""));
  if (ListChecks) {
    llvm::outs() << "Enabled checks:\n";
    for (const txnlint::CheckSummary &Check : txnlint::checkSummaries())
      if (llvm::is_contained(Enabled, Check.Name))
        llvm::outs() << "    " << Check.Name << " - " << Check.Summary << "\n";
    return 0;
  }
  if (Enabled.empty())
    return fail("the configuration enables no txn-* check (see --list-checks)");

  // Inputs and outputs are checked before the (long) analysis, and the
  // baseline is read before any output could overwrite it.
  std::optional<llvm::StringSet<>> KnownFindings;
  if (!Baseline.empty()) {
    auto Known = txnlint::readBaseline(Baseline);
    if (!Known)
      return fail(llvm::toString(Known.takeError()));
    KnownFindings = std::move(*Known);
  }
  for (const std::string *Path : {&OutputFile.getValue(), &ExportFixes.getValue(),
                                  &WriteBaseline.getValue()}) {
    if (Path->empty())
      continue;
    std::error_code EC;
    llvm::raw_fd_ostream Probe(*Path, EC, llvm::sys::fs::OF_Append);
    if (EC)
      return fail("cannot write '" + *Path + "': " + EC.message());
  }

  // The driver is not installed beside Clang's headers: point at them.
  tooling::ArgumentsAdjustingCompilations WithResourceDir(std::move(Compilations));
  WithResourceDir.appendArgumentsAdjuster(tooling::getInsertArgumentAdjuster(
      "-resource-dir=" TXNLINT_CLANG_RESOURCE_DIR,
      tooling::ArgumentInsertPosition::BEGIN));
  txnlint::RunOptions Run;
  Run.Jobs = JobCount;
  Run.EnableCheckProfile = EnableCheckProfile;
  // A bar on a terminal, a line every few seconds in CI logs.
  if (!Quiet && Files.size() > 1)
    Run.Progress = llvm::sys::Process::StandardErrIsDisplayed() &&
                           !llvm::sys::Process::GetEnv("CI")
                       ? txnlint::ProgressStyle::Bar
                       : txnlint::ProgressStyle::Lines;
  Run.MakeOptionsProvider = [&] {
    return llvm::cantFail(createOptionsProvider(Overrides, BaseFS));
  };
  std::vector<ClangTidyError> Errors =
      txnlint::runInParallel(WithResourceDir, Files, Run);
  if (EnableCheckProfile)
    llvm::errs() << "txnlint: " << txnlint::repeatedHeaderVisits()
                 << " check visits of header functions skipped: analyzed for "
                    "an earlier file of this run\n";
  std::vector<std::string> AuditPayloads;
  llvm::erase_if(Errors, [&](const ClangTidyError &E) {
    if (E.DiagnosticName != "txnlint-audit")
      return false;
    AuditPayloads.push_back(StringRef(E.Message.Message)
                                .drop_front(txnlint::AuditCheck::MessagePrefix.size())
                                .str());
    return true;
  });

  SmallString<256> Root(SourceRoot);
  if (Root.empty())
    llvm::sys::fs::current_path(Root);
  llvm::sys::fs::make_absolute(Root);
  llvm::sys::path::remove_dots(Root, /*remove_dot_dot=*/true);
  txnlint::FindingRenderer Renderer(Root.str().str());
  std::vector<txnlint::Finding> Findings = Renderer.findings(Errors);

  if (!WriteBaseline.empty())
    if (llvm::Error Err = txnlint::writeBaseline(Findings, Root, WriteBaseline))
      return fail(llvm::toString(std::move(Err)));
  if (KnownFindings) {
    llvm::erase_if(Findings, [&](const txnlint::Finding &F) {
      return KnownFindings->contains(F.Fingerprint);
    });
    std::vector<ClangTidyError> Remaining;
    for (const txnlint::Finding &F : Findings)
      Remaining.push_back(Errors[F.ErrorIndex]);
    Errors = std::move(Remaining);
    Findings = Renderer.findings(Errors);
  }
  if (!ReportDir.empty()) {
    if (llvm::Error Err = txnlint::writeReport(
            txnlint::buildReport(AuditPayloads, Findings, Root, Files.size()),
            ReportDir))
      return fail(llvm::toString(std::move(Err)));
    if (!Quiet)
      llvm::errs() << "txnlint: audit report written to " << ReportDir
                   << "/index.html\n";
  }
  if (!ExportFixes.empty()) {
    std::error_code EC;
    llvm::raw_fd_ostream FixesOut(ExportFixes, EC);
    if (EC)
      return fail("cannot write '" + ExportFixes + "': " + EC.message());
    exportReplacements(Files.size() == 1 ? Files.front() : "", Errors, FixesOut);
  }

  std::unique_ptr<llvm::raw_fd_ostream> FileOut;
  if (!OutputFile.empty()) {
    std::error_code EC;
    FileOut = std::make_unique<llvm::raw_fd_ostream>(OutputFile, EC);
    if (EC)
      return fail("cannot write '" + OutputFile + "': " + EC.message());
  }
  llvm::raw_ostream &OS = FileOut ? *FileOut : llvm::outs();
  if (Format == "json") {
    OS << txnlint::findingsToJson(Findings);
  } else if (Format == "sarif") {
    OS << txnlint::findingsToSarif(Findings, Root);
  } else {
    bool Color = !FileOut && llvm::sys::Process::StandardOutHasColors();
    Renderer.printText(Errors, OS, Color);
  }
  OS.flush();

  if (!Quiet && !Errors.empty())
    llvm::errs() << Errors.size() << " finding" << (Errors.size() == 1 ? "" : "s")
                 << " in " << Files.size() << " file"
                 << (Files.size() == 1 ? "" : "s") << ".\n";
  // Configuration warnings (clang-tidy-config) are shown, but are not
  // findings.
  bool HasFindings = llvm::any_of(Errors, [](const ClangTidyError &E) {
    return E.DiagnosticName != "clang-tidy-config";
  });
  return !HasFindings || ExitZero ? 0 : ExitFindings;
}
