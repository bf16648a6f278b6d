//===--- CrossFileRun.cpp -------------------------------------------------===//

#include "CrossFileRun.h"
#include "OutputFiles.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"
#include <climits>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>

using clang::tidy::ClangTidyError;
using clang::tooling::DiagnosticMessage;

namespace txnlint {
namespace {

using Json = nlohmann::json;

Json messageToJson(const DiagnosticMessage &M) {
  Json J = {{"message", M.Message}, {"file", M.FilePath}, {"offset", M.FileOffset}};
  for (const auto &[File, Replacements] : M.Fix)
    for (const clang::tooling::Replacement &R : Replacements)
      J["fix"].push_back({R.getFilePath().str(), R.getOffset(), R.getLength(),
                          R.getReplacementText().str()});
  for (const clang::tooling::FileByteRange &Range : M.Ranges)
    J["ranges"].push_back({Range.FilePath, Range.FileOffset, Range.Length});
  return J;
}

DiagnosticMessage messageFromJson(const Json &J) {
  DiagnosticMessage M(J.at("message").get<std::string>());
  M.FilePath = J.at("file").get<std::string>();
  M.FileOffset = J.at("offset").get<unsigned>();
  for (const Json &R : J.value("fix", Json::array()))
    llvm::consumeError(M.Fix[R.at(0).get<std::string>()].add(
        clang::tooling::Replacement(R.at(0).get<std::string>(), R.at(1).get<unsigned>(),
                                    R.at(2).get<unsigned>(), R.at(3).get<std::string>())));
  for (const Json &R : J.value("ranges", Json::array())) {
    clang::tooling::FileByteRange &Range = M.Ranges.emplace_back();
    Range.FilePath = R.at(0).get<std::string>();
    Range.FileOffset = R.at(1).get<unsigned>();
    Range.Length = R.at(2).get<unsigned>();
  }
  return M;
}

/// A file's errors as the store keeps them.
std::string errorsToJson(llvm::ArrayRef<ClangTidyError> Errors) {
  Json List = Json::array();
  for (const ClangTidyError &E : Errors) {
    Json J = {{"check", E.DiagnosticName},
              {"level", int(E.DiagLevel)},
              {"build-directory", E.BuildDirectory},
              {"warning-as-error", E.IsWarningAsError},
              {"message", messageToJson(E.Message)},
              {"notes", Json::array()}};
    for (const DiagnosticMessage &Note : E.Notes)
      J["notes"].push_back(messageToJson(Note));
    List.push_back(std::move(J));
  }
  return List.dump();
}

std::optional<std::vector<ClangTidyError>> errorsFromJson(llvm::StringRef Text) {
  Json List = Json::parse(Text.begin(), Text.end(), nullptr, false);
  if (!List.is_array())
    return std::nullopt;
  std::vector<ClangTidyError> Errors;
  try {
    for (const Json &J : List) {
      ClangTidyError E(J.at("check").get<std::string>(),
                       ClangTidyError::Level(J.at("level").get<int>()),
                       J.at("build-directory").get<std::string>(),
                       J.at("warning-as-error").get<bool>());
      E.Message = messageFromJson(J.at("message"));
      for (const Json &Note : J.at("notes"))
        E.Notes.push_back(messageFromJson(Note));
      Errors.push_back(std::move(E));
    }
  } catch (const Json::exception &) {
    return std::nullopt;
  }
  return Errors;
}

/// The hashes of files' contents now, each read once per run.
class InputHashes {
public:
  uint64_t of(llvm::StringRef File) {
    auto [It, Inserted] = Hashes.try_emplace(File, 0);
    if (Inserted)
      if (auto Buffer = llvm::MemoryBuffer::getFile(File))
        It->second = summaryHash((*Buffer)->getBuffer());
    return It->second;
  }

private:
  llvm::StringMap<uint64_t> Hashes;
};

/// The stored result of \p Unit when nothing it depends on changed.
std::optional<FileResult> reuse(const UnitSummaries &Unit, llvm::StringRef Key,
                                InputHashes &Hashes) {
  if (Unit.Inputs.empty() || Unit.Key != Key ||
      llvm::any_of(Unit.Inputs, [&](const auto &Input) {
        return Hashes.of(Input.first) != Input.second;
      }))
    return std::nullopt;
  std::optional<std::vector<ClangTidyError>> Errors = errorsFromJson(Unit.Findings);
  if (!Errors)
    return std::nullopt;
  return FileResult{std::move(*Errors), Unit};
}

/// Writes each of \p Units into the store \p Dir, replacing its entry
/// there (each file atomically).
llvm::Error writeStore(llvm::StringRef Dir,
                       llvm::ArrayRef<const UnitSummaries *> Units) {
  if (std::error_code EC = llvm::sys::fs::create_directories(Dir))
    return llvm::createStringError(EC, "cannot create the summary store '" +
                                           Dir + "': " + EC.message());
  for (const UnitSummaries *Unit : Units)
    if (llvm::Error Err = writeOutputFile(
            storePathOf(Dir, Unit->File),
            [&](llvm::raw_ostream &OS) { OS << unitSummariesToJson(*Unit); }))
      return Err;
  return llvm::Error::success();
}

/// The directories a quoted include of \p File's unit is searched in after
/// the including file's own (`-iquote`, then `-I`), absolute.
std::vector<std::string>
quotedSearchDirs(const clang::tooling::CompilationDatabase &Compilations,
                 llvm::StringRef File) {
  std::vector<std::string> Quote, Angled;
  for (const clang::tooling::CompileCommand &Command :
       Compilations.getCompileCommands(File)) {
    const std::vector<std::string> &Args = Command.CommandLine;
    for (size_t I = 0; I < Args.size(); ++I) {
      llvm::StringRef Arg = Args[I];
      for (auto [Flag, Dirs] :
           {std::pair{"-iquote", &Quote}, {"-I", &Angled}}) {
        if (!Arg.consume_front(Flag))
          continue;
        if (Arg.empty() && I + 1 < Args.size())
          Arg = Args[++I];
        llvm::SmallString<256> Dir(Arg);
        llvm::sys::fs::make_absolute(Command.Directory, Dir);
        Dirs->push_back(std::string(Dir));
        break;
      }
    }
    break; // the first command stands for the file
  }
  Quote.insert(Quote.end(), Angled.begin(), Angled.end());
  return Quote;
}

/// The quoted includes of each file read, as written; each file is read
/// once however many files reach it.
class QuotedIncludes {
public:
  const std::vector<std::string> &of(llvm::StringRef Path) {
    auto [It, Inserted] = Direct.try_emplace(Path);
    if (!Inserted)
      return It->second;
    std::vector<std::string> Found;
    if (auto Text = llvm::MemoryBuffer::getFile(Path)) {
      llvm::StringRef Rest = (*Text)->getBuffer();
      while (!Rest.empty()) {
        auto [Line, Next] = Rest.split('\n');
        Rest = Next;
        Line = Line.ltrim();
        if (!Line.consume_front("#"))
          continue;
        Line = Line.ltrim();
        if (!Line.consume_front("include"))
          continue;
        Line = Line.ltrim();
        if (Line.consume_front("\""))
          Found.push_back(
              Line.take_until([](char C) { return C == '"'; }).str());
      }
    }
    // The map may have grown meanwhile: look up again.
    return Direct[Path] = std::move(Found);
  }

