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
#include "CodeClimateOutput.h"
#include "CompileDatabase.h"
#include "CrossFileRun.h"
#include "FaultSim.h"
#include "Findings.h"
#include "InferredModel.h"
#include "LanguageServer.h"
#include "OutputFiles.h"
#include "ParallelRunner.h"
#include "SarifOutput.h"
#include "TxnLintModule.h"
#include "utils/HeaderFunctions.h"
#include "utils/InputFiles.h"
#include "utils/ModelFilesOption.h"
#include "TxnLintVersion.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CommonOptionsParser.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/YAMLParser.h"
#include "llvm/Support/xxhash.h"
#include <csignal>
#include <mutex>
#include <thread>
#include <unistd.h>

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
cl::opt<std::string> Format(
    "format",
    cl::desc("Output format: text, json, sarif or codeclimate (GitLab Code "
             "Quality)"),
    cl::init("text"), cl::cat(TxnLintCategory));
cl::opt<std::string> SarifHelpUri(
    "sarif-help-uri",
    cl::desc("SARIF rules link <base>/<check>.md, the check's page (e.g. "
             "https://github.com/acme/txnlint/blob/v1/docs/checks); no link "
             "without it"),
    cl::value_desc("base"), cl::cat(TxnLintCategory));
cl::opt<std::string> SarifCategory(
    "sarif-category",
    cl::desc("The SARIF run's automationDetails.id: the category that tells "
             "code scanning's analyses apart (e.g. one per shard)"),
    cl::value_desc("id"), cl::cat(TxnLintCategory));
