//===--- ParallelRunner.h - Analyzes many files at once ---------*- C++ -*-===//
//
// Runs clang-tidy's engine on each file in its own thread (its own context,
// options provider and compiler), with progress on stderr, and merges the
// errors: a finding in a header included by several files is reported
// once.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_TOOL_PARALLELRUNNER_H
#define TXNLINT_TOOL_PARALLELRUNNER_H

#include "ClangTidyDiagnosticConsumer.h"
#include "ClangTidyOptions.h"
#include "analysis/SummaryStore.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/VirtualFileSystem.h"
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace txnlint {

enum class ProgressStyle {
  /// Nothing on stderr.
  None,
  /// A bar redrawn in place (a terminal).
  Bar,
  /// A line every few seconds (CI logs).
  Lines,
};

struct FileResult;

struct RunOptions {
  unsigned Jobs = 1;
  ProgressStyle Progress = ProgressStyle::None;
  /// What the progress line counts, before its count ("" for a first
  /// check of the files).
  std::string ProgressLabel;
  bool EnableCheckProfile = false;
  /// Removes from one file's errors those the run will not report (audit
  /// records, baselined findings), so that the progress counts only the
  /// findings that will be printed.
  std::function<void(std::vector<clang::tidy::ClangTidyError> &)>
      DropUnreported;
  /// Makes a fresh options provider for each worker (providers cache and
  /// are not thread-safe), on the worker's file system: its working
  /// directory is the compile command's, against which clang-tidy resolves
  /// the file it looks up the configuration for.
  std::function<std::unique_ptr<clang::tidy::ClangTidyOptionsProvider>(
      llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem>)>
      MakeOptionsProvider;
  /// Called on the worker's thread as each file's result is ready, with the
  /// file's index in the run (the cross-file run links its summaries for
  /// the files checked after it). Must be thread-safe.
  std::function<void(size_t, const FileResult &)> FileDone;
  /// For each file by its index in the run, the files whose results it
  /// should follow (their summaries, linked by FileDone, are then there for
  /// it): a worker takes the first file in the run's order whose files are
  /// done, or the first not started when none is (never waits). Empty: the
  /// run's order.
  std::vector<std::vector<size_t>> Follows;
};

/// What checking one file gave.
struct FileResult {
  std::vector<clang::tidy::ClangTidyError> Errors;
  /// The summaries extracted from it (SummaryStore.h).
  UnitSummaries Summaries;
};

/// Analyzes \p File on \p BaseFS, the physical file system or an overlay of
/// it with unsaved buffers (an editor's).
FileResult
checkFile(const clang::tooling::CompilationDatabase &Compilations,
          llvm::StringRef File, const RunOptions &Options,
          llvm::IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> BaseFS);

/// Analyzes \p Files; one result per file, in the same order.
std::vector<FileResult>
runInParallel(const clang::tooling::CompilationDatabase &Compilations,
              const std::vector<std::string> &Files, const RunOptions &Options);

/// The errors of \p Results, deduplicated (a header's finding comes once
/// from every file that includes it) and in a deterministic order (by file,
/// offset, check, message).
std::vector<clang::tidy::ClangTidyError>
mergeErrors(llvm::ArrayRef<FileResult> Results);

/// The files of shard \p Index (1-based) of \p Count: every Count-th file of
/// the sorted list, so that shards are disjoint, cover everything and do not
/// depend on the machine.
std::vector<std::string> shardOf(std::vector<std::string> Files, unsigned Index,
                                 unsigned Count);

} // namespace txnlint

#endif
