//===--- FaultSim.cpp - `txnlint faultsim` --------------------------------===//
//
// 1. Keep the database's state (the initial state) and run the command once
//    with libtxnfault.so recording its database calls and their stacks; the
//    database it leaves is the state after success. Run it once more to see
//    that it leaves the same state again (else the comparison means nothing).
// 2. For each recorded call (or those at the audit report's failure points):
//    restore the initial state, run the command with that call failing, and
//    compare the database with the two states a workflow that is all or
//    nothing can leave.
//
//===----------------------------------------------------------------------===//

#include "FaultSim.h"
#include "FaultSimDatabase.h"
#include "OutputFiles.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/DebugInfo/Symbolize/Symbolize.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/raw_ostream.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <map>

using namespace llvm;
using Json = nlohmann::ordered_json;

namespace txnlint {

namespace {

constexpr int ExitProblems = 1, ExitError = 2;

constexpr StringRef Help =
    R"(OVERVIEW: Runs a test command once per database call it makes, with
that call failing, and reports the runs that leave the database neither
unchanged nor as after the successful run (partial writes).

USAGE: txnlint faultsim --db <database> [options] -- <command>...

DATABASE:
  --db sqlite:<file>           the SQLite database file the command works on
  --db postgres:<conninfo>     the PostgreSQL database <conninfo> (keyword=value
                               form) names; its server must allow CREATE DATABASE
  --db postgres                a database in a cluster started for the run
                               (initdb, pg_ctl); the command reaches it through
                               PGHOST, PGPORT, PGUSER and PGDATABASE

OPTIONS:
  --setup <shell command>      Run once, before the initial state is kept
                               (to create a schema in the started cluster)
  --points <report.json>       Fail only the calls made at the audit report's
                               (--report) failure points, writes and commits,
                               or at its findings; and show its findings
  --findings <file>            txnlint's findings (--format=json, or a
                               report.json) to show with each problem
  --ignore <table.column>      Leave a column out of the comparison (a
                               timestamp); may be repeated
  --exit-status                The command's exit status says whether its
                               workflow succeeded: report a failed run that
                               committed, and a successful one that stored
                               nothing
  --sqlite-error <kind>        How SQLite calls fail: busy (default), ioerr,
                               constraint
  --timeout <seconds>          Per run (default 60)
  -o <file>, --output=<file>   Write the JSON result to <file>
  -h, --help                   Print this help and exit

EXIT STATUS:
  0  every run left the database all-or-nothing
  1  partial writes (or, with --exit-status, contradicted exit statuses)
  2  usage error, or the command fails without an injected failure

EXAMPLE:
  txnlint faultsim --db sqlite:test.db -- ./order-tests pay test.db
)";

int fail(const Twine &Message) {
  errs() << "txnlint: error: faultsim: " << Message << "\n";
  return ExitError;
}

struct Frame {
  std::string Module, Function, File;
  unsigned Line = 0, StartLine = 0;
};

/// Frames in the system's libraries (libc, the database libraries and their
/// wrappers) are not where the program made a call.
bool inSystemLibrary(const Frame &F) {
  return StringRef(F.Module).starts_with("/usr/lib") ||
         StringRef(F.Module).starts_with("/lib");
}

/// One database call of the recording run.
struct Call {
  unsigned Index = 0;
  std::string Function, Sql;
  std::vector<Frame> Stack;
  /// The innermost frame with a source location outside the system's
  /// libraries: where the program made the call.
  const Frame *site() const {
    for (const Frame &F : Stack)
      if (F.Line && !inSystemLibrary(F))
        return &F;
    return nullptr;
  }
};

struct Location {
  std::string File;
  unsigned Line;
};

struct Finding {
  std::string Check, Message;
  std::vector<Location> Where; // the finding's own location, then its notes
};

class Symbolizer {
public:
  Symbolizer() : Impl(options()) {}