// Aliases are not listed by --help: the option's text names them.
cl::opt<std::string> OutputFile("output",
                                cl::desc("Write the output here (also -o "
                                         "<file>); written whole or not at all"),
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
cl::opt<bool> InferModel(
    "infer-model",
    cl::desc("Instead of the findings, print the wrappers that the function "
             "bodies show as a model file, for review (see docs/model.md)"),
    cl::cat(TxnLintCategory));
cl::opt<bool> DumpEvents(
    "dump-events",
    cl::desc("Instead of checking, report every transaction event the model "
             "recognizes (for writing models)"),
    cl::cat(TxnLintCategory));
cl::opt<bool> CheckModel(
    "check-model",
    cl::desc("Instead of checking, warn about each type and function of the "
             "--model files that names no declaration in the sources"),
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
    cl::desc("Paths in SARIF, Code Quality reports, baselines and "
             "fingerprints are relative to this directory (default: the "
             "current directory)"),
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
cl::list<std::string> FaultSimResults(
    "faultsim-result",
    cl::desc("Add this result of 'txnlint faultsim -o' to the --report: the "
             "runs with a problem, and the findings they confirm (may be "
             "repeated; see docs/faultsim.md)"),
    cl::value_desc("file"), cl::cat(TxnLintCategory));
cl::opt<std::string> SummaryStore(
    "summaries",
    cl::desc("Read and update this summary store: what the functions of "
             "every file do, for the files that call them (see "
             "docs/cross-file.md)"),
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

cl::OptionCategory LanguageServerCategory("txnlint lsp options");
cl::opt<std::string> DocsUrl(
    "docs-url",
    cl::desc("Where diagnostics link each check's documentation, as "
             "<url><check>.md (default: this build's docs/checks)"),
    cl::value_desc("url"), cl::cat(LanguageServerCategory));

constexpr int ExitFindings = 1;
constexpr int ExitError = 2;

int fail(const llvm::Twine &Message) {
  llvm::errs() << "txnlint: error: " << Message << "\n";
  return ExitError;
}

/// Prints \p Message as a warning, once per run (a configuration file is
/// read again for each directory below it).
void warnOnce(const std::string &Message) {
  static std::mutex Lock;
  static llvm::StringSet<> Printed;
  std::lock_guard<std::mutex> Guard(Lock);
  if (Printed.insert(Message).second)
    llvm::errs() << "txnlint: warning: " << Message << "\n";
}

/// The check names the --checks globs enable.
std::vector<std::string> enabledChecks(StringRef Globs) {
  std::vector<std::string> Names;
  for (const txnlint::CheckSummary &Check : txnlint::checkSummaries())
    if (txnlint::isCheckEnabled(Check, Globs))
      Names.push_back(Check.Name.str());
  return Names;
}

/// Whether \p Glob (without its leading '-') can match a check: check names
/// are "<module>-<name>" in letters, digits, '_' and '.'.
bool isCheckGlob(StringRef Glob) {
  return (Glob.contains('*') || Glob.contains('-')) &&
         llvm::all_of(Glob, [](char C) {
           return llvm::isAlnum(C) || StringRef("-_.*").contains(C);
         });
}

/// Blanks the top-level entry \p Key of the YAML mapping \p Text, up to the
/// next entry's key (or the mapping's end), keeping every other character's
/// line and column. False when the mapping has no such entry.
bool blankTopLevelEntry(std::string &Text, StringRef Key) {
  llvm::SourceMgr Sources;
  llvm::yaml::Stream Stream(Text, Sources);
  llvm::yaml::document_iterator Doc = Stream.begin();
  if (Doc == Stream.end())
    return false;
  auto *Map = dyn_cast_or_null<llvm::yaml::MappingNode>(Doc->getRoot());
  if (!Map)
    return false;
  std::optional<size_t> Begin;
  size_t End = Text.size();
  for (llvm::yaml::KeyValueNode &Entry : *Map) {
    auto *Name = dyn_cast_or_null<llvm::yaml::ScalarNode>(Entry.getKey());
    if (!Name)
      return false;
    size_t Start = Name->getSourceRange().Start.getPointer() - Text.data();
    if (Begin) {
      End = Start;
      break;
    }
    SmallString<32> Storage;
    if (Name->getValue(Storage) == Key)
      Begin = Start;
  }
  if (!Begin)
    return false;
  // The last entry of a flow mapping ends at its '}'.
  size_t First = Text.find_first_not_of(" \t\r\n");
  if (End == Text.size() && First != std::string::npos && Text[First] == '{')
    End = std::max(*Begin, Text.rfind('}'));
  for (size_t I = *Begin; I < End; ++I)
    if (Text[I] != '\n')
      Text[I] = ' ';
  return true;
}

/// Parses configuration text as clang-tidy does, with its first problem as
/// one line naming <source>:<line>:<col> (clang-tidy prints YAML's message
/// with the line and a caret, then its own). Values that YAML reads but no
/// check could use are refused too. A top-level key this clang-tidy does not
/// know (AnalyzeTemporaryDtors, kept from an older one) is left out with a
/// warning: clang-tidy would drop the whole file, checks and all, with an
/// error it then goes past.
llvm::Expected<ClangTidyOptions> parseConfigText(llvm::MemoryBufferRef Text) {
  StringRef Source = Text.getBufferIdentifier();
  std::string Edited = Text.getBuffer().str();
  std::string Problem;
  llvm::ErrorOr<ClangTidyOptions> Parsed = std::errc::invalid_argument;
  for (;;) {
    Problem.clear();
    std::string UnknownKey;
    Parsed = parseConfigurationWithDiags(
        llvm::MemoryBufferRef(Edited, Source),
        [&](const llvm::SMDiagnostic &Diag) {
          if (!Problem.empty())
            return;
          Problem = (Diag.getFilename() + ":" + Twine(Diag.getLineNo()) + ":" +
                     Twine(Diag.getColumnNo() + 1) + ": " + Diag.getMessage())
                        .str();
          StringRef Message = Diag.getMessage();
          if (Message.consume_front("unknown key '") &&
              Message.consume_back("'"))
            UnknownKey = Message.str();
        });
    if (Parsed || UnknownKey.empty() || !blankTopLevelEntry(Edited, UnknownKey))
      break;
    warnOnce(Problem + ", ignored");
  }
  auto Invalid = [&](const Twine &What) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "invalid configuration in " + What);
  };
  if (!Parsed)
    return Invalid(Problem.empty()
                       ? Source + ": " + Parsed.getError().message()
                       : Twine(Problem));
  const std::string Checks = Parsed->Checks.value_or("");
  bool EnablesSome = false;
  bool NamesTxnCheck = false;
  for (StringRef Glob : llvm::split(Checks, ',')) {
    Glob = Glob.trim();
    EnablesSome |= !Glob.empty() && !Glob.starts_with("-");
    Glob.consume_front("-");
    if (!Glob.empty() && !isCheckGlob(Glob))
      return Invalid(Source + ": Checks: '" + Glob +
                     "' is not a check name or glob");
    NamesTxnCheck |= Glob != "*" && !enabledChecks(Glob).empty();
  }
  // Checks chosen for clang-tidy's own checks ('-*,bugprone-*') are not a
  // choice about txnlint's: the defaults stand. Checks that only disable
  // ('-*' for third-party code) apply.
  if (EnablesSome && !NamesTxnCheck)
    Parsed->Checks.reset();
  // An empty filter, as older clang-tidy -dump-config wrote it, shows no header.
  if (Parsed->HeaderFilterRegex && !Parsed->HeaderFilterRegex->empty()) {
    std::string RegexError;
    if (!llvm::Regex(*Parsed->HeaderFilterRegex).isValid(RegexError))
      return Invalid(Source + ": HeaderFilterRegex: '" +
                     *Parsed->HeaderFilterRegex +
                     "' is not a regular expression: " + RegexError);
  }
  return std::move(*Parsed);
}

/// clang-tidy's search for the .clang-tidy file nearest above each source,
/// except that a file that cannot be used is recorded in \p Problems (when
/// given), where clang-tidy prints a message and goes on as if it were not
/// there.
class CheckedFileOptionsProvider : public FileOptionsProvider {
public:
  CheckedFileOptionsProvider(
      ClangTidyOptions Defaults, ClangTidyOptions Overrides,
      llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FileSystem,
      std::vector<std::string> *Problems)
      : FileOptionsProvider(
            ClangTidyGlobalOptions(), std::move(Defaults), std::move(Overrides),
            ConfigFileHandlers{{".clang-tidy",
                                [this](llvm::MemoryBufferRef Text)
                                    -> llvm::ErrorOr<ClangTidyOptions> {
                                  auto Parsed = parseConfigText(Text);
                                  if (Parsed)
                                    return std::move(*Parsed);
                                  report(llvm::toString(Parsed.takeError()));
                                  // Read as empty: the run fails anyway.
                                  return ClangTidyOptions();
                                }}}),
        Problems(Problems) {
    // The constructor that takes handlers has no file system parameter.
    FS = std::move(FileSystem);
  }

  std::vector<OptionsSource> getRawOptions(StringRef FileName) override {
    // clang-tidy silently passes over a .clang-tidy that is not a file.
    SmallString<256> Path(FileName);
    if (Problems && !FS->makeAbsolute(Path)) {
      for (StringRef Dir = llvm::sys::path::parent_path(Path); !Dir.empty();
           Dir = llvm::sys::path::parent_path(Dir)) {
        SmallString<256> ConfigFile(Dir);
        llvm::sys::path::append(ConfigFile, ".clang-tidy");
        llvm::ErrorOr<llvm::vfs::Status> Status = FS->status(ConfigFile);
        if (!Status)
          continue;
        if (!Status->isRegularFile())
          report("'" + ConfigFile + "' is not a regular file");
        break;
      }
    }
    return FileOptionsProvider::getRawOptions(FileName);
  }

private:
  void report(const Twine &Problem) {
    std::string Text = Problem.str();
    if (Problems && !llvm::is_contained(*Problems, Text))
      Problems->push_back(std::move(Text));
  }

  std::vector<std::string> *Problems;
};

/// Where the configuration comes from: --config, --config-file, or the
/// .clang-tidy files above each source. The defaults enable every txn-*
/// check; a configuration's Checks refine them. Problems with .clang-tidy
/// files go to \p Problems, if given.
llvm::Expected<std::unique_ptr<ClangTidyOptionsProvider>>
createOptionsProvider(const ClangTidyOptions &Overrides,
                      llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
                      std::vector<std::string> *Problems = nullptr) {
  ClangTidyOptions Defaults = ClangTidyOptions::getDefaults();
  Defaults.Checks = "-*,txn-*";
  auto FromText = [&](StringRef Text, StringRef Source)
      -> llvm::Expected<std::unique_ptr<ClangTidyOptionsProvider>> {
    auto Parsed = parseConfigText(llvm::MemoryBufferRef(Text, Source));
    if (!Parsed)
      return Parsed.takeError();
    return std::make_unique<ConfigOptionsProvider>(
        ClangTidyGlobalOptions(), Defaults, std::move(*Parsed), Overrides, FS);
  };
  if (!Config.empty())
    return FromText(Config, "--config");
  if (!ConfigFile.empty()) {
    auto Text = txnlint::readInputFile(ConfigFile);
    if (!Text)
      return llvm::createStringError("cannot read '" + ConfigFile + "': " +
                                     llvm::toString(Text.takeError()));
    return FromText((*Text)->getBuffer(), ConfigFile);
  }
  return std::make_unique<CheckedFileOptionsProvider>(Defaults, Overrides, FS,
                                                      Problems);
}

void printVersion(llvm::raw_ostream &OS) {
  OS << "txnlint version " << TXNLINT_VERSION << " (LLVM "
     << LLVM_VERSION_STRING << ")\n";
}

/// Parses \p Args as the command line; false, with the error printed, when
/// they cannot be used.
bool parseCommandLine(const std::vector<const char *> &Args,
                      const char *Overview) {
  std::string ParseErrors;
  llvm::raw_string_ostream ParseErrorStream(ParseErrors);
  if (cl::ParseCommandLineOptions(Args.size(), Args.data(), Overview,
                                  &ParseErrorStream))
    return true;
  // Some errors are printed by the parser itself, already prefixed.
  StringRef First = StringRef(ParseErrors).trim().split('\n').first;
  First.consume_front(llvm::sys::path::filename(Args.front()));
  if (!First.empty())
    fail(First.ltrim(": ").str());
  return false;
}

/// The --model files, absolute: paths on the command line are relative to
/// the current directory.
std::vector<std::string> modelPaths() {
  std::vector<std::string> ModelPaths;
  for (const std::string &File : ModelFiles) {
    SmallString<256> Path(File);
    llvm::sys::fs::make_absolute(Path);
    ModelPaths.push_back(std::string(Path));
  }
  return ModelPaths;
}

/// What the command line sets over every file's configuration.
ClangTidyOptions commandLineOverrides(std::optional<std::string> CheckGlobs,
                                      const std::string &ModelList) {
  ClangTidyOptions Overrides;
  Overrides.Checks = std::move(CheckGlobs);
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
  return Overrides;
}

/// The driver is not installed beside Clang's headers: point at them.
tooling::ArgumentsAdjuster resourceDirAdjuster() {
  return tooling::getInsertArgumentAdjuster(
      "-resource-dir=" TXNLINT_CLANG_RESOURCE_DIR,
      tooling::ArgumentInsertPosition::BEGIN);
}

} // namespace

