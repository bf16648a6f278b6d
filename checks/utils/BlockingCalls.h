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
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <optional>

namespace txnlint {

class BlockingCalls {
public:
  static const char DefaultFunctions[];

  BlockingCalls(llvm::StringRef Functions, std::vector<NameGlobs::Error> &Errors);

  /// How to name what \p Call waits for ("'std::this_thread::sleep_for'",
  /// "reading user input from 'std::cin'"), or nothing when it does not
  /// block: not listed, or a timed wait for zero time (a poll).
  /// A function of the program (not \p IsLibrary's) whose body is in view
  /// is judged by what its body calls ("'notify_warehouse', which waits in
  /// 'sleep'"), not by its name (a repository's `receive()` that runs an
  /// UPDATE).
  using LibraryTest = llvm::function_ref<bool(const clang::FunctionDecl *)>;
  /// Whether a call runs a database statement.
  using StatementTest = llvm::function_ref<bool(const clang::Stmt *)>;
  std::optional<std::string> describe(const clang::Stmt *Call,
                                      const clang::ASTContext &Ctx,
                                      LibraryTest IsLibrary,
                                      StatementTest RunsStatement) const;
  /// Forgets what the bodies of the last translation unit wait in.
  void startTranslationUnit() const { BodyWaits.clear(); }

private:
  /// The definition of \p Callee when it is the program's own and its body
  /// is in view.
  static const clang::FunctionDecl *
  programBody(const clang::FunctionDecl *Callee, LibraryTest IsLibrary);
  /// What \p Call waits in, \p Depth functions of the program down: the
  /// listed call itself, or the first one its body makes.
  std::optional<std::string> waitOf(const clang::Stmt *Call,
                                    const clang::ASTContext &Ctx,
                                    LibraryTest IsLibrary,
                                    StatementTest RunsStatement,
                                    unsigned Depth) const;
  /// What a call of \p Definition, whose body is in view, waits in.
  std::optional<std::string> waitInBody(const clang::FunctionDecl *Definition,
                                        const clang::ASTContext &Ctx,
                                        LibraryTest IsLibrary,
                                        StatementTest RunsStatement,
                                        unsigned Depth) const;

  const NameGlobs Functions;
  mutable llvm::DenseMap<const clang::FunctionDecl *,
                         std::optional<std::string>>
      BodyWaits;
};

} // namespace txnlint

#endif