  std::vector<Frame> frames(const std::string &Module, uint64_t ReturnAddress) {
    std::vector<Frame> Frames;
    // The call instruction is just before the return address.
    Expected<DIInliningInfo> Info = Impl.symbolizeInlinedCode(
        Module, {ReturnAddress - 1, object::SectionedAddress::UndefSection});
    if (!Info) {
      consumeError(Info.takeError());
      return {Frame{Module, "", "", 0, 0}};
    }
    for (uint32_t I = 0; I < Info->getNumberOfFrames(); ++I) {
      const DILineInfo &Line = Info->getFrame(I);
      Frame F{Module, "", "", 0, 0};
      if (Line.FunctionName != DILineInfo::BadString)
        F.Function = Line.FunctionName;
      if (Line.FileName != DILineInfo::BadString && Line.Line) {
        SmallString<256> File(Line.FileName);
        sys::path::remove_dots(File, true);
        F.File = File.str().str();
        F.Line = Line.Line;
        F.StartLine = Line.StartLine;
      }
      Frames.push_back(std::move(F));
    }
    if (Frames.empty())
      Frames.push_back(Frame{Module, "", "", 0, 0});
    return Frames;
  }

private:
  static symbolize::LLVMSymbolizer::Options options() {
    symbolize::LLVMSymbolizer::Options Options;
    Options.Demangle = true;
    Options.PathStyle = DILineInfoSpecifier::FileLineInfoKind::AbsoluteFilePath;
    return Options;
  }
  symbolize::LLVMSymbolizer Impl;
};

/// The calls of a libtxnfault log, one JSON object a line.
Expected<std::vector<Call>> readLog(StringRef Path, Symbolizer *Symbols) {
  std::vector<Call> Calls;
  auto Text = MemoryBuffer::getFile(Path);
  if (!Text)
    return Calls; // the command made no database call
  SmallVector<StringRef> Lines;
  (*Text)->getBuffer().split(Lines, '\n', -1, false);
  for (StringRef Line : Lines) {
    Json Entry = Json::parse(Line.begin(), Line.end(), nullptr, false);
    if (Entry.is_discarded() || !Entry.contains("call"))
      return createStringError(inconvertibleErrorCode(),
                               "'" + Path + "': unreadable line '" + Line + "'");
    Call C;
    C.Index = Entry.value("call", 0u);
    C.Function = Entry.value("function", "");
    C.Sql = Entry.value("sql", "");
    if (Symbols)
      for (const Json &Raw : Entry["frames"]) {
        uint64_t Address = 0;
        if (!StringRef(Raw[1].get<std::string>()).getAsInteger(0, Address))
          append_range(C.Stack,
                       Symbols->frames(Raw[0].get<std::string>(), Address));
      }
    Calls.push_back(std::move(C));
  }
  return Calls;
}

std::string absolute(StringRef Root, StringRef File) {
  SmallString<256> Path(File);
  if (!sys::path::is_absolute(Path)) {
    Path = Root;
    sys::path::append(Path, File);
  }
  sys::path::remove_dots(Path, true);
  return Path.str().str();
}

Expected<Json> readJson(StringRef Path) {
  auto Text = MemoryBuffer::getFile(Path);
  if (!Text)
    return createStringError(Text.getError(), "cannot read '" + Path +
                                                  "': " +
                                                  Text.getError().message());
  Json Data = Json::parse((*Text)->getBuffer().begin(),
                          (*Text)->getBuffer().end(), nullptr, false);
  if (Data.is_discarded() || !Data.is_object())
    return createStringError(inconvertibleErrorCode(),
                             "'" + Path + "' is not a JSON object");
  return Data;
}

/// The findings of txnlint's JSON output ("diagnostics") or of an audit
/// report ("findings", paths relative to its source_root).
std::vector<Finding> readFindings(const Json &Data) {
  std::vector<Finding> Findings;
  std::string Root = Data.value("source_root", "/");
  const Json &List = Data.contains("diagnostics") ? Data["diagnostics"]
                                                  : Data.value("findings", Json::array());
  for (const Json &F : List) {
    Finding Found{F.value("check", ""), F.value("message", ""), {}};
    Found.Where.push_back({absolute(Root, F.value("file", "")), F.value("line", 0u)});
    for (const Json &Note : F.value("notes", Json::array()))
      Found.Where.push_back(
          {absolute(Root, Note.value("file", "")), Note.value("line", 0u)});
    Findings.push_back(std::move(Found));
  }
  return Findings;
}