constexpr StringRef MergeHelp =
    R"(OVERVIEW: Merges the JSON, SARIF or Code Quality outputs of
`txnlint --shard=K/N` runs into one, ordered as one whole run orders it. The
inputs must all be JSON (--format=json), all SARIF (--format=sarif) or all
Code Quality reports (--format=codeclimate).

Directories are summary stores (--summaries=<dir>): they are merged into the
directory -o names, which may be one of them. A file's entry in several
stores is taken from the store named last; entries already in the output
and in no input are kept. Each entry is written whole or not at all.

USAGE: txnlint merge <output.json|output.sarif|gl-code-quality.json>... [-o <file>]
       txnlint merge <summary-store>... -o <dir>

OPTIONS:
  -o <file>, --output=<file>  Write the merged output to <file> (whole, or not
                              at all) instead of standard output
                              (stores: the directory to merge into)
  -h, --help                  Print this help and exit

EXIT STATUS:
  0  merged (each shard's own exit status says whether it had findings)
  2  an input cannot be read or merged, or the output cannot be written

EXAMPLE:
  txnlint -p build --shard=1/2 --format=sarif -o shard-1.sarif
  txnlint -p build --shard=2/2 --format=sarif -o shard-2.sarif
  txnlint merge shard-1.sarif shard-2.sarif -o txnlint.sarif
  txnlint merge summaries-1 summaries-2 -o summaries
)";

