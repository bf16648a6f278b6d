//===--- LockOrderInversionCheck.h - txn-lock-order-inversion ---*- C++ -*-===//

#ifndef TXNLINT_LOCKORDERINVERSIONCHECK_H
#define TXNLINT_LOCKORDERINVERSIONCHECK_H

#include "utils/TransactionCheck.h"
#include "clang/Basic/SourceLocation.h"
#include <map>
#include <memory>
#include <tuple>

namespace txnlint {

/// Finds two transactions that lock (write, or read with FOR UPDATE/SHARE,
/// or LOCK TABLE) the same two tables in opposite orders: two concurrent
/// requests can each take its first lock and wait forever for the other's.
/// Orders are collected over the translation unit and, through the summary
/// store's lock orders, over every file of a cross-file run.
///
/// For the user-facing documentation see
/// docs/checks/txn-lock-order-inversion.md
class LockOrderInversionCheck : public TransactionCheck {
public:
  using TransactionCheck::TransactionCheck;
  void onStartOfTranslationUnit() override;
  void onEndOfTranslationUnit() override;

protected:
  void checkFunction(const FunctionTxnResult &Analysis,
                     clang::ASTContext &Ctx) override;

private:
  /// Where something is, comparable across translation units.
  using Position = std::tuple<std::string, unsigned, unsigned>;
  /// A table the transaction locks for the first time, and where.
  struct Lock {
    std::string Table;
    clang::SourceLocation Loc;
    Position Where;
  };
  /// A transaction of this translation unit that locks two tables or more.
  struct Transaction {
    std::string Function;
    /// The profile's database; "" when the library may talk to any.
    std::string Database;
    Position Begin;
    std::vector<Lock> Locks;
  };
  /// One transaction's order of two tables, from this unit or another.
  struct Order {
    std::string First, Second, Database, Function;
    Position Begin, FirstAt, SecondAt;
    /// The transaction of this unit, or null for another unit's.
    const Transaction *Local = nullptr;
    const Lock *LocalFirst = nullptr, *LocalSecond = nullptr;
    /// For another unit's: the unit's main file.
    std::string Unit;
  };
  /// Orders by their two tables, each list by the position of the begin.
  using OrderIndex =
      std::map<std::pair<std::string, std::string>, std::vector<Order>>;

  /// The orders of \p Linked's units, parsed once per link result and
  /// shared by the threads that check files with it.
  static std::shared_ptr<const OrderIndex>
  linkedOrders(const LinkedSummaries &Linked);

  Position positionOf(clang::SourceLocation Loc) const;
  /// Reports the transaction that locks \p Earlier, then \p Later, in the
  /// order opposite to \p First's.
  void report(const Lock &Earlier, const Lock &Later, const Order &First);

  std::vector<Transaction> Transactions;
  clang::ASTContext *Context = nullptr;
};

} // namespace txnlint

#endif