/// The audit report's fault plan: where, inside its transactions, a call
/// may fail (failure points, writes, writes through helpers, commits), and
/// where its findings and their notes point.
std::vector<Location> readFaultPlan(const Json &Report) {
  std::vector<Location> Plan;
  std::string Root = Report.value("source_root", "/");
  auto Add = [&](const Json &Point) {
    Plan.push_back({absolute(Root, Point.value("file", "")), Point.value("line", 0u)});
  };
  for (const Json &Scope : Report.value("scopes", Json::array()))
    for (const char *Kind : {"failure_points", "writes", "helper_writes", "commits"})
      for (const Json &Point : Scope.value(Kind, Json::array()))
        Add(Point);
  for (const Json &Finding : Report.value("findings", Json::array())) {
    Add(Finding);
    for (const Json &Note : Finding.value("notes", Json::array()))
      Add(Note);
  }
  return Plan;
}

/// The findings in the functions of \p C's stack: their location or a note
/// lies between a frame's function start and the frame's line.
std::vector<const Finding *> findingsOnStack(const Call &C,
                                             const std::vector<Finding> &All) {
  std::vector<const Finding *> Found;
  for (const Finding &F : All)
    if (any_of(F.Where, [&](const Location &L) {
          return any_of(C.Stack, [&](const Frame &Fr) {
            return Fr.File == L.File && Fr.StartLine && Fr.StartLine <= L.Line &&
                   L.Line <= Fr.Line;
          });
        }))
      Found.push_back(&F);
  return Found;
}

/// The lines in which \p State differs from \p Initial: "+ row" added,
/// "- row" removed; at most \p Limit of them.
std::vector<std::string> changes(const DatabaseDump &Initial,
                                 const DatabaseDump &State, size_t Limit) {
  DatabaseDump Added, Removed;
  std::set_difference(State.begin(), State.end(), Initial.begin(),
                      Initial.end(), std::back_inserter(Added));
  std::set_difference(Initial.begin(), Initial.end(), State.begin(),
                      State.end(), std::back_inserter(Removed));
  std::vector<std::string> Lines;
  for (const std::string &Row : Removed)
    Lines.push_back("- " + Row);
  for (const std::string &Row : Added)
    Lines.push_back("+ " + Row);
  if (Lines.size() > Limit) {
    size_t More = Lines.size() - Limit + 1;
    Lines.resize(Limit - 1);
    Lines.push_back("(" + std::to_string(More) + " more)");
  }
  return Lines;
}

/// \p File relative to \p Root when it is inside it.
std::string relative(StringRef File, StringRef Root) {
  if (File.starts_with(Root) && File.size() > Root.size() &&
      File[Root.size()] == '/')
    return File.drop_front(Root.size() + 1).str();
  return File.str();
}

std::string where(const Frame *F, StringRef Root) {
  return F ? relative(F->File, Root) + ":" + std::to_string(F->Line)
           : "<unknown>";
}

Json frameJson(const Frame &F) {
  Json J = {{"function", F.Function}, {"module", F.Module}};
  if (F.Line) {
    J["file"] = F.File;
    J["line"] = F.Line;
  }
  return J;
}

struct Options {
  std::string Database, Setup, Points, FindingsFile, Output, SqliteError;
  IgnoredColumns Ignored;
  bool ExitStatus = false;
  unsigned Timeout = 60;
  std::vector<std::string> Command;
};

/// Parses argv[2...]; returns an exit status when there is nothing to run.
std::optional<int> parseOptions(int argc, const char **argv, Options &O) {
  for (int I = 2; I < argc; ++I) {
    StringRef Arg = argv[I];
    if (Arg == "--") {
      O.Command.assign(argv + I + 1, argv + argc);
      break;
    }
    if (Arg == "-h" || Arg == "--help") {
      outs() << Help;
      return 0;
    }
    if (Arg == "--exit-status") {
      O.ExitStatus = true;
      continue;
    }
    // Options with a value: "--name value" or "--name=value".
    auto [Name, Value] = Arg.split('=');
    bool Inline = Arg.contains('=');
    static const std::map<std::string, std::string Options::*> Strings = {
        {"--db", &Options::Database},          {"--setup", &Options::Setup},
        {"--points", &Options::Points},        {"--findings", &Options::FindingsFile},
        {"-o", &Options::Output},              {"--output", &Options::Output},
        {"--sqlite-error", &Options::SqliteError}};
    bool Known = Strings.count(Name.str()) || Name == "--ignore" ||
                 Name == "--timeout";
    if (!Known)
      return fail("unknown option '" + Arg + "' (see txnlint faultsim --help)");
    if (!Inline) {
      if (I + 1 == argc)
        return fail("'" + Arg + "' needs a value");
      Value = argv[++I];
    }
    if (Name == "--ignore") {
      if (!Value.contains('.'))
        return fail("--ignore '" + Value + "' is not <table>.<column>");
      O.Ignored.insert(Value.str());
    } else if (Name == "--timeout") {
      if (Value.getAsInteger(10, O.Timeout) || !O.Timeout)
        return fail("--timeout '" + Value + "' is not a positive number of seconds");
    } else {
      O.*Strings.at(Name.str()) = Value.str();
    }
  }
  if (O.Command.empty())
    return fail("no command to run; put it after '--' (see txnlint faultsim --help)");
  if (O.Database.empty())
    return fail("name the database the command works on with --db "
                "sqlite:<file> or --db postgres[:<conninfo>]");
  if (!O.SqliteError.empty() && O.SqliteError != "busy" &&
      O.SqliteError != "ioerr" && O.SqliteError != "constraint")
    return fail("--sqlite-error '" + O.SqliteError +
                "' is not busy, ioerr or constraint");
  return std::nullopt;
}