/// `txnlint merge <input>... [-o <file>]`.
int runMerge(int argc, const char **argv) {
  std::vector<std::string> Inputs;
  std::string Output;
  for (int I = 2; I < argc; ++I) {
    StringRef Arg = argv[I];
    if (Arg == "-h" || Arg == "-help" || Arg == "--help") {
      llvm::outs() << MergeHelp;
      return 0;
    }
    if (Arg == "-o" || Arg == "--output") {
      if (I + 1 == argc)
        return fail("merge: '" + Arg + "' needs a file name");
      Output = argv[++I];
    } else if (Arg.consume_front("--output=") || Arg.consume_front("-o=")) {
      Output = Arg.str();
    } else if (Arg.starts_with("-")) {
      return fail("merge: unknown option '" + Arg +
                  "' (see txnlint merge --help)");
    } else {
      Inputs.push_back(Arg.str());
    }
  }
  size_t Stores = llvm::count_if(Inputs, [](const std::string &Input) {
    return llvm::sys::fs::is_directory(Input);
  });
  if (Stores == 0)
    return txnlint::mergeOutputs(Inputs, Output);
  if (Stores != Inputs.size())
    return fail("merge: cannot merge summary stores (directories) with "
                "outputs (files)");
  if (Output.empty() || Output == "-")
    return fail("merge: summary stores are merged into a directory; name it "
                "with -o");
  if (llvm::Error Err = txnlint::mergeStores(Inputs, Output))
    return fail(llvm::toString(std::move(Err)));
  return 0;
}

