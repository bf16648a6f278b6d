//===--- ParallelRunner.cpp -----------------------------------------------===//

#include "ParallelRunner.h"
#include "ClangTidy.h"
#include "Findings.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>
#include <tuple>

using namespace clang::tidy;

namespace txnlint {
namespace {

/// Everything that makes two errors the same report.
auto identity(const ClangTidyError &E) {
  return std::tie(E.Message.FilePath, E.Message.FileOffset, E.DiagnosticName,
                  E.Message.Message);
}

bool sameNotes(const ClangTidyError &A, const ClangTidyError &B) {
  return A.Notes.size() == B.Notes.size() &&
         std::equal(A.Notes.begin(), A.Notes.end(), B.Notes.begin(),
                    [](const auto &X, const auto &Y) {
                      return X.FilePath == Y.FilePath &&
                             X.FileOffset == Y.FileOffset &&
                             X.Message == Y.Message;
                    });
}

/// What the final deduplication compares (identity and notes), as a string.
std::string reportKey(const ClangTidyError &E) {
  std::string Key;
  llvm::raw_string_ostream OS(Key);
  OS << E.Message.FilePath << '\0' << E.Message.FileOffset << '\0'
     << E.DiagnosticName << '\0' << E.Message.Message;
  for (const clang::tooling::DiagnosticMessage &Note : E.Notes)
    OS << '\0' << Note.FilePath << '\0' << Note.FileOffset << '\0'
       << Note.Message;
  return Key;
}

class Progress {
public:
  Progress(ProgressStyle Style, std::string Label, size_t Total)
      : Style(Style), Label(std::move(Label)), Total(Total) {}

  /// \p Reported: the file's findings that the run reports. A header's
  /// finding, reported once, is counted once.
  void fileDone(llvm::ArrayRef<ClangTidyError> Reported) {
    std::lock_guard<std::mutex> Guard(Lock);
    ++Done;
    for (const ClangTidyError &E : Reported)
      Findings.insert(reportKey(E));
  }

  /// Reports until every file is done; runs on its own thread.
  void run() {
    if (Style == ProgressStyle::None)
      return;
    auto Interval = Style == ProgressStyle::Bar ? std::chrono::milliseconds(200)
                                                : std::chrono::seconds(5);
    std::unique_lock<std::mutex> Guard(Lock);
    while (!Finished) {
      Wake.wait_for(Guard, Interval);
      print();
    }
    // The bar is erased, so that what follows starts on a clean line.
    if (Style == ProgressStyle::Bar) {
      llvm::errs() << "\r\x1b[K";
      llvm::errs().flush();
    }
  }

  void finish() {
    {
      std::lock_guard<std::mutex> Guard(Lock);
      Finished = true;
    }
    Wake.notify_all();
  }

private:
  void print() {
    double Elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - Start)
            .count();
    double Eta = Done ? Elapsed / Done * (Total - Done) : 0;
    std::string Line;
    llvm::raw_string_ostream OS(Line);
    if (Style == ProgressStyle::Bar) {
      constexpr unsigned Width = 30;
      unsigned Filled = Total ? Width * Done / Total : Width;
      OS << "\r[" << std::string(Filled, '#') << std::string(Width - Filled, ' ')
         << "] ";
    } else {
      OS << "txnlint: ";
    }
    OS << Label << Done << "/" << Total << " files, "
       << llvm::format("%.0f", Elapsed) << "s elapsed, ETA "
       << llvm::format("%.0f", Eta) << "s, " << Findings.size() << " findings";
    if (Style == ProgressStyle::Lines)
      OS << "\n";
    llvm::errs() << Line;
    llvm::errs().flush();
  }

  ProgressStyle Style;
  std::string Label;
  size_t Total;
  size_t Done = 0;
  std::set<std::string> Findings;
  bool Finished = false;
  std::mutex Lock;
  std::condition_variable Wake;
  std::chrono::steady_clock::time_point Start = std::chrono::steady_clock::now();
};

} // namespace

FileResult
checkFile(const clang::tooling::CompilationDatabase &Compilations,
          llvm::StringRef File, const RunOptions &Options,
          llvm::IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> BaseFS) {
  FileResult Result;
  ClangTidyContext Context(Options.MakeOptionsProvider(BaseFS));
  Result.Summaries.File = File.str();
  SummaryExtraction Extraction(Result.Summaries);
  Result.Errors = runClangTidy(Context, Compilations, {File.str()}, BaseFS,
                               /*ApplyAnyFix=*/false, Options.EnableCheckProfile);
  makePathsAbsolute(Result.Errors);
  return Result;
}

