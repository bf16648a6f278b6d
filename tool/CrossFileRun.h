//===--- CrossFileRun.h - Checks with summaries from every file -*- C++ -*-===//
//
// Runs the checks over a set of files as a linker would (docs/cross-file.md):
// every file is checked once, extracting the summaries of the functions it
// defines; the summaries are linked by USR; then only the files that call a
// function whose linked summary is not what their check used are checked
// again, with the linked summaries, to a bounded fixpoint. A summary store
// (--summaries) adds the summaries of files outside the run and keeps this
// run's for the next.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_TOOL_CROSSFILERUN_H
#define TXNLINT_TOOL_CROSSFILERUN_H

#include "ParallelRunner.h"

namespace txnlint {

struct CrossFileOptions {
  /// The summary store, or "".
  std::string StoreDir;
  /// How many times a file may be checked in one run.
  unsigned MaxChecks = 3;
  /// Print what the run did on stderr (--enable-check-profile).
  bool PrintStatistics = false;
  /// What a file's findings depend on besides the files it reads (its
  /// command, txnlint's version, the configuration), as a string: the
  /// store reuses a file's findings while it and they are unchanged.
  std::function<std::string(llvm::StringRef File)> FindingsKey;
};

/// Checks \p Files (absolute paths); one result per file, in order: each
/// file's result from its last check.
llvm::Expected<std::vector<FileResult>>
runAcrossFiles(const clang::tooling::CompilationDatabase &Compilations,
               const std::vector<std::string> &Files, const RunOptions &Run,
               const CrossFileOptions &Options);

/// Merges the summary stores (directories) \p Dirs (of --shard jobs, or an older store
/// and newer ones) into \p OutputDir, which may be one of them: a unit in
/// several stores is taken from the one named last; units already in
/// \p OutputDir and in none of \p Dirs are kept.
llvm::Error mergeStores(llvm::ArrayRef<std::string> Dirs,
                        llvm::StringRef OutputDir);

} // namespace txnlint

#endif