/// libtxnfault.so next to txnlint: <prefix>/lib beside <prefix>/bin.
std::string interposer(const char *Argv0) {
  static int Anchor;
  std::string Exe = sys::fs::getMainExecutable(Argv0, &Anchor);
  SmallString<256> Lib(sys::path::parent_path(sys::path::parent_path(Exe)));
  sys::path::append(Lib, "lib", "libtxnfault.so");
  return Lib.str().str();
}

/// A run's outcome, by the state it left.
enum class Outcome { RolledBack, Completed, PartialWrite, NotReached };

StringRef outcomeName(Outcome O, bool Contradicted) {
  switch (O) {
  case Outcome::RolledBack:
    return Contradicted ? "lost-write" : "rolled-back";
  case Outcome::Completed:
    return Contradicted ? "committed-despite-failure" : "completed";
  case Outcome::PartialWrite:
    return "partial-write";
  case Outcome::NotReached:
    return "not-reached";
  }
  llvm_unreachable("outcome");
}

Expected<std::unique_ptr<FaultSimDatabase>>
openDatabase(const Options &O, const std::string &WorkDir) {
  StringRef Spec = O.Database;
  if (Spec.consume_front("sqlite:") && !Spec.empty()) {
    SmallString<256> Path(Spec);
    sys::fs::make_absolute(Path);
    return openSqliteDatabase(Path.str().str(), WorkDir, O.Ignored);
  }
  if (Spec == "postgres" || Spec.consume_front("postgres:")) {
    errs() << "faultsim: "
           << (Spec == "postgres" ? "starting a PostgreSQL cluster in " + WorkDir
                                  : "connecting to " + Spec.str())
           << "\n";
    return openPostgresDatabase(Spec == "postgres" ? "" : Spec.str(), WorkDir,
                                O.Ignored);
  }
  return createStringError(inconvertibleErrorCode(),
                           "--db '" + O.Database +
                               "' is not sqlite:<file>, postgres or "
                               "postgres:<conninfo>");
}

/// The command, run with libtxnfault.so on the database, and the two states
/// an all-or-nothing run may leave.
class Simulation {
public:
  Simulation(const Options &O, FaultSimDatabase &Database,
             const std::string &Library, const std::string &WorkDir)
      : O(O), Database(Database), Output(WorkDir + "/command.out"),
        Counter(WorkDir + "/counter"), Log(WorkDir + "/calls.log") {
    Env = Database.environment();
    const char *Preloaded = getenv("LD_PRELOAD");
    Env.push_back("LD_PRELOAD=" + Library +
                  (Preloaded && *Preloaded ? ":" + std::string(Preloaded) : ""));
    if (!O.SqliteError.empty())
      Env.push_back("TXNFAULT_SQLITE_ERROR=" + O.SqliteError);
    // Each run numbers its calls from 1, across all of its processes.
    Env.push_back("TXNFAULT_COUNTER=" + Counter);
    Env.push_back("TXNFAULT_LOG=" + Log);
  }