/// `txnlint [options] <source>... [-- <compiler args>]`.
int runChecks(int argc, const char **argv) {
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
  if (!parseCommandLine(
          ToolArgs,
          "Finds transaction-boundary bugs in C++ database code.\n\n"
          "  txnlint [options] <source>... [-- <compiler args>]\n"
          "  txnlint merge <output.json|output.sarif|gl-code-quality.json>... "
          "[-o <file>]  "
          "(see txnlint merge --help)\n"
          "  txnlint faultsim --db <database> [options] -- <command>...  "
          "(see txnlint faultsim --help)\n"
          "  txnlint lsp [options]  (a language server; see txnlint lsp "
          "--help)\n\n"
          "Exit status: 0 no findings, 1 findings (0 with --exit-zero), 2 "
          "usage or tool error.\n"))
    return ExitError;

  // Read before the analysis: a bad file fails the run early.
  std::vector<nlohmann::ordered_json> FailureSimulation;
  if (!FaultSimResults.empty() && ReportDir.empty())
    return fail("--faultsim-result is shown in the audit report: add --report=<dir>");
  for (const std::string &File : FaultSimResults) {
    auto Text = txnlint::readInputFile(File);
    if (!Text)
      return fail("cannot read '" + File + "': " + llvm::toString(Text.takeError()));
    FailureSimulation.push_back(nlohmann::ordered_json::parse(
        (*Text)->getBuffer().begin(), (*Text)->getBuffer().end(), nullptr, false));
    nlohmann::ordered_json Probe = nlohmann::ordered_json::object();
    if (llvm::Error Err = txnlint::addFailureSimulation(
            Probe, llvm::ArrayRef(FailureSimulation).take_back()))
      return fail("--faultsim-result '" + File + "': " + llvm::toString(std::move(Err)));
  }

  if (DocsUrl.getNumOccurrences())
    return fail("--docs-url is an option of txnlint lsp");
  if (!llvm::is_contained({"text", "json", "sarif", "codeclimate"}, Format))
    return fail("unknown --format '" + Format +
                "' (expected text, json, sarif or codeclimate)");
  for (const cl::opt<std::string> *Option : {&SarifHelpUri, &SarifCategory})
    if (Option->getNumOccurrences() && Format != "sarif")
      return fail("--" + Option->ArgStr + " needs --format=sarif");
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

  std::vector<std::string> ModelPaths = modelPaths();
  std::string ModelList = llvm::join(ModelPaths, ";");
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

  // The command line's checks replace the configuration's.
  std::optional<std::string> CheckGlobs;
  if (DumpEvents)
    CheckGlobs = "-*,txnlint-dump-events,txnlint-check-model";
  else if (CheckModel)
    CheckGlobs = "-*,txnlint-check-model";
  else if (Checks.getNumOccurrences())
    CheckGlobs = "-*," + Checks;
  if (CheckGlobs && enabledChecks(*CheckGlobs).empty())
    return fail("--checks='" + Checks + "' enables no check (see --list-checks)");

  // The compilation database: "--" arguments, -p, or one found above the
  // sources (as clang-tidy does).
  std::unique_ptr<tooling::CompilationDatabase> Compilations;
  std::string DatabaseFile;
  if (HasCompilerArgs) {
    Compilations = std::make_unique<tooling::FixedCompilationDatabase>(
        ".", CompilerArgs);
  } else if (!BuildPath.empty()) {
    SmallString<256> InBuildPath(BuildPath);
    llvm::sys::path::append(InBuildPath, "compile_commands.json");
    if (!llvm::sys::fs::exists(InBuildPath))
      return fail("no compile_commands.json in '" + BuildPath + "'");
    DatabaseFile = InBuildPath.str();
  } else if (!Sources.empty()) {
    DatabaseFile = txnlint::findCompileDatabase(Sources.front());
    std::string LoadError;
    if (DatabaseFile.empty())
      Compilations = tooling::CompilationDatabase::autoDetectFromSource(
          Sources.front(), LoadError);
    if (DatabaseFile.empty() && !Compilations) {
      if (!Quiet)
        llvm::WithColor::warning(llvm::errs(), "txnlint")
            << "no compilation database found for '" << Sources.front()
            << "'; analyzing without compiler flags (add '--' and the flags)\n";
      Compilations = std::make_unique<tooling::FixedCompilationDatabase>(
          ".", std::vector<std::string>());
    }
  }
  if (!DatabaseFile.empty()) {
    auto Loaded = txnlint::loadCompileDatabase(DatabaseFile);
    if (!Loaded)
      return fail(llvm::toString(Loaded.takeError()));
    Compilations = std::move(*Loaded);
  }

  std::vector<std::string> Files(Sources.begin(), Sources.end());
  for (const std::string &File : Files)
    if (!llvm::sys::fs::exists(File))
      return fail("source file '" + File + "' does not exist");
  // Every file of the database when none is named. An entry whose file is
  // gone is reported (on stderr, and in the SARIF log) and skipped, as
  // run-clang-tidy does; the rest are analysed and the run fails at the end.
  std::vector<std::string> SkippedFiles;
  auto Skip = [&](const Twine &Why) {
    fail(Why);
    SkippedFiles.push_back(Why.str());
    return true;
  };
  if (Files.empty() && Compilations && !HasCompilerArgs) {
    for (std::string &File : Compilations->getAllFiles()) {
      if (llvm::sys::fs::exists(File))
        Files.push_back(std::move(File));
      else
        Skip("'" + File + "', listed in '" + DatabaseFile +
             "', does not exist; not analyzed");
    }
  }
  // Without a command the file would be skipped, and the run pass.
  if (Compilations)
    llvm::erase_if(Files, [&](const std::string &File) {
      return Compilations->getCompileCommands(File).empty() &&
             Skip("no compile command for '" + File + "' in '" +
                  DatabaseFile + "'; not analyzed");
    });
  if (Files.empty() && !ListChecks && !DumpConfig && !DumpModel &&
      SkippedFiles.empty())
    return fail("no source files given (name them, or use -p <build-dir>)");
  if (ShardCount > 1)
    Files = txnlint::shardOf(std::move(Files), ShardIndex, ShardCount);

  ClangTidyOptions Overrides = commandLineOverrides(CheckGlobs, ModelList);
  // The audit rides along with the checks (its remarks never reach output).
  if (!ReportDir.empty())
    Overrides.Checks = Overrides.Checks.value_or("") + ",txnlint-audit";
  auto BaseFS = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(
      llvm::vfs::getRealFileSystem());
  std::vector<std::string> ConfigProblems;
  auto OptionsProvider = createOptionsProvider(Overrides, BaseFS, &ConfigProblems);
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
  // Every file's configuration is read before the analysis: one that cannot
  // be used fails the run rather than leaving its files to the defaults.
  for (const std::string &File : Files)
    (*OptionsProvider)->getOptions(File);
  if (!ConfigProblems.empty()) {
    for (const std::string &Problem : ConfigProblems)
      fail(Problem);
    return ExitError;
  }
  if (DumpConfig) {
    llvm::outs() << configurationAsText(Effective) << "\n";
    return 0;
  }
  // The model in effect: the configuration's TxnModelFiles (which --model
  // replaces).
  auto Configured = Effective.CheckOptions.find("TxnModelFiles");
  if ((DumpModel || InferModel) && Configured != Effective.CheckOptions.end()) {
    Model = txnlint::TransactionModel::load(
        txnlint::resolveModelFiles(Configured->second.Value, ConfigFor,
                                   {"TxnModelFiles"}),
        ModelError);
    if (!Model)
      return fail(ModelError);
  }
  if (DumpModel) {
    llvm::outs() << txnlint::printModel(Model->profiles());
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
                                  &WriteBaseline.getValue()})
    if (!Path->empty())
      if (llvm::Error Err = txnlint::checkWritable(*Path))
        return fail(llvm::toString(std::move(Err)));

  tooling::ArgumentsAdjustingCompilations WithResourceDir(std::move(Compilations));
  WithResourceDir.appendArgumentsAdjuster(resourceDirAdjuster());
  txnlint::RunOptions Run;
  Run.Jobs = JobCount;
  Run.EnableCheckProfile = EnableCheckProfile;
  // A bar on a terminal, a line every few seconds in CI logs. The bar owns
  // its line: nothing else may print while it is shown, so the check
  // profile, printed per file, gets lines.
  if (!Quiet && Files.size() > 1)
    Run.Progress = llvm::sys::Process::StandardErrIsDisplayed() &&
                           !llvm::sys::Process::GetEnv("CI") &&
                           !EnableCheckProfile
                       ? txnlint::ProgressStyle::Bar
                       : txnlint::ProgressStyle::Lines;
  // Clang's "N warnings generated." after each file is a statistic: --quiet
  // drops it, and so does a bar, whose line it would be written into.
  const bool NoCarets = Quiet || Run.Progress == txnlint::ProgressStyle::Bar;
  if (NoCarets)
    WithResourceDir.appendArgumentsAdjuster(tooling::getInsertArgumentAdjuster(
        "-fno-caret-diagnostics", tooling::ArgumentInsertPosition::END));
  Run.MakeOptionsProvider =
      [&](llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> WorkerFS) {
        return llvm::cantFail(createOptionsProvider(Overrides, WorkerFS));
      };
  SmallString<256> Root(SourceRoot);
  if (Root.empty())
    llvm::sys::fs::current_path(Root);
  llvm::sys::fs::make_absolute(Root);
  llvm::sys::path::remove_dots(Root, /*remove_dot_dot=*/true);
  auto IsAuditRecord = [](const ClangTidyError &E) {
    return E.DiagnosticName == "txnlint-audit";
  };
  Run.DropUnreported = [&](std::vector<ClangTidyError> &FileErrors) {
    llvm::erase_if(FileErrors, IsAuditRecord);
    if (KnownFindings)
      txnlint::dropBaselined(FileErrors, *KnownFindings, Root);
  };
  txnlint::CrossFileOptions CrossFile;
  CrossFile.StoreDir = SummaryStore;
  CrossFile.PrintStatistics = EnableCheckProfile;
  // A finding depends on txnlint, the file's command and configuration, and
  // the models; the files a unit reads are recorded with it.
  std::string ModelContents;
  for (const std::string &Path : ModelPaths)
    if (auto Text = txnlint::readInputFile(Path))
      ModelContents += (*Text)->getBuffer();
  // This build of txnlint: its version, and its executable, so that a store
  // another build wrote (a development build of the same version) is not
  // taken for this one's findings.
  std::string Tool = TXNLINT_VERSION;
  if (auto Executable = llvm::MemoryBuffer::getFile(
          llvm::sys::fs::getMainExecutable(
              argv[0], reinterpret_cast<void *>(&runChecks)),
          /*IsText=*/false, /*RequiresNullTerminator=*/false))
    Tool +=
        "\n" + llvm::utohexstr(llvm::xxh3_64bits((*Executable)->getBuffer()));
  CrossFile.FindingsKey = [&](StringRef File) {
    std::string Key = Tool + "\n" + ModelContents + "\n" +
                      configurationAsText((*OptionsProvider)->getOptions(File));
    for (const tooling::CompileCommand &Command :
         WithResourceDir.getCompileCommands(File)) {
      // How diagnostics are displayed changes no finding: a quiet run, a run
      // on a terminal and one in CI share the store.
      llvm::ArrayRef<std::string> Arguments = Command.CommandLine;
      if (NoCarets)
        Arguments = Arguments.drop_back();
      Key += "\n" + Command.Directory + "\n" + llvm::join(Arguments, "\n");
    }
    return llvm::utohexstr(llvm::xxh3_64bits(Key));
  };
  auto Results = txnlint::runAcrossFiles(WithResourceDir, Files, Run, CrossFile);
  if (!Results)
    return fail(llvm::toString(Results.takeError()));
  if (InferModel) {
    std::vector<const txnlint::UnitSummaries *> Units;
    for (const txnlint::FileResult &Result : *Results)
      Units.push_back(&Result.Summaries);
    if (llvm::Error Err = txnlint::writeOutputFile(
            OutputFile, [&](llvm::raw_ostream &OS) {
              OS << txnlint::printModel({txnlint::inferModel(Units, *Model)});
            }))
      return fail(llvm::toString(std::move(Err)));
    return SkippedFiles.empty() ? 0 : ExitError;
  }
  std::vector<ClangTidyError> Errors = txnlint::mergeErrors(*Results);
  if (EnableCheckProfile)
    llvm::errs() << "txnlint: " << txnlint::repeatedHeaderVisits()
                 << " check visits of header functions skipped: analyzed for "
                    "an earlier file of this run\n";
  std::vector<std::string> AuditPayloads;
  llvm::erase_if(Errors, [&](const ClangTidyError &E) {
    if (!IsAuditRecord(E))
      return false;
    AuditPayloads.push_back(StringRef(E.Message.Message)
                                .drop_front(txnlint::AuditCheck::MessagePrefix.size())
                                .str());
    return true;
  });

  txnlint::FindingRenderer Renderer(Root.str().str());
  std::vector<txnlint::Finding> Findings = Renderer.findings(Errors);

  if (!WriteBaseline.empty())
    if (llvm::Error Err = txnlint::writeBaseline(Findings, Root, WriteBaseline))
      return fail(llvm::toString(std::move(Err)));
  if (KnownFindings) {
    txnlint::dropBaselined(Errors, *KnownFindings, Root);
    Findings = Renderer.findings(Errors);
  }
  if (!ReportDir.empty()) {
    nlohmann::ordered_json Report =
        txnlint::buildReport(AuditPayloads, Findings, Root, Files.size());
    if (!FailureSimulation.empty())
      if (llvm::Error Err = txnlint::addFailureSimulation(Report, FailureSimulation))
        return fail(llvm::toString(std::move(Err)));
    if (llvm::Error Err = txnlint::writeReport(Report, ReportDir))
      return fail(llvm::toString(std::move(Err)));
    if (!Quiet)
      llvm::errs() << "txnlint: audit report written to " << ReportDir
                   << "/index.html\n";
  }
  if (!ExportFixes.empty())
    if (llvm::Error Err = txnlint::writeOutputFile(
            ExportFixes, [&](llvm::raw_ostream &OS) {
              exportReplacements(Files.size() == 1 ? Files.front() : "",
                                 Errors, OS);
            }))
      return fail(llvm::toString(std::move(Err)));

  std::vector<const txnlint::Finding *> LeftOutOfReport;
  if (llvm::Error Err = txnlint::writeOutputFile(
          OutputFile, [&](llvm::raw_ostream &OS) {
            if (Format == "json")
              OS << txnlint::findingsToJson(Findings);
            else if (Format == "sarif")
              OS << txnlint::findingsToSarif(
                  Findings, {Root.str().str(), SarifHelpUri, SarifCategory,
                             SkippedFiles});
            else if (Format == "codeclimate")
              OS << txnlint::findingsToCodeClimate(Findings, Root,
                                                   LeftOutOfReport);
            else
              Renderer.printText(Errors, OS,
                                 OutputFile.empty() &&
                                     llvm::sys::Process::StandardOutHasColors());
          }))
    return fail(llvm::toString(std::move(Err)));
  // A Code Quality issue must name a file and a line.
  for (const txnlint::Finding *F : LeftOutOfReport)
    llvm::WithColor::warning(llvm::errs(), "txnlint")
        << "not in the Code Quality report, which needs a location: "
        << F->Message << " [" << F->Check << "]\n";

  if (!Quiet && !Errors.empty())
    llvm::errs() << Errors.size() << " finding" << (Errors.size() == 1 ? "" : "s")
                 << " in " << Files.size() << " file"
                 << (Files.size() == 1 ? "" : "s") << ".\n";
  // Configuration warnings (clang-tidy-config) are shown, but are not
  // findings; configuration errors (a model that cannot be loaded) fail the
  // run.
  bool ConfigurationError = llvm::any_of(Errors, [](const ClangTidyError &E) {
    return E.DiagnosticName == "clang-tidy-config" &&
           E.DiagLevel == ClangTidyError::Error;
  });
  if (!SkippedFiles.empty() || ConfigurationError)
    return ExitError;
  bool HasFindings = llvm::any_of(Errors, [](const ClangTidyError &E) {
    return E.DiagnosticName != "clang-tidy-config";
  });
  return !HasFindings || ExitZero ? 0 : ExitFindings;
}

