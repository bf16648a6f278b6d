//===--- OutputFiles.h - Writing what txnlint produces ----------*- C++ -*-===//
//
// Every output (-o, --export-fixes, --write-baseline, --report, merge -o)
// appears whole or not at all, and a failed write (a full disk, EIO) is an
// error naming the file, never success or a crash.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_TOOL_OUTPUTFILES_H
#define TXNLINT_TOOL_OUTPUTFILES_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

namespace txnlint {

/// Fails when \p Path could not be written, without creating or changing
/// it. Run before the analysis, so that a bad path fails early and an
/// interrupted run leaves nothing behind.
llvm::Error checkWritable(llvm::StringRef Path);

/// Writes what \p Write prints to \p Path, or to standard output when
/// \p Path is empty or "-". A regular file, or a new one, is written to a
/// temporary file beside it that is then renamed over it: it is never seen
/// half-written, and an error, SIGINT or SIGTERM leaves the old file as it
/// was. A device or FIFO (/dev/stdout, /dev/full) is written in place.
llvm::Error writeOutputFile(llvm::StringRef Path,
                            llvm::function_ref<void(llvm::raw_ostream &)> Write);

/// Flushes standard output; fails when anything written to it was lost.
llvm::Error flushStandardOutput();

} // namespace txnlint

#endif