  /// Keeps the initial state, and records the calls and the state after
  /// success. The command must pass, twice, and leave the same state.
  Error record(std::vector<Call> &Calls) {
    if (!O.Setup.empty()) {
      std::string Message;
      if (runProgram({"/bin/sh", "-c", O.Setup}, Database.environment(), Output,
                     O.Timeout, &Message) != 0)
        return error("--setup '" + O.Setup + "' failed" +
                     (Message.empty() ? "" : ": " + Message) + "\n" +
                     commandOutput());
    }
    if (Error Err = Database.snapshot())
      return Err;
    Expected<DatabaseDump> State = Database.dump();
    if (!State)
      return State.takeError();
    Initial = std::move(*State);

    errs() << "faultsim: recording the database calls of '"
           << join(O.Command, " ") << "'\n";
    std::string Message;
    if (int Status = run(0, Message); Status != 0)
      return error("the command fails without any injected failure (exit "
                   "status " + Twine(Status) +
                   (Message.empty() ? "" : ", " + Message) +
                   "); faultsim needs a passing test:\n" + commandOutput());
    Symbolizer Symbols;
    Expected<std::vector<Call>> Recorded = readLog(Log, &Symbols);
    if (!Recorded)
      return Recorded.takeError();
    Calls = std::move(*Recorded);
    if (!(State = Database.dump()))
      return State.takeError();
    Success = std::move(*State);

    if (Error Err = Database.restore())
      return Err;
    if (run(0, Message) != 0)
      return error("the command failed on its second run without an "
                   "injected failure:\n" + commandOutput());
    if (!(State = Database.dump()))
      return State.takeError();
    if (*State != Success)
      return error("two runs without failures leave different databases, so "
                   "a run cannot be compared with them; leave the differing "
                   "columns out with --ignore <table>.<column>:\n  " +
                   join(changes(Success, *State, 6), "\n  "));
    return Error::success();
  }

  struct RunResult {
    int Status;
    Outcome Out;
    /// With --exit-status: the exit status says the opposite of the state.
    bool Contradicted;
    DatabaseDump State;
    bool problem() const {
      return Out == Outcome::PartialWrite || Contradicted;
    }
  };

  /// Runs the command from the initial state with \p C failing.
  Expected<RunResult> fail(const Call &C) {
    if (Error Err = Database.restore())
      return std::move(Err);
    std::string Message;
    int Status = run(C.Index, Message);
    Expected<std::vector<Call>> Made = readLog(Log, nullptr);
    if (!Made)
      return Made.takeError();
    Expected<DatabaseDump> State = Database.dump();
    if (!State)
      return State.takeError();
    Outcome Out = *State == Initial   ? Outcome::RolledBack
                  : *State == Success ? Outcome::Completed
                                      : Outcome::PartialWrite;
    // A run that made other calls before failing one failed another call
    // than the one recorded: it says nothing about this one.
    if (Made->size() < C.Index || (*Made)[C.Index - 1].Function != C.Function ||
        (*Made)[C.Index - 1].Sql != C.Sql)
      Out = Outcome::NotReached;
    bool Contradicted = O.ExitStatus && Initial != Success &&
                        ((Out == Outcome::Completed && Status != 0) ||
                         (Out == Outcome::RolledBack && Status == 0));
    return RunResult{Status, Out, Contradicted, std::move(*State)};
  }

  const DatabaseDump &initial() const { return Initial; }

  /// Restores the initial state: the database is left as it was found.
  void finish() { consumeError(Database.restore()); }

private:
  static Error error(const Twine &Message) {
    return createStringError(inconvertibleErrorCode(), Message);
  }

  /// Runs the command with call \p FailingCall failing (0: none).
  int run(unsigned FailingCall, std::string &Message) {
    sys::fs::remove(Log);
    if (Error Err = writeOutputFile(Counter, [](raw_ostream &OS) {
          OS.write_zeros(sizeof(long));
        })) {
      Message = toString(std::move(Err));
      return -1;
    }
    std::vector<std::string> RunEnv = Env;
    RunEnv.push_back("TXNFAULT_FAIL=" + std::to_string(FailingCall));
    return runProgram(O.Command, RunEnv, Output, O.Timeout, &Message);
  }

  std::string commandOutput() const {
    auto Text = MemoryBuffer::getFile(Output);
    return Text ? (*Text)->getBuffer().trim().str() : std::string();
  }

  const Options &O;
  FaultSimDatabase &Database;
  std::string Output, Counter, Log;
  std::vector<std::string> Env;
  DatabaseDump Initial, Success;
};

