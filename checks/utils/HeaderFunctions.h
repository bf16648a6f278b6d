//===--- HeaderFunctions.h - A header's functions once per process -*- C++ -*-//
//
// A function defined in a header is seen again by every translation unit
// that includes it, and its findings are the same each time: clang-tidy and
// the txnlint driver report them once. So within one process each check
// analyzes such a function for the first translation unit only.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_UTILS_HEADERFUNCTIONS_H
#define TXNLINT_UTILS_HEADERFUNCTIONS_H

#include <cstdint>

namespace clang {
class FunctionDecl;
class SourceManager;
} // namespace clang

namespace txnlint {

/// False when \p FD is defined in a header and the check identified by
/// \p CheckKey (its name and configuration) has already been given the same
/// definition (same file, offsets and ODR hash) for an earlier translation
/// unit of this process.
/// Functions of the main file and instantiated templates, whose code
/// depends on the translation unit, are always new.
bool isFirstVisit(const clang::FunctionDecl *FD, uint64_t CheckKey,
                  const clang::SourceManager &SM);

/// How many visits isFirstVisit has turned away in this process.
uint64_t repeatedHeaderVisits();

} // namespace txnlint

#endif
