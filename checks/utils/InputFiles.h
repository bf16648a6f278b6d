//===--- InputFiles.h - Reading the files txnlint is given ------*- C++ -*-===//
//
// Models, configurations, baselines and outputs to merge are read whole
// into memory. A device, FIFO or directory named by mistake (/dev/zero,
// <(cmd)) would block or never end, so only regular files of bounded size
// are read.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_UTILS_INPUTFILES_H
#define TXNLINT_UTILS_INPUTFILES_H

#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"
#include <cstdint>
#include <memory>

namespace txnlint {

/// The largest input file read, 256 MiB: far above any model,
/// configuration or baseline, and well below what would exhaust memory.
constexpr uint64_t MaxInputFileSize = uint64_t(256) << 20;

/// The contents of the regular file at \p Path. The error says why it
/// cannot be read ("not a regular file", "larger than 256 MiB", or the
/// system's reason), without the path.
llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
readInputFile(llvm::StringRef Path);

} // namespace txnlint

#endif