std::vector<FileResult>
runInParallel(const clang::tooling::CompilationDatabase &Compilations,
              const std::vector<std::string> &Files, const RunOptions &Options) {
  std::vector<FileResult> Results(Files.size());
  Progress Reporter(Options.Progress, Options.ProgressLabel, Files.size());
  std::mutex ScheduleLock;
  std::condition_variable FileFinished;
  std::vector<bool> Started(Files.size()), Done(Files.size());
  size_t FirstUnstarted = 0, Running = 0;
  // A file is ready when the files it follows that come before it are done
  // (one after it follows it in a cycle of includes). A worker takes the
  // first ready file, or waits for one of those running to finish: that
  // costs less than checking the file again in another round. Returns
  // Files.size() when every file is taken.
  auto Ready = [&](size_t I) {
    return I >= Options.Follows.size() ||
           llvm::all_of(Options.Follows[I],
                        [&](size_t F) { return Done[F] || F > I; });
  };
  auto Take = [&]() -> size_t {
    std::unique_lock<std::mutex> Guard(ScheduleLock);
    while (true) {
      while (FirstUnstarted < Files.size() && Started[FirstUnstarted])
        ++FirstUnstarted;
      if (FirstUnstarted == Files.size())
        return FirstUnstarted;
      size_t Taken = FirstUnstarted;
      while (Taken < Files.size() && (Started[Taken] || !Ready(Taken)))
        ++Taken;
      // Not reached: with nothing running, every file before the first not
      // started is done, and that file is ready.
      if (Taken == Files.size() && Running == 0)
        Taken = FirstUnstarted;
      if (Taken < Files.size()) {
        Started[Taken] = true;
        ++Running;
        return Taken;
      }
      FileFinished.wait(Guard);
    }
  };
  auto Worker = [&] {
    for (size_t I = Take(); I < Files.size(); I = Take()) {
      // Each worker's own file system: the real one's working directory is
      // the process's, and each compile command moves it.
      Results[I] = checkFile(
          Compilations, Files[I], Options,
          llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(
              llvm::vfs::createPhysicalFileSystem()));
      if (Options.FileDone)
        Options.FileDone(I, Results[I]);
      {
        std::lock_guard<std::mutex> Guard(ScheduleLock);
        Done[I] = true;
        --Running;
      }
      FileFinished.notify_all();
      std::vector<ClangTidyError> Reported;
      if (Options.Progress != ProgressStyle::None) {
        Reported = Results[I].Errors;
        if (Options.DropUnreported)
          Options.DropUnreported(Reported);
      }
      Reporter.fileDone(Reported);
    }
  };
  std::thread ProgressThread([&] { Reporter.run(); });
  unsigned Jobs = std::max(1u, std::min<unsigned>(Options.Jobs, Files.size()));
  std::vector<std::thread> Workers;
  for (unsigned J = 1; J < Jobs; ++J)
    Workers.emplace_back(Worker);
  Worker();
  for (std::thread &T : Workers)
    T.join();
  Reporter.finish();
  ProgressThread.join();
  return Results;
}

std::vector<ClangTidyError> mergeErrors(llvm::ArrayRef<FileResult> Results) {
  std::vector<ClangTidyError> All;
  for (const FileResult &Result : Results)
    All.insert(All.end(), Result.Errors.begin(), Result.Errors.end());
  // A header's finding comes once from every file that includes it.
  llvm::sort(All, [](const ClangTidyError &A, const ClangTidyError &B) {
    if (identity(A) != identity(B))
      return identity(A) < identity(B);
    return std::lexicographical_compare(
        A.Notes.begin(), A.Notes.end(), B.Notes.begin(), B.Notes.end(),
        [](const auto &X, const auto &Y) {
          return std::tie(X.FilePath, X.FileOffset, X.Message) <
                 std::tie(Y.FilePath, Y.FileOffset, Y.Message);
        });
  });
  All.erase(std::unique(All.begin(), All.end(),
                        [](const ClangTidyError &A, const ClangTidyError &B) {
                          return identity(A) == identity(B) && sameNotes(A, B);
                        }),
            All.end());
  return All;
}

std::vector<std::string> shardOf(std::vector<std::string> Files, unsigned Index,
                                 unsigned Count) {
  llvm::sort(Files);
  std::vector<std::string> Shard;
  for (size_t I = Index - 1; I < Files.size(); I += Count)
    Shard.push_back(Files[I]);
  return Shard;
}

} // namespace txnlint
