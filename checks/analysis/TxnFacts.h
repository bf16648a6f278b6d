//===--- TxnFacts.h - Facts for each family of checks -----------*- C++ -*-===//
//
// The third layer of the engine: what the checks read. One collector per
// family of checks observes the transfer function (TxnTransfer.h) while the
// solver runs and the function's exits after it, and fills its part of
// FunctionTxnResult:
//   - transactions left open at an exit, and commits by unwinding
//     (txn-missing-rollback);
//   - failure points after a commit (txn-commit-before-validation,
//     txn-unchecked-commit);
//   - throws inside a savepoint (txn-nested-unhandled-exception);
//   - uses of ended handles (txn-use-after-end);
//   - commits after a write whose failure nothing handled
//     (txn-commit-after-failed-write);
//   - statements and commits after a statement failed
//     (txn-use-after-error);
//   - repeated writes in autocommit mode (txn-autocommit-multi-write);
//   - calls inside a transaction (txn-side-effect-before-commit,
//     txn-commit-in-callee, txn-autocommit-multi-write in callers);
//   - what happens inside each transaction (txn-audit, unchecked commits);
//   - the events on every path and the event the result reports (the
//     function's summary).
// A new family is a new collector here, and nothing else in the engine.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_ANALYSIS_TXNFACTS_H
#define TXNLINT_ANALYSIS_TXNFACTS_H

#include "TxnTransfer.h"
#include <memory>
#include <vector>

namespace txnlint {

/// One collector of each family, in the order their facts are collected.
std::vector<std::unique_ptr<TxnFactObserver>>
makeFactCollectors(const TxnActions &Actions, ExceptionFlow &Exceptions,
                   clang::ASTContext &Ctx);

} // namespace txnlint

#endif
