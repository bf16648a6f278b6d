//===--- EscapeAnalysis.h - Transactions that outlive their scope -*- C++ -*-//
//
// Finds local transactions, savepoints and sessions in a transaction whose
// address or reference leaves their scope: returned, stored in a member, a
// global, a heap object or a container that outlives the function, captured
// by reference in a lambda that is stored, returned or run asynchronously,
// or handed to a thread or to a callee that stores it.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_ANALYSIS_ESCAPEANALYSIS_H
#define TXNLINT_ANALYSIS_ESCAPEANALYSIS_H

#include "TxnStateAnalysis.h"
#include "llvm/ADT/ArrayRef.h"
#include <string>
#include <vector>

namespace txnlint {

struct HandleEscape {
  const clang::VarDecl *Handle = nullptr;
  /// "transaction", "savepoint" or "session in a transaction".
  llvm::StringRef What;
  /// The escaping expression.
  const clang::Stmt *Where = nullptr;
  /// How it escapes, for the message ("it is stored in member 'm_tx'").
  std::string How;
};

/// The escapes of local handles in \p Analysis's function. \p AsyncSinks
/// names the functions and classes that run a callable later or elsewhere
/// (qualified, or unqualified to match any scope).
std::vector<HandleEscape> findEscapes(const FunctionTxnResult &Analysis,
                                      TxnAnalysisCache &Cache,
                                      llvm::ArrayRef<std::string> AsyncSinks);

} // namespace txnlint

#endif
