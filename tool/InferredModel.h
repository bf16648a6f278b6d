//===--- InferredModel.h - Model entries from summaries ---------*- C++ -*-===//
//
// `txnlint --infer-model` writes the wrappers that the summaries of a run
// found as a model profile (docs/model.md), for a user to review and commit:
// a method that begins, commits, rolls back, writes or runs its caller's SQL
// on its object becomes a method of a type entry, a function doing so on a
// parameter a function entry. A summary the format cannot say (several
// events, an event on a global, a constructor) is left out, and so is a
// name the model already has: a hand-written entry always wins.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_TOOL_INFERREDMODEL_H
#define TXNLINT_TOOL_INFERREDMODEL_H

#include "analysis/SummaryStore.h"
#include "model/TransactionModel.h"

namespace txnlint {

/// The profile "inferred" of the summaries of \p Units, without the types
/// and functions that \p Known describes. Types, methods and functions are
/// sorted by name, so equal summaries give the same text.
Profile inferModel(llvm::ArrayRef<const UnitSummaries *> Units,
                   const TransactionModel &Known);

} // namespace txnlint

#endif
