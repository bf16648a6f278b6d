//===--- TransactionCheck.h - Base of the path-sensitive checks -*- C++ -*-===//
//
// Every txn-* check analyzes the same functions with the same shared
// per-function analysis and the same transaction model. This base class
// does that once: it reads the model files option, matches analyzable
// functions, fetches the analysis and hands it to the check.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_UTILS_TRANSACTIONCHECK_H
#define TXNLINT_UTILS_TRANSACTIONCHECK_H

#include "ClangTidyCheck.h"
#include "llvm/Support/Regex.h"
#include <memory>
#include <optional>

namespace txnlint {

struct ExitPoint;
struct FunctionTxnResult;
class LinkedSummaries;
class TransactionModel;

class TransactionCheck : public clang::tidy::ClangTidyCheck {
public:
  TransactionCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context);

  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &Result) final;
  void onStartOfTranslationUnit() override;
  void onEndOfTranslationUnit() override;
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

protected:
  const TransactionModel &model() const { return *Model; }
  /// Summaries of functions defined in other files, if any.
  const LinkedSummaries *externalSummaries() const {
    return ExternalSummaries.get();
  }

  /// Called for every analyzed function that has transaction events.
  virtual void checkFunction(const FunctionTxnResult &Analysis,
                             clang::ASTContext &Ctx) = 0;
  /// Whether checkUnanalyzedFunction wants the functions that call nothing
  /// the model knows (a check of local handles needs no events).
  virtual bool checksUnanalyzedFunctions() const { return false; }
  /// Called for a function without modelled calls, when asked for.
  virtual void checkUnanalyzedFunction(const clang::FunctionDecl *FD,
                                       clang::ASTContext &Ctx) {}

  /// Notes the exits where \p What ("transaction", "connection") reported
  /// at \p Finding is still open: plain exits first, since an early return
  /// is the likelier bug and must not hide behind exception notes; one note
  /// per line, at most three.
  void noteExits(clang::SourceLocation Finding, llvm::StringRef What,
                 llvm::ArrayRef<ExitPoint> Exits, const clang::SourceManager &SM);

private:
  static bool canNarrowTraversal(const clang::tidy::ClangTidyOptions &Options);
  void narrowToReportedFiles(clang::ASTContext &Ctx);

  /// The TxnModelFiles option: ';'-separated user model files.
  const std::string ModelFiles;
  const TransactionModel *Model;
  /// The TxnSummaryDir option: a summary store (docs/cross-file.md).
  const std::string SummaryDir;
  /// Summaries of functions defined in other files: the driver's, else the
  /// store's.
  std::shared_ptr<const LinkedSummaries> ExternalSummaries;
  /// This check and the configuration it runs with for the current file
  /// (external summaries included): header functions are analyzed once per
  /// key (HeaderFunctions.h).
  uint64_t CheckKey;
  /// Whether the matchers may skip declarations in files whose findings
  /// cannot be reported.
  const bool NarrowTraversal;
  /// The headers whose findings are reported (--header-filter), if any.
  std::optional<llvm::Regex> HeaderFilter;
  /// The context whose traversal scope this check narrowed, to restore.
  clang::ASTContext *NarrowedContext = nullptr;
  /// The context of the translation unit being checked, once a function
  /// of it was matched.
  clang::ASTContext *CurrentContext = nullptr;
};

/// "'Repo::save'" for named functions, "the lambda" for lambdas.
std::string functionSpelling(const clang::FunctionDecl *FD);

} // namespace txnlint

#endif
