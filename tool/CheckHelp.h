//===--- CheckHelp.h - Help texts from the check pages ----------*- C++ -*-===//
//
// The pages docs/checks/<check>.md are embedded at build time; code scanning
// rules take their help from them, so that the pages stay the one source.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_TOOL_CHECKHELP_H
#define TXNLINT_TOOL_CHECKHELP_H

#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>

namespace txnlint {

struct CheckHelp {
  /// The page's first paragraph, as one line.
  std::string Summary;
  /// What the check finds, why it matters, the first flagged example and
  /// how to fix it, as Markdown and as plain text. Links into the
  /// documentation become their text: the help is read outside it.
  std::string Markdown;
  std::string Text;
};

/// The help of \p Check, from docs/checks/<Check>.md; none without a page.
std::optional<CheckHelp> checkHelp(llvm::StringRef Check);

} // namespace txnlint

#endif