/// The problems, for standard output: the same failure at the same place
/// with the same outcome is shown once, naming the other calls.
class ProblemList {
public:
  explicit ProblemList(std::string Root) : Root(std::move(Root)) {}

  void add(const Call &C, size_t CallCount, StringRef Outcome, int Status,
           const std::vector<std::string> &Changes,
           const std::vector<const Finding *> &Findings) {
    const Frame *Site = C.site();
    std::string Key = where(Site, Root) + " " + C.Function + " " + Outcome.str();
    auto [Group, New] = Groups.try_emplace(Key, Problems.size());
    if (!New) {
      Problems[Group->second].AlsoCalls.push_back(C.Index);
      return;
    }
    std::string Text;
    raw_string_ostream OS(Text);
    OS << where(Site, Root) << ": " << Outcome << " when " << C.Function
       << " fails (call " << C.Index << " of " << CallCount << ", exit status "
       << Status << ")\n  SQL: " << C.Sql << "\n  stack:";
    for (const Frame &F : C.Stack)
      if (F.Line && !inSystemLibrary(F))
        OS << "\n    " << (F.Function.empty() ? "?" : F.Function) << " at "
           << where(&F, Root);
    OS << "\n  database (- removed, + added, against the initial state):";
    for (const std::string &Line : Changes)
      OS << "\n    " << Line;
    for (const Finding *F : Findings)
      OS << "\n  confirms txnlint's finding at "
         << relative(F->Where[0].File, Root) << ":" << F->Where[0].Line << ": "
         << F->Message << " [" << F->Check << "]";
    Problems.push_back({std::move(Text), {}});
  }

  void print(raw_ostream &OS) const {
    for (const Problem &P : Problems) {
      OS << P.Text;
      // "also when call 5, 9 or 11 fails there"
      for (size_t I = 0; I < P.AlsoCalls.size(); ++I)
        OS << (I == 0                          ? "\n  also when call "
               : I + 1 == P.AlsoCalls.size() ? " or "
                                              : ", ")
           << P.AlsoCalls[I];
      if (!P.AlsoCalls.empty())
        OS << " fails there";
      OS << "\n\n";
    }
  }

private:
  struct Problem {
    std::string Text;
    std::vector<unsigned> AlsoCalls;
  };
  std::string Root;
  std::vector<Problem> Problems;
  std::map<std::string, size_t> Groups;
};

Json runJson(const Call &C, const Simulation::RunResult &R, StringRef Outcome,
             const DatabaseDump &Initial,
             const std::vector<const Finding *> &Findings) {
  const Frame *Site = C.site();
  Json Entry = {{"call", C.Index},
                {"function", C.Function},
                {"sql", C.Sql},
                {"site", Site ? frameJson(*Site) : Json(nullptr)},
                {"exit_status", R.Status},
                {"outcome", Outcome},
                {"stack", Json::array()}};
  for (const Frame &F : C.Stack)
    Entry["stack"].push_back(frameJson(F));
  if (R.Out != Outcome::NotReached && R.State != Initial)
    Entry["changes"] = changes(Initial, R.State, 20);
  Entry["findings"] = Json::array();
  for (const Finding *F : Findings)
    Entry["findings"].push_back({{"check", F->Check},
                                 {"file", F->Where[0].File},
                                 {"line", F->Where[0].Line},
                                 {"message", F->Message}});
  return Entry;
}

} // namespace

