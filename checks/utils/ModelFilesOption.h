//===--- ModelFilesOption.h - Where TxnModelFiles paths point ---*- C++ -*-===//
//
// A relative path in the TxnModelFiles option is relative to the .clang-tidy
// file that sets it, so that a configuration means the same from any working
// directory (CMAKE_CXX_CLANG_TIDY runs in the build directory).
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_UTILS_MODELFILESOPTION_H
#define TXNLINT_UTILS_MODELFILESOPTION_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <string>

namespace txnlint {

/// \p ModelFiles (';'-separated) with each relative path made absolute
/// against the directory of the nearest .clang-tidy above \p MainFile (an
/// absolute path) that sets one of \p OptionNames to exactly this value.
/// Paths set elsewhere (--config, --config-file, --model) stay relative to
/// the current directory.
std::string resolveModelFiles(llvm::StringRef ModelFiles,
                              llvm::StringRef MainFile,
                              llvm::ArrayRef<std::string> OptionNames);

} // namespace txnlint

#endif
