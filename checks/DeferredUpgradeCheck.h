//===--- DeferredUpgradeCheck.h - txn-deferred-upgrade ----------*- C++ -*-===//

#ifndef TXNLINT_DEFERREDUPGRADECHECK_H
#define TXNLINT_DEFERREDUPGRADECHECK_H

#include "utils/TransactionCheck.h"
#include "llvm/ADT/DenseSet.h"

namespace txnlint {

class TxnAnalysisCache;
struct TxnEvent;

/// Finds SQLite transactions begun deferred whose first statement reads and
/// a later one writes: the read takes a shared lock that another
/// connection's write makes impossible to upgrade, and the write fails with
/// SQLITE_BUSY without waiting.
///
/// For the user-facing documentation see docs/checks/txn-deferred-upgrade.md
class DeferredUpgradeCheck : public TransactionCheck {
public:
  using TransactionCheck::TransactionCheck;

  void onStartOfTranslationUnit() override;

protected:
  void checkFunction(const FunctionTxnResult &Analysis,
                     clang::ASTContext &Ctx) override;

private:
  static bool isDeferredSqlite(const TxnEvent &Begin, TxnAnalysisCache &Cache);
  void report(const TxnEvent &Begin, const TxnEvent &Read,
              const TxnEvent &Upgrade, clang::ASTContext &Ctx);
  void checkLambdaInRunner(const FunctionTxnResult &Analysis,
                           clang::ASTContext &Ctx);

  /// The runner begins reported in this translation unit.
  llvm::DenseSet<const clang::Stmt *> ReportedBegins;
};

} // namespace txnlint

#endif