int runFaultSim(int argc, const char **argv) {
  Options O;
  if (std::optional<int> Status = parseOptions(argc, argv, O))
    return *Status;
  if (!O.Output.empty())
    if (Error Err = checkWritable(O.Output))
      return fail(toString(std::move(Err)));

  std::string Library = interposer(argv[0]);
  if (!sys::fs::exists(Library))
    return fail("'" + Library + "' not found (it is built with txnlint)");

  std::vector<Finding> Findings;
  std::vector<Location> Plan;
  for (const std::string *File : {&O.Points, &O.FindingsFile}) {
    if (File->empty())
      continue;
    Expected<Json> Data = readJson(*File);
    if (!Data)
      return fail(toString(Data.takeError()));
    if (File == &O.Points) {
      if (!Data->contains("scopes"))
        return fail("--points '" + *File +
                    "' is not an audit report (txnlint --report=<dir> writes "
                    "<dir>/report.json)");
      Plan = readFaultPlan(*Data);
    }
    if (File == &O.FindingsFile || O.FindingsFile.empty())
      Findings = readFindings(*Data);
  }

  // SIGINT or SIGTERM ends the simulation after the current run, so that
  // the database is restored and a started cluster stopped.
  static std::atomic<bool> Interrupted{false};
  sys::SetInterruptFunction([] { Interrupted = true; });

  // A short path: a PostgreSQL socket's path must fit in 107 bytes.
  SmallString<64> WorkDirPath;
  if (std::error_code EC =
          sys::fs::createUniqueDirectory("/tmp/txnlint-faultsim", WorkDirPath))
    return fail("cannot create a work directory in /tmp: " + EC.message());
  std::string WorkDir = WorkDirPath.str().str();
  auto RemoveWorkDir =
      make_scope_exit([&] { sys::fs::remove_directories(WorkDir); });

  Expected<std::unique_ptr<FaultSimDatabase>> Database = openDatabase(O, WorkDir);
  if (!Database)
    return fail(toString(Database.takeError()));
  Simulation Sim(O, **Database, Library, WorkDir);
  auto Finish = make_scope_exit([&] { Sim.finish(); });
  std::vector<Call> Calls;
  if (Error Err = Sim.record(Calls))
    return fail(toString(std::move(Err)));

  // The calls to fail: all, or those with a frame at the fault plan.
  std::vector<const Call *> Points;
  for (const Call &C : Calls)
    if (Plan.empty() || any_of(C.Stack, [&](const Frame &F) {
          return any_of(Plan, [&](const Location &L) {
            return F.Line == L.Line && F.File == L.File;
          });
        }))
      Points.push_back(&C);
  errs() << "faultsim: " << Calls.size() << " database call"
         << (Calls.size() == 1 ? "" : "s");
  if (!O.Points.empty())
    errs() << ", " << Points.size() << " at the failure points of " << O.Points;
  errs() << "; " << Points.size() << " run" << (Points.size() == 1 ? "" : "s")
         << " with a failure\n";

  SmallString<256> Cwd;
  sys::fs::current_path(Cwd);
  ProblemList Problems(Cwd.str().str());
  Json Result = {{"version", 1},
                 {"database", (*Database)->describe()},
                 {"command", O.Command},
                 {"calls", Calls.size()},
                 {"runs", Json::array()}};
  std::map<std::string, unsigned> Counts;
  unsigned ProblemCount = 0;
  for (size_t I = 0; I < Points.size(); ++I) {
    if (Interrupted)
      return fail("interrupted; the database is restored");
    const Call &C = *Points[I];
    Expected<Simulation::RunResult> R = Sim.fail(C);
    if (!R) {
      std::string Why = toString(R.takeError());
      return fail(Interrupted ? "interrupted; the database is restored" : Why);
    }
    StringRef Name = outcomeName(R->Out, R->Contradicted);
    ++Counts[Name.str()];
    errs() << "faultsim: [" << I + 1 << "/" << Points.size() << "] call "
           << C.Index << " " << C.Function << " at " << where(C.site(), Cwd)
           << ": " << Name << "\n";
    std::vector<const Finding *> Confirmed = findingsOnStack(C, Findings);
    if (R->problem()) {
      ++ProblemCount;
      Problems.add(C, Calls.size(), Name, R->Status,
                   changes(Sim.initial(), R->State, 8), Confirmed);
    }
    Result["runs"].push_back(runJson(C, *R, Name, Sim.initial(), Confirmed));
  }

  Problems.print(outs());
  Json Summary = {{"runs", Points.size()}, {"problems", ProblemCount}};
  for (const auto &[Name, Count] : Counts)
    Summary[Name] = Count;
  Result["summary"] = Summary;
  outs() << "faultsim: " << Points.size() << " run"
         << (Points.size() == 1 ? "" : "s") << " with an injected failure: ";
  ListSeparator Sep;
  for (const auto &[Name, Count] : Counts)
    outs() << Sep << Count << " " << Name;
  if (Counts.empty())
    outs() << "none";
  outs() << (ProblemCount ? "" : "; every run was all-or-nothing") << "\n";

  if (!O.Output.empty())
    if (Error Err = writeOutputFile(O.Output, [&](raw_ostream &OS) {
          OS << Result.dump(2) << "\n";
        }))
      return fail(toString(std::move(Err)));
  return ProblemCount ? ExitProblems : 0;
}

} // namespace txnlint
