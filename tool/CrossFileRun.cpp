//===--- CrossFileRun.cpp -------------------------------------------------===//

#include "CrossFileRun.h"
#include "OutputFiles.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"

namespace txnlint {
namespace {

llvm::Error writeStore(llvm::StringRef Dir, llvm::ArrayRef<FileResult> Results) {
  if (std::error_code EC = llvm::sys::fs::create_directories(Dir))
    return llvm::createStringError(EC, "cannot create the summary store '" +
                                           Dir + "': " + EC.message());
  for (const FileResult &Result : Results)
    if (llvm::Error Err = writeOutputFile(
            storePathOf(Dir, Result.Summaries.File),
            [&](llvm::raw_ostream &OS) {
              OS << unitSummariesToJson(Result.Summaries);
            }))
      return Err;
  return llvm::Error::success();
}

} // namespace

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
  std::vector<FileResult> Results = runInParallel(Compilations, Files, Run);
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
    std::vector<std::string> StaleFiles;
    for (size_t I : Stale)
      StaleFiles.push_back(Files[I]);
    LinkedSummaries::setForProcess(Linked);
    std::vector<FileResult> Again = runInParallel(Compilations, StaleFiles, Run);
    for (size_t J = 0; J < Stale.size(); ++J)
      Results[Stale[J]] = std::move(Again[J]);
    CheckedAgain += Stale.size();
  }
  LinkedSummaries::setForProcess(nullptr);

  for (FileResult &Result : Results) {
    llvm::SmallString<256> Path(Result.Summaries.File);
    llvm::sys::fs::make_absolute(Path);
    Result.Summaries.File = std::string(Path);
  }
  if (!Options.StoreDir.empty())
    if (llvm::Error Err = writeStore(Options.StoreDir, Results))
      return std::move(Err);
  if (Options.PrintStatistics) {
    size_t Summaries = 0;
    for (const FileResult &Result : Results)
      Summaries += Result.Summaries.Summaries.size();
    llvm::errs() << "txnlint: cross-file: " << Files.size()
                 << " files checked, " << CheckedAgain
                 << " checked again with summaries from other files, "
                 << Rounds << " round" << (Rounds == 1 ? "" : "s") << ", "
                 << Summaries << " summaries extracted\n";
  }
  return Results;
}

} // namespace txnlint
