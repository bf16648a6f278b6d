//===--- ExceptionFlow.h - Which statements throw, and where to -*- C++ -*-===//
//
// Answers "can this call or throw raise an exception, and of what type?"
// from the bodies of the functions called plus the transaction model
// (operations that report failure by exception), and "does this try's
// handler list stop it?". A function defined in another translation unit
// throws what its summary says; unknown callees count as non-throwing:
// flagging every call that might throw would drown real findings.
//
// It follows clang-tidy's utils::ExceptionAnalyzer and uses its
// ExceptionInfo, but summarizes each function once: that analyzer walks a
// callee's body again at every call, and a lambda's body both where it is
// defined and where it is called, which is exponential in nested lambdas.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_ANALYSIS_EXCEPTIONFLOW_H
#define TXNLINT_ANALYSIS_EXCEPTIONFLOW_H

#include "TxnEvents.h"
#include "utils/ExceptionAnalyzer.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/DenseMap.h"
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace txnlint {

using ExceptionInfo = clang::tidy::utils::ExceptionAnalyzer::ExceptionInfo;

class ExceptionFlow {
public:
  /// The names of the exceptions that a function defined in another
  /// translation unit may throw, from its summary (thrownNames), or null
  /// when no summary says.
  using LinkedThrows = std::function<const std::vector<std::string> *(
      const clang::FunctionDecl *)>;

  /// Whether a summary in another translation unit may say what \p FD,
  /// declared here without a body, throws (a function of the program's).
  using MayBeLinked = std::function<bool(const clang::FunctionDecl *)>;

  /// The bodies of the methods that override the pure virtual \p FD, when
  /// they are all in view; empty otherwise.
  using OverriderBodies =
      std::function<llvm::ArrayRef<const clang::CXXMethodDecl *>(
          const clang::FunctionDecl *)>;

  ExceptionFlow(TxnEventClassifier &Classifier, LinkedThrows Linked,
                MayBeLinked Linkable, OverriderBodies Overriders);

  /// What \p S (a call, construction or throw) may throw; nullopt when it is
  /// not known to throw.
  std::optional<ExceptionInfo> mayThrow(const clang::Stmt *S);

  /// The handler of \p Try that catches an exception described by \p Info,
  /// or null when it gets past every handler. An exception of unknown type
  /// (a rethrow, a library failure) is taken to be caught by the first
  /// handler: assuming it escapes typed handlers would report code that
  /// handles it.
  const clang::CXXCatchStmt *handlerFor(const ExceptionInfo &Info,
                                        const clang::CXXTryStmt *Try,
                                        const clang::ASTContext &Ctx) const;

  /// Whether an exception of a known type that \p Info describes gets past
  /// every handler of \p Try, also when another of its types is caught.
  bool escapesHandlers(const ExceptionInfo &Info, const clang::CXXTryStmt *Try,
                       const clang::ASTContext &Ctx) const;

  /// Whether calling \p FD never returns, though it is not declared
  /// [[noreturn]]: its body has no return and ends in a throw or in a call
  /// that never returns (`template <class T> void throw0(const T &e) {
  /// log(e); throw e; }`).
  bool neverReturns(const clang::FunctionDecl *FD);

  /// What a summary says \p FD throws without asking other translation
  /// units: the qualified names of the classes it throws itself ("" for an
  /// exception of unknown type, a library's failure; sorted), and the
  /// functions defined elsewhere whose exceptions it lets through, called
  /// outside any try block of its own or of what it calls here. The linker
  /// adds what those throw (LinkedSummaries), so the summary does not
  /// change when theirs do. What a call inside a try block throws decides
  /// which handler catches it, and is asked for.
  struct SummaryThrows {
    std::vector<std::string> Names;
    std::vector<const clang::FunctionDecl *> Via;
  };
  SummaryThrows thrownForSummary(const clang::FunctionDecl *FD);

  /// Whether \p Info holds an exception other than a modelled library
  /// operation's failure (of unknown type, or of a class a profile names):
  /// a program's own throw, or a standard function's (`std::stoi`).
  bool throwsBeyondModel(const ExceptionInfo &Info) const;

private:
  /// What a function throws, and (for a summary) the functions defined
  /// elsewhere that it lets throw.
  struct FunctionThrows {
    ExceptionInfo Info;
    llvm::SmallVector<const clang::FunctionDecl *, 2> Via;
  };
  /// What calling \p FD may throw, from its body (computed once per mode).
  const FunctionThrows &throwsOf(const clang::FunctionDecl *FD);
  /// What \p FD, defined elsewhere, throws as its summary says.
  ExceptionInfo linkedThrowsOf(const clang::FunctionDecl *FD);
  /// What the call or construction \p S of \p Callee may throw.
  ExceptionInfo callThrows(const clang::Stmt *S,
                           const clang::FunctionDecl *Callee);
  /// What running \p S may throw; \p Caught is what a rethrow rethrows.
  ExceptionInfo throwsIn(const clang::Stmt *S,
                         const ExceptionInfo::Throwables &Caught);

  /// The names of \p Info's exceptions, sorted (SummaryThrows::Names).
  static std::vector<std::string> namesOf(ExceptionInfo Info);

  TxnEventClassifier &Classifier;
  LinkedThrows Linked;
  MayBeLinked Linkable;
  OverriderBodies Overriders;
  /// Per mode: whole (linked summaries asked), or for a summary (see
  /// thrownForSummary).
  llvm::DenseMap<const clang::FunctionDecl *, FunctionThrows> Functions[2];
  bool ForSummary = false;
  /// For a summary: the try blocks around the statement being walked, in
  /// the function being walked, and where its functions defined elsewhere
  /// go.
  unsigned TryDepth = 0;
  llvm::SmallVectorImpl<const clang::FunctionDecl *> *Via = nullptr;
  /// The variants known to hold an alternative where the statement being
  /// walked runs (`if (std::holds_alternative<T>(v))`), so that
  /// `std::get<T>(v)` there cannot throw.
  llvm::SmallVector<std::pair<const clang::ValueDecl *, clang::QualType>, 2>
      HeldAlternatives;
  llvm::DenseMap<const clang::FunctionDecl *, bool> NeverReturns;
};

} // namespace txnlint

#endif