  /// The stems of what \p Path includes, also through the headers of the
  /// program it reaches: those beside the including file or in
  /// \p SearchDirs, as the preprocessor finds a quoted include.
  llvm::StringSet<> stemsReachedFrom(llvm::StringRef Path,
                                     llvm::ArrayRef<std::string> SearchDirs) {
    llvm::StringSet<> Stems, Seen{Path};
    std::vector<std::string> Work{Path.str()};
    while (!Work.empty()) {
      std::string File = std::move(Work.back());
      Work.pop_back();
      for (const std::string &Name : of(File)) {
        Stems.insert(llvm::sys::path::stem(Name));
        std::string Header =
            find(Name, llvm::sys::path::parent_path(File), SearchDirs);
        if (!Header.empty() && Seen.insert(Header).second)
          Work.push_back(std::move(Header));
      }
    }
    return Stems;
  }

private:
  std::string find(llvm::StringRef Name, llvm::StringRef Beside,
                   llvm::ArrayRef<std::string> SearchDirs) {
    auto Exists = [&](llvm::StringRef Dir) {
      llvm::SmallString<256> Candidate(Dir);
      llvm::sys::path::append(Candidate, Name);
      llvm::sys::path::remove_dots(Candidate, /*remove_dot_dot=*/true);
      auto [It, Inserted] = Existing.try_emplace(Candidate, false);
      if (Inserted)
        It->second = llvm::sys::fs::is_regular_file(Candidate);
      return It->second ? It->first().str() : std::string();
    };
    if (std::string Found = Exists(Beside); !Found.empty())
      return Found;
    for (const std::string &Dir : SearchDirs)
      if (std::string Found = Exists(Dir); !Found.empty())
        return Found;
    return {};
  }

