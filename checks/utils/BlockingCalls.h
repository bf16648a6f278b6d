//===--- BlockingCalls.h - Calls that wait -------------------------*- C++ -*-===//
//
// Sleeps, waits on a future, condition variable or thread, blocking socket
// and RPC calls, reading user input: txn-blocking-call-in-transaction
// reports them while a transaction holds locks. Like the Clang Static
// Analyzer's BlockInCriticalSection list, the functions are data, the
// BlockingFunctions option.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_UTILS_BLOCKINGCALLS_H
#define TXNLINT_UTILS_BLOCKINGCALLS_H

#include "NameGlobs.h"
#include "clang/AST/Stmt.h"
#include <optional>

namespace txnlint {

class BlockingCalls {
public:
  static const char DefaultFunctions[];

  BlockingCalls(llvm::StringRef Functions, std::vector<NameGlobs::Error> &Errors);

  /// How to name what \p Call waits for ("'std::this_thread::sleep_for'",
  /// "reading user input from 'std::cin'"), or nothing when it does not
  /// block: not listed, or a timed wait for zero time (a poll).
  std::optional<std::string> describe(const clang::Stmt *Call,
                                      const clang::ASTContext &Ctx) const;

private:
  const NameGlobs Functions;
};

} // namespace txnlint

#endif
