//===--- ModelParser.h - Reads transaction model files ----------*- C++ -*-===//
//
// Reads the JSON model format (docs/model.md) and writes it back. Every
// error names the file, the line and column, and what was expected; nothing
// is dropped silently.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_MODEL_MODELPARSER_H
#define TXNLINT_MODEL_MODELPARSER_H

#include "TransactionModel.h"
#include "llvm/Support/Error.h"

namespace txnlint {

/// Parses a model document ({"profiles": [...]}) named \p FileName (used in
/// errors) and returns its profiles.
llvm::Expected<std::vector<Profile>> parseModel(llvm::StringRef Text,
                                                llvm::StringRef FileName);

/// Reads and parses the model file at \p Path.
llvm::Expected<std::vector<Profile>> readModelFile(llvm::StringRef Path);

/// The model in the same format parseModel reads.
std::string printModel(llvm::ArrayRef<Profile> Profiles);

} // namespace txnlint

#endif