  llvm::StringMap<std::vector<std::string>> Direct;
  llvm::StringMap<bool> Existing;
};

/// Orders \p ToCheck (indices into \p Files) so that a file comes after
/// the files whose header it includes (`pgsql.cpp` before the files that
/// include `"pgsql.hpp"`, also through other headers of the program), as
/// far as the conventional layout says: their summaries are then linked
/// before it is checked, and fewer files need a second check. Only the
/// order changes, never what is found. Returns what each file needs.
llvm::DenseMap<size_t, llvm::SmallVector<size_t, 4>>
orderByIncludes(const clang::tooling::CompilationDatabase &Compilations,
                const std::vector<std::string> &Files,
                std::vector<size_t> &ToCheck) {
  auto StemOf = [](llvm::StringRef Path) {
    return llvm::sys::path::stem(Path).str();
  };
  llvm::StringMap<llvm::SmallVector<size_t, 1>> ByStem;
  for (size_t I : ToCheck)
    ByStem[StemOf(Files[I])].push_back(I);
  QuotedIncludes Includes;
  llvm::DenseMap<size_t, llvm::SmallVector<size_t, 4>> Needs;
  for (size_t I : ToCheck) {
    for (const auto &Stem : Includes.stemsReachedFrom(
             Files[I], quotedSearchDirs(Compilations, Files[I])))
      if (auto It = ByStem.find(Stem.getKey()); It != ByStem.end())
        for (size_t Defining : It->second)
          if (Defining != I)
            Needs[I].push_back(Defining);
    llvm::sort(Needs[I]);
    Needs[I].erase(std::unique(Needs[I].begin(), Needs[I].end()),
                   Needs[I].end());
  }
  // Dependencies first, in the given order among the files that are ready.
  // In a cycle (a hub such as handler.cpp includes the handlers that include
  // its header) the file that most others need and that needs fewest goes
  // first, as Eades, Lin and Smyth's heuristic for a small feedback arc set
  // does: fewest files are then checked before a file whose body they call.
  llvm::DenseMap<size_t, size_t> PositionOf;
  for (size_t Position = 0; Position < ToCheck.size(); ++Position)
    PositionOf[ToCheck[Position]] = Position;
  std::vector<llvm::SmallVector<size_t, 4>> NeededBy(ToCheck.size());
  std::vector<unsigned> Pending(ToCheck.size());
  for (size_t Position = 0; Position < ToCheck.size(); ++Position) {
    const auto &Defining = Needs[ToCheck[Position]];
    Pending[Position] = Defining.size();
    for (size_t D : Defining)
      NeededBy[PositionOf[D]].push_back(Position);
  }
  std::set<size_t> Ready;
  for (size_t Position = 0; Position < ToCheck.size(); ++Position)
    if (Pending[Position] == 0)
      Ready.insert(Position);
  std::vector<bool> Placed(ToCheck.size());
  std::vector<size_t> Ordered;
  while (Ordered.size() < ToCheck.size()) {
    size_t Next = 0;
    if (!Ready.empty()) {
      Next = *Ready.begin();
      Ready.erase(Ready.begin());
    } else {
      long Best = LONG_MIN;
      for (size_t Position = 0; Position < ToCheck.size(); ++Position) {
        long Score = long(NeededBy[Position].size()) - long(Pending[Position]);
        if (!Placed[Position] && Score > Best) {
          Best = Score;
          Next = Position;
        }
      }
    }
    Placed[Next] = true;
    Ordered.push_back(ToCheck[Next]);
    for (size_t Dependent : NeededBy[Next])
      if (--Pending[Dependent] == 0 && !Placed[Dependent])
        Ready.insert(Dependent);
  }
  ToCheck = std::move(Ordered);
  return Needs;
}

} // namespace

llvm::Error mergeStores(llvm::ArrayRef<std::string> Dirs,
                        llvm::StringRef OutputDir) {
  // Every input is read before anything is written: the output may be one
  // of them.
  std::vector<std::vector<UnitSummaries>> Stores;
  for (const std::string &Dir : Dirs) {
    auto Units = readStore(Dir);
    if (!Units)
      return Units.takeError();
    Stores.push_back(std::move(*Units));
  }
  // A unit in several stores: the store named last wins.
  std::map<std::string, const UnitSummaries *> ByFile;
  for (const std::vector<UnitSummaries> &Units : Stores)
    for (const UnitSummaries &Unit : Units)
      ByFile[Unit.File] = &Unit;
  std::vector<const UnitSummaries *> Merged;
  for (const auto &[File, Unit] : ByFile)
    Merged.push_back(Unit);
  return writeStore(OutputDir, Merged);
}

llvm::Expected<std::vector<FileResult>>
runAcrossFiles(const clang::tooling::CompilationDatabase &Compilations,
               const std::vector<std::string> &Files, const RunOptions &Run,
               const CrossFileOptions &Options) {
  std::vector<UnitSummaries> Stored;
  if (!Options.StoreDir.empty()) {
    auto Units = readStore(Options.StoreDir);
    if (!Units)
      return Units.takeError();
    Stored = std::move(*Units);
  }
  std::vector<const UnitSummaries *> StoredUnits, OutsideRun;
  llvm::StringSet<> InRun;
  for (const std::string &File : Files) {
    llvm::SmallString<256> Path(File);
    llvm::sys::fs::make_absolute(Path);
    InRun.insert(Path);
  }
  for (const UnitSummaries &Unit : Stored) {
    StoredUnits.push_back(&Unit);
    if (!InRun.contains(Unit.File))
      OutsideRun.push_back(&Unit);
  }

  // The first check uses what the store knows (from an earlier run); a body
  // in the file itself wins over its stored summary.
  std::shared_ptr<const LinkedSummaries> Linked;
  if (!StoredUnits.empty())
    Linked = std::make_shared<LinkedSummaries>(StoredUnits);
  LinkedSummaries::setForProcess(Linked);
  // Files whose findings the store has, from the same inputs, are not
  // parsed; the fixpoint below still checks them again when a summary they
  // used changed.
  std::vector<FileResult> Results(Files.size());
  std::vector<size_t> ToCheck;
  llvm::StringMap<const UnitSummaries *> StoredByFile;
  for (const UnitSummaries &Unit : Stored)
    StoredByFile[Unit.File] = &Unit;
  InputHashes Hashes;
  // Each file's latest summaries: stored, then checked (below).
  std::vector<const UnitSummaries *> Latest(Files.size());
  for (size_t I = 0; I < Files.size(); ++I) {
    llvm::SmallString<256> Path(Files[I]);
    llvm::sys::fs::make_absolute(Path);
    const UnitSummaries *Unit = StoredByFile.lookup(Path);
    Latest[I] = Unit;
    std::optional<FileResult> Reused;
    if (Unit && Options.FindingsKey)
      Reused = reuse(*Unit, Options.FindingsKey(Files[I]), Hashes);
    if (Reused)
      Results[I] = std::move(*Reused);
    else
      ToCheck.push_back(I);
  }
  size_t Reused = Files.size() - ToCheck.size();
  llvm::DenseMap<size_t, llvm::SmallVector<size_t, 4>> Needs =
      orderByIncludes(Compilations, Files, ToCheck);
  llvm::DenseSet<size_t> Needed;
  for (const auto &[File, Defining] : Needs)
    Needed.insert(Defining.begin(), Defining.end());
  auto CheckFiles = [&](const std::vector<size_t> &Indices,
                        llvm::StringRef ProgressLabel) {
    std::vector<std::string> Named;
    for (size_t I : Indices)
      Named.push_back(Files[I]);
    // Each file's summaries are linked as soon as it is checked, so that the
    // files checked after it use them now rather than in another round. The
    // link is rebuilt when a file whose header others include exported
    // something (`pgsql.cpp`, which the files after it call), and otherwise
    // when the round's new units have grown by a sixteenth, which keeps the
    // copying of the rest linear in the run.
    std::mutex LinkLock;
    std::shared_ptr<const LinkedSummaries> RoundLink = LinkedSummaries::forProcess();
    unsigned Epoch = RoundLink ? RoundLink->epoch() : 0;
    size_t LinkedCount = 0, NewCount = 0;
    RunOptions RoundRun = Run;
    RoundRun.ProgressLabel = ProgressLabel.str();
    // Two workers must not check a file and the one whose header it
    // includes at once, as the order alone would let them.
    llvm::DenseMap<size_t, size_t> PositionOf;
    for (size_t J = 0; J < Indices.size(); ++J)
      PositionOf[Indices[J]] = J;
    RoundRun.Follows.resize(Indices.size());
    for (size_t J = 0; J < Indices.size(); ++J)
      for (size_t Defining : Needs.lookup(Indices[J]))
        if (auto It = PositionOf.find(Defining); It != PositionOf.end())
          RoundRun.Follows[J].push_back(It->second);
    RoundRun.FileDone = [&](size_t J, const FileResult &Result) {
      std::lock_guard<std::mutex> Guard(LinkLock);
      Latest[Indices[J]] = &Result.Summaries;
      const UnitSummaries &Unit = Result.Summaries;
      bool NeededNow = Needed.contains(Indices[J]) &&
                       (!Unit.Summaries.empty() || !Unit.Effects.empty());
      if (++NewCount * 16 < LinkedCount && !NeededNow)
        return;
      LinkedCount += NewCount;
      NewCount = 0;
      std::vector<const UnitSummaries *> Units = OutsideRun;
      for (const UnitSummaries *Unit : Latest)
        if (Unit)
          Units.push_back(Unit);
      LinkedSummaries::setForProcess(
          std::make_shared<LinkedSummaries>(Units, Epoch));
    };
    std::vector<FileResult> Checked = runInParallel(Compilations, Named, RoundRun);
    for (size_t J = 0; J < Indices.size(); ++J) {
      Results[Indices[J]] = std::move(Checked[J]);
      UnitSummaries &Unit = Results[Indices[J]].Summaries;
      Latest[Indices[J]] = &Unit;
      if (Options.FindingsKey) {
        Unit.Key = Options.FindingsKey(Files[Indices[J]]);
        Unit.Findings = errorsToJson(Results[Indices[J]].Errors);
      }
    }
  };
  if (!ToCheck.empty())
    CheckFiles(ToCheck, "");
  size_t CheckedAgain = 0;
  unsigned Rounds = 1;
  for (; Rounds < Options.MaxChecks; ++Rounds) {
    std::vector<const UnitSummaries *> Units = OutsideRun;
    for (const FileResult &Result : Results)
      Units.push_back(&Result.Summaries);
    Linked = std::make_shared<LinkedSummaries>(Units);
    std::vector<size_t> Stale;
    for (size_t I = 0; I < Results.size(); ++I)
      if (usesStaleSummary(Results[I].Summaries, *Linked))
        Stale.push_back(I);
    if (Stale.empty())
      break;
    LinkedSummaries::setForProcess(Linked);
    CheckFiles(Stale, "checked again with other files' summaries: ");
    CheckedAgain += Stale.size();
  }
  LinkedSummaries::setForProcess(nullptr);

  for (FileResult &Result : Results) {
    llvm::SmallString<256> Path(Result.Summaries.File);
    llvm::sys::fs::make_absolute(Path);
    Result.Summaries.File = std::string(Path);
  }
  if (!Options.StoreDir.empty()) {
    std::vector<const UnitSummaries *> Units;
    for (const FileResult &Result : Results)
      Units.push_back(&Result.Summaries);
    if (llvm::Error Err = writeStore(Options.StoreDir, Units))
      return std::move(Err);
  }
  if (Options.PrintStatistics) {
    size_t Summaries = 0;
    for (const FileResult &Result : Results)
      Summaries += Result.Summaries.Summaries.size();
    llvm::errs() << "txnlint: cross-file: " << ToCheck.size()
                 << " files checked, " << Reused
                 << " reused from the summary store, " << CheckedAgain
                 << " checked again with summaries from other files, "
                 << Rounds << " round" << (Rounds == 1 ? "" : "s") << ", "
                 << Summaries << " summaries extracted\n";
  }
  return Results;
}

} // namespace txnlint
