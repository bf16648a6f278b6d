//===--- EscapeAnalysis.h - Handles that outlive their scope ----*- C++ -*-===//
//
// Finds local connections, transactions, savepoints and statements whose
// address or reference leaves their function: returned, stored in a member,
// a global, a heap object or a container that outlives the function,
// captured by reference in a lambda that is stored, returned or run after
// the function returns, or handed to a callee that stores it. Also finds
// thread-affine connections used by work that runs on another thread.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_ANALYSIS_ESCAPEANALYSIS_H
#define TXNLINT_ANALYSIS_ESCAPEANALYSIS_H

#include "TxnStateAnalysis.h"
#include "llvm/ADT/ArrayRef.h"
#include <string>
#include <vector>

namespace txnlint {

struct AsyncSink;

struct HandleEscape {
  const clang::VarDecl *Handle = nullptr;
  /// "connection", "session in a transaction", "transaction", "savepoint"
  /// or "statement".
  llvm::StringRef What;
  /// The escaping expression.
  const clang::Stmt *Where = nullptr;
  /// How it escapes, for the message ("it is stored in member 'm_tx'").
  std::string How;
  /// Not an escape: a thread-affine connection is used by work on another
  /// thread.
  bool OnOtherThread = false;
};

/// The escapes of the local handles of \p FD. \p Analysis, when FD was
/// analyzed, tells the sessions a transaction is begun on. \p AsyncSinks
/// are the functions and classes that run a callable later or elsewhere.
std::vector<HandleEscape> findEscapes(const clang::FunctionDecl *FD,
                                      const FunctionTxnResult *Analysis,
                                      TxnAnalysisCache &Cache,
                                      llvm::ArrayRef<const AsyncSink *> AsyncSinks);

} // namespace txnlint

#endif