/// The driver's options that configure `txnlint lsp` too.
constexpr StringRef LanguageServerDriverOptions[] = {
    "p",     "checks",    "config",    "config-file",     "header-filter",
    "model", "summaries", "extra-arg", "extra-arg-before"};

/// `txnlint lsp [options]`.
int runLanguageServer(int argc, const char **argv) {
  // Only the options that apply are listed by --help, and accepted.
  std::vector<cl::Option *> Unused;
  for (const auto &Entry : cl::getRegisteredOptions())
    if (cl::Option *Option = Entry.second;
        llvm::is_contained(Option->Categories, &TxnLintCategory) &&
        !llvm::is_contained(Unused, Option) &&
        !llvm::is_contained(LanguageServerDriverOptions, Option->ArgStr)) {
      Option->setHiddenFlag(cl::ReallyHidden);
      Unused.push_back(Option);
    }
  cl::HideUnrelatedOptions({&TxnLintCategory, &LanguageServerCategory});
  cl::SetVersionPrinter(printVersion);
  std::string Command = std::string(argv[0]) + " lsp";
  std::vector<const char *> Args = {Command.c_str()};
  Args.insert(Args.end(), argv + 2, argv + argc);
  if (!parseCommandLine(
          Args,
          "A language server for txnlint: editors show the findings of the "
          "file being edited, unsaved text included, beside clangd's (see "
          "docs/editors.md).\n\n"
          "  txnlint lsp [options]\n\n"
          "It speaks the Language Server Protocol on standard input and "
          "output. Each file is analyzed with its command from the nearest "
          "compile_commands.json above it (or -p's) and the .clang-tidy "
          "files above it, on open and save, and 500 ms after the last "
          "change.\n"))
    return ExitError;
  for (cl::Option *Option : Unused)
    if (Option->getNumOccurrences())
      return fail("lsp: '--" + Option->ArgStr +
                  "' is not an option of txnlint lsp (see txnlint lsp --help)");
  if (!Sources.empty())
    return fail("lsp: takes no sources: the editor names them");

  std::vector<std::string> ModelPaths = modelPaths();
  std::string ModelList = llvm::join(ModelPaths, ";");
  std::string ModelError;
  if (!txnlint::TransactionModel::load(ModelList, ModelError))
    return fail(ModelError);
  std::optional<std::string> CheckGlobs;
  if (Checks.getNumOccurrences())
    CheckGlobs = "-*," + Checks;
  if (CheckGlobs && enabledChecks(*CheckGlobs).empty())
    return fail("--checks='" + Checks + "' enables no check (see --list-checks)");
  ClangTidyOptions Overrides = commandLineOverrides(CheckGlobs, ModelList);
  // --config and --config-file are read once, here.
  if (auto Provider =
          createOptionsProvider(Overrides, llvm::vfs::getRealFileSystem());
      !Provider)
    return fail(llvm::toString(Provider.takeError()));

  txnlint::LanguageServerOptions Options;
  Options.MakeOptionsProvider =
      [&](llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
          std::vector<std::string> *Problems) {
        return llvm::cantFail(createOptionsProvider(Overrides, FS, Problems));
      };
  if (!BuildPath.empty()) {
    SmallString<256> Database(BuildPath);
    llvm::sys::fs::make_absolute(Database);
    llvm::sys::path::append(Database, "compile_commands.json");
    if (!llvm::sys::fs::exists(Database))
      return fail("no compile_commands.json in '" + BuildPath + "'");
    Options.DatabaseFile = Database.str();
  }
  if (!SummaryStore.empty()) {
    SmallString<256> Store(SummaryStore);
    llvm::sys::fs::make_absolute(Store);
    Options.StoreDir = Store.str();
  }
  Options.DocsUrl = DocsUrl;
  if (Options.DocsUrl.empty())
    Options.DocsUrl = txnlint::uriOfPath(TXNLINT_CHECK_DOCS_DIR "/");
  else if (!StringRef(Options.DocsUrl).ends_with("/"))
    Options.DocsUrl += "/";
  // Clang's "N warnings generated." is noise in the editor's log.
  Options.AdjustCommand = tooling::combineAdjusters(
      resourceDirAdjuster(),
      tooling::getInsertArgumentAdjuster(
          "-fno-caret-diagnostics", tooling::ArgumentInsertPosition::END));

  // Standard output carries the protocol: whatever else would be printed
  // there goes to standard error.
  int ProtocolOut = ::dup(STDOUT_FILENO);
  if (ProtocolOut < 0 || ::dup2(STDERR_FILENO, STDOUT_FILENO) < 0)
    return fail("lsp: cannot set up standard output");
  std::signal(SIGPIPE, SIG_IGN);
  return txnlint::runLanguageServer(Options, STDIN_FILENO, ProtocolOut);
}

int main(int argc, const char **argv) {
  llvm::sys::PrintStackTraceOnErrorSignal(argv[0]);
  StringRef Command = argc > 1 ? argv[1] : "";
  int Status = Command == "merge"      ? runMerge(argc, argv)
               : Command == "faultsim" ? txnlint::runFaultSim(argc, argv)
               : Command == "lsp"      ? runLanguageServer(argc, argv)
                                       : runChecks(argc, argv);
  // The lists and dumps print to standard output too: a lost write there is
  // an error, not success (nor an abort in the stream's destructor).
  if (llvm::Error Err = txnlint::flushStandardOutput())
    return fail(llvm::toString(std::move(Err)));
  return Status;
}
